import Foundation
import InterloanCore
import InterloanXML
import Testing
import VaporTesting

@testable import InterloanServer

extension DatabaseTests {
    /// The report pages: a chart drawn as well-formed SVG with its title and description, the table beside it, the
    /// CSV download, and the same refusals as the API.
    @Suite struct ReportPagesTests {
        /// The `<svg>` element of a page.
        static func svg(in html: String) -> String? {
            guard let start = html.range(of: "<svg"),
                let end = html.range(of: "</svg>", range: start.upperBound..<html.endIndex)
            else { return nil }
            return String(html[start.lowerBound..<end.upperBound])
        }

        @Test func everyReportPageDrawsAWellFormedChartBesideItsTable() async throws {
            try await withTestApp { context in
                try await ReportsTests.makeYear(context)
                var team = WebClient(context)
                try await team.signIn("team@test.example.org")
                let index = try await team.get("/reports")
                #expect(index.status == .ok)
                for name in Reports.available.map(\.rawValue) {
                    #expect(index.html.contains("href=\"/reports/\(name)\""), "\(name) is listed")
                    let page = try await team.get("/reports/\(name)?\(ReportsTests.period)")
                    #expect(page.status == .ok, "\(name)")
                    let svg = try #require(Self.svg(in: page.html), "\(name) has a chart")
                    // Well-formed XML, read by the XML reader the ISO 18626 messages go through.
                    let chart = try XMLReader().parse(svg)
                    #expect(chart.name == "svg" && chart.namespace == "http://www.w3.org/2000/svg", "\(name)")
                    #expect(chart.child("title")?.text.isEmpty == false, "\(name): the chart has a title")
                    #expect(chart.child("desc")?.text.isEmpty == false, "\(name): and a description")
                    #expect(!chart.children("rect").isEmpty, "\(name): and bars")
                    #expect(page.html.contains("<table>") && page.html.contains("<caption>"), "\(name): and a table")
                    #expect(page.html.contains("format=csv"), "\(name): and a CSV download")
                }
                // A title with markup in it stays text in the chart and in the table.
                _ = try await context.place(#"{"title": "Tides & <b>Currents</b>", "lenders": ["LEN"]}"#)
                let titles = try await team.get("/reports/top-titles?from=2025-01-01&to=2026-12-31")
                #expect(titles.html.contains("Salt, Sea and Stone"))
                #expect(titles.html.contains("Tides &amp; &lt;b&gt;Currents&lt;/b&gt;"))
                #expect(!titles.html.contains("<b>Currents"))
                let svg = try #require(Self.svg(in: titles.html))
                #expect(try XMLReader().parse(svg).children("text").contains { $0.text.contains("Tides & <b>") })
                let csv = try await team.get("/reports/volume?\(ReportsTests.period)&format=csv")
                #expect(csv.status == .ok)
                #expect(csv.html.hasPrefix("month,side,serviceType,placed,filled,unfilled,cancelled,inFlight\r\n"))
            }
        }

        /// The team's home page: last month and this month to today, figure by figure, each with a small chart.
        @Test func theTeamsHomePageComparesThisMonthWithLast() async throws {
            try await withTestApp { context in
                try await ReportsTests.makeYear(context)
                let history = try await ReportsTests.stored(context)
                let today = Date(timeIntervalSince1970: 1_742_040_000)  // 2025-03-15T12:00:00Z
                context.app.clock = .fixed(today)
                var team = WebClient(context)
                try await team.signIn("team@test.example.org")
                let home = try await team.get("/")
                #expect(home.html.contains("<th scope=\"col\">2025-02</th><th scope=\"col\">2025-03 (so far)</th>"))
                func placed(_ prefix: String) -> Int {
                    history.count { Day($0.placed).description.hasPrefix(prefix) && Day($0.placed) <= Day(today) }
                }
                #expect(
                    home.html.contains(
                        "<tr><th scope=\"row\">Requests placed</th><td>\(placed("2025-02"))</td><td>\(placed("2025-03"))</td></tr>"
                    ))
                let february = history.filter { Day($0.placed).description.hasPrefix("2025-02") }
                let filled = february.count { $0.outcome == "filled" }
                let decided = filled + february.count { $0.outcome == "unfilled" }
                let rate = BarChart.value((Double(filled) / Double(decided) * 10_000).rounded() / 100, "%")
                #expect(home.html.contains("<tr><th scope=\"row\">Fill rate</th><td>\(rate)</td>"), "\(rate)")
                let charts = home.html.components(separatedBy: "<svg").count - 1
                #expect(charts == 4, "a small chart for each figure")
                var staff = WebClient(context)
                try await staff.signIn("staff@bor.example.org")
                #expect(!(try await staff.get("/").html.contains("This month and last")), "the team's only")
            }
        }

        @Test func badFiltersAreNamedAndAnotherLibrarysFiguresAreNotFound() async throws {
            try await withTestApp { context in
                var staff = WebClient(context)
                try await staff.signIn("staff@bor.example.org")
                let bad = try await staff.get("/reports/volume?from=2025-05-01&to=2025-01-01")
                #expect(bad.status == .unprocessableEntity)
                #expect(bad.html.contains("from: must not be after to."))
                #expect(try await staff.get("/reports/volume?library=LEN").status == .notFound)
                #expect(try await staff.get("/reports/popularity").status == .notFound)
                let own = try await staff.get("/reports/volume")
                #expect(own.status == .ok)
                #expect(!own.html.contains("id=\"library\""), "staff choose no library")
            }
        }
    }
}
