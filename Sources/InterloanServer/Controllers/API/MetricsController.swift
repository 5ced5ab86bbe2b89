import Vapor

/// `GET /metrics`: the process's figures in the Prometheus text format, for a scraper on this host or one that
/// presents `INTERLOAN_METRICS_TOKEN` (see `MetricsAccess`).
struct MetricsController: RouteCollection {

    func boot(routes: any RoutesBuilder) throws {
        routes.get(APIURL.metrics, use: self.metrics)
    }

    @Sendable func metrics(_ request: Request) async throws -> Response {
        guard MetricsAccess.allows(request) else {
            throw Abort(
                .forbidden,
                reason: "metrics are served to this host, or with the bearer token set as INTERLOAN_METRICS_TOKEN")
        }
        InterloanMetrics.registerFamilies()
        await OutboxGauges.update(request)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        headers.cacheControl = .init(noStore: true)
        return Response(
            status: .ok, headers: headers, body: .init(buffer: ByteBuffer(bytes: MetricsRegistry.exposition())))
    }
}
