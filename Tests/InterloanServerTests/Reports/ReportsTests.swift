import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import VaporTesting

@testable import InterloanCore
@testable import InterloanServer

extension DatabaseTests {
    /// The reports over a synthetic year of activity made through the API with a fixed clock: every figure is
    /// computed again here from the raw history with plain code and compared, and CSV carries what JSON does.
    @Suite struct ReportsTests {
        static let yearStart = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01T00:00:00Z
        static let period = "from=2025-01-01&to=2025-12-31"

        /// Sixty requests through 2025, six ways: returned and checked in; filled by the second lender after the
        /// first said no; every lender said no and the team closed it; cancelled by the borrower; a copy delivered;
        /// still waiting for an answer. Durations between steps vary from 3 to 92 hours.
        static func makeYear(_ context: TestContext) async throws {
            let now = NIOLockedValueBox(Self.yearStart)
            context.app.clock = AppClock { now.withLockedValue { $0 } }
            for index in 0..<60 {
                var step = 0
                func later() {
                    step += 1
                    let hours = 3 + (index * 7 + step * 13) % 90
                    now.withLockedValue { $0 = $0.addingTimeInterval(Double(hours) * 3_600) }
                }
                now.withLockedValue {
                    $0 = Self.yearStart.addingTimeInterval(Double(index * 6) * 86_400 + Double(index % 5) * 10_800)
                }
                let borrower = index.isMultiple(of: 2) ? "BOR" : "OTH"
                let scenario = index % 6
                let title = ["Salt, Sea and Stone", "The Salt Atlas", "Tidal Records"][index % 3]
                let json =
                    scenario == 4
                    ? #"{"title": "\#(title)", "serviceType": "copy", "articleTitle": "On brine", "journalTitle": "\#(title)", "copyrightCompliance": "US-CCL", "lenders": ["LEN", "LEN2"]}"#
                    : #"{"title": "\#(title)", "lenders": ["LEN", "LEN2"]}"#
                let (status, body) = try await context.call(.POST, "/api/v1/requests", as: borrower, json: json)
                #expect(status == .created)
                let id = try #require((body as? [String: Any])?["id"] as? String)
                // Due one to five days after shipping: some loans go back late, most not.
                func ship() -> String {
                    let due = Day(now.withLockedValue { $0 }).adding(days: 1 + index % 5)
                    return #"{"carrier": "\#(index % 4 == 0 ? "usps" : "courier")", "dueDate": "\#(due)"}"#
                }
                switch scenario {
                case 0:
                    for (action, party, body) in [
                        ("willSupply", "LEN", "{}"), ("ship", "LEN", "SHIP"), ("receive", borrower, "{}"),
                        ("returnShip", borrower, #"{"carrier": "courier"}"#), ("checkIn", "LEN", "{}"),
                    ] {
                        later()
                        try await context.act(id, action, as: party, body == "SHIP" ? ship() : body)
                    }
                case 1:
                    for (action, party, body) in [
                        ("unfilled", "LEN", #"{"reason": "NotOnShelf"}"#), ("willSupply", "LEN2", "{}"),
                        ("ship", "LEN2", "SHIP"), ("receive", borrower, "{}"),
                    ] {
                        later()
                        try await context.act(id, action, as: party, body == "SHIP" ? ship() : body)
                    }
                case 2:
                    for (action, party, body) in [
                        ("unfilled", "LEN", #"{"reason": "NotHeld"}"#),
                        ("unfilled", "LEN2", #"{"reason": "OnLoan"}"#), ("cancel", "TEAM", "{}"),
                    ] {
                        later()
                        try await context.act(id, action, as: party, body == "SHIP" ? ship() : body)
                    }
                case 3:
                    later()
                    try await context.act(id, "cancel", as: borrower)
                case 4:
                    for (action, party, body) in [
                        ("willSupply", "LEN", "{}"), ("ship", "LEN", #"{"carrier": "usps"}"#),
                        ("receive", borrower, "{}"),
                    ] {
                        later()
                        try await context.act(id, action, as: party, body == "SHIP" ? ship() : body)
                    }
                default:
                    break
                }
            }
        }

        /// A request's history as stored, read with plain SQL.
        struct Stored {
            var borrower: String
            var serviceType: String
            var placed: Date
            var title: String
            var events: [(at: Date, action: String, from: String?, to: String, details: [String: String])]

            func first(_ actions: Set<String>) -> Date? {
                self.events.first { actions.contains($0.action) }?.at
            }

            var shipment: (at: Date, lender: String, carrier: String)? {
                self.events.first { $0.action == "ship" }.map {
                    ($0.at, $0.details["lender"] ?? "", $0.details["carrier"] ?? "")
                }
            }

            /// filled, unfilled, cancelled or inFlight, as docs/reports.md defines them.
            var outcome: String {
                if self.shipment != nil { return "filled" }
                let final: Set<String> = ["completed", "cancelled", "lost", "damaged"]
                guard let end = self.events.first(where: { final.contains($0.to) }) else { return "inFlight" }
                return end.from == "needsLender" ? "unfilled" : "cancelled"
            }
        }

        static func stored(_ context: TestContext) async throws -> [Stored] {
            let sql = context.app.db as! any SQLDatabase
            var requests: [Int: Stored] = [:]
            for row in try await sql.raw(
                "SELECT r.id, r.service_type, r.created_at, r.title, b.symbol FROM requests r JOIN libraries b ON b.id = r.borrower_id"
            ).all() {
                requests[try row.decode(column: "id", as: Int.self)] = Stored(
                    borrower: try row.decode(column: "symbol", as: String.self),
                    serviceType: try row.decode(column: "service_type", as: String.self),
                    placed: try row.decode(column: "created_at", as: Date.self),
                    title: try row.decode(column: "title", as: String.self), events: [])
            }
            for row in try await sql.raw(
                "SELECT request_id, at, action, from_status, to_status, details FROM request_events ORDER BY at, id"
            ).all() {
                let id = try row.decode(column: "request_id", as: Int.self)
                let details = try JSONDecoder().decode(
                    [String: String].self, from: Data(try row.decode(column: "details", as: String.self).utf8))
                requests[id]?.events.append(
                    (
                        try row.decode(column: "at", as: Date.self), try row.decode(column: "action", as: String.self),
                        try row.decode(column: "from_status", as: String?.self),
                        try row.decode(column: "to_status", as: String.self), details
                    ))
            }
            return Array(requests.values)
        }

        static func report(
            _ context: TestContext, _ name: String, _ query: String = Self.period, as party: String = "TEAM"
        )
            async throws -> [[String: Any]]
        {
            let (status, body) = try await context.call(.GET, "/api/v1/reports/\(name)?\(query)", as: party)
            #expect(status == .ok, "\(name): \(String(describing: body))")
            return (body as? [String: Any])?["rows"] as? [[String: Any]] ?? []
        }

        @Test func everyFigureMatchesThePlainRecomputationFromTheHistory() async throws {
            try await withTestApp { context in
                try await Self.makeYear(context)
                let history = try await Self.stored(context)
                #expect(history.count == 60)
                // By construction: scenarios 0, 1 and 4 filled, 2 unfilled, 3 cancelled, 5 in flight.
                #expect(
                    ["filled", "unfilled", "cancelled", "inFlight"].map { o in history.count { $0.outcome == o } } == [
                        30, 10, 10, 10,
                    ])

                // Volume and fill rate, borrowing side: each request counted once under its borrower.
                let volume = try await Self.report(context, "volume")
                for outcome in ["filled", "unfilled", "cancelled", "inFlight"] {
                    let reported = volume.filter { $0["side"] as? String == "borrowing" }
                        .reduce(0) { $0 + ($1[outcome] as? Int ?? 0) }
                    #expect(reported == history.count { $0.outcome == outcome }, "\(outcome)")
                }
                let byMonth = Dictionary(grouping: history) { String(Day($0.placed).description.prefix(7)) }
                for (month, requests) in byMonth {
                    let reported = volume.filter {
                        $0["side"] as? String == "borrowing" && $0["month"] as? String == month
                    }
                    .reduce(0) { $0 + ($1["placed"] as? Int ?? 0) }
                    #expect(reported == requests.count, "placed in \(month)")
                }
                // Lending side: LEN was asked of every request; it supplied scenarios 0 and 4.
                let asked = history.count { $0.events.contains { $0.details["nextLender"] == "LEN" } }
                let lenVolume = try await Self.report(context, "volume", Self.period + "&library=LEN")
                #expect(
                    lenVolume.filter { $0["side"] as? String == "lending" }.reduce(0) {
                        $0 + ($1["placed"] as? Int ?? 0)
                    } == asked)
                #expect(
                    lenVolume.filter { $0["side"] as? String == "lending" }.reduce(0) {
                        $0 + ($1["filled"] as? Int ?? 0)
                    }
                        == history.count { $0.shipment?.lender == "LEN" })

                let fill = try await Self.report(context, "fill-rate")
                let all = try #require(
                    fill.first { $0["side"] as? String == "borrowing" && $0["serviceType"] as? String == "all" })
                let filled = history.count { $0.outcome == "filled" }
                let unfilled = history.count { $0.outcome == "unfilled" }
                #expect(all["filled"] as? Int == filled)
                #expect(all["inFlight"] as? Int == history.count { $0.outcome == "inFlight" })
                #expect(
                    all["fillRate"] as? Double == (Double(filled) / Double(filled + unfilled) * 10_000).rounded()
                        / 10_000)

                // Turnaround: every leg's figures from the plain durations.
                let turnaround = try await Self.report(context, "turnaround")
                let legs: [(String, (Stored) -> (Date?, Date?))] = [
                    ("placedToAnswer", { ($0.placed, $0.first(["willSupply", "conditional", "unfilled"])) }),
                    (
                        "answerToShipped",
                        { request in
                            let shipped = request.shipment?.at
                            let agreed = request.events.last {
                                ["willSupply", "acceptConditions"].contains($0.action)
                                    && $0.at <= (shipped ?? .distantFuture)
                            }?.at
                            return (agreed, shipped)
                        }
                    ),
                    ("shippedToReceived", { ($0.shipment?.at, $0.first(["receive"])) }),
                    ("receivedToReturned", { ($0.first(["receive"]), $0.first(["returnShip"])) }),
                    ("returnedToCheckedIn", { ($0.first(["returnShip"]), $0.first(["checkIn"])) }),
                ]
                for (leg, ends) in legs {
                    let seconds = history.compactMap { request -> Double? in
                        let (start, end) = ends(request)
                        guard let start, let end else { return nil }
                        return end.timeIntervalSince(start)
                    }.sorted()
                    let row = try #require(
                        turnaround.first { $0["leg"] as? String == leg && $0["groupBy"] as? String == "all" })
                    #expect(row["count"] as? Int == seconds.count, "\(leg)")
                    #expect(seconds.count > 0, "the synthetic year has every leg")
                    let rank = { (percent: Double) in seconds[Int((percent * Double(seconds.count)).rounded(.up)) - 1] }
                    let days = { (value: Double) in (value / 86_400 * 100).rounded() / 100 }
                    #expect(row["medianDays"] as? Double == days(rank(0.5)), "\(leg) median")
                    #expect(row["p90Days"] as? Double == days(rank(0.9)), "\(leg) p90")
                    #expect(
                        row["meanDays"] as? Double == days(seconds.reduce(0, +) / Double(seconds.count)), "\(leg) mean")
                    #expect(row["under48Hours"] as? Int == seconds.count { $0 < 172_800 })
                    #expect(row["over72Hours"] as? Int == seconds.count { $0 > 259_200 })
                }
                var byCarrier: [[String: Any]] = []
                for row in turnaround where row["groupBy"] as? String == "carrier" { byCarrier.append(row) }
                #expect(Set(byCarrier.compactMap { $0["group"] as? String }) == ["courier", "usps"])
                #expect(
                    byCarrier.reduce(0) { $0 + ($1["count"] as? Int ?? 0) }
                        == history.count { $0.first(["receive"]) != nil })

                // Unfilled reasons with the lender's place: NotHeld and NotOnShelf first, OnLoan second.
                let reasons = try await Self.report(context, "unfilled-reasons")
                for (reason, position) in [("NotHeld", 1), ("NotOnShelf", 1), ("OnLoan", 2)] {
                    let plain = history.reduce(0) { count, request in
                        count + request.events.count { $0.action == "unfilled" && $0.details["reason"] == reason }
                    }
                    let row = reasons.first {
                        $0["side"] as? String == "borrowing" && $0["reason"] as? String == reason
                    }
                    #expect(row?["count"] as? Int == plain, "\(reason)")
                    #expect(row?["position"] as? Int == position, "\(reason)")
                }

                // Net lending: lent by supplier, borrowed by borrower, filled requests only.
                let net = try await Self.report(context, "net-lending")
                for library in ["BOR", "OTH", "LEN", "LEN2"] {
                    let row = net.first { $0["library"] as? String == library }
                    #expect(
                        (row?["lent"] as? Int ?? 0) == history.count { $0.shipment?.lender == library }, "\(library)")
                    #expect(
                        (row?["borrowed"] as? Int ?? 0)
                            == history.count { $0.borrower == library && $0.outcome == "filled" })
                }

                // Working days: the weekdays after the start's day up to the end's, less the courier holidays.
                let holidays = Set(
                    try await (context.app.db as! any SQLDatabase).raw("SELECT day FROM courier_holidays").all()
                        .map { Day(try $0.decode(column: "day", as: String.self))! })
                #expect(!holidays.isEmpty, "the calendar's holidays take part")
                func weekdays(_ start: Date, _ end: Date) -> Int {
                    var count = 0
                    var day = Day(start)
                    while day < Day(end) {
                        day = day.adding(days: 1)
                        if day.isoWeekday <= 5 && !holidays.contains(day) { count += 1 }
                    }
                    return count
                }
                for (leg, ends) in legs {
                    let working = history.compactMap { request -> Int? in
                        let (start, end) = ends(request)
                        guard let start, let end else { return nil }
                        return weekdays(start, end)
                    }.sorted()
                    let row = turnaround.first { $0["leg"] as? String == leg && $0["groupBy"] as? String == "all" }
                    #expect(row?["medianWorkingDays"] as? Int == working[(working.count + 1) / 2 - 1], "\(leg)")
                    #expect(row?["p90WorkingDays"] as? Int == working[(working.count * 9 + 9) / 10 - 1], "\(leg)")
                }

                // Scorecard: LEN's answers, fills, shipments within its 4 working days, and late returns.
                let cards = try await Self.report(context, "scorecard")
                let len = try #require(cards.first { $0["library"] as? String == "LEN" })
                let answerDays = history.compactMap { request -> Double? in
                    guard let asked = request.events.first(where: { $0.details["nextLender"] == "LEN" })?.at,
                        let answer = request.events.first(where: {
                            ["willSupply", "conditional", "unfilled"].contains($0.action)
                                && $0.details["lender"] == "LEN"
                        })?.at
                    else { return nil }
                    return answer.timeIntervalSince(asked)
                }.sorted()
                #expect(len["answered"] as? Int == answerDays.count)
                #expect(
                    len["medianAnswerDays"] as? Double == (answerDays[(answerDays.count + 1) / 2 - 1] / 86_400 * 100)
                        .rounded() / 100)
                let onTime = history.count { request in
                    guard let ship = request.shipment, ship.lender == "LEN",
                        let asked = request.events.first(where: { $0.details["nextLender"] == "LEN" })?.at
                    else { return false }
                    // On time: shipped no later than the fourth working day after the day it was asked.
                    var deadline = Day(asked)
                    var counted = 0
                    while counted < 4 {
                        deadline = deadline.adding(days: 1)
                        if deadline.isoWeekday <= 5 && !holidays.contains(deadline) { counted += 1 }
                    }
                    return Day(ship.at) <= deadline
                }
                #expect(len["shippedOnTime"] as? Int == onTime)
                for borrower in ["BOR", "OTH"] {
                    let late = history.count { request in
                        guard request.borrower == borrower, let back = request.first(["returnShip"]),
                            let due = request.events.first(where: { $0.action == "ship" })?.details["dueDate"]
                        else { return false }
                        return Day(back) > Day(due)!
                    }
                    let card = cards.first { $0["library"] as? String == borrower }
                    #expect(card?["returnedLate"] as? Int ?? 0 == late, "\(borrower)")
                    #expect(
                        card?["returnedAsBorrower"] as? Int ?? 0
                            == history.count { $0.borrower == borrower && $0.first(["returnShip"]) != nil })
                }
                #expect(cards.contains { ($0["returnedLate"] as? Int ?? 0) > 0 }, "the year has late returns")

                // Courier: every library is on WEST 1, called at on Mondays and Thursdays: picked up on the first
                // of those on or after the ship day, delivered on the next one after.
                func nextCall(onOrAfter day: Day) -> Day {
                    var day = day
                    while ![1, 4].contains(day.isoWeekday) || holidays.contains(day) { day = day.adding(days: 1) }
                    return day
                }
                var onTimeDeliveries = 0
                var lateDeliveries = 0
                for request in history {
                    guard let ship = request.shipment, ship.carrier == "courier",
                        let received = request.first(["receive"])
                    else { continue }
                    let expected = nextCall(onOrAfter: nextCall(onOrAfter: Day(ship.at)).adding(days: 1))
                    if Day(received) <= expected { onTimeDeliveries += 1 } else { lateDeliveries += 1 }
                }
                let courier = try await Self.report(context, "courier")
                #expect(courier.reduce(0) { $0 + ($1["onTime"] as? Int ?? 0) } == onTimeDeliveries)
                let reportedLate = courier.reduce(0) { total, row in
                    total + ["late1Day", "late2Days", "late3OrMoreDays"].reduce(0) { $0 + (row[$1] as? Int ?? 0) }
                }
                #expect(reportedLate == lateDeliveries)
                #expect(Set(courier.compactMap { $0["route"] as? String }) == ["WEST 1"])

                // Top titles: loans by title, case and spaces aside.
                let titles = try await Self.report(context, "top-titles")
                for title in ["Salt, Sea and Stone", "The Salt Atlas", "Tidal Records"] {
                    let row = titles.first { $0["kind"] as? String == "title" && $0["title"] as? String == title }
                    #expect(row?["requests"] as? Int == history.count { $0.serviceType == "loan" && $0.title == title })
                }
            }
        }

        /// A closed month keeps its figures when its requests move on; an open month's move with them.
        @Test func aClosedMonthDoesNotMoveWhenALateEventArrives() async throws {
            try await withTestApp { context in
                try await Self.makeYear(context)
                let january = "from=2025-01-01&to=2025-01-31"
                let march = "from=2025-03-01&to=2025-03-31"
                let now = context.app.clock.now()
                #expect(try await ReportMonths.close("2025-01", at: now, on: context.app) == 6)
                for (month, refusal) in [
                    ("2025-01", ReportMonths.Refusal.alreadyClosed("2025-01")),
                    ("2025-13", .notAMonth("2025-13")), ("2026-12", .notEnded("2026-12")),
                    ("2025-1", .notAMonth("2025-1")),
                ] {
                    await #expect(throws: refusal) { try await ReportMonths.close(month, at: now, on: context.app) }
                }
                let (_, body) = try await context.call(.GET, "/api/v1/reports/volume?\(Self.period)", as: "TEAM")
                #expect((body as? [String: Any])?["closedMonths"] as? [String] == ["2025-01"])

                var before: [String: [[String: Any]]] = [:]
                for name in Reports.available.map(\.rawValue) {
                    before[name] = try await Self.report(context, name, january)
                }
                let marchBefore = try await Self.report(context, "fill-rate", march)
                // The requests still waiting in January (index 5) and March (index 11) are now answered.
                let waiting = try await context.app.reads.raw(
                    "SELECT id FROM requests WHERE status = 'sentToLender' ORDER BY created_at"
                ).all().map { RequestNumber.encode(try $0.decode(column: "id", as: Int.self)) }
                for id in waiting.prefix(2) {
                    try await context.act(id, "unfilled", as: "LEN", #"{"reason": "NotHeld"}"#)
                }
                for name in Reports.available.map(\.rawValue) {
                    let after = try await Self.report(context, name, january)
                    #expect(
                        NSArray(array: after).isEqual(to: before[name]!), "\(name): a closed month's figures stay")
                }
                let marchAfter = try await Self.report(context, "fill-rate", march)
                #expect(!NSArray(array: marchAfter).isEqual(to: marchBefore), "an open month's figures move")
            }
        }

        /// A period's open spans skip its closed months, and the last month a date can name ends the walk.
        @Test func openSpansSkipClosedMonthsUpToTheLastDay() {
            func spans(_ from: String, _ to: String, closed: Set<String>) -> [String] {
                ReportHistory.openSpans(of: ReportPeriod(from: Day(from)!, to: Day(to)!), closed: closed)
                    .map { "\($0.0)..\($0.1)" }
            }
            #expect(
                spans("2025-01-15", "2025-04-10", closed: ["2025-02"])
                    == ["2025-01-15..2025-01-31", "2025-03-01..2025-04-10"])
            #expect(spans("9999-11-15", "9999-12-31", closed: ["9999-11"]) == ["9999-12-01..9999-12-31"])
            #expect(spans("9999-11-15", "9999-12-31", closed: []) == ["9999-11-15..9999-12-31"])
        }

        @Test func theCommandClosesAMonthAndRefusesBadOnes() throws {
            let (database, cleanUp) = BinaryRunner.temporaryDatabase("reports")
            defer { cleanUp() }
            #expect(try BinaryRunner.run(["demo"], database: database).status == 0)
            let closed = try BinaryRunner.run(["reports", "close", "--month", "2025-06"], database: database)
            #expect(closed.status == 0, "\(closed.output)")
            #expect(closed.output.contains("Closed 2025-06"))
            let again = try BinaryRunner.run(["reports", "close", "--month", "2025-06"], database: database)
            #expect(again.status != 0)
            #expect(again.output.contains("2025-06 is closed already"))
            let bad = try BinaryRunner.run(["reports", "close", "--month", "June"], database: database)
            #expect(bad.status != 0)
            #expect(bad.output.contains("June is not a month written YYYY-MM"))
        }

        @Test func csvCarriesTheSameFiguresAsJSON() async throws {
            try await withTestApp { context in
                try await Self.makeYear(context)
                for name in Reports.available.map(\.rawValue) {
                    let rows = try await Self.report(context, name)
                    var csv = ""
                    var type: String?
                    try await context.app.testing().test(
                        .GET, "/api/v1/reports/\(name)?\(Self.period)&format=csv",
                        headers: ["Authorization": "Bearer \(context.token("TEAM"))"]
                    ) { response in
                        #expect(response.status == .ok)
                        csv = response.body.string
                        type = response.headers.contentType?.serialize()
                    }
                    #expect(type?.hasPrefix("text/csv") == true)
                    var lines = CSVRows(Array(csv.utf8))
                    let headerLine = lines.next()
                    let header = try #require(headerLine).fields
                    var parsed: [[String]] = []
                    while let line = lines.next() { parsed.append(line.fields) }
                    #expect(parsed.count == rows.count, "\(name)")
                    for (fields, row) in zip(parsed, rows) {
                        for (column, field) in zip(header, fields) {
                            switch row[column] {
                            case let number as NSNumber where !(row[column] is String):
                                #expect(Double(field) == number.doubleValue, "\(name) \(column)")
                            case let text as String: #expect(field == text, "\(name) \(column)")
                            default: #expect(field.isEmpty, "\(name) \(column) is empty in both")
                            }
                        }
                    }
                    if name == "top-titles" { #expect(csv.contains("\"Salt, Sea and Stone\"")) }
                }
            }
        }

        @Test func badQueriesAreRefusedNamingTheParameterAndOtherLibrariesAreNotFound() async throws {
            try await withTestApp { context in
                func field(_ query: String, as party: String = "TEAM") async throws -> (HTTPResponseStatus, String?) {
                    let (status, body) = try await context.call(.GET, "/api/v1/reports/\(query)", as: party)
                    let fields = (body as? [String: Any])?["fields"] as? [[String: Any]]
                    return (status, fields?.first?["field"] as? String)
                }
                func refused(_ query: String, naming name: String) async throws {
                    let (status, named) = try await field(query)
                    #expect(status == .unprocessableEntity, "\(query)")
                    #expect(named == name, "\(query)")
                }
                try await refused("volume?from=2025-03-01&to=2025-02-01", naming: "from")
                try await refused("volume?from=2015-01-01&to=2025-02-01", naming: "to")
                try await refused("volume?from=2025-02-30", naming: "from")
                try await refused("volume?library=NOPE", naming: "library")
                try await refused("volume?region=R9", naming: "region")
                try await refused("volume?serviceType=film", naming: "serviceType")
                try await refused("popularity", naming: "name")
                try await refused("volume?format=xlsx", naming: "format")
                let other = try await field("volume?library=LEN", as: "BOR")
                #expect(other.0 == .notFound)
                let lastDays = try await field("turnaround?from=9999-01-01&to=9999-12-31")
                #expect(lastDays.0 == .ok, "the last dates a day can name")
                let own = try await field("volume?library=bor", as: "BOR")
                #expect(own.0 == .ok)
                #expect(try await context.call(.GET, "/api/v1/reports/volume").status == .unauthorized)
            }
        }

        @Test func aLibrarySeesOnlyItsOwnFigures() async throws {
            try await withTestApp { context in
                try await Self.makeYear(context)
                let own = try await Self.report(context, "net-lending", as: "BOR")
                #expect(own.compactMap { $0["library"] as? String } == ["BOR"])
                let team = try await Self.report(context, "net-lending", Self.period + "&region=R1")
                #expect(Set(team.compactMap { $0["library"] as? String }) == ["BOR", "OTH", "LEN", "LEN2"])
            }
        }
    }
}
