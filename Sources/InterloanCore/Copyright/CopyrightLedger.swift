/// One borrowing library's copies counted against the guidelines: which periodical, in which calendar year, of
/// an article from which year. Pure: the server reads the entries of the library and year and records the
/// decision's entry in the request's transaction.
public enum CopyrightLedger {
    /// What identifies a periodical title: its ISSNs (print and electronic, normalised to eight characters) or,
    /// without one, its title folded to letters and digits. Two keys name the same title when they share an
    /// ISSN, or, when neither has one, their titles are equal.
    public struct TitleKey: Sendable, Equatable, Hashable {
        public var issns: Set<String>
        public var title: String?

        /// The key of a copy request's journal; nil when it has neither a plausible ISSN nor a title.
        public init?(issns: [String?], journalTitle: String?) {
            let normalised = Set(issns.compactMap { $0.flatMap(Self.issn) })
            let folded = journalTitle.map(Self.fold).flatMap { $0.isEmpty ? nil : $0 }
            guard !normalised.isEmpty || folded != nil else { return nil }
            self.issns = normalised
            self.title = folded
        }

        public func sameTitle(as other: TitleKey) -> Bool {
            if !self.issns.isEmpty || !other.issns.isEmpty {
                if !self.issns.isDisjoint(with: other.issns) { return true }
                // An entry keyed by ISSN and one without meet by title only when neither ISSN set says otherwise.
                guard self.issns.isEmpty || other.issns.isEmpty else { return false }
            }
            return self.title != nil && self.title == other.title
        }

        /// The ISSN as eight characters, digits and a final X, or nil when it is none.
        static func issn(_ text: String) -> String? {
            let compact = text.uppercased().unicodeScalars.filter { $0 != "-" && $0 != " " }
            guard compact.count == 8,
                compact.dropLast().allSatisfy({ ("0"..."9").contains($0) }),
                let last = compact.last, ("0"..."9").contains(last) || last == "X"
            else { return nil }
            return String(String.UnicodeScalarView(compact))
        }

        /// Lower-case letters and digits, words separated by one space; a leading "the" dropped.
        static func fold(_ text: String) -> String {
            var words: [String] = []
            var word = ""
            for character in text.lowercased() {
                if character.isLetter || character.isNumber {
                    word.append(character)
                } else if !word.isEmpty {
                    words.append(word)
                    word = ""
                }
            }
            if !word.isEmpty { words.append(word) }
            if words.first == "the", words.count > 1 { words.removeFirst() }
            return words.joined(separator: " ")
        }
    }

    /// A copy already counted: its title, the calendar year of its request, the year its article appeared.
    public struct Entry: Sendable, Equatable {
        public var title: TitleKey
        public var year: Int
        public var publicationYear: Int?

        public init(title: TitleKey, year: Int, publicationYear: Int?) {
            self.title = title
            self.year = year
            self.publicationYear = publicationYear
        }
    }

    /// What the guidelines say of a new copy request.
    public enum Decision: Sendable, Equatable {
        /// Not counted: the article is older than the guidelines' window, or the copy is not under the
        /// guidelines.
        case notCounted
        /// Counted, and within the limit: the copy is the `number`th of the title this year.
        case counted(number: Int)
        /// Counted, and past the limit: staff choose (pay a fee and go on under copyright law, obtain it
        /// elsewhere, or cancel). `earlier` copies of the title were counted this year already.
        case needsReview(earlier: Int)
    }

    /// The decision for a copy of an article from `title` published in `publicationYear`, requested in `year`
    /// under `compliance`, against the library's `entries`.
    public static func decide(
        title: TitleKey, publicationYear: Int?, year: Int, compliance: CopyrightCompliance, entries: [Entry],
        rules: CopyrightRules = .usContu
    ) -> Decision {
        guard compliance == .usCCG, self.isRecent(publicationYear, requestedIn: year, rules: rules) else {
            return .notCounted
        }
        let counted = entries.filter { entry in
            entry.year == year && self.isRecent(entry.publicationYear, requestedIn: year, rules: rules)
        }
        // Entries name a title by whichever of its ISSNs their request carried: one asked by print ISSN and
        // electronic ISSN together joins those asked by either, so the title grows until no entry adds an ISSN.
        var known = title
        var matched = Set<Int>()
        var grew = true
        while grew {
            grew = false
            for (index, entry) in counted.enumerated()
            where !matched.contains(index) && entry.title.sameTitle(as: known) {
                matched.insert(index)
                if !entry.title.issns.isSubset(of: known.issns) {
                    known.issns.formUnion(entry.title.issns)
                    grew = true
                }
            }
        }
        let earlier = matched.count
        return earlier < rules.copiesPerTitle ? .counted(number: earlier + 1) : .needsReview(earlier: earlier)
    }

    /// Whether an article of `publicationYear` is within the guidelines' window for a request in `year`:
    /// published `publicationYears` years before the request's year or later (an issue dated next year counts
    /// too). An article whose year is not known is counted, the cautious reading.
    public static func isRecent(_ publicationYear: Int?, requestedIn year: Int, rules: CopyrightRules) -> Bool {
        guard let publicationYear else { return true }
        return publicationYear >= year - rules.publicationYears
    }

    /// Whether an entry of calendar year `year` may be removed in `currentYear`: after the end of the
    /// `retentionYears`th full calendar year following it.
    public static func mayPurge(entryYear year: Int, currentYear: Int, rules: CopyrightRules = .usContu) -> Bool {
        currentYear > year + rules.retentionYears
    }
}
