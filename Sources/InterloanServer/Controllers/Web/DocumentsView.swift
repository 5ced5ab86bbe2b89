import Foundation
import InterloanCore
import Vapor

/// A copy request's files on its page: each with its size, where it stands, a preview for staff and, for the
/// borrowing library and the team, the links with their views; and the upload form when the lender may deliver.
struct DocumentsView: Encodable {
    struct File: Encodable {
        var id: Int
        var label: String
        var state: String
        var createdAt: String
        var preview: String?
        var links: [Link]
    }

    struct Link: Encodable {
        var recipient: String
        var url: String?
        var views: String
        var until: String
    }

    var files: [File]
    var canUpload: Bool
    var maxMB: Int

    /// Nil for a loan, which has no files.
    static func make(_ stored: StoredRequest, for caller: Caller, request: Request) async throws -> DocumentsView? {
        guard stored.state.serviceType == .copy else { return nil }
        let canUpload = (try? DocumentDelivery.checkMayUpload(stored, by: caller)) != nil
        let resources = try await DocumentResource.all(of: stored, for: caller, on: request, absolute: false)
        guard canUpload || !resources.isEmpty else { return nil }
        let files = resources.map { resource in
            File(
                id: resource.id,
                label: DocumentResponse.fileExtension(resource.mediaType).uppercased() + ", "
                    + ByteCountFormatter.string(fromByteCount: Int64(resource.byteCount), countStyle: .file),
                state: resource.state == DocumentRecord.State.purged.rawValue ? "Removed after its time" : "Stored",
                createdAt: resource.createdAt,
                preview: resource.state == DocumentRecord.State.ready.rawValue
                    ? SiteURL.requestDocumentPreview(.value(stored.number), document: .value(resource.id)).path : nil,
                links: resource.links.map {
                    Link(
                        recipient: Self.recipientLabel($0.recipient), url: $0.url,
                        views: "\($0.views) of \($0.maxViews)", until: String($0.expiresAt.prefix(10)))
                })
        }
        return DocumentsView(
            files: files, canUpload: canUpload, maxMB: request.application.documentPolicy.maxBytes >> 20)
    }

    static func recipientLabel(_ raw: String) -> String {
        switch DocumentLinkRecord.Recipient(rawValue: raw) {
        case .borrower: return "Borrowing library"
        case .patron: return "Patron, in the portal"
        case .partner: return "Partner system"
        case nil: return raw
        }
    }
}
