import Crypto
import Foundation
import InterloanCore
import NIOCore
import SQLKit
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// Delivered files in the database: byte-for-byte back, in any range, chunk by chunk; refused files leave
    /// nothing; a purge keeps the record and drops the bytes.
    @Suite struct DocumentStoreTests {
        /// A real one-page PDF of exactly `count` bytes (at least 400), the same for the same count: a catalogue, a
        /// page tree, a page whose content stream draws a line of text and carries pseudo-random bytes in comments
        /// (which readers skip), a cross-reference table with the objects' true offsets, and the trailer.
        static func pdf(_ count: Int) -> [UInt8] {
            precondition(count >= 400, "a PDF of at least 400 bytes")
            let objects = [
                "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
                "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n",
                "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>\nendobj\n",
            ]
            let text = Array("BT /F1 12 Tf 72 720 Td (A copy made by the test) Tj ET\n".utf8)
            var length = count - 300
            while true {
                var bytes = Array("%PDF-1.4\n".utf8)
                var offsets: [Int] = []
                for object in objects {
                    offsets.append(bytes.count)
                    bytes += Array(object.utf8)
                }
                offsets.append(bytes.count)
                bytes += Array("4 0 obj\n<< /Length \(length) >>\nstream\n".utf8)
                bytes += text
                bytes += Self.comments(length - text.count)
                bytes += Array("\nendstream\nendobj\n".utf8)
                let table = bytes.count
                bytes += Array("xref\n0 5\n0000000000 65535 f \n".utf8)
                for offset in offsets {
                    let digits = String(offset)
                    bytes += Array((String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n").utf8)
                }
                bytes += Array("trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n\(table)\n%%EOF\n".utf8)
                if bytes.count == count { return bytes }
                length += count - bytes.count
            }
        }

        /// `count` bytes of comment lines in a content stream: `%`, pseudo-random bytes other than line ends, a line
        /// feed.
        static func comments(_ count: Int) -> [UInt8] {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(count)
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            while bytes.count < count {
                if bytes.count % 64 == 0 {
                    bytes.append(UInt8(ascii: "%"))
                } else if bytes.count % 64 == 63 || bytes.count == count - 1 {
                    bytes.append(UInt8(ascii: "\n"))
                } else {
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    let byte = UInt8(truncatingIfNeeded: state >> 33)
                    bytes.append(byte == 10 || byte == 13 ? 32 : byte)
                }
            }
            return bytes
        }

        /// The bytes as an upload arrives: a first part too short to show the type, then uneven parts.
        static func body(_ bytes: [UInt8]) -> AsyncStream<ByteBuffer> {
            AsyncStream { continuation in
                var index = 0
                var size = 3
                while index < bytes.count {
                    let end = min(bytes.count, index + size)
                    continuation.yield(ByteBuffer(bytes: bytes[index..<end]))
                    index = end
                    size = 70_001
                }
                continuation.finish()
            }
        }

        static func collect(_ stream: DocumentChunks) async throws -> [UInt8] {
            var bytes: [UInt8] = []
            for try await buffer in stream { bytes += buffer.readableBytesView }
            return bytes
        }

        static func counts(_ context: TestContext) async throws -> (documents: Int, chunks: Int) {
            let documents = try await context.app.reads.select().column("id").from(DocumentRecord.table).all().count
            let chunks = try await context.app.reads.select().column("position").from(DocumentStore.chunkTable).all()
                .count
            return (documents, chunks)
        }

        static func request(_ context: TestContext) async throws -> Int {
            try #require(RequestNumber.decode(try await context.place()))
        }

        @Test func aFileComesBackWholeAndInAnyRange() async throws {
            try await withTestApp { context in
                let store = DocumentStore(reads: context.app.reads, writes: context.app.writes)
                let bytes = Self.pdf(2 * DocumentStore.chunkSize + 12_345)
                let record = try await store.store(
                    Self.body(bytes), type: .pdf, limit: 10 << 20, requestID: try await Self.request(context),
                    at: testNow)
                #expect(record.state == .ready && record.byteCount == bytes.count)
                #expect(record.sha256 == Hex.string(SHA256.hash(data: bytes)))
                #expect(try await Self.counts(context) == (1, 3))
                #expect(try await Self.collect(store.read(record, range: nil)) == bytes)
                let across = ByteRange(first: DocumentStore.chunkSize - 10, last: 2 * DocumentStore.chunkSize + 5)
                #expect(
                    try await Self.collect(store.read(record, range: across))
                        == Array(bytes[across.first...across.last]))
                let last = ByteRange(first: bytes.count - 1, last: bytes.count - 1)
                #expect(try await Self.collect(store.read(record, range: last)) == [bytes.last!])

                try await store.purge(try #require(record.id), at: testNow)
                #expect(try await Self.counts(context) == (1, 0))
                let kept = try await context.app.reads.select().column("*").from(DocumentRecord.table)
                    .first(reading: DocumentRecord.self)
                #expect(kept?.state == .purged && kept?.byteCount == bytes.count)
            }
        }

        @Test func aRefusedFileLeavesNothing() async throws {
            try await withTestApp { context in
                let store = DocumentStore(reads: context.app.reads, writes: context.app.writes)
                let requestID = try await Self.request(context)
                await #expect(throws: DocumentStore.Refusal.notOfType("application/pdf")) {
                    try await store.store(
                        Self.body([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0, count: 5000)), type: .pdf,
                        limit: 1 << 20, requestID: requestID, at: testNow)
                }
                await #expect(throws: DocumentStore.Refusal.tooLarge(limit: DocumentStore.chunkSize + 1)) {
                    try await store.store(
                        Self.body(Self.pdf(3 * DocumentStore.chunkSize)), type: .pdf,
                        limit: DocumentStore.chunkSize + 1, requestID: requestID, at: testNow)
                }
                await #expect(throws: DocumentStore.Refusal.empty) {
                    try await store.store(Self.body([]), type: .png, limit: 10, requestID: requestID, at: testNow)
                }
                await #expect(throws: DocumentStore.Refusal.notOfType("image/png")) {
                    try await store.store(
                        Self.body([0x89, 0x50]), type: .png, limit: 10, requestID: requestID, at: testNow)
                }
                #expect(try await Self.counts(context) == (0, 0))
            }
        }
    }
}
