import InterloanCore
import Vapor

/// `GET /api/v1/openurl?…`: the citation an OpenURL carries, normalised into the fields of a request, with what
/// could not be read. It reads no stored data and changes nothing, so anyone may ask, a discovery layer included.
struct OpenURLController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIURL.openURL, use: self.normalize)
    }

    @Sendable func normalize(_ request: Request) async throws -> Response {
        let citation = OpenURLNormalizer.normalize(request.url.query ?? "")
        let response = Response(status: .ok)
        try response.content.encode(citation, as: .json)
        return response
    }
}
