import InterloanCore

/// The chart each report's page draws from its table: what is grouped along the axis and which figures are bars.
enum ReportCharts {
    static func chart(for name: ReportName, table: ReportTable) -> BarChart {
        let rows = table.rows.map { Dictionary(uniqueKeysWithValues: zip(table.columns, $0)) }
        func text(_ row: [String: CSVField], _ column: String) -> String {
            if case .text(let value) = row[column] ?? .empty { return value }
            return ""
        }
        func number(_ row: [String: CSVField], _ column: String) -> Double {
            if case .number(let digits) = row[column] ?? .empty { return Double(digits) ?? 0 }
            return 0
        }
        /// Sums `columns` per label over the rows `keep` keeps, labels in first-seen order.
        func summed(
            _ label: ([String: CSVField]) -> String, _ columns: [(name: String, column: String)],
            scale: Double = 1, keep: ([String: CSVField]) -> Bool = { _ in true }
        ) -> ([String], [BarChart.Series]) {
            var labels: [String] = []
            var sums: [String: [Double]] = [:]
            for row in rows where keep(row) {
                let key = label(row)
                if sums[key] == nil {
                    labels.append(key)
                    sums[key] = Array(repeating: 0, count: columns.count)
                }
                for (index, column) in columns.enumerated() { sums[key]![index] += number(row, column.column) * scale }
            }
            let series = columns.enumerated().map { index, column in
                BarChart.Series(name: column.name, values: labels.map { sums[$0]![index] })
            }
            return (labels, series)
        }
        switch name {
        case .volume:
            let (labels, series) = summed(
                { text($0, "month") }, [("Placed", "placed"), ("Filled", "filled"), ("Unfilled", "unfilled")],
                keep: { text($0, "side") == "borrowing" })
            return BarChart(
                title: "Requests placed and filled per month",
                description: "Borrowing requests placed in each month, and how many of them were filled and unfilled.",
                labels: labels, series: series)
        case .fillRate:
            let (labels, series) = summed(
                { "\(text($0, "side")) \(text($0, "serviceType"))" }, [("Fill rate", "fillRate")], scale: 100)
            return BarChart(
                title: "Fill rate by side and service type",
                description: "Filled requests as a share of filled and unfilled ones, per cent.", labels: labels,
                series: series, unit: "%")
        case .turnaround:
            let (labels, series) = summed(
                { ReportPagesController.legLabels[text($0, "leg")] ?? text($0, "leg") },
                [("Median", "medianDays"), ("90th percentile", "p90Days")],
                keep: { text($0, "groupBy") == "all" })
            return BarChart(
                title: "Days per leg of a request",
                description: "Median and 90th percentile of each leg's duration in calendar days.", labels: labels,
                series: series, unit: " days")
        case .netLending:
            let (labels, series) = summed({ text($0, "library") }, [("Lent", "lent"), ("Borrowed", "borrowed")])
            return BarChart(
                title: "Requests lent and borrowed per library",
                description: "Filled requests each library supplied, beside its own filled requests.", labels: labels,
                series: series)
        case .unfilledReasons:
            let (labels, series) = summed(
                { text($0, "reason") }, [("Times given", "count")], keep: { text($0, "side") == "borrowing" })
            return BarChart(
                title: "Reasons lenders gave for not filling",
                description: "How often each reason was given on the requests placed, all positions together.",
                labels: labels, series: series)
        case .scorecard:
            let (labels, series) = summed({ text($0, "library") }, [("Fill rate", "fillRate")], scale: 100)
            return BarChart(
                title: "Lenders' fill rate", description: "Each lender's filled requests among those it answered.",
                labels: labels, series: series, unit: "%")
        case .courier:
            let (labels, series) = summed(
                { "\(text($0, "route")) \(text($0, "month"))" },
                [
                    ("On time", "onTime"), ("1 day late", "late1Day"), ("2 days", "late2Days"),
                    ("3+ days", "late3OrMoreDays"),
                ])
            return BarChart(
                title: "Courier deliveries on time and late",
                description: "Courier deliveries per route and month shipped, against the expected arrival day.",
                labels: labels, series: series)
        case .topTitles:
            let (labels, series) = summed({ text($0, "title") }, [("Requests", "requests")])
            return BarChart(
                title: "Titles asked for most", description: "Requests per title, most asked first.",
                labels: Array(labels.prefix(10)),
                series: series.map { .init(name: $0.name, values: Array($0.values.prefix(10))) })
        }
    }
}
