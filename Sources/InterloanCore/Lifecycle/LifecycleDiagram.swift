/// Renders the transition table as Markdown with a Mermaid state diagram and the table itself, the content of
/// `docs/lifecycle.md`.
public enum LifecycleDiagram {
    public static func markdown() -> String {
        var lines = [
            "# The request lifecycle",
            "",
            "Generated from `TransitionTable` by `interloan docs lifecycle`; a test fails when this file and the table",
            "disagree. Edit the table, never this file.",
            "",
            "```mermaid",
            "stateDiagram-v2",
            "    [*] --> sentToLender: place (with lenders)",
            "    [*] --> needsLender: place (no lenders)",
            "    [*] --> submitted: place (a patron's, checked first)",
            "    [*] --> copyrightReview: place (a copy past the copyright guidelines)",
        ]
        var seen = Set<String>()
        for row in TransitionTable.rows {
            for from in row.from {
                for to in row.target.possibleStatuses {
                    let line = "    \(from.rawValue) --> \(to.rawValue): \(row.action.rawValue)"
                    if seen.insert(line).inserted { lines.append(line) }
                }
            }
        }
        for status in RequestStatus.allCases where status.isFinal {
            lines.append("    \(status.rawValue) --> [*]")
        }
        lines += [
            "```",
            "",
            "| action | from | by | to | guards | records |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for row in TransitionTable.rows {
            let cells = [
                "`\(row.action.rawValue)`",
                row.from.map(\.rawValue).joined(separator: ", "),
                row.roles.sorted().map(\.rawValue).joined(separator: ", "),
                row.target.possibleStatuses.map(\.rawValue).joined(separator: " or "),
                row.guards.isEmpty ? "" : row.guards.map(\.rule).joined(separator: "; "),
                row.records,
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        lines += ["", "## Action fields", "", "| action | fields |", "| --- | --- |"]
        for action in Action.allCases {
            let fields = action.fields.map { "`\($0.name)`\($0.isRequired ? " (required)" : "")" }
            lines.append("| `\(action.rawValue)` | \(fields.joined(separator: ", ")) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
