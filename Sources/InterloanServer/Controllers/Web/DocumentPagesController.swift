import Foundation
import InterloanCore
import Vapor

/// Delivered files in the browser: the lender's upload from the request page (a multipart form read as it
/// arrives) and the staff preview, which counts no view.
struct DocumentPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, SiteURL.requestDocuments(.key), body: .stream, use: self.upload)
        routes.get(SiteURL.requestDocumentPreview(.key, document: .key), use: self.preview)
    }

    /// Whether `request` is an upload whose CSRF token the handler reads from the stream, before the file:
    /// collecting a hundred megabytes in the middleware to find it would hold the whole file in memory.
    static func checksTokenItself(_ request: Request) -> Bool {
        guard request.method == .POST, request.headers.contentType?.type == "multipart" else { return false }
        let parts = request.url.path.split(separator: "/")
        return parts.count == 3 && parts[0] == "requests" && parts[2] == "documents"
    }

    @Sendable func upload(_ request: Request) async throws -> Response {
        let caller = try request.caller
        let stored = try await RequestPagesController.stored(request, caller: caller)
        let back = SiteURL.request(.value(stored.number)).path(fragment: "documents")
        let delivery = DocumentDelivery(request: request)
        do {
            guard
                let form = MultipartUpload(
                    boundary: request.headers.contentType?.parameters["boundary"],
                    source: request.body.makeAsyncIterator())
            else { throw APIError.unsupportedMediaType("send the form as multipart/form-data") }
            let (fields, fileType) = try await form.readUntilFile()
            guard let expected = request.session.data[WebSession.csrfKey], let sent = fields["_csrf"],
                CSRFMiddleware.constantTimeEquals(sent, expected)
            else {
                return try await WebPage.render(
                    "error",
                    ErrorPage(
                        title: "This form has expired",
                        message:
                            "The page was open too long or came from elsewhere, so nothing was changed. Go back, reload the page and try again."
                    ),
                    status: .forbidden, for: request)
            }
            try DocumentsController.refuseEarly(
                request, stored: stored, caller: caller, limit: delivery.policy.maxBytes)
            guard let fileType else {
                throw APIError.invalidFields([FieldError(field: "file", message: "choose the file to deliver")])
            }
            let declared = fileType.isEmpty ? nil : fileType
            let saved = try await delivery.upload(
                form.file, mediaType: declared, to: stored, by: caller,
                note: try DocumentsController.note(fields["note"]))
            WebSession.setFlash("\(saved.number): the file is delivered.", on: request)
        } catch let error as APIError {
            WebSession.setFlash("Nothing was delivered: \(error.explanation).", on: request)
        } catch let error as MultipartUpload<Request.Body.AsyncIterator>.Malformed {
            WebSession.setFlash("Nothing was delivered: \(error.reason).", on: request)
        }
        return request.redirect(to: back)
    }

    /// The file as staff of either library (or the team) check it; no view is counted and the request stays as it is.
    @Sendable func preview(_ request: Request) async throws -> Response {
        let caller = try request.caller
        let stored = try await RequestPagesController.stored(request, caller: caller)
        guard let id = request.parameters.get("document").flatMap({ $0.utf8.count <= 18 ? Int($0) : nil }),
            let document = try await request.reads.select().column("*").from(DocumentRecord.table)
                .where("id", .equal, id).where("request_id", .equal, stored.id).first(reading: DocumentRecord.self)
        else { throw Abort(.notFound, reason: "There is no such file on this request.") }
        guard document.state == .ready else { throw Abort(.gone, reason: "This file was removed after its time.") }
        let range = ByteRange.read(request.headers.first(name: .range), size: document.byteCount)
        return DocumentResponse.make(document, number: stored.number, range: range, attachment: false, on: request)
    }
}
