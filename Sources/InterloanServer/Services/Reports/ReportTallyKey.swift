import InterloanCore

/// How one entry of `ReportTallies` is stored as a row of `report_tallies`, and read back.
enum ReportTallyKey {
    /// The whole key as one text: its parts joined by the tallies' separator, which no part contains apart from the
    /// dimension's own, and the dimension comes last.
    static func text(_ key: ReportTallies.Key) -> String {
        let separator = String(ReportTallies.separator)
        return [key.month, key.library, key.serviceType.rawValue, key.figure.rawValue, key.dimension]
            .joined(separator: separator)
    }

    /// The row of the entry under `key` in `tallies`; nil when there is none.
    static func record(_ key: ReportTallies.Key, of tallies: ReportTallies) -> ReportTallyRecord? {
        var record = ReportTallyRecord(
            key: self.text(key), month: key.month, library: key.library, serviceType: key.serviceType.rawValue,
            figure: key.figure.rawValue, dimension: key.dimension, count: 0)
        if let count = tallies.counts[key] {
            record.count = count
        } else if let tally = tallies.durations[key] {
            record.count = tally.count
            record.tally = tally.encoded
        } else if let title = tallies.titles[key] {
            record.count = title.requests
            record.firstRequestID = title.firstRequestID
            record.spelling = title.spelling
        } else {
            return nil
        }
        return record
    }

    /// Adds the entry of `record` to `tallies`; false, adding nothing, for a row written by something else.
    @discardableResult
    static func add(_ record: ReportTallyRecord, to tallies: inout ReportTallies) -> Bool {
        guard let serviceType = ServiceType(rawValue: record.serviceType),
            let figure = ReportTallies.Figure(rawValue: record.figure)
        else { return false }
        let key = ReportTallies.Key(
            month: record.month, library: record.library, serviceType: serviceType, figure: figure,
            dimension: record.dimension)
        if let text = record.tally {
            guard let tally = DurationTally(encoded: text) else { return false }
            tallies.durations[key, default: DurationTally()].add(tally)
        } else if let first = record.firstRequestID, let spelling = record.spelling {
            var entry = ReportTallies()
            entry.titles[key] = ReportTallies.Title(requests: record.count, firstRequestID: first, spelling: spelling)
            tallies.add(entry)
        } else {
            tallies.counts[key, default: 0] += record.count
        }
        return true
    }
}
