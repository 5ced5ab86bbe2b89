import Foundation
import Leaf
import Vapor

/// What every page's frame shows: who is signed in, where they can go, the CSRF token for its forms, a flash.
struct Layout: Encodable {
    var title: String
    var userName: String?
    /// The signed-in patron's name or card number, on portal pages.
    var patronName: String?
    var library: String?
    var isTeam: Bool
    var csrf: String
    var flash: String?
}

/// A page's context: its own data under `page`, the frame's under `layout`.
struct PageContext<Page: Encodable>: Encodable {
    var layout: Layout
    var page: Page
}

/// Renders Leaf pages inside the common frame.
enum WebPage {
    static func render<Page: Encodable>(
        _ template: String, _ page: Page, title: String? = nil, status: HTTPResponseStatus = .ok, for request: Request
    ) async throws -> Response {
        let caller = request.storage[CallerKey.self]
        let patron = caller == nil ? request.storage[SignedInPatronKey.self] : nil
        let layout = Layout(
            title: title ?? "Interloan", userName: caller?.actor.name,
            patronName: patron.map { $0.record.name ?? $0.record.barcode },
            library: caller?.actor.librarySymbol ?? patron?.library.name,
            isTeam: caller?.isTeam ?? false,
            csrf: request.storage[SessionsAvailableKey.self] == true ? WebSession.csrfToken(request) : "",
            flash: WebSession.takeFlash(request))
        let view = try await request.view.render(template, PageContext(layout: layout, page: page))
        let response = try await view.encodeResponse(status: status, for: request)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
