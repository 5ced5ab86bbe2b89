import Foundation

extension ReportTallies {
    /// One entry as stored: its key, and a count, a duration tally (as `DurationTally.encoded`) or a title.
    private struct StoredEntry: Codable {
        var month: String
        var library: String
        var serviceType: ServiceType
        var figure: String
        var dimension: String
        var count: Int?
        var tally: String?
        var firstRequestID: Int?
        var spelling: String?

        /// Short names: a request's share is kept for as long as its month is open, so every byte counts a million
        /// times over.
        enum CodingKeys: String, CodingKey {
            case month = "m"
            case library = "l"
            case serviceType = "s"
            case figure = "f"
            case dimension = "d"
            case count = "n"
            case tally = "t"
            case firstRequestID = "i"
            case spelling = "p"
        }
    }

    /// The tallies as JSON text, for keeping one request's share until its next replaces it.
    public var encoded: String {
        var entries: [StoredEntry] = []
        func entry(_ key: Key) -> StoredEntry {
            StoredEntry(
                month: key.month, library: key.library, serviceType: key.serviceType, figure: key.figure.rawValue,
                dimension: key.dimension)
        }
        for (key, count) in self.counts {
            var stored = entry(key)
            stored.count = count
            entries.append(stored)
        }
        for (key, tally) in self.durations {
            var stored = entry(key)
            stored.tally = tally.encoded
            entries.append(stored)
        }
        for (key, title) in self.titles {
            var stored = entry(key)
            stored.count = title.requests
            stored.firstRequestID = title.firstRequestID
            stored.spelling = title.spelling
            entries.append(stored)
        }
        let data = (try? JSONEncoder().encode(entries)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The tallies `encoded` wrote, or nil for text it did not write.
    public init?(encoded text: String) {
        guard let entries = try? JSONDecoder().decode([StoredEntry].self, from: Data(text.utf8)) else { return nil }
        self.init()
        for entry in entries {
            guard let figure = Figure(rawValue: entry.figure) else { return nil }
            let key = Key(
                month: entry.month, library: entry.library, serviceType: entry.serviceType, figure: figure,
                dimension: entry.dimension)
            if let text = entry.tally {
                guard let tally = DurationTally(encoded: text) else { return nil }
                self.durations[key] = tally
            } else if let first = entry.firstRequestID, let spelling = entry.spelling, let count = entry.count {
                self.titles[key] = Title(requests: count, firstRequestID: first, spelling: spelling)
            } else if let count = entry.count {
                self.counts[key] = count
            } else {
                return nil
            }
        }
    }
}
