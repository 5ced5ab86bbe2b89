import Fluent
import Foundation
import InterloanCore
import SQLKit
import Vapor

/// The team's edits to the courier: a route's stops and delivery days, holidays, route delays. Each edit is
/// checked whole (a 422 names every bad field) and written in one transaction; the in-memory copies of the
/// directory and calendar are refreshed after it.
struct CourierEditor {
    let request: Request

    /// Route codes as the courier prints them: ASCII letters, digits, hyphens and spaces, e.g. `WEST 2`, with
    /// spaces around them dropped (the rule `routePattern` states for the API document).
    static func routeCode(_ text: String) -> String? {
        let code = text.trimmingCharacters(in: CharacterSet(charactersIn: " ")).uppercased()
        guard !code.isEmpty, code.unicodeScalars.count <= 40,
            code.unicodeScalars.allSatisfy({
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == " " || $0 == "-")
            })
        else { return nil }
        return code
    }

    static let routePattern = "^ *[A-Za-z0-9-]([A-Za-z0-9 -]{0,38}[A-Za-z0-9-])? *$"

    /// Makes `stops` the stops of route `code`: each named library is put on the route with its delivery days;
    /// libraries on the route before and not named leave it (the courier no longer calls there).
    func setRoute(_ code: String, body: [String: JSONValue]) async throws -> CourierSchedule.Route {
        guard let route = Self.routeCode(code) else {
            throw APIError.invalidFields([
                FieldError(field: "code", message: "a route code is letters, digits and spaces, e.g. WEST 2")
            ])
        }
        guard case .array(let entries)? = body["stops"] else {
            throw APIError.invalidFields([
                FieldError(field: "stops", message: "send a list of {\"library\", \"deliveryDays\"}")
            ])
        }
        var errors: [FieldError] = []
        var stops: [(library: LibraryInfo, days: Set<Int>)] = []
        for (index, entry) in entries.enumerated() {
            let field = "stops[\(index)]"
            guard case .object(let stop) = entry else {
                errors.append(FieldError(field: field, message: "must be an object with library and deliveryDays"))
                continue
            }
            var library: LibraryInfo?
            if case .string(let symbol)? = stop["library"] {
                library = try await self.request.application.libraryDirectory.library(
                    symbol: symbol.uppercased(), on: self.request.fluentReads)
                if library == nil {
                    errors.append(FieldError(field: "\(field).library", message: "\(symbol) is not in the directory"))
                } else if library?.isMember == false {
                    errors.append(
                        FieldError(
                            field: "\(field).library", message: "\(symbol) is not a member; the courier serves members")
                    )
                } else if stops.contains(where: { $0.library.symbol == library?.symbol }) {
                    errors.append(FieldError(field: "\(field).library", message: "\(symbol) is named twice"))
                }
            } else {
                errors.append(FieldError(field: "\(field).library", message: "required: the library's symbol"))
            }
            let (days, problem) = Self.weekdays(stop["deliveryDays"])
            if let problem { errors.append(FieldError(field: "\(field).deliveryDays", message: problem)) }
            if let library, problem == nil { stops.append((library, days)) }
        }
        guard errors.isEmpty else { throw APIError.invalidFields(errors) }
        let assignments = stops.map { (id: $0.library.id, days: CourierStop.text($0.days)) }
        try await self.request.writes.write { sql in
            try await sql.update(LibraryModel.schema).set("courier_route", to: SQLLiteral.null)
                .set("delivery_days", to: SQLLiteral.null).where("courier_route", .equal, route).run()
            for assignment in assignments {
                try await sql.update(LibraryModel.schema).set("courier_route", to: route)
                    .set("delivery_days", to: assignment.days).where("id", .equal, assignment.id).run()
            }
        }
        await self.request.application.libraryDirectory.invalidate()
        return CourierSchedule.Route(
            code: route,
            stops: stops.sorted { $0.library.symbol < $1.library.symbol }.map {
                CourierSchedule.Stop(
                    symbol: $0.library.symbol, name: $0.library.name,
                    deliveryDays: CourierStop.text($0.days).split(separator: ",").map(String.init))
            })
    }

    /// Puts one library on route `code` with `days`, keeping the route's other stops (and taking the library off
    /// any route it was on).
    func setStop(_ symbol: String, route code: String, days: [JSONValue]) async throws {
        let route = Self.routeCode(code)
        let others = try await self.request.application.libraryDirectory.all(on: self.request.fluentReads).filter {
            $0.isMember && $0.stop.route != nil && $0.stop.route == route && $0.symbol != symbol
        }
        let stops = others.map { library -> JSONValue in
            let names = CourierStop.text(library.stop.deliveryDays).split(separator: ",").map {
                JSONValue.string(String($0))
            }
            return .object(["library": .string(library.symbol), "deliveryDays": .array(names)])
        }
        _ = try await self.setRoute(
            code,
            body: ["stops": .array(stops + [.object(["library": .string(symbol), "deliveryDays": .array(days)])])])
    }

    /// Weekdays from names (`"Mon"`) or ISO numbers (1 = Monday ... 7 = Sunday), or what is wrong with them.
    static func weekdays(_ value: JSONValue?) -> (Set<Int>, String?) {
        guard case .array(let items)? = value, !items.isEmpty else {
            return ([], "required: at least one weekday, e.g. [\"Mon\", \"Thu\"] or [1, 4]")
        }
        var days: Set<Int> = []
        for item in items {
            switch item {
            case .number(let number) where number == number.rounded() && (1...7).contains(number):
                days.insert(Int(number))
            case .number(let number):
                return ([], "weekday \(number.formatted()) is out of range: 1 (Monday) to 7 (Sunday)")
            case .string(let name):
                guard let day = CourierStop.weekday(named: name), name.count >= 3 else {
                    return ([], "\(name) is not a weekday; use Mon, Tue, Wed, Thu, Fri, Sat or Sun")
                }
                days.insert(day)
            default:
                return ([], "weekdays are names like Mon or numbers 1 to 7")
            }
        }
        return (days, nil)
    }

    /// Adds or renames the holiday on `date`.
    func setHoliday(_ date: String, body: [String: JSONValue]) async throws -> CourierSchedule.Holiday {
        var errors: [FieldError] = []
        let day = Day(date)
        if day == nil { errors.append(FieldError(field: "date", message: "\(date) is not a date (YYYY-MM-DD)")) }
        let name = Self.text(body["name"])
        if name == nil {
            errors.append(
                FieldError(field: "name", message: "required: what the holiday is called, up to 100 characters"))
        }
        guard errors.isEmpty, let day, let name else { throw APIError.invalidFields(errors) }
        try await self.request.writes.write { sql in
            try await sql.delete(from: HolidayRecord.table).where("day", .equal, day.description).run()
            try await sql.insert(into: HolidayRecord.table).row(HolidayRecord(day: day.description, name: name)).run()
        }
        await self.request.application.courierCalendar.invalidate()
        return CourierSchedule.Holiday(date: day.description, name: name)
    }

    /// Removes the holiday on `date`; false when there was none.
    func removeHoliday(_ date: String) async throws -> Bool {
        guard let day = Day(date) else {
            throw APIError.invalidFields([FieldError(field: "date", message: "\(date) is not a date (YYYY-MM-DD)")])
        }
        let removed = try await self.request.writes.write { database in
            try await database.delete(from: HolidayRecord.table).where("day", .equal, day.description)
                .returning("day").all().count
        }
        await self.request.application.courierCalendar.invalidate()
        return removed > 0
    }

    /// Posts a delay on a route that has stops.
    func postDelay(_ body: [String: JSONValue], by caller: Caller) async throws -> CourierSchedule.Delay {
        var errors: [FieldError] = []
        let routes = Set(
            try await self.request.application.libraryDirectory.all(on: self.request.fluentReads).compactMap(
                \.stop.route))
        let route = body["route"]?.text.flatMap(Self.routeCode)
        if route == nil {
            errors.append(FieldError(field: "route", message: "required: a route code such as WEST 2"))
        } else if let route, !routes.contains(route) {
            errors.append(FieldError(field: "route", message: "no library is a stop on \(route)"))
        }
        let from = Self.day(body["from"], field: "from", errors: &errors)
        let until = Self.day(body["until"], field: "until", errors: &errors)
        if let from, let until, until < from {
            errors.append(FieldError(field: "until", message: "until (\(until)) is before from (\(from))"))
        }
        let message = Self.text(body["message"], limit: 500)
        if message == nil {
            errors.append(
                FieldError(field: "message", message: "required: what members should know, up to 500 characters"))
        }
        guard errors.isEmpty, let route, let from, let until, let message else { throw APIError.invalidFields(errors) }
        let record = RouteDelayRecord(
            route: route, fromDay: from.description, untilDay: until.description, message: message,
            postedAt: self.request.application.clock.now(), postedBy: caller.actor.name)
        let id = try await self.request.writes.write { database in
            try await database.insert(into: RouteDelayRecord.table).row(record).returning("id")
                .first()?.decode(column: "id", as: Int.self) ?? 0
        }
        await self.request.application.courierCalendar.invalidate()
        var stored = record
        stored.id = id
        return CourierSchedule.Delay(stored)
    }

    /// Withdraws a delay; false when there was none.
    func removeDelay(_ id: Int) async throws -> Bool {
        let removed = try await self.request.writes.write { database in
            try await database.delete(from: RouteDelayRecord.table).where("id", .equal, id)
                .returning("id").all().count
        }
        await self.request.application.courierCalendar.invalidate()
        return removed > 0
    }

    private static func text(_ value: JSONValue?, limit: Int = 100) -> String? {
        guard case .string(let text)? = value else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty || trimmed.count > limit ? nil : trimmed
    }

    private static func day(_ value: JSONValue?, field: String, errors: inout [FieldError]) -> Day? {
        guard case .string(let text)? = value, let day = Day(text) else {
            errors.append(FieldError(field: field, message: "required: a date (YYYY-MM-DD)"))
            return nil
        }
        return day
    }
}
