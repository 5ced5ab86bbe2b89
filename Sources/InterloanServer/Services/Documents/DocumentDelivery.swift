import Foundation
import InterloanCore
import NIOCore
import SQLKit
import Vapor

/// Copies delivered as files: the lender's upload is the `ship` action with carrier `electronic`, made in one
/// transaction with the links its recipients open it through.
struct DocumentDelivery {
    let request: Request

    var policy: DocumentPolicy { self.request.application.documentPolicy }
    var store: DocumentStore { DocumentStore(reads: self.request.reads, writes: self.request.writes) }

    /// Stores `body`, declared as `mediaType`, as the file of copy request `stored` and ships the request; nothing
    /// is kept when the file is refused or the request cannot ship now.
    func upload<Body: AsyncSequence>(
        _ body: Body, mediaType: String?, to stored: StoredRequest, by caller: Caller, note: String?
    ) async throws -> StoredRequest where Body.Element == ByteBuffer {
        guard let type = mediaType.flatMap(DocumentType.init(mediaType:)) else {
            throw APIError.unsupportedMediaType(Self.typesWanted)
        }
        try Self.checkMayUpload(stored, by: caller)
        let now = self.request.application.clock.now()
        let document: DocumentRecord
        do {
            document = try await self.store.store(
                body, type: type, limit: self.policy.maxBytes, requestID: stored.id, at: now)
        } catch let refusal as DocumentStore.Refusal {
            throw Self.apiError(refusal)
        }
        guard let documentID = document.id else { throw Abort(.internalServerError, reason: "a document got no id") }
        do {
            var raw: [String: RawArgument] = ["carrier": .string(Carrier.electronic.rawValue)]
            if let note, !note.isEmpty { raw["note"] = .string(note) }
            // A partner's system learns the file's address from the shipping message, which carries the
            // shipment's item id: its link is made first, so the address exists when the message is written.
            let partnerLink = try await self.partnerLink(for: documentID, of: stored, at: now)
            if let partnerLink { raw["trackingNumber"] = .string(partnerLink) }
            let links = partnerLink == nil ? self.linkRows(for: documentID, of: stored, at: now) : []
            var writeLinks: SideWrites?
            if !links.isEmpty {
                writeLinks = { sql, _ in try await sql.insert(into: DocumentLinkRecord.table).rows(links).run() }
            }
            return try await RequestService(self.request).perform(
                .ship, with: raw, on: stored, by: caller, extraWrites: writeLinks)
        } catch {
            // The action's refusal is the answer; the file it would have shipped must not stay behind.
            try? await self.store.discard(documentID)
            throw error
        }
    }

    /// A ship with carrier `electronic` from a form or the actions API, which would ship no file: the file's
    /// upload is that action.
    static func refuseElectronicWithoutFile(_ action: Action, _ raw: [String: RawArgument], number: String) throws {
        guard action == .ship, raw["carrier"] == .string(Carrier.electronic.rawValue) else { return }
        throw APIError.invalidFields([
            FieldError(
                field: "carrier",
                message:
                    "electronic delivery is the upload of the file: POST it to \(APIURL.requestDocuments(.value(number)).path)"
            )
        ])
    }

    static let typesWanted = "send the file as application/pdf, image/tiff, image/jpeg or image/png"

    /// Refuses, before a byte is read, an upload the request cannot take now.
    static func checkMayUpload(_ stored: StoredRequest, by caller: Caller) throws {
        guard stored.state.serviceType == .copy else {
            throw APIError.conflict("only a copy is delivered as a file; a loan ships as the item itself", allowed: [])
        }
        let roles = caller.actor.roles(in: stored.state)
        if case .refused(let reason) = Lifecycle.decide(.ship, in: stored.state, roles: roles) {
            throw APIError.conflict(reason, allowed: Lifecycle.allowedActions(in: stored.state, roles: roles))
        }
    }

    /// The refusal of a file, as the client hears it.
    static func apiError(_ refusal: DocumentStore.Refusal) -> APIError {
        switch refusal {
        case .notOfType(let type):
            return .unsupportedMediaType("the file is not a \(type) file; its first bytes say otherwise")
        case .tooLarge(let limit):
            return .tooLarge("the file is larger than \(limit >> 20) MB; nothing was kept")
        case .empty:
            return .invalidFields([FieldError(field: "body", message: "the file is empty")])
        }
    }

    /// The address of a link made for the borrowing partner's system, when the borrower is an ISO 18626 partner.
    private func partnerLink(for documentID: Int, of stored: StoredRequest, at now: Date) async throws -> String? {
        let partners = try await self.request.partners.partners(among: [stored.state.borrower])
        guard partners[stored.state.borrower] != nil else { return nil }
        let link = DocumentLinkRecord(
            documentID: documentID, recipient: .partner, maxViews: self.policy.views, views: 0,
            expiresAt: now.addingTimeInterval(TimeInterval(self.policy.days) * 86_400), createdAt: now)
        let id = try await self.request.writes.write { sql in
            try await sql.insert(into: DocumentLinkRecord.table).row(link).returning("id").first()?
                .decode(column: "id", as: Int.self)
        }
        guard let id else { throw Abort(.internalServerError, reason: "a document link got no id") }
        return self.request.application.baseURL + (try await DocumentLinks(request: self.request).path(of: id))
    }

    /// The links of a new file: the borrowing library's, and its patron's when a patron asked in the portal.
    private func linkRows(for documentID: Int, of stored: StoredRequest, at now: Date) -> [DocumentLinkRecord] {
        var recipients: [DocumentLinkRecord.Recipient] = [.borrower]
        if stored.row.patronAccountID != nil { recipients.append(.patron) }
        let expires = now.addingTimeInterval(TimeInterval(self.policy.days) * 86_400)
        return recipients.map {
            DocumentLinkRecord(
                documentID: documentID, recipient: $0, maxViews: self.policy.views, views: 0, expiresAt: expires,
                createdAt: now)
        }
    }
}
