import Foundation

/// What every report is made from: counts and durations summed over requests, each filed under the month the
/// request was placed, the library the figure belongs to, the request's service type, the figure and the figure's
/// own dimension (an outcome, a reason and position, a leg and group). One request's share is
/// `ReportTallies(of:context:)`; shares add up, so tallies of months and libraries can be kept apart and merged.
public struct ReportTallies: Sendable, Equatable {
    /// The figures tallied.
    public enum Figure: String, Sendable, CaseIterable {
        /// Dimension `side␟outcome`: how a request stands for its borrower and for each lender asked.
        case outcome
        /// Dimension `side␟reason␟position`: a lender's "no", for the borrower and for that lender.
        case decline
        /// Dimension `shipped` or `onTime`: a lender's shipments, and those within its response time.
        case shipping
        /// Dimension `returned` or `late`: loans the borrower shipped back, and those after their due date.
        case returns
        /// Dimension `route␟month shipped␟supplier␟days late` (0 on time): courier deliveries received.
        case courier
        /// Titles only, dimension `kind␟title in lower case`: what the borrower asked for.
        case title
        /// Duration, dimension `leg␟groupBy␟group`: each leg of the borrower's requests.
        case leg
        /// Duration: from a lender being asked to its first answer.
        case answer
        /// Duration: from placing to receipt.
        case placedToReceived
    }

    /// Where a count or a duration is filed.
    public struct Key: Hashable, Sendable {
        /// `YYYY-MM`, the month the request was placed.
        public var month: String
        /// The symbol of the library the figure belongs to.
        public var library: String
        public var serviceType: ServiceType
        public var figure: Figure
        public var dimension: String

        public init(month: String, library: String, serviceType: ServiceType, figure: Figure, dimension: String) {
            self.month = month
            self.library = library
            self.serviceType = serviceType
            self.figure = figure
            self.dimension = dimension
        }

        /// The dimension's parts.
        public var parts: [Substring] {
            self.dimension.split(separator: ReportTallies.separator, omittingEmptySubsequences: false)
        }
    }

    /// A title asked for: how often, and its spelling in the earliest request.
    public struct Title: Sendable, Equatable {
        public var requests: Int
        public var firstRequestID: Int
        public var spelling: String

        public init(requests: Int, firstRequestID: Int, spelling: String) {
            self.requests = requests
            self.firstRequestID = firstRequestID
            self.spelling = spelling
        }

        /// Both counted, spelled as the earlier request spelled it.
        func adding(_ other: Title) -> Title {
            let first = other.firstRequestID < self.firstRequestID ? other : self
            return Title(
                requests: self.requests + other.requests, firstRequestID: first.firstRequestID, spelling: first.spelling
            )
        }
    }

    /// Joins the parts of a dimension; no reason code, symbol or route contains it.
    public static let separator: Character = "\u{1F}"

    public var counts: [Key: Int] = [:]
    public var durations: [Key: DurationTally] = [:]
    /// Figure `title` (kind `title` for loans, `journal` for copies).
    public var titles: [Key: Title] = [:]

    public init() {}

    /// Adds everything `other` tallied.
    public mutating func add(_ other: ReportTallies) {
        self.counts.merge(other.counts, uniquingKeysWith: +)
        for (key, tally) in other.durations { self.durations[key, default: DurationTally()].add(tally) }
        self.titles.merge(other.titles) { $0.adding($1) }
    }

    /// The counts of `figure` for libraries and the service type in `scope`.
    func counts(_ figure: Figure, in scope: ReportScope) -> [(key: Key, count: Int)] {
        self.counts.compactMap { key, count in
            key.figure == figure && scope.includes(key.library) && scope.includes(key.serviceType) && count != 0
                ? (key, count) : nil
        }
    }

    /// The durations of `figure` for libraries and the service type in `scope`.
    func durations(_ figure: Figure, in scope: ReportScope) -> [(key: Key, tally: DurationTally)] {
        self.durations.compactMap { key, tally in
            key.figure == figure && scope.includes(key.library) && scope.includes(key.serviceType) && tally.count != 0
                ? (key, tally) : nil
        }
    }

    static func dimension(_ parts: String...) -> String {
        parts.joined(separator: String(Self.separator))
    }
}

extension ReportScope {
    public func includes(_ serviceType: ServiceType) -> Bool {
        self.serviceType.map { $0 == serviceType } ?? true
    }
}
