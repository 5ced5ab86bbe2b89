import Foundation
import InterloanCore
import Vapor

/// A stored file sent to the browser, whole or the one byte range asked for, streamed chunk by chunk.
enum DocumentResponse {
    /// The response for `document` of request `number`; `range` is already read against its size.
    static func make(
        _ document: DocumentRecord, number: String, range: ByteRange.Reading, attachment: Bool, on request: Request
    ) -> Response {
        let size = document.byteCount
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .acceptRanges, value: "bytes")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        let wanted: ByteRange?
        let status: HTTPResponseStatus
        switch range {
        case .unsatisfiable:
            headers.replaceOrAdd(name: .contentRange, value: "bytes */\(size)")
            return Response(status: .rangeNotSatisfiable, headers: headers)
        case .whole:
            (wanted, status) = (nil, .ok)
        case .partial(let part):
            (wanted, status) = (part, .partialContent)
            headers.replaceOrAdd(name: .contentRange, value: "bytes \(part.first)-\(part.last)/\(size)")
        }
        headers.replaceOrAdd(name: .contentType, value: document.mediaType)
        // The file name is made here, never taken from the uploader.
        let name = number + "." + Self.fileExtension(document.mediaType)
        headers.replaceOrAdd(
            name: .contentDisposition, value: "\(attachment ? "attachment" : "inline"); filename=\"\(name)\"")
        let store = DocumentStore(reads: request.reads, writes: request.writes)
        let body = Response.Body(
            managedAsyncStream: { writer in
                for try await chunk in store.read(document, range: wanted) { try await writer.write(.buffer(chunk)) }
            }, count: wanted?.count ?? size)
        return Response(status: status, headers: headers, body: body)
    }

    static func fileExtension(_ mediaType: String) -> String {
        switch DocumentType(mediaType: mediaType) {
        case .pdf: return "pdf"
        case .tiff: return "tif"
        case .jpeg: return "jpg"
        case .png: return "png"
        case nil: return "bin"
        }
    }
}
