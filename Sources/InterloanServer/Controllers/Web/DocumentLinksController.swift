import Foundation
import InterloanCore
import Vapor

/// `/documents/{token}`: the page a recipient's link opens (the borrowing library's copyright notice and a download
/// button) and `/documents/{token}/file`, the download, counted against the link's views. A link that is tampered
/// with, expired, used up or whose file is gone shows the same page, never saying which.
struct DocumentLinksController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.document(.key), use: self.show)
        routes.get(SiteURL.documentFile(.key), use: self.download)
    }

    struct Page: Encodable {
        var number: String
        var title: String
        var borrower: String
        var notice: [String]
        var mediaType: String
        var size: String
        var viewsLeft: Int
        var until: String
        var download: String
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        do {
            return try await self.page(request)
        } catch let refusal as DocumentLinks.Refusal {
            return try await self.notValid(refusal, request)
        }
    }

    @Sendable func download(_ request: Request) async throws -> Response {
        do {
            return try await self.file(request)
        } catch let refusal as DocumentLinks.Refusal {
            return try await self.notValid(refusal, request)
        }
    }

    private func page(_ request: Request) async throws -> Response {
        let token = request.parameters.get("token") ?? ""
        let opened = try await DocumentLinks(request: request).resolve(token)
        guard DocumentLinks.isOpen(opened, at: request.application.clock.now()) else {
            throw DocumentLinks.Refusal.spent
        }
        let row = opened.stored.row
        let borrower = try await request.application.libraryDirectory.library(
            symbol: opened.stored.state.borrower, on: request.fluentReads)
        let page = Page(
            number: opened.stored.number,
            title: [row.articleTitle, row.journalTitle ?? row.title].compactMap { $0 }.joined(separator: " — "),
            borrower: borrower?.name ?? opened.stored.state.borrower, notice: CopyrightNotice.paragraphs,
            mediaType: DocumentResponse.fileExtension(opened.document.mediaType).uppercased(),
            size: ByteCountFormatter.string(fromByteCount: Int64(opened.document.byteCount), countStyle: .file),
            viewsLeft: opened.link.maxViews - opened.link.views, until: Day(opened.link.expiresAt).description,
            download: SiteURL.documentFile(.value(token)).path)
        return try await WebPage.render("document", page, title: "Your copy: \(opened.stored.number)", for: request)
    }

    /// The file. A request for all of it, or for a range from its first byte, counts one view; a range further on
    /// (a reader fetching the rest of what it began) is served while the link has been opened and is in its time.
    private func file(_ request: Request) async throws -> Response {
        let links = DocumentLinks(request: request)
        let now = request.application.clock.now()
        let opened = try await links.resolve(request.parameters.get("token") ?? "")
        guard opened.document.state == .ready else { throw DocumentLinks.Refusal.spent }
        let range = ByteRange.read(request.headers.first(name: .range), size: opened.document.byteCount)
        let counts: Bool
        switch range {
        case .whole: counts = true
        case .partial(let part): counts = part.first == 0
        case .unsatisfiable: counts = false
        }
        if counts {
            _ = try await links.count(opened, at: now)
            try await links.completeOnFirstDownload(opened)
        } else {
            guard opened.link.views > 0, opened.link.expiresAt > now else { throw DocumentLinks.Refusal.spent }
        }
        return DocumentResponse.make(
            opened.document, number: opened.stored.number, range: range, attachment: true, on: request)
    }

    private func notValid(_ refusal: DocumentLinks.Refusal, _ request: Request) async throws -> Response {
        let status: HTTPResponseStatus
        switch refusal {
        case .unknown: status = .notFound
        case .spent: status = .gone
        }
        return try await WebPage.render(
            "error",
            ErrorPage(
                title: "This link does not open a file",
                message: "The link is not valid now. Ask the library that sent it to send the copy again."),
            status: status, for: request)
    }
}

/// The notice shown where a copy is handed over: the wording the United States requires of libraries that make
/// copies for users (37 CFR 201.14), a regulation's text and so free to reproduce.
enum CopyrightNotice {
    static let paragraphs = [
        "WARNING CONCERNING COPYRIGHT RESTRICTIONS",
        "The copyright law of the United States (title 17, United States Code) governs the making of photocopies or other reproductions of copyrighted material.",
        "Under certain conditions specified in the law, libraries and archives are authorized to furnish a photocopy or other reproduction. One of these specific conditions is that the photocopy or reproduction is not to be “used for any purpose other than private study, scholarship, or research.” If a user makes a request for, or later uses, a photocopy or reproduction for purposes in excess of “fair use,” that user may be liable for copyright infringement.",
        "This institution reserves the right to refuse to accept a copying order if, in its judgment, fulfillment of the order would involve violation of copyright law.",
    ]
}
