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
