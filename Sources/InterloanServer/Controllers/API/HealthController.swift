import Vapor

/// `GET /health`: answers without touching the database, for load balancers and the bare-rate benchmark.
struct HealthController: RouteCollection {
    struct Health: Content {
        var status: String
        var version: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIURL.health) { _ in Health(status: "ok", version: InterloanVersion.current) }
    }
}
