import Foundation

/// A bar chart drawn as SVG on the server: one group of bars per label, one bar per series, with a title and a
/// description screen readers announce, each bar's value in a tooltip, and a legend. Every text is escaped; the
/// output is well-formed XML.
struct BarChart: Sendable {
    struct Series: Sendable {
        var name: String
        var values: [Double]
    }

    var title: String
    var description: String
    var labels: [String]
    var series: [Series]
    /// Written after each value, e.g. `%` or ` days`.
    var unit = ""

    private static let height = 270.0
    private static let top = 24.0
    private static let bottom = 110.0
    /// Room for the first group's label, which slants down to the left.
    private static let left = 110.0
    private static let legendItem = 130.0
    private static let barWidth = 14.0
    private static let gap = 12.0
    private static let colours = ["#1f5f8b", "#c25b12", "#4d7c2a", "#7b3f8c"]

    /// The chart as an `<svg>` element, `id` naming its title and description for assistive technology.
    func svg(id: String) -> String {
        let groupWidth = Double(max(1, self.series.count)) * Self.barWidth + Self.gap
        let width = max(
            Self.left + Double(max(1, self.labels.count)) * groupWidth + 16,
            Self.left + Double(self.series.count) * Self.legendItem)
        let plot = Self.height - Self.top - Self.bottom
        let largest = max(self.series.flatMap(\.values).max() ?? 0, 0)
        let scale = largest > 0 ? plot / largest : 0
        let baseline = Self.height - Self.bottom
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-labelledby="\(id)-title \(id)-desc" \
            viewBox="0 0 \(Self.number(width)) \(Self.number(Self.height))" width="\(Self.number(width))" \
            height="\(Self.number(Self.height))"><title id="\(id)-title">\(Self.escaped(self.title))</title>\
            <desc id="\(id)-desc">\(Self.escaped(self.description))</desc>
            """
        out +=
            "<line x1=\"\(Self.number(Self.left))\" y1=\"\(Self.number(baseline))\" x2=\"\(Self.number(width - 8))\" "
        out += "y2=\"\(Self.number(baseline))\" stroke=\"#555\"/>"
        // The scale: the largest value, at the top of the axis.
        out += "<text x=\"\(Self.number(Self.left - 4))\" y=\"\(Self.number(Self.top + 4))\" font-size=\"11\" "
        out += "text-anchor=\"end\">\(Self.escaped(Self.value(largest, self.unit)))</text>"
        for (index, label) in self.labels.enumerated() {
            let x = Self.left + Double(index) * groupWidth
            for (position, series) in self.series.enumerated() where index < series.values.count {
                let value = series.values[index]
                let barHeight = max(0, value * scale)
                out += "<rect x=\"\(Self.number(x + Double(position) * Self.barWidth))\" "
                out += "y=\"\(Self.number(baseline - barHeight))\" width=\"\(Self.number(Self.barWidth - 2))\" "
                out += "height=\"\(Self.number(barHeight))\" fill=\"\(Self.colours[position % Self.colours.count])\">"
                out +=
                    "<title>\(Self.escaped("\(label), \(series.name): \(Self.value(value, self.unit))"))</title></rect>"
            }
            let labelX = Self.number(x + groupWidth / 2 - Self.gap / 2)
            out += "<text x=\"\(labelX)\" y=\"\(Self.number(baseline + 12))\" font-size=\"10\" text-anchor=\"end\" "
            out +=
                "transform=\"rotate(-40 \(labelX) \(Self.number(baseline + 12)))\">\(Self.escaped(String(label.prefix(24))))</text>"
        }
        for (position, series) in self.series.enumerated() {
            let x = Self.left + Double(position) * Self.legendItem
            out += "<rect x=\"\(Self.number(x))\" y=\"4\" width=\"10\" height=\"10\" "
            out += "fill=\"\(Self.colours[position % Self.colours.count])\"/>"
            out += "<text x=\"\(Self.number(x + 14))\" y=\"13\" font-size=\"11\">\(Self.escaped(series.name))</text>"
        }
        return out + "</svg>"
    }

    static func value(_ value: Double, _ unit: String) -> String {
        (value.rounded() == value ? String(Int(value)) : String(format: "%.2f", value)) + unit
    }

    private static func number(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    /// Text for XML character data and attributes.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            // Characters XML 1.0 cannot carry at all.
            case _ where character.value < 0x20 && character != "\t" && character != "\n" && character != "\r": break
            case "\u{FFFE}", "\u{FFFF}": break
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
