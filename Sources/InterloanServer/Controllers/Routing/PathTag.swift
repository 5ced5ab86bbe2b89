import Leaf

/// `#path("request", id)` in a template: the path of the `SiteURL` case of that name with the values in order, so
/// templates write no path of their own.
struct PathTag: LeafTag {
    private static let routes = Dictionary(uniqueKeysWithValues: SiteURL.all.map { ($0.name, $0) })

    /// An unknown name or the wrong number of values, which the page tests meet on the first render.
    struct Misuse: Error, CustomStringConvertible {
        let description: String
    }

    func render(_ context: LeafContext) throws -> LeafData {
        guard let name = context.parameters.first?.string, let route = Self.routes[name] else {
            throw Misuse(description: "#path names no route: \(context.parameters.first?.string ?? "nothing")")
        }
        var values = context.parameters.dropFirst().map { $0.isNil ? "" : ($0.string ?? "") }[...]
        let expected = route.segments.count { if case .parameter = $0 { true } else { false } }
        guard values.count == expected else {
            throw Misuse(description: "#path(\"\(name)\") takes \(expected) values, not \(values.count)")
        }
        let segments = route.segments.map { segment -> String in
            switch segment {
            case .word(let word): return word
            case .parameter: return SiteURL.encoded(values.popFirst() ?? "")
            }
        }
        return .string("/" + segments.joined(separator: "/"))
    }
}
