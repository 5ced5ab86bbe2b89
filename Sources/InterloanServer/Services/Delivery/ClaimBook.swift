import Foundation
import InterloanCore
import SQLKit
import Vapor

/// A claim as both libraries and the team see it.
struct ClaimResource: Content, Equatable {
    var id: Int
    var kind: String
    var label: String
    var lender: String
    var reportedBy: String
    var reportedByLibrary: String
    var description: String
    /// Dollars asked for a replacement.
    var replacementAmount: Double
    /// What the courier's liability covers of it, for courier shipments.
    var courierCovers: Double?
    var carrier: String
    var shippedOn: String
    var windowOpens: String?
    var windowCloses: String?
    var createdAt: String
}

/// Files and lists claims: lost, damaged, missing in transit. The borrower, the lender whose item it is and the
/// team may file and see them; a lost-in-courier claim only inside the courier's window (from two months after
/// shipping until one year), and the courier's liability is capped.
struct ClaimBook {
    enum Kind: String, CaseIterable {
        case lost
        case damaged
        case missingInTransit

        var label: String {
            switch self {
            case .lost: return "Lost"
            case .damaged: return "Damaged"
            case .missingInTransit: return "Missing in transit"
            }
        }
    }

    let request: Request
    var policy = FollowUpPolicy.standard

    /// The lender a claim on `stored` concerns: the library that shipped the item.
    static func lender(of stored: StoredRequest) -> String? {
        stored.state.shipments.first { $0.direction == .forward }?.from
    }

    func mayTouchClaims(of stored: StoredRequest, caller: Caller) -> Bool {
        caller.isTeam || caller.actor.librarySymbol == stored.state.borrower
            || caller.actor.librarySymbol == Self.lender(of: stored)
    }

    func list(_ stored: StoredRequest, caller: Caller) async throws -> [ClaimResource] {
        guard self.mayTouchClaims(of: stored, caller: caller) else {
            throw APIError.forbidden("claims are seen by the borrower, the lender whose item it is, and the team")
        }
        let records = try await self.request.reads.select().column("*").from(ClaimRecord.table)
            .where("request_id", .equal, stored.id).orderBy("id").all(reading: ClaimRecord.self)
        var claims: [ClaimResource] = []
        for record in records { claims.append(try await self.resource(record)) }
        return claims
    }

    func file(_ body: [String: JSONValue], on stored: StoredRequest, by caller: Caller) async throws -> ClaimResource {
        guard self.mayTouchClaims(of: stored, caller: caller) else {
            throw APIError.forbidden("claims are filed by the borrower, the lender whose item it is, or the team")
        }
        var errors: [FieldError] = []
        let kind = (body["kind"]?.text).flatMap(Kind.init(rawValue:))
        if kind == nil {
            errors.append(
                FieldError(field: "kind", message: "one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        let description = body["description"]?.text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if description.isEmpty || description.count > 1000 {
            errors.append(FieldError(field: "description", message: "required: what happened, up to 1000 characters"))
        }
        var cents: Int?
        switch body["replacementAmount"] {
        case .number(let amount)? where amount >= 0 && amount <= 100_000: cents = Int((amount * 100).rounded())
        case .string(let text)? where DollarAmount.cents(text) != nil:
            cents = DollarAmount.cents(text)
        default: errors.append(FieldError(field: "replacementAmount", message: "a dollar amount from 0 to 100000"))
        }
        let shipment =
            kind == .missingInTransit
            ? stored.state.shipments.last : stored.state.shipments.first { $0.direction == .forward }
        let today = Day(self.request.application.clock.now())
        var window: ClosedRange<Day>?
        if let kind, shipment == nil {
            errors.append(
                FieldError(
                    field: "kind",
                    message: "nothing was shipped on this request, so it cannot be \(kind.label.lowercased())"))
        } else if let shipment, shipment.carrier == .courier {
            let claimWindow = self.policy.claimWindow(shippedOn: shipment.shippedOn)
            window = claimWindow
            if kind == .missingInTransit, !claimWindow.contains(today) {
                errors.append(
                    FieldError(
                        field: "kind",
                        message: "a lost-in-courier claim for the shipment of \(shipment.shippedOn) may be filed from "
                            + "\(claimWindow.lowerBound) until \(claimWindow.upperBound)"))
            }
        }
        guard errors.isEmpty, let kind, let cents, let shipment,
            let lender = try await self.request.application.libraryDirectory.library(
                symbol: Self.lender(of: stored) ?? shipment.from, on: self.request.fluentReads)
        else { throw APIError.invalidFields(errors) }
        var record = ClaimRecord(
            requestID: stored.id, kind: kind.rawValue, lenderID: lender.id,
            reportedByLibrary: caller.actor.librarySymbol,
            reportedByName: caller.actor.name, description: description, replacementCents: cents,
            carrier: shipment.carrier.rawValue, shippedOn: shipment.shippedOn.description,
            windowOpens: window?.lowerBound.description, windowCloses: window?.upperBound.description,
            createdAt: self.request.application.clock.now())
        let toInsert = record
        record.id = try await self.request.writes.write { database in
            try await database.insert(into: ClaimRecord.table).row(toInsert).returning("id")
                .first()?.decode(column: "id", as: Int.self)
        }
        return try await self.resource(record)
    }

    private func resource(_ record: ClaimRecord) async throws -> ClaimResource {
        let lender = try await self.request.application.libraryDirectory.library(
            id: record.lenderID, on: self.request.fluentReads)
        let amount = Double(record.replacementCents) / 100
        return ClaimResource(
            id: record.id ?? 0, kind: record.kind, label: Kind(rawValue: record.kind)?.label ?? record.kind,
            lender: lender?.symbol ?? "?", reportedBy: record.reportedByName,
            reportedByLibrary: record.reportedByLibrary,
            description: record.description, replacementAmount: amount,
            courierCovers: record.carrier == Carrier.courier.rawValue
                ? min(amount, Double(self.policy.courierLiabilityCap)) : nil,
            carrier: record.carrier, shippedOn: record.shippedOn, windowOpens: record.windowOpens,
            windowCloses: record.windowCloses, createdAt: Timestamp.string(record.createdAt))
    }
}

extension JSONValue {
    var text: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}

/// An amount of dollars written as a form sends it, `12` or `12.50`, from 0 to 100000; the same rule the API
/// document states as a pattern.
enum DollarAmount {
    static func cents(_ text: String) -> Int? {
        let isDigit: (Character) -> Bool = { ("0"..."9").contains($0) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), (1...6).contains(parts[0].count), parts[0].allSatisfy(isDigit),
            parts.count == 1 || ((1...2).contains(parts[1].count) && parts[1].allSatisfy(isDigit)),
            let whole = Int(parts[0])
        else { return nil }
        let fraction = parts.count == 2 ? Int(parts[1].padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0 : 0
        let cents = whole * 100 + fraction
        return cents <= 10_000_000 ? cents : nil
    }
}
