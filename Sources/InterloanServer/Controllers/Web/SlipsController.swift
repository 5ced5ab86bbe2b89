import Fluent
import InterloanCore
import Vapor

/// Print-styled slips: the lender's pick slip, and the routing slip that travels with the item.
struct SlipsController: RouteCollection {
    struct Slip: Encodable {
        var id: String
        var barcodeLine: String
        var title: String
        var author: String?
        var dueDate: String?
        var from: Party
        var to: Party
        var direction: String
        var notes: String?
        /// When it should arrive if it goes by courier today.
        var expectedArrival: String?
    }

    struct Party: Encodable {
        var symbol: String
        var name: String
        var town: String
        var route: String?
        var deliveryDays: String?
        /// For a library out of state: its state and its 3-letter code there, which the state couriers sort by.
        var state: String?
        var interstateCode: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.pickSlip(.key), use: self.pickSlip)
        routes.get(SiteURL.routingSlip(.key), use: self.routingSlip)
    }

    @Sendable func pickSlip(_ request: Request) async throws -> Response {
        try await self.render("pick-slip", request)
    }

    @Sendable func routingSlip(_ request: Request) async throws -> Response {
        try await self.render("routing-slip", request)
    }

    private func render(_ template: String, _ request: Request) async throws -> Response {
        let caller = try request.caller
        let stored: StoredRequest
        do {
            stored = try await RequestService(request).visibleRequest(request.parameters.get("id") ?? "", to: caller)
        } catch is APIError {
            throw Abort(.notFound, reason: "There is no such request that you can see.")
        }
        let state = stored.state
        let lender = try await self.party(state.currentLender ?? state.borrower, request)
        let borrower = try await self.party(state.borrower, request)
        // The item goes back to the lender once the borrower holds it; otherwise it travels to the borrower.
        let returning = [.received, .renewalRequested, .recalled, .returned].contains(state.status)
        let (from, to) = returning ? (borrower, lender) : (lender, borrower)
        let slip = Slip(
            id: stored.number, barcodeLine: "*\(stored.number)*", title: stored.row.title, author: stored.row.author,
            dueDate: state.dueDate?.description, from: from, to: to,
            direction: returning ? "Return to lender" : "To borrowing library", notes: stored.row.notes,
            expectedArrival: try await DeliveryEstimator.load(request, libraries: [from.symbol, to.symbol]).arrival(
                shippedOn: Day(request.application.clock.now()), by: .courier, from: from.symbol, to: to.symbol)?
                .description)
        return try await WebPage.render(template, slip, title: "\(stored.number) slip", for: request)
    }

    private func party(_ symbol: String, _ request: Request) async throws -> Party {
        guard let library = try await LibraryModel.query(on: request.fluentReads).filter(\.$symbol == symbol).first()
        else {
            return Party(symbol: symbol, name: symbol, town: "")
        }
        var party = Party(
            symbol: library.symbol, name: library.name, town: library.town, route: library.courierRoute,
            deliveryDays: library.deliveryDays?.replacingOccurrences(of: ",", with: ", "))
        // Out-of-state partners carry their state and code in the symbol, as `NH-GRF`.
        let parts = library.symbol.split(separator: "-")
        if !library.isMember, parts.count == 2, parts[0].count == 2, parts[1].count == 3 {
            party.state = String(parts[0])
            party.interstateCode = String(parts[1])
        }
        return party
    }
}
