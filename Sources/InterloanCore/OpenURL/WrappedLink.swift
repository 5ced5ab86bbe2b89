/// Finds an OpenURL carried inside another link. Discovery layers and union catalogues pass the library's link
/// resolver address as a parameter (`url=`, `qurl=`, `targetURL=`), often behind an EZproxy sign-in
/// (`/login?url=` takes the rest of the query as written, `qurl=` takes it encoded), encoded once or twice more.
enum WrappedLink {
    static let keys: Set = ["url", "qurl", "targeturl", "target"]
    static let maximumDepth = 4

    /// The query of the innermost link (raw, still encoded) and how many wrappers were opened.
    static func innermost(_ query: String) -> (query: String, depth: Int) {
        var current = query
        var base = ""
        for depth in 0..<Self.maximumDepth {
            let pairs = QueryPairs(current.utf8[...]).pairs
            guard
                let wrapper = pairs.first(where: { Self.keys.contains($0.key.lowercased()) && Self.isLink($0.value) })
            else { return (current, depth) }
            var inner = wrapper.value
            let raw = current.utf8.dropFirst(wrapper.offset)
            if wrapper.key == "url", base.lowercased().hasSuffix("/login"), raw.starts(with: "url=".utf8) {
                inner = String(decoding: raw.dropFirst(4), as: UTF8.self)
            }
            guard let mark = inner.firstIndex(of: "?") else { return (current, depth) }
            base = String(inner[..<mark])
            current = String(inner[inner.index(after: mark)...])
        }
        return (current, Self.maximumDepth)
    }

    private static func isLink(_ value: String) -> Bool {
        let lowered = value.prefix(8).lowercased()
        return (lowered.hasPrefix("http://") || lowered.hasPrefix("https://")) && value.contains("?")
    }
}
