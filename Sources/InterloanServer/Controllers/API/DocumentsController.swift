import Foundation
import InterloanCore
import SQLKit
import Vapor

/// A copy request's files: `POST /api/v1/requests/{id}/documents` takes the lender's file as the body (its
/// `Content-Type` one of the copy types) and ships the request electronically; `GET` lists the request's files and,
/// for the borrowing library and the team, the links they are opened through.
struct DocumentsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, APIURL.requestDocuments(.key), body: .stream, use: self.upload)
        routes.get(APIURL.requestDocuments(.key), use: self.list)
    }

    @Sendable func upload(_ request: Request) async throws -> Response {
        let caller = try request.caller
        let stored = try await RequestService(request).visibleRequest(request.parameters.get("id") ?? "", to: caller)
        let delivery = DocumentDelivery(request: request)
        try Self.refuseEarly(request, stored: stored, caller: caller, limit: delivery.policy.maxBytes)
        let note = try Self.note(request.query[String.self, at: "note"])
        let saved = try await delivery.upload(
            request.body, mediaType: request.headers.first(name: .contentType), to: stored, by: caller, note: note)
        let resource = RequestResource(
            saved, for: caller, delivery: try await DeliveryEstimator.load(request, for: [saved.state]))
        let response = try await resource.encodeResponse(status: .created, for: request)
        response.headers.replaceOrAdd(name: .location, value: APIURL.requestDocuments(.value(saved.number)).path)
        return response
    }

    @Sendable func list(_ request: Request) async throws -> [DocumentResource] {
        let caller = try request.caller
        let stored = try await RequestService(request).visibleRequest(request.parameters.get("id") ?? "", to: caller)
        return try await DocumentResource.all(of: stored, for: caller, on: request)
    }

    /// What can be refused before a byte of the body is read: the wrong request or state, a declared length over
    /// the limit, a type no copy may be.
    static func refuseEarly(_ request: Request, stored: StoredRequest, caller: Caller, limit: Int) throws {
        try DocumentDelivery.checkMayUpload(stored, by: caller)
        if let length = request.headers.first(name: .contentLength), length.utf8.count <= 19,
            let bytes = Int(length), bytes > limit
        {
            throw APIError.tooLarge("the file is larger than \(limit >> 20) MB; nothing was kept")
        }
    }

    /// The lender's note, bounded like every action's text field.
    static func note(_ text: String?) throws -> String? {
        guard let text, !text.isEmpty else { return nil }
        guard text.utf8.count <= 2000,
            !text.unicodeScalars.contains(where: { $0 != "\n" && ControlCharacters.isControl($0) })
        else {
            throw APIError.invalidFields([
                FieldError(field: "note", message: "must be at most 2000 characters of text")
            ])
        }
        return text
    }
}

/// A delivered file as the API shows it.
struct DocumentResource: Content {
    /// A recipient's link: its address only for the borrowing library and the team.
    struct Link: Content {
        var recipient: String
        var url: String?
        var views: Int
        var maxViews: Int
        var expiresAt: String
        var firstViewedAt: String?
    }

    var id: Int
    var mediaType: String
    var byteCount: Int
    var sha256: String?
    var state: String
    var createdAt: String
    var purgedAt: String?
    var links: [Link]

    /// The request's files; links as absolute addresses for the API, or as paths for the server's own pages.
    static func all(of stored: StoredRequest, for caller: Caller, on request: Request, absolute: Bool = true)
        async throws -> [DocumentResource]
    {
        let documents = try await request.reads.select().column("*").from(DocumentRecord.table)
            .where("request_id", .equal, stored.id).where("state", .notEqual, DocumentRecord.State.uploading.rawValue)
            .orderBy("id").all(reading: DocumentRecord.self)
        let showsLinks = caller.isTeam || caller.actor.librarySymbol == stored.state.borrower
        let links = DocumentLinks(request: request)
        var resources: [DocumentResource] = []
        for document in documents {
            let rows = try await request.reads.select().column("*").from(DocumentLinkRecord.table)
                .where("document_id", .equal, document.id ?? 0).orderBy("id").all(reading: DocumentLinkRecord.self)
            var shown: [Link] = []
            for row in rows {
                let path = showsLinks ? try await links.path(of: row.id ?? 0) : nil
                let url = path.map { absolute ? request.application.baseURL + $0 : $0 }
                shown.append(
                    Link(
                        recipient: row.recipient.rawValue, url: url, views: row.views, maxViews: row.maxViews,
                        expiresAt: Timestamp.string(row.expiresAt),
                        firstViewedAt: row.firstViewedAt.map(Timestamp.string)))
            }
            resources.append(
                DocumentResource(
                    id: document.id ?? 0, mediaType: document.mediaType, byteCount: document.byteCount,
                    sha256: document.sha256, state: document.state.rawValue,
                    createdAt: Timestamp.string(document.createdAt), purgedAt: document.purgedAt.map(Timestamp.string),
                    links: shown))
        }
        return resources
    }
}
