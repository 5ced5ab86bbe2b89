import InterloanCore
import Vapor

/// `GET` and `POST /openurl`: where a catalogue or discovery layer sends a reader with an OpenURL. Signed-in staff
/// get the Place a request form filled from the link, a signed-in patron the portal's; anyone else signs in to the
/// portal first (staff have a link to their own sign-in there) and comes back to the same link. The link never
/// places a request and never says who is asking: identity comes from the session alone.
struct OpenURLPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.openURL, use: self.prefill)
        routes.post(SiteURL.openURL, use: self.prefill)
    }

    @Sendable func prefill(_ request: Request) async throws -> Response {
        let query: String
        if request.method == .POST {
            guard request.headers.contentType == .urlEncodedForm else {
                throw Abort(
                    .unsupportedMediaType, reason: "send the OpenURL as a form (application/x-www-form-urlencoded)")
            }
            query = request.body.string ?? ""
        } else {
            query = request.url.query ?? ""
        }
        let citation = OpenURLNormalizer.normalize(query)
        if (try? request.caller) != nil {
            return try await PlaceRequestController().render(request, citation: citation, from: query)
        }
        if let patron = try await PatronAuthMiddleware.patron(of: request) {
            request.storage[SignedInPatronKey.self] = patron
            return try await PortalController().render(request, citation: citation, from: query)
        }
        return PatronAuthMiddleware.signIn(returningTo: SiteURL.openURL.path + "?" + query, on: request)
    }
}
