/// The pairs of one OpenURL by key, read the way a form would take them: trimmed, empty values dropped, the
/// first value of a key kept, catalogue punctuation stripped from text, values too long for a field named.
struct KeyValues {
    private var values: [String: [String]] = [:]
    var problems: [String] = []

    init(_ pairs: [QueryPairs.Pair]) {
        for pair in pairs {
            let value = pair.value.trimmed
            guard !value.isEmpty else { continue }
            self.values[pair.key.lowercased(), default: []].append(value)
        }
    }

    func hasKey(_ test: (String) -> Bool) -> Bool {
        self.values.keys.contains(where: test)
    }

    /// The first value under the first of `keys` that has one, as written.
    mutating func first(_ keys: String...) -> String? {
        self.firstValue(keys).flatMap { self.bounded($0.key, $0.value) }
    }

    /// Every value under each of `keys`, in order.
    func all(_ keys: String...) -> [String] {
        keys.flatMap { self.values[$0] ?? [] }.filter { $0.count <= OpenURLNormalizer.maximumValueLength }
    }

    /// Like `first`, with the catalogue's trailing punctuation removed.
    mutating func text(_ keys: String...) -> String? {
        guard let (key, value) = self.firstValue(keys) else { return nil }
        let stripped = CatalogPunctuation.strip(value)
        return stripped.isEmpty ? nil : self.bounded(key, stripped)
    }

    private func firstValue(_ keys: [String]) -> (key: String, value: String)? {
        for key in keys {
            if let value = self.values[key]?.first { return (key, value) }
        }
        return nil
    }

    private mutating func bounded(_ key: String, _ value: String) -> String? {
        guard value.count > OpenURLNormalizer.maximumValueLength else { return value }
        self.problems.append(
            "\(key) is longer than \(OpenURLNormalizer.maximumValueLength) characters and was left out")
        return nil
    }
}
