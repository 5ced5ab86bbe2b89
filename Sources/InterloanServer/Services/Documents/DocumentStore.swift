import Crypto
import Foundation
import InterloanCore
import NIOCore
import SQLKit
import Vapor

/// Delivered files in the database: written chunk by chunk as they arrive (never whole in memory), checked to be
/// of the type declared from their first bytes, bounded in size, and read back by byte range.
struct DocumentStore: Sendable {
    static let chunkTable = "document_chunks"
    /// A chunk is written once this many bytes arrived: large enough that a 100 MB file is a hundred rows.
    static let chunkSize = 1 << 20
    /// Chunks of one upload written at once: enough to share commits, few enough to keep memory flat.
    static let chunksInFlight = 4

    let reads: any SQLDatabase
    let writes: Writes

    /// Why a file was refused; nothing of it is kept.
    enum Refusal: Error, Equatable {
        /// Its first bytes are not of the declared type, or the type is not one a copy may be.
        case notOfType(String)
        /// It is larger than the limit, in bytes.
        case tooLarge(limit: Int)
        case empty
    }

    /// Stores `body` as a `type` document of request `requestID`, refusing it, with nothing kept, when its first
    /// bytes are not of that type or it grows past `limit` bytes.
    func store<Body: AsyncSequence>(
        _ body: Body, type: DocumentType, limit: Int, requestID: Int, at now: Date
    ) async throws -> DocumentRecord where Body.Element == ByteBuffer {
        var record = DocumentRecord(
            requestID: requestID, mediaType: type.rawValue, byteCount: 0, state: .uploading, createdAt: now)
        let inserted = record
        record.id = try await self.writes.write { sql in
            try await sql.insert(into: DocumentRecord.table).row(inserted).returning("id").first()?
                .decode(column: "id", as: Int.self)
        }
        guard let id = record.id else { throw Abort(.internalServerError, reason: "a document got no id") }
        // Chunks are written while the next arrive, a few at a time, so several share one commit (the writer's
        // group commit) without more than those few held in memory.
        var inFlight: [Task<Void, any Error>] = []
        do {
            var pending = ByteBuffer()
            var hash = SHA256()
            var total = 0
            var position = 0
            var checked = false
            for try await part in body {
                total += part.readableBytes
                guard total <= limit else { throw Refusal.tooLarge(limit: limit) }
                var part = part
                pending.writeBuffer(&part)
                if !checked, pending.readableBytes >= DocumentType.signatureLength {
                    guard type.matches(pending.readableBytesView) else { throw Refusal.notOfType(type.rawValue) }
                    checked = true
                }
                while pending.readableBytes >= Self.chunkSize {
                    let chunk = pending.readSlice(length: Self.chunkSize)!
                    hash.update(data: chunk.readableBytesView)
                    if inFlight.count >= Self.chunksInFlight { try await inFlight.removeFirst().value }
                    inFlight.append(self.write(chunk, of: id, at: position))
                    position += 1
                }
                pending.discardReadBytes()
            }
            guard total > 0 else { throw Refusal.empty }
            if !checked, !type.matches(pending.readableBytesView) { throw Refusal.notOfType(type.rawValue) }
            if pending.readableBytes > 0 {
                hash.update(data: pending.readableBytesView)
                inFlight.append(self.write(pending, of: id, at: position))
            }
            for task in inFlight { try await task.value }
            inFlight = []
            let digest = Hex.string(hash.finalize())
            let size = total
            try await self.writes.write { sql in
                try await sql.update(DocumentRecord.table).set("state", to: DocumentRecord.State.ready.rawValue)
                    .set("byte_count", to: size).set("sha256", to: digest).where("id", .equal, id).run()
            }
            record.state = .ready
            record.byteCount = total
            record.sha256 = digest
            return record
        } catch {
            // The refusal is what the caller must hear; a cleanup that fails too leaves an `uploading` row,
            // which no reader serves. Chunks still being written finish first, so none is left behind.
            for task in inFlight { _ = try? await task.value }
            try? await self.discard(id)
            throw error
        }
    }

    /// The bytes of `document` in `range` (all of them when nil), chunk by chunk: the next chunk is read while the
    /// current one is sent, and no more, so a slow client holds two chunks in memory, not the file.
    func read(_ document: DocumentRecord, range: ByteRange?) -> DocumentChunks {
        DocumentChunks(
            reads: self.reads, id: document.id ?? 0,
            wanted: range ?? ByteRange(first: 0, last: max(0, document.byteCount - 1)),
            isEmpty: document.byteCount == 0)
    }

    /// Removes a document's bytes and keeps its record, marked purged.
    func purge(_ id: Int, at now: Date) async throws {
        try await self.writes.write { sql in
            try await sql.delete(from: Self.chunkTable).where("document_id", .equal, id).run()
            try await sql.update(DocumentRecord.table).set("state", to: DocumentRecord.State.purged.rawValue)
                .set("purged_at", to: now).where("id", .equal, id).run()
        }
    }

    /// Writes one chunk in a task of its own, so the next can be read from the client meanwhile.
    private func write(_ chunk: ByteBuffer, of id: Int, at position: Int) -> Task<Void, any Error> {
        let bytes = Data(chunk.readableBytesView)
        let writes = self.writes
        return Task {
            // Flushed by the commit that marks the document ready, which a reader waits for.
            try await writes.write(.withNextFlush) { sql in
                try await sql.insert(into: Self.chunkTable).columns("document_id", "position", "bytes")
                    .values(SQLBind(id), SQLBind(position), SQLBind(bytes)).run()
            }
        }
    }

    /// Removes document `id` whole: a refused upload, or one whose shipping failed, leaves nothing behind.
    func discard(_ id: Int) async throws {
        try await self.writes.write { sql in
            try await sql.delete(from: Self.chunkTable).where("document_id", .equal, id).run()
            try await sql.delete(from: DocumentLinkRecord.table).where("document_id", .equal, id).run()
            try await sql.delete(from: DocumentRecord.table).where("id", .equal, id).run()
        }
    }
}

/// A stored document's bytes in a range, read one chunk ahead of the one being sent.
struct DocumentChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let reads: any SQLDatabase
    let id: Int
    let wanted: ByteRange
    let isEmpty: Bool

    func makeAsyncIterator() -> Iterator {
        Iterator(
            chunks: self, position: self.wanted.first / DocumentStore.chunkSize,
            last: self.isEmpty ? -1 : self.wanted.last / DocumentStore.chunkSize)
    }

    struct Iterator: AsyncIteratorProtocol {
        let chunks: DocumentChunks
        var position: Int
        let last: Int
        var ahead: Task<Data, any Error>?

        mutating func next() async throws -> ByteBuffer? {
            guard self.position <= self.last else { return nil }
            let current = self.ahead ?? self.chunks.fetch(self.position)
            self.ahead = self.position < self.last ? self.chunks.fetch(self.position + 1) : nil
            let bytes = try await current.value
            let start = self.position * DocumentStore.chunkSize
            self.position += 1
            let from = Swift.max(self.chunks.wanted.first, start) - start
            let to = Swift.min(self.chunks.wanted.last, start + bytes.count - 1) - start
            guard from <= to else { return ByteBuffer() }
            return ByteBuffer(bytes: bytes[bytes.startIndex + from...bytes.startIndex + to])
        }
    }

    func fetch(_ position: Int) -> Task<Data, any Error> {
        let (reads, id) = (self.reads, self.id)
        return Task {
            guard
                let row = try await reads.select().column("bytes").from(DocumentStore.chunkTable)
                    .where("document_id", .equal, id).where("position", .equal, position).first()
            else { throw Abort(.internalServerError, reason: "a chunk of a document is missing") }
            return try row.decode(column: "bytes", as: Data.self)
        }
    }
}
