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

    public static func rows(_ facts: [RequestFacts], scope: ReportScope) -> [Row] {
        var counts: [String: Row] = [:]
        for request in facts where scope.includes(request) && scope.includes(request.borrower) {
            let kind = request.serviceType == .loan ? "title" : "journal"
            let name = (request.serviceType == .copy ? request.journal ?? request.title : request.title)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty else { continue }
            counts["\(kind) \(name.lowercased())", default: Row(kind: kind, title: name, requests: 0)].requests += 1
        }
        var rows: [Row] = []
        for kind in ["title", "journal"] {
            let ranked = counts.values.filter { $0.kind == kind }.sorted {
                ($0.requests, $1.title.lowercased()) > ($1.requests, $0.title.lowercased())
            }
            rows += ranked.prefix(Self.length)
        }
        return rows
    }
}
