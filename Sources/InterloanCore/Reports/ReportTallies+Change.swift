import Foundation

extension ReportTallies {
    /// What must be added to tallies holding `old` so that they hold `new` instead: `new` less `old`, key by key.
    /// Replacing a request's share by its next share this way keeps tallies of many requests exact without
    /// tallying the others again.
    public static func change(from old: ReportTallies, to new: ReportTallies) -> ReportTallies {
        var change = new
        change.add(old.negated())
        return change.withoutEmptyEntries()
    }

    /// Every count, duration and title request taken away instead of added.
    func negated() -> ReportTallies {
        var negated = ReportTallies()
        negated.counts = self.counts.mapValues { -$0 }
        negated.durations = self.durations.mapValues { $0.negated() }
        negated.titles = self.titles.mapValues { title in
            var title = title
            title.requests = -title.requests
            return title
        }
        return negated
    }

    /// Without the entries that came to nothing: counts of zero, durations of no leg, titles of no request.
    public func withoutEmptyEntries() -> ReportTallies {
        var kept = ReportTallies()
        kept.counts = self.counts.filter { $0.value != 0 }
        kept.durations = self.durations.compactMapValues { $0.isEmpty ? nil : $0.withoutEmptyEntries() }
        kept.titles = self.titles.filter { $0.value.requests != 0 }
        return kept
    }

    /// True when it holds nothing.
    public var isEmpty: Bool {
        self.counts.isEmpty && self.durations.isEmpty && self.titles.isEmpty
    }
}

extension DurationTally {
    /// Every leg taken away instead of added.
    func negated() -> DurationTally {
        var negated = DurationTally()
        negated.count = -self.count
        negated.totalSeconds = -self.totalSeconds
        negated.totalWorkingDays = -self.totalWorkingDays
        negated.hundredths = self.hundredths.mapValues { -$0 }
        negated.workingDays = self.workingDays.mapValues { -$0 }
        negated.under48Hours = -self.under48Hours
        negated.from48To72Hours = -self.from48To72Hours
        negated.over72Hours = -self.over72Hours
        return negated
    }

    /// True when no leg is counted (once every leg added was taken away again).
    public var isEmpty: Bool {
        self.count == 0 && self.hundredths.values.allSatisfy { $0 == 0 }
    }

    /// Without the durations no leg took any more.
    func withoutEmptyEntries() -> DurationTally {
        var kept = self
        kept.hundredths = self.hundredths.filter { $0.value != 0 }
        kept.workingDays = self.workingDays.filter { $0.value != 0 }
        return kept
    }
}

extension ReportTallies {
    /// The library every entry is filed under in `forTheConsortium()`; no library's symbol.
    public static let consortiumLibrary = "*"

    /// The same entries filed under `consortiumLibrary` instead of each library, added together, and courier
    /// deliveries without their supplier: what reports that merge every library read for the whole consortium, a
    /// thirtieth of the entries or less.
    public func forTheConsortium() -> ReportTallies {
        var merged = ReportTallies()
        func consortium(_ key: Key) -> Key {
            var key = key
            key.library = Self.consortiumLibrary
            return key
        }
        for (key, count) in self.counts {
            var key = consortium(key)
            // Courier deliveries for the whole consortium need not be told apart by supplier (a part only a
            // library's own figures filter on): without it they are a thirtieth of the entries.
            if key.figure == .courier {
                var parts = key.parts
                if parts.count == 4 { parts[2] = "" }
                key.dimension = parts.joined(separator: String(Self.separator))
            }
            merged.counts[key, default: 0] += count
        }
        for (key, tally) in self.durations { merged.durations[consortium(key), default: DurationTally()].add(tally) }
        for (key, title) in self.titles {
            let key = consortium(key)
            merged.titles[key] = merged.titles[key].map { $0.adding(title) } ?? title
        }
        return merged
    }
}
