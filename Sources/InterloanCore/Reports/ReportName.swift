/// The reports, by the names their addresses use.
public enum ReportName: String, Sendable, CaseIterable, Codable {
    case volume
    case fillRate = "fill-rate"
    case turnaround
    case netLending = "net-lending"
    case unfilledReasons = "unfilled-reasons"
    case scorecard
    case courier
    case topTitles = "top-titles"
}

extension ReportName {
    /// The tallied figures the report is made from.
    public var figures: Set<ReportTallies.Figure> {
        switch self {
        case .volume, .fillRate, .netLending: return [.outcome]
        case .turnaround: return [.leg]
        case .unfilledReasons: return [.decline]
        case .scorecard: return [.outcome, .shipping, .returns, .answer]
        case .courier: return [.courier]
        case .topTitles: return [.title]
        }
    }
}

extension ReportName {
    /// Whether the report adds every library in scope together (and so can be made for the whole consortium from
    /// `ReportTallies.forTheConsortium()`), rather than giving a row per library.
    public var mergesLibraries: Bool {
        switch self {
        case .volume, .fillRate, .turnaround, .unfilledReasons, .courier, .topTitles: return true
        case .netLending, .scorecard: return false
        }
    }
}
