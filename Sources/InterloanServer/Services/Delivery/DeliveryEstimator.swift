import Fluent
import Foundation
import InterloanCore
import Vapor

/// Expected arrival of shipments, from the directory's courier stops and the consortium's calendar: read once per
/// response, then used for every shipment in it without waiting.
struct DeliveryEstimator: Sendable {
    let stops: [String: CourierStop]
    let calendar: DeliveryCalendar

    /// The estimator for the libraries `symbols` name; without any (no shipment yet, the usual case on the hot
    /// paths) it costs nothing and estimates nothing.
    static func load(_ request: Request, libraries symbols: Set<String>) async throws -> DeliveryEstimator {
        guard !symbols.isEmpty else {
            return DeliveryEstimator(stops: [:], calendar: DeliveryCalendar(holidays: []))
        }
        return try await self.load(request.application, database: request.fluentReads, libraries: symbols)
    }

    /// The same for jobs, which have an application but no request. The database is made only if the directory
    /// or the calendar must reload.
    static func load(
        _ application: Application, database: @escaping @autoclosure () -> any Database, libraries symbols: Set<String>
    ) async throws -> DeliveryEstimator {
        DeliveryEstimator(
            stops: try await application.libraryDirectory.stops(of: symbols, on: database()),
            calendar: try await application.courierCalendar.delivery(on: database()))
    }

    /// The estimator for the shipments of `states`.
    static func load(_ request: Request, for states: [RequestState]) async throws -> DeliveryEstimator {
        try await self.load(request, libraries: Set(states.flatMap { $0.shipments.flatMap { [$0.from, $0.to] } }))
    }

    /// When `shipment` should arrive; nil when a library is unknown or the courier never calls there.
    func arrival(of shipment: Shipment) -> Day? {
        self.arrival(shippedOn: shipment.shippedOn, by: shipment.carrier, from: shipment.from, to: shipment.to)
    }

    func arrival(shippedOn day: Day, by carrier: Carrier, from origin: String, to destination: String) -> Day? {
        guard let from = self.stops[origin], let to = self.stops[destination] else { return nil }
        return self.calendar.expectedArrival(shipped: day, by: carrier, from: from, to: to)
    }

    /// The arrival of the shipment on its way now: forward while shipped, back while returned.
    func inTransitArrival(_ state: RequestState) -> Day? {
        let direction: Shipment.Direction
        switch state.status {
        case .shipped: direction = .forward
        case .returned: direction = .return
        default: return nil
        }
        return state.shipments.last { $0.direction == direction }.flatMap(self.arrival(of:))
    }
}
