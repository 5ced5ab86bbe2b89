import Foundation

/// The titles asked for most often by the libraries in scope: books and other loans by title, copies by the
/// journal (or book) they come from; titles compared without letter case or surrounding spaces.
public enum TopTitlesReport {
    /// How many titles of each kind are listed.
    public static let length = 25

    public struct Row: Sendable, Equatable {
        /// `title` (loans) or `journal` (copies).
        public var kind: String
        /// The spelling first seen.
        public var title: String
        public var requests: Int
    }

    public static func rows(_ tallies: ReportTallies, scope: ReportScope) -> [Row] {
        var merged: [String: ReportTallies.Title] = [:]
        for (key, title) in tallies.titles where scope.includes(key.library) && scope.includes(key.serviceType) {
            merged[key.dimension] = merged[key.dimension].map { $0.adding(title) } ?? title
        }
        var rows: [Row] = []
        for kind in ["title", "journal"] {
            let prefix = kind + String(ReportTallies.separator)
            let ranked = merged.filter { $0.key.hasPrefix(prefix) }.values
                .map { Row(kind: kind, title: $0.spelling, requests: $0.requests) }
                .sorted { ($0.requests, $1.title.lowercased()) > ($1.requests, $0.title.lowercased()) }
            rows += ranked.prefix(Self.length)
        }
        return rows
    }
}
