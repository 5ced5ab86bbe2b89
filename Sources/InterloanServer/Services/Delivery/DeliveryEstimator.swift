import Fluent
import Foundation
import InterloanCore
import Vapor

/// Expected arrival of shipments, from the directory's courier stops and the consortium's calendar: read once per
/// response, then used for every shipment in it without waiting.
struct DeliveryEstimator: Sendable {
    let stops: [String: CourierStop]
    let calendar: DeliveryCalendar

    static func load(_ request: Request) async throws -> DeliveryEstimator {
        let today = Day(request.application.clock.now())
        return DeliveryEstimator(
            stops: try await request.application.libraryDirectory.stops(on: request.db),
            calendar: DeliveryCalendar(holidays: StandardHolidays.days(from: today.year - 1, through: today.year + 1)))
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
