import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// A request as stored: its row, and the lifecycle state assembled from the row and its children.
struct StoredRequest: Sendable {
    /// The row as read; its lifecycle columns are superseded by `state`, `version` and `updatedAt`.
    let row: RequestRecord
    /// The version this state was read or written at; a write succeeds only from the current version.
    let version: Int
    let updatedAt: Date
    let state: RequestState

    var id: Int { self.row.id! }
    var number: String { RequestNumber.encode(self.id) }
}

/// Writes that belong to the same transaction as a request's change (outbox rows, a received message's
/// fingerprint), given the database and the request's id.
typealias SideWrites = @Sendable (any SQLDatabase, Int) async throws -> Void

/// Reads requests into lifecycle states and writes lifecycle outcomes back, one transaction per action.
/// Plain SQL through SQLKit with bound parameters: this is the path every action takes.
struct RequestStore: Sendable {
    let directory: LibraryDirectory
    /// Fluent's database, for the directory when it must reload; made only then.
    private let fluent: @Sendable () -> any Database
    /// Where requests are read: on SQLite the server's read handles, which answer without a thread switch.
    private let sql: any SQLDatabase

    init(database: any Database, directory: LibraryDirectory, reads: (any SQLDatabase)? = nil) {
        self.fluent = { database }
        self.directory = directory
        self.sql = reads ?? database.asSQL
    }

    init(_ request: Request) {
        self.fluent = { request.fluentReads }
        self.directory = request.application.libraryDirectory
        self.sql = request.reads
    }

    var database: any Database { self.fluent() }

    func find(_ id: Int) async throws -> StoredRequest? {
        guard let row = try await self.sql.raw("SELECT * FROM requests WHERE id = \(bind: id)").first() else {
            return nil
        }
        return try await self.hydrate([RequestRecord(row: row)]).first
    }

    /// Assembles the states of `rows` with three queries, whatever their number.
    func hydrate(_ rows: [RequestRecord]) async throws -> [StoredRequest] {
        let ids = rows.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let (attempts, shipments, renewals) = try await self.children(of: ids)
        let attemptsByRequest = Dictionary(grouping: attempts, by: \.requestID)
        let shipmentsByRequest = Dictionary(grouping: shipments, by: \.requestID)
        let renewalsByRequest = Dictionary(grouping: renewals, by: \.requestID)

        var stored: [StoredRequest] = []
        for row in rows {
            let id = row.id!
            var lenders: [LenderAttempt] = []
            for attempt in (attemptsByRequest[id] ?? []).sorted(by: { $0.position < $1.position }) {
                lenders.append(
                    LenderAttempt(
                        symbol: try await self.symbol(of: attempt.libraryID),
                        outcome: LenderAttempt.Outcome(rawValue: attempt.outcome) ?? .waiting, reason: attempt.reason,
                        note: attempt.note, askedAt: attempt.askedAt, answeredAt: attempt.answeredAt))
            }
            var journeys: [Shipment] = []
            for shipment in (shipmentsByRequest[id] ?? []).sorted(by: { $0.position < $1.position }) {
                journeys.append(
                    Shipment(
                        direction: Shipment.Direction(rawValue: shipment.direction) ?? .forward,
                        carrier: Carrier(rawValue: shipment.carrier) ?? .other, trackingNumber: shipment.trackingNumber,
                        shippedOn: Day(shipment.shippedOn)!, from: try await self.symbol(of: shipment.fromLibraryID),
                        to: try await self.symbol(of: shipment.toLibraryID)))
            }
            let currentLender = try await row.currentLenderID.asyncMap {
                try await self.directory.library(id: $0, on: self.database)
            }
            let state = RequestState(
                status: RequestStatus(rawValue: row.status) ?? .needsLender,
                serviceType: ServiceType(rawValue: row.serviceType) ?? .loan,
                borrower: try await self.symbol(of: row.borrowerID), lenders: lenders,
                currentLenderIndex: row.currentLenderPosition, dueDate: row.dueDate.flatMap(Day.init),
                shipments: journeys,
                renewals: (renewalsByRequest[id] ?? []).sorted(by: { $0.position < $1.position }).map(Self.renewal),
                lenderPolicy: currentLender?.policy ?? .standard)
            stored.append(StoredRequest(row: row, version: row.version, updatedAt: row.updatedAt, state: state))
        }
        return stored
    }

    /// Writes a new request with its lender string and first event.
    func create(
        _ record: RequestRecord, outcome: Lifecycle.Outcome, by actor: ActingParty, at now: Date,
        using writes: Writes, alsoWrite sideWrites: SideWrites? = nil
    ) async throws -> StoredRequest {
        let lenderIDs = try await self.ids(of: outcome.state.lenders.map(\.symbol))
        var row = record
        row.id = nil
        row.version = 1
        row.status = outcome.state.status.rawValue
        row.currentLenderPosition = outcome.state.currentLenderIndex
        row.currentLenderID = outcome.state.currentLenderIndex.map { lenderIDs[$0] }
        row.createdAt = now
        row.updatedAt = now
        row.followUpAt = FollowUpSweep.watches(outcome.state.status) ? now : nil
        let insert = try writes.ready(
            RowInsert.query([row], nilAsNull: false, suffix: "RETURNING id"))
        let id = try await writes.write { sql in
            guard let inserted = try await sql.rows(insert).first else { throw APIError.staleVersion }
            let id = try inserted.decode(column: "id", as: Int.self)
            // These rows name the id just assigned, so unlike the rest they are built here, in the writer's turn.
            let attempts = outcome.state.lenders.enumerated().map { position, attempt in
                Self.attemptRecord(attempt, position: position, requestID: id, libraryID: lenderIDs[position])
            }
            if !attempts.isEmpty {
                try await sql.raw(RowInsert.query(attempts, nilAsNull: true)).run()
            }
            let event = Self.eventRecord(outcome.event, requestID: id, by: actor, at: now)
            try await sql.raw(RowInsert.query([event], nilAsNull: true)).run()
            try await sideWrites?(sql, id)
            return id
        }
        row.id = id
        return StoredRequest(
            row: row, version: 1, updatedAt: now, state: try await self.withCurrentLenderPolicy(outcome.state))
    }

    /// Writes what an action changed, provided nobody changed the request since `stored` was read.
    func save(
        _ outcome: Lifecycle.Outcome, over stored: StoredRequest, by actor: ActingParty, at now: Date,
        using writes: Writes, alsoWrite sideWrites: SideWrites? = nil
    ) async throws -> StoredRequest {
        let old = stored.state
        let new = outcome.state
        let lenderIDs = try await self.ids(of: new.lenders.map(\.symbol))
        let shipmentIDs = try await self.ids(of: new.shipments.flatMap { [$0.from, $0.to] })
        let currentLenderID = new.currentLenderIndex.map { lenderIDs[$0] }
        let requestID = stored.id
        let version = stored.version
        var update: SQLQueryString = "UPDATE requests SET "
        if new.status != old.status {
            // A new status is a new situation for the follow-up rules: they look at it at their next pass.
            let followUpAt: Date? = FollowUpSweep.watches(new.status) ? now : nil
            update += "follow_up_at = \(bind: followUpAt), "
        }
        update += """
            status = \(bind: new.status.rawValue), current_lender_id = \(bind: currentLenderID), \
            current_lender_position = \(bind: new.currentLenderIndex), due_date = \(bind: new.dueDate?.description), \
            version = \(bind: version + 1), updated_at = \(bind: now) \
            WHERE id = \(bind: requestID) AND version = \(bind: version) RETURNING id
            """
        let versionedUpdate = try writes.ready(update)
        var changes = try Self.childChanges(
            from: old, to: new, requestID: requestID, lenderIDs: lenderIDs, shipmentIDs: shipmentIDs)
        let event = Self.eventRecord(outcome.event, requestID: requestID, by: actor, at: now)
        changes.append(try RowInsert.query([event], nilAsNull: true))
        let statements = try changes.map(writes.ready)
        try await writes.write { sql in
            guard !(try await sql.rows(versionedUpdate)).isEmpty else { throw APIError.staleVersion }
            for statement in statements { try await sql.run(statement) }
            try await sideWrites?(sql, requestID)
        }
        var row = stored.row
        row.version = version + 1
        row.status = new.status.rawValue
        row.currentLenderID = currentLenderID
        row.currentLenderPosition = new.currentLenderIndex
        row.dueDate = new.dueDate?.description
        row.updatedAt = now
        return StoredRequest(
            row: row, version: version + 1, updatedAt: now, state: try await self.withCurrentLenderPolicy(new))
    }

    /// The statements that bring a request's lender string, shipments and renewals from `old` to `new`.
    private static func childChanges(
        from old: RequestState, to new: RequestState, requestID: Int, lenderIDs: [Int], shipmentIDs: [Int]
    ) throws -> [SQLQueryString] {
        var changes: [SQLQueryString] = []
        // The lender string changes in place (answers) and at its end (routing); write only what changed.
        for position in new.lenders.indices
        where position < old.lenders.count && old.lenders[position] != new.lenders[position] {
            let attempt = new.lenders[position]
            changes.append(
                """
                UPDATE request_lenders SET library_id = \(bind: lenderIDs[position]), \
                outcome = \(bind: attempt.outcome.rawValue), reason = \(bind: attempt.reason), \
                note = \(bind: attempt.note), asked_at = \(bind: attempt.askedAt), \
                answered_at = \(bind: attempt.answeredAt) \
                WHERE request_id = \(bind: requestID) AND position = \(bind: position)
                """)
        }
        if new.lenders.count < old.lenders.count {
            changes.append(
                """
                DELETE FROM request_lenders WHERE request_id = \(bind: requestID) AND position >= \(bind: new.lenders.count)
                """)
        }
        if new.lenders.count > old.lenders.count {
            let records = (old.lenders.count..<new.lenders.count).map {
                Self.attemptRecord(new.lenders[$0], position: $0, requestID: requestID, libraryID: lenderIDs[$0])
            }
            changes.append(try RowInsert.query(records, nilAsNull: true))
        }
        for position in new.shipments.indices where position >= old.shipments.count {
            let shipment = new.shipments[position]
            let record = ShipmentRecord(
                requestID: requestID, position: position, direction: shipment.direction.rawValue,
                carrier: shipment.carrier.rawValue, trackingNumber: shipment.trackingNumber,
                shippedOn: shipment.shippedOn.description, fromLibraryID: shipmentIDs[2 * position],
                toLibraryID: shipmentIDs[2 * position + 1])
            changes.append(try RowInsert.query([record], nilAsNull: true))
        }
        for position in new.renewals.indices {
            let renewal = new.renewals[position]
            if position >= old.renewals.count {
                let record = Self.renewalRecord(renewal, position: position, requestID: requestID)
                changes.append(try RowInsert.query([record], nilAsNull: true))
            } else if old.renewals[position] != renewal {
                changes.append(
                    """
                    UPDATE renewals SET status = \(bind: renewal.status.rawValue), \
                    answered_on = \(bind: renewal.answeredOn?.description), \
                    new_due_date = \(bind: renewal.newDueDate?.description), note = \(bind: renewal.note) \
                    WHERE request_id = \(bind: requestID) AND position = \(bind: position)
                    """)
            }
        }
        return changes
    }

    /// The history of a request, oldest first.
    func events(of requestID: Int) async throws -> [EventRecord] {
        try await self.sql.select().column("*").from(EventRecord.table).where("request_id", .equal, requestID)
            .orderBy("at").orderBy("id").all(reading: EventRecord.self)
    }

    /// Library ids for symbols the caller has already checked exist.
    func ids(of symbols: [String]) async throws -> [Int] {
        var ids: [Int] = []
        for symbol in symbols {
            guard let library = try await self.directory.library(symbol: symbol, on: self.database) else {
                throw APIError.invalidFields([
                    FieldError(field: "lenders", message: "\(symbol) is not in the directory")
                ])
            }
            ids.append(library.id)
        }
        return ids
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

    /// The lender strings, shipments and renewals of `ids`.
    private func children(of ids: [Int]) async throws -> ([AttemptRecord], [ShipmentRecord], [RenewalRecord]) {
        let children = try RequestChildren(rows: try await self.sql.raw(RequestChildren.query(ids)).all())
        return (children.attempts, children.shipments, children.renewals)
    }

    private func symbol(of libraryID: Int) async throws -> String {
        try await self.directory.library(id: libraryID, on: self.database)?.symbol ?? "?"
    }

    private static func renewal(_ record: RenewalRecord) -> Renewal {
        Renewal(
            requestedOn: Day(record.requestedOn)!, desiredDueDate: Day(record.desiredDueDate)!,
            status: Renewal.Status(rawValue: record.status) ?? .pending,
            answeredOn: record.answeredOn.flatMap(Day.init),
            newDueDate: record.newDueDate.flatMap(Day.init), note: record.note)
    }

    static func attemptRecord(_ attempt: LenderAttempt, position: Int, requestID: Int, libraryID: Int) -> AttemptRecord
    {
        AttemptRecord(
            requestID: requestID, position: position, libraryID: libraryID, outcome: attempt.outcome.rawValue,
            reason: attempt.reason, note: attempt.note, askedAt: attempt.askedAt, answeredAt: attempt.answeredAt)
    }

    static func renewalRecord(_ renewal: Renewal, position: Int, requestID: Int) -> RenewalRecord {
        RenewalRecord(
            requestID: requestID, position: position, requestedOn: renewal.requestedOn.description,
            desiredDueDate: renewal.desiredDueDate.description, status: renewal.status.rawValue,
            answeredOn: renewal.answeredOn?.description, newDueDate: renewal.newDueDate?.description, note: renewal.note
        )
    }

    static func eventRecord(_ event: LifecycleEvent, requestID: Int, by actor: ActingParty, at now: Date) -> EventRecord
    {
        EventRecord(
            requestID: requestID, at: now, userID: actor.userID, actorName: actor.name,
            librarySymbol: actor.librarySymbol, action: event.action, fromStatus: event.from?.rawValue,
            toStatus: event.to.rawValue, details: EventDetails.encode(event.details))
    }
}

/// Event details are stored as a JSON object of strings, keys sorted so the text is stable.
enum EventDetails {
    static func encode(_ details: [String: String]) -> String {
        // Every action writes one; JSONText costs a fraction of a JSONEncoder.
        var text = JSONText(capacity: 128)
        text.raw("{")
        for (index, key) in details.keys.sorted().enumerated() {
            if index > 0 { text.raw(",") }
            text.string(key)
            text.raw(":")
            text.string(details[key]!)
        }
        text.raw("}")
        return String(decoding: text.bytes, as: UTF8.self)
    }

    static func decode(_ text: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }
}
