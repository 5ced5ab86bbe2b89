import Foundation
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// The courier schedule through the API: the team edits routes, holidays and delays, and expected arrival
    /// follows (testNow is Monday 2026-11-30; every test library starts as a Monday-Thursday stop on WEST 1).
    @Suite struct CourierTests {
        static func arrival(_ context: TestContext, _ id: String) async throws -> String? {
            let (_, body) = try await context.call(.GET, "/api/v1/requests/\(id)", as: "BOR")
            return (body as? [String: Any])?["expectedArrival"] as? String
        }

        static func shipped(_ context: TestContext) async throws -> String {
            let id = try await context.place()
            try await context.act(id, "willSupply", as: "LEN")
            try await context.act(id, "ship", as: "LEN", #"{"carrier": "courier", "dueDate": "2027-01-15"}"#)
            return id
        }

        @Test func anyoneReadsTheScheduleWithTheDomainHolidays() async throws {
            try await withTestApp { context in
                let (status, body) = try await context.call(.GET, "/api/v1/courier")
                #expect(status == .ok)
                let schedule = try #require(body as? [String: Any])
                let routes = try #require(schedule["routes"] as? [[String: Any]])
                #expect(routes.map { $0["code"] as? String } == ["WEST 1"])
                let stops = try #require(routes.first?["stops"] as? [[String: Any]])
                #expect(stops.map { $0["symbol"] as? String } == ["BOR", "LEN", "LEN2", "OTH"])
                #expect(stops.first?["deliveryDays"] as? [String] == ["Mon", "Thu"])
                let holidays = try #require(schedule["holidays"] as? [[String: Any]])
                #expect(
                    holidays.contains {
                        $0["date"] as? String == "2026-11-26" && $0["name"] as? String == "Thanksgiving Day"
                    })
                #expect(
                    holidays.contains {
                        $0["date"] as? String == "2027-12-24" && $0["name"] as? String == "Christmas Day"
                    })
                let (_, year) = try await context.call(.GET, "/api/v1/courier?year=2031")
                #expect(((year as? [String: Any])?["holidays"] as? [[String: Any]])?.count == 11)
                #expect(try await context.call(.GET, "/api/v1/courier?year=soon").status == .unprocessableEntity)
            }
        }

        @Test func theTeamMovesAStopAndExpectedArrivalFollows() async throws {
            try await withTestApp { context in
                let id = try await Self.shipped(context)
                #expect(try await Self.arrival(context, id) == "2026-12-03")
                let (status, body) = try await context.call(
                    .PUT, "/api/v1/courier/routes/east%203", as: "TEAM",
                    json:
                        #"{"stops": [{"library": "BOR", "deliveryDays": ["Wed"]}, {"library": "LEN", "deliveryDays": [1, 2]}]}"#
                )
                #expect(status == .ok, "\(String(describing: body))")
                #expect((body as? [String: Any])?["code"] as? String == "EAST 3")
                // LEN's Monday pickup now reaches BOR on its only day, Wednesday.
                #expect(try await Self.arrival(context, id) == "2026-12-02")
                let (_, schedule) = try await context.call(.GET, "/api/v1/courier")
                let codes = ((schedule as? [String: Any])?["routes"] as? [[String: Any]])?.map { $0["code"] as? String }
                #expect(codes == ["EAST 3", "WEST 1"])

                // Naming only BOR takes LEN off the route: the courier no longer calls there.
                try await context.call(
                    .PUT, "/api/v1/courier/routes/EAST%203", as: "TEAM",
                    json: #"{"stops": [{"library": "BOR", "deliveryDays": ["Wed"]}]}"#)
                let (_, after) = try await context.call(.GET, "/api/v1/courier")
                #expect((after as? [String: Any])?["unserved"] as? [String] == ["LEN"])
            }
        }

        @Test func routeEditsNameEveryBadFieldAndChangeNothing() async throws {
            try await withTestApp { context in
                let (status, body) = try await context.call(
                    .PUT, "/api/v1/courier/routes/WEST%201", as: "TEAM",
                    json:
                        #"{"stops": [{"library": "NOPE", "deliveryDays": ["Mon"]}, {"library": "LEN", "deliveryDays": [9]}, {"library": "PART", "deliveryDays": ["Funday"]}]}"#
                )
                #expect(status == .unprocessableEntity)
                let fields = ((body as? [String: Any])?["fields"] as? [[String: Any]])?.map {
                    "\($0["field"]!): \($0["message"]!)"
                }
                #expect(
                    fields == [
                        "stops[0].library: NOPE is not in the directory",
                        "stops[1].deliveryDays: weekday 9 is out of range: 1 (Monday) to 7 (Sunday)",
                        "stops[2].library: PART is not a member; the courier serves members",
                        "stops[2].deliveryDays: Funday is not a weekday; use Mon, Tue, Wed, Thu, Fri, Sat or Sun",
                    ])
                let (_, schedule) = try await context.call(.GET, "/api/v1/courier")
                let stops =
                    (((schedule as? [String: Any])?["routes"] as? [[String: Any]])?.first?["stops"] as? [[String: Any]])
                #expect(stops?.count == 4)
                #expect(
                    try await context.call(
                        .PUT, "/api/v1/courier/routes/WEST%201", as: "BOR",
                        json: #"{"stops": []}"#
                    ).status == .forbidden)
                #expect(
                    try await context.call(.PUT, "/api/v1/courier/routes/WEST%201", json: #"{"stops": []}"#).status
                        == .unauthorized)
            }
        }

        @Test func delaysAndHolidaysMoveExpectedArrival() async throws {
            try await withTestApp { context in
                let id = try await Self.shipped(context)
                let (posted, delay) = try await context.call(
                    .POST, "/api/v1/courier/delays", as: "TEAM",
                    json:
                        #"{"route": "west 1", "from": "2026-12-03", "until": "2026-12-04", "message": "Van in for repairs"}"#
                )
                #expect(posted == .created)
                let delayID = try #require((delay as? [String: Any])?["id"] as? Int)
                #expect((delay as? [String: Any])?["postedBy"] as? String == "Team desk")
                // No call on Thursday 3 December: BOR's next courier day is Monday the 7th.
                #expect(try await Self.arrival(context, id) == "2026-12-07")
                #expect(
                    try await context.call(.DELETE, "/api/v1/courier/delays/\(delayID)", as: "TEAM").status
                        == .noContent)
                #expect(try await Self.arrival(context, id) == "2026-12-03")
                #expect(
                    try await context.call(.DELETE, "/api/v1/courier/delays/\(delayID)", as: "TEAM").status == .notFound
                )

                let (backwards, explained) = try await context.call(
                    .POST, "/api/v1/courier/delays", as: "TEAM",
                    json: #"{"route": "NORTH 9", "from": "2026-12-04", "until": "2026-12-01", "message": ""}"#)
                #expect(backwards == .unprocessableEntity)
                let fields = ((explained as? [String: Any])?["fields"] as? [[String: Any]])?.compactMap {
                    $0["field"] as? String
                }
                #expect(fields == ["route", "until", "message"])

                #expect(
                    try await context.call(
                        .PUT, "/api/v1/courier/holidays/2026-12-03", as: "TEAM",
                        json: #"{"name": "Ice storm"}"#
                    ).status == .ok)
                #expect(try await Self.arrival(context, id) == "2026-12-07")
                #expect(
                    try await context.call(.DELETE, "/api/v1/courier/holidays/2026-12-03", as: "TEAM").status
                        == .noContent)
                #expect(try await Self.arrival(context, id) == "2026-12-03")
                #expect(
                    try await context.call(
                        .PUT, "/api/v1/courier/holidays/2026-13-40", as: "TEAM",
                        json: #"{"name": "Never"}"#
                    ).status == .unprocessableEntity)
                #expect(
                    try await context.call(
                        .PUT, "/api/v1/courier/holidays/2026-12-24", as: "LEN",
                        json: #"{"name": "Eve"}"#
                    ).status == .forbidden)
            }
        }
    }
}

extension DatabaseTests.CourierTests {
    @Test func theCourierPageShowsTheScheduleAndTheTeamEditsIt() async throws {
        try await withTestApp { context in
            var team = WebClient(context)
            try await team.signIn("team@test.example.org")
            let page = try await team.get("/courier")
            #expect(page.status == .ok)
            #expect(page.html.contains("Thanksgiving Day"))
            #expect(page.html.contains(#"id="post-delay""#))
            let posted = try await team.post(
                "/courier/delays",
                ["route": "WEST 1", "from": "2026-12-03", "until": "2026-12-04", "message": "Flat tire"],
                tokenFrom: "/courier")
            #expect(posted.status == .seeOther)
            let moved = try await team.post(
                "/courier/stops", ["library": "OTH", "route": "North 2", "day-Tue": "on", "day-Fri": "on"],
                tokenFrom: "/courier")
            #expect(moved.status == .seeOther)
            let after = try await team.get("/courier")
            #expect(after.html.contains("OTH is a stop on NORTH 2."))
            #expect(after.html.contains("<td>Flat tire</td>"))
            #expect(after.html.contains(#"<tr data-symbol="OTH"><td>NORTH 2</td>"#))
            #expect(after.html.contains("<td>Tue, Fri</td>"))
            let refused = try await team.post(
                "/courier/stops", ["library": "OTH", "route": "North 2"], tokenFrom: "/courier")
            #expect(refused.status == .seeOther)
            #expect(
                (try await team.get("/courier")).html.contains("Nothing was changed: stops[0].deliveryDays: required"))

            var staff = WebClient(context)
            try await staff.signIn("staff@bor.example.org")
            let read = try await staff.get("/courier")
            #expect(read.html.contains("Flat tire"))
            #expect(!read.html.contains(#"id="post-delay""#))
            #expect(
                try await staff.post("/courier/holidays", ["date": "2026-12-24", "name": "Eve"], tokenFrom: "/courier")
                    .status
                    == .forbidden)
        }
    }
}
