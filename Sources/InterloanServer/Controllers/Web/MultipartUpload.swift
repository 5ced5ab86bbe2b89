import Foundation
import MultipartKit
import NIOCore

/// A `multipart/form-data` body read as it arrives: first the text fields before the file part (a form puts its
/// token and note first), then the file's bytes as a stream, so a large file is never held whole in memory.
final class MultipartUpload<Source: AsyncIteratorProtocol> where Source.Element == ByteBuffer {
    /// The body is not the form it claims to be.
    struct Malformed: Error {
        let reason: String
    }

    /// Everything before the file part together: fields, their headers, the preamble.
    static var fieldBytesLimit: Int { 64 * 1024 }

    private enum Part {
        case unknown
        case field(String, ByteBuffer)
        case file
        case ignored
    }

    private let parser: MultipartParser
    private var source: Source
    private var headers: [String: String] = [:]
    private var part = Part.unknown
    private var inPart = false
    private var fields: [String: String] = [:]
    private var fileType: String?
    private var fileStarted = false
    private var fileEnded = false
    private var pending = ByteBuffer()
    private var bytesBeforeFile = 0
    private var failure: Malformed?

    /// Nil without a usable boundary (the `boundary` parameter of `multipart/form-data`).
    init?(boundary: String?, source: Source) {
        guard let boundary, !boundary.isEmpty, boundary.utf8.count <= 70 else { return nil }
        self.parser = MultipartParser(boundary: boundary)
        self.source = source
        self.parser.onHeader = { [unowned self] name, value in self.header(name, value) }
        self.parser.onBody = { [unowned self] bytes in self.body(&bytes) }
        self.parser.onPartComplete = { [unowned self] in self.complete() }
    }

    /// Reads up to the file part and returns the text fields before it and the file's declared media type (nil
    /// when the form carries no file).
    func readUntilFile() async throws -> (fields: [String: String], fileType: String?) {
        while !self.fileStarted {
            guard let chunk = try await self.source.next() else { break }
            self.bytesBeforeFile += chunk.readableBytes
            try self.feed(chunk)
        }
        return (self.fields, self.fileStarted ? (self.fileType ?? "") : nil)
    }

    /// The file part's bytes, chunk by chunk as they arrive; read once, after `readUntilFile`.
    var file: FileBytes { FileBytes(upload: self) }

    /// The file part's bytes.
    struct FileBytes: AsyncSequence {
        typealias Element = ByteBuffer
        let upload: MultipartUpload

        struct AsyncIterator: AsyncIteratorProtocol {
            let upload: MultipartUpload
            mutating func next() async throws -> ByteBuffer? { try await self.upload.nextFileBytes() }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(upload: self.upload) }
    }

    private func nextFileBytes() async throws -> ByteBuffer? {
        while true {
            if self.pending.readableBytes > 0 {
                defer { self.pending = ByteBuffer() }
                return self.pending
            }
            if self.fileEnded || !self.fileStarted { return nil }
            guard let chunk = try await self.source.next() else {
                throw Malformed(reason: "the form ended inside the file")
            }
            try self.feed(chunk)
        }
    }

    private func feed(_ chunk: ByteBuffer) throws {
        do {
            try self.parser.execute(chunk)
        } catch {
            throw Malformed(reason: "the form is not valid multipart/form-data")
        }
        if let failure = self.failure { throw failure }
        if !self.fileStarted, self.bytesBeforeFile > Self.fieldBytesLimit {
            throw Malformed(reason: "the fields before the file are larger than \(Self.fieldBytesLimit / 1024) KB")
        }
    }

    private func header(_ name: String, _ value: String) {
        if !self.inPart {
            self.inPart = true
            self.headers = [:]
            self.part = .unknown
        }
        guard !self.fileStarted else { return }
        self.headers[name.lowercased()] = value
    }

    private func body(_ bytes: inout ByteBuffer) {
        self.inPart = true
        self.classify()
        switch self.part {
        case .field(let name, var value):
            value.writeBuffer(&bytes)
            self.part = .field(name, value)
        case .file:
            self.pending.writeBuffer(&bytes)
        case .unknown, .ignored:
            break
        }
    }

    private func complete() {
        self.classify()
        switch self.part {
        case .field(let name, let value):
            guard let text = value.getString(at: value.readerIndex, length: value.readableBytes) else {
                self.failure = Malformed(reason: "the field \(name) is not UTF-8 text")
                break
            }
            self.fields[name] = text
        case .file:
            self.fileEnded = true
        case .unknown, .ignored:
            break
        }
        self.inPart = false
        self.part = .unknown
    }

    /// Decides, once per part, whether it is a text field, the file, or something after the file to skip.
    private func classify() {
        guard case .unknown = self.part else { return }
        let disposition = FormDisposition(self.headers["content-disposition"] ?? "")
        if self.fileStarted {
            self.part = .ignored
        } else if disposition.isFile {
            self.part = .file
            self.fileStarted = true
            self.fileType = self.headers["content-type"]
        } else if let name = disposition.name {
            self.part = .field(name, ByteBuffer())
        } else {
            self.part = .ignored
        }
    }
}

/// The parts of a `Content-Disposition: form-data; name="..."; filename="..."` header a form upload needs.
struct FormDisposition {
    let name: String?
    let isFile: Bool

    init(_ header: String) {
        var name: String?
        var isFile = false
        for parameter in header.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let key = pair[0].trimmingCharacters(in: .whitespaces).lowercased()
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            if key == "name" { name = value }
            if key == "filename" || key == "filename*" { isFile = true }
        }
        self.name = name
        self.isFile = isFile
    }
}
