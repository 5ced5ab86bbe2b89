import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// A request as stored: its row, and the lifecycle state assembled from the row and its children.
struct StoredRequest: Sendable {
    /// The row as read; its lifecycle columns are superseded by `state`, `version` and `updatedAt`.
    let row: RequestModel
    /// The version this state was read or written at; a write succeeds only from the current version.
    let version: Int
    let updatedAt: Date
    let state: RequestState

    var id: Int { self.row.id! }
    var number: String { RequestNumber.encode(self.id) }
}

/// Reads requests into lifecycle states and writes lifecycle outcomes back, one transaction per action.
struct RequestStore: Sendable {
    let database: any Database
    let directory: LibraryDirectory

    init(database: any Database, directory: LibraryDirectory) {
        self.database = database
        self.directory = directory
    }

    init(_ request: Request) {
        self.init(database: request.db, directory: request.application.libraryDirectory)
    }

    func find(_ id: Int) async throws -> StoredRequest? {
        guard let row = try await RequestModel.find(id, on: self.database) else { return nil }
        return try await self.hydrate([row]).first
    }

    /// Assembles the states of `rows` with three queries, whatever their number.
    func hydrate(_ rows: [RequestModel]) async throws -> [StoredRequest] {
        let ids = rows.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let attempts = try await LenderAttemptModel.query(on: self.database)
            .filter(\.$request.$id ~~ ids).sort(\.$position).all()
        let shipments = try await ShipmentModel.query(on: self.database)
            .filter(\.$request.$id ~~ ids).sort(\.$position).all()
        let renewals = try await RenewalModel.query(on: self.database)
            .filter(\.$request.$id ~~ ids).sort(\.$position).all()
        let attemptsByRequest = Dictionary(grouping: attempts, by: { $0.$request.id })
        let shipmentsByRequest = Dictionary(grouping: shipments, by: { $0.$request.id })
        let renewalsByRequest = Dictionary(grouping: renewals, by: { $0.$request.id })

        var stored: [StoredRequest] = []
        for row in rows {
            let id = row.id!
            var lenders: [LenderAttempt] = []
            for attempt in attemptsByRequest[id] ?? [] {
                lenders.append(
                    LenderAttempt(
                        symbol: try await self.symbol(of: attempt.$library.id),
                        outcome: LenderAttempt.Outcome(rawValue: attempt.outcome) ?? .waiting, reason: attempt.reason,
                        note: attempt.note, askedAt: attempt.askedAt, answeredAt: attempt.answeredAt))
            }
            var journeys: [Shipment] = []
            for shipment in shipmentsByRequest[id] ?? [] {
                journeys.append(
                    Shipment(
                        direction: Shipment.Direction(rawValue: shipment.direction) ?? .forward,
                        carrier: Carrier(rawValue: shipment.carrier) ?? .other, trackingNumber: shipment.trackingNumber,
                        shippedOn: Day(shipment.shippedOn)!, from: try await self.symbol(of: shipment.$fromLibrary.id),
                        to: try await self.symbol(of: shipment.$toLibrary.id)))
            }
            let currentLender = try await row.$currentLender.id.asyncMap {
                try await self.directory.library(id: $0, on: self.database)
            }
            let state = RequestState(
                status: RequestStatus(rawValue: row.status) ?? .needsLender,
                serviceType: ServiceType(rawValue: row.serviceType) ?? .loan,
                borrower: try await self.symbol(of: row.$borrower.id), lenders: lenders,
                currentLenderIndex: row.currentLenderPosition, dueDate: row.dueDate.flatMap(Day.init),
                shipments: journeys, renewals: (renewalsByRequest[id] ?? []).map(Self.renewal),
                lenderPolicy: currentLender?.policy ?? .standard)
            stored.append(StoredRequest(row: row, version: row.version, updatedAt: row.updatedAt, state: state))
        }
        return stored
    }

    /// Writes a new request with its lender string and first event.
    func create(_ row: RequestModel, outcome: Lifecycle.Outcome, by actor: ActingParty, at now: Date, using persistence: Persistence)
        async throws -> StoredRequest
    {
        let lenderIDs = try await self.ids(of: outcome.state.lenders.map(\.symbol))
        let currentLenderID = outcome.state.currentLenderIndex.map { lenderIDs[$0] }
        row.version = 1
        row.status = outcome.state.status.rawValue
        row.currentLenderPosition = outcome.state.currentLenderIndex
        row.$currentLender.id = currentLenderID
        row.createdAt = now
        row.updatedAt = now
        let saved = try await persistence.write { database in
            try await row.create(on: database)
            let id = try row.requireID()
            for (position, attempt) in outcome.state.lenders.enumerated() {
                try await Self.attemptModel(attempt, position: position, requestID: id, libraryID: lenderIDs[position])
                    .create(on: database)
            }
            try await Self.eventModel(outcome.event, requestID: id, by: actor, at: now).create(on: database)
            return row
        }
        return StoredRequest(
            row: saved, version: 1, updatedAt: now, state: try await self.withCurrentLenderPolicy(outcome.state))
    }

    /// Writes what an action changed, provided nobody changed the request since `stored` was read.
    func save(_ outcome: Lifecycle.Outcome, over stored: StoredRequest, by actor: ActingParty, at now: Date,
        using persistence: Persistence) async throws -> StoredRequest
    {
        let old = stored.state
        let new = outcome.state
        let lenderIDs = try await self.ids(of: new.lenders.map(\.symbol))
        let shipmentIDs = try await self.ids(of: new.shipments.flatMap { [$0.from, $0.to] })
        let currentLenderID = new.currentLenderIndex.map { lenderIDs[$0] }
        let requestID = stored.id
        let version = stored.version
        try await persistence.write { database in
            let sql = database as! any SQLDatabase
            let updated = try await sql.update(RequestModel.schema)
                .set("status", to: new.status.rawValue)
                .set("current_lender_id", to: currentLenderID)
                .set("current_lender_position", to: new.currentLenderIndex)
                .set("due_date", to: new.dueDate?.description)
                .set("version", to: version + 1)
                .set("updated_at", to: now)
                .where("id", .equal, requestID)
                .where("version", .equal, version)
                .returning("id")
                .all()
            guard !updated.isEmpty else { throw APIError.staleVersion }

            for (position, attempt) in new.lenders.enumerated()
            where position >= old.lenders.count || old.lenders[position] != attempt {
                if position < old.lenders.count {
                    try await LenderAttemptModel.query(on: database)
                        .filter(\.$request.$id == requestID).filter(\.$position == position).delete()
                }
                try await Self.attemptModel(attempt, position: position, requestID: requestID,
                    libraryID: lenderIDs[position]).create(on: database)
            }
            if new.lenders.count < old.lenders.count {
                try await LenderAttemptModel.query(on: database)
                    .filter(\.$request.$id == requestID).filter(\.$position >= new.lenders.count).delete()
            }
            for (position, shipment) in new.shipments.enumerated() where position >= old.shipments.count {
                try await Self.shipmentModel(shipment, position: position, requestID: requestID,
                    fromID: shipmentIDs[2 * position], toID: shipmentIDs[2 * position + 1]).create(on: database)
            }
            for (position, renewal) in new.renewals.enumerated()
            where position >= old.renewals.count || old.renewals[position] != renewal {
                if position < old.renewals.count {
                    try await RenewalModel.query(on: database)
                        .filter(\.$request.$id == requestID).filter(\.$position == position).delete()
                }
                try await Self.renewalModel(renewal, position: position, requestID: requestID).create(on: database)
            }
            try await Self.eventModel(outcome.event, requestID: requestID, by: actor, at: now).create(on: database)
        }
        return StoredRequest(
            row: stored.row, version: version + 1, updatedAt: now, state: try await self.withCurrentLenderPolicy(new))
    }

    /// The state with the renewal policy of whoever is lending now.
    private func withCurrentLenderPolicy(_ state: RequestState) async throws -> RequestState {
        var state = state
        if let symbol = state.currentLender,
            let lender = try await self.directory.library(symbol: symbol, on: self.database)
        {
            state.lenderPolicy = lender.policy
        }
        return state
    }

    /// Library ids for symbols the caller has already checked exist.
    func ids(of symbols: [String]) async throws -> [Int] {
        var ids: [Int] = []
        for symbol in symbols {
            guard let library = try await self.directory.library(symbol: symbol, on: self.database) else {
                throw APIError.invalidFields([FieldError(field: "lenders", message: "\(symbol) is not in the directory")])
            }
            ids.append(library.id)
        }
        return ids
    }

    private func symbol(of libraryID: Int) async throws -> String {
        try await self.directory.library(id: libraryID, on: self.database)?.symbol ?? "?"
    }

    private static func renewal(_ model: RenewalModel) -> Renewal {
        Renewal(
            requestedOn: Day(model.requestedOn)!, desiredDueDate: Day(model.desiredDueDate)!,
            status: Renewal.Status(rawValue: model.status) ?? .pending, answeredOn: model.answeredOn.flatMap(Day.init),
            newDueDate: model.newDueDate.flatMap(Day.init), note: model.note)
    }

    static func attemptModel(_ attempt: LenderAttempt, position: Int, requestID: Int, libraryID: Int)
        -> LenderAttemptModel
    {
        let model = LenderAttemptModel()
        model.$request.id = requestID
        model.position = position
        model.$library.id = libraryID
        model.outcome = attempt.outcome.rawValue
        model.reason = attempt.reason
        model.note = attempt.note
        model.askedAt = attempt.askedAt
        model.answeredAt = attempt.answeredAt
        return model
    }

    static func shipmentModel(_ shipment: Shipment, position: Int, requestID: Int, fromID: Int, toID: Int)
        -> ShipmentModel
    {
        let model = ShipmentModel()
        model.$request.id = requestID
        model.position = position
        model.direction = shipment.direction.rawValue
        model.carrier = shipment.carrier.rawValue
        model.trackingNumber = shipment.trackingNumber
        model.shippedOn = shipment.shippedOn.description
        model.$fromLibrary.id = fromID
        model.$toLibrary.id = toID
        return model
    }

    static func renewalModel(_ renewal: Renewal, position: Int, requestID: Int) -> RenewalModel {
        let model = RenewalModel()
        model.$request.id = requestID
        model.position = position
        model.requestedOn = renewal.requestedOn.description
        model.desiredDueDate = renewal.desiredDueDate.description
        model.status = renewal.status.rawValue
        model.answeredOn = renewal.answeredOn?.description
        model.newDueDate = renewal.newDueDate?.description
        model.note = renewal.note
        return model
    }

    static func eventModel(_ event: LifecycleEvent, requestID: Int, by actor: ActingParty, at now: Date) -> RequestEventModel {
        let model = RequestEventModel()
        model.$request.id = requestID
        model.at = now
        model.userID = actor.userID
        model.actorName = actor.name
        model.librarySymbol = actor.librarySymbol
        model.action = event.action
        model.fromStatus = event.from?.rawValue
        model.toStatus = event.to.rawValue
        model.details = EventDetails.encode(event.details)
        return model
    }
}

/// Event details are stored as a JSON object of strings, keys sorted so the text is stable.
enum EventDetails {
    static func encode(_ details: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Encoding a dictionary of strings cannot fail.
        return (try? encoder.encode(details)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decode(_ text: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }
}
