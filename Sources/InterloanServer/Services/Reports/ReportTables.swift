import InterloanCore

/// Each report's figures laid out as a table.
enum ReportTables {
    static func volume(_ rows: [VolumeReport.Row]) -> ReportTable {
        ReportTable(
            columns: ["month", "side", "serviceType", "placed", "filled", "unfilled", "cancelled", "inFlight"],
            rows: rows.map { row in
                [
                    .text(row.month), .text(row.side.rawValue), .text(row.serviceType.rawValue), .int(row.placed),
                    .int(row.filled), .int(row.unfilled), .int(row.cancelled), .int(row.inFlight),
                ]
            })
    }

    static func fillRate(_ rows: [FillRateReport.Row]) -> ReportTable {
        ReportTable(
            columns: ["side", "serviceType", "filled", "unfilled", "cancelled", "inFlight", "fillRate"],
            rows: rows.map { row in
                [
                    .text(row.side.rawValue), .text(row.serviceType), .int(row.filled), .int(row.unfilled),
                    .int(row.cancelled), .int(row.inFlight), .double(row.fillRate),
                ]
            })
    }

    static func turnaround(_ rows: [TurnaroundReport.Row]) -> ReportTable {
        ReportTable(
            columns: [
                "leg", "groupBy", "group", "count", "meanDays", "medianDays", "p90Days", "meanWorkingDays",
                "medianWorkingDays", "p90WorkingDays", "under48Hours", "from48To72Hours", "over72Hours",
            ],
            rows: rows.map { row in
                let summary = row.summary
                return [
                    .text(row.leg.rawValue), .text(row.groupBy), .text(row.group), .int(summary.count),
                    .double(summary.meanDays), .double(summary.medianDays), .double(summary.p90Days),
                    .double(summary.meanWorkingDays), .int(summary.medianWorkingDays), .int(summary.p90WorkingDays),
                    .int(summary.under48Hours), .int(summary.from48To72Hours), .int(summary.over72Hours),
                ]
            })
    }

    static func unfilledReasons(_ rows: [UnfilledReasonsReport.Row]) -> ReportTable {
        ReportTable(
            columns: ["side", "reason", "position", "count"],
            rows: rows.map { [.text($0.side.rawValue), .text($0.reason), .int($0.position), .int($0.count)] })
    }

    static func netLending(_ rows: [NetLendingReport.Row]) -> ReportTable {
        ReportTable(
            columns: ["library", "lent", "borrowed", "ratio", "targetRatio"],
            rows: rows.map {
                [.text($0.library), .int($0.lent), .int($0.borrowed), .double($0.ratio), .double($0.targetRatio)]
            })
    }

    static func topTitles(_ rows: [TopTitlesReport.Row]) -> ReportTable {
        ReportTable(
            columns: ["kind", "title", "requests"],
            rows: rows.map { [.text($0.kind), .text($0.title), .int($0.requests)] })
    }

    static func scorecard(_ rows: [ScorecardReport.Row]) -> ReportTable {
        ReportTable(
            columns: [
                "library", "asked", "answered", "medianAnswerDays", "filled", "unfilled", "fillRate", "shipped",
                "shippedOnTime", "returnedAsBorrower", "returnedLate",
            ],
            rows: rows.map { row in
                [
                    .text(row.library), .int(row.asked), .int(row.answered), .double(row.medianAnswerDays),
                    .int(row.filled), .int(row.unfilled), .double(row.fillRate), .int(row.shipped),
                    .int(row.shippedOnTime), .int(row.returnedAsBorrower), .int(row.returnedLate),
                ]
            })
    }

    static func courier(_ rows: [CourierReport.Row]) -> ReportTable {
        ReportTable(
            columns: [
                "route", "month", "delivered", "onTime", "late1Day", "late2Days", "late3OrMoreDays", "meanDaysLate",
            ],
            rows: rows.map { row in
                [
                    .text(row.route), .text(row.month), .int(row.delivered), .int(row.onTime), .int(row.late1Day),
                    .int(row.late2Days), .int(row.late3OrMoreDays), .double(row.meanDaysLate),
                ]
            })
    }
}
