/// Decides every redirect whose target a client could have chosen (the sign-in's return target): only a path on
/// this site is followed, anything else becomes `/`.
///
/// A target must start with exactly one `/` and hold no `\`, no space and no control character, both as given
/// (it becomes a `Location` header, where a line break would start a header of the sender's choosing) and once
/// percent-decoded (browsers read `/%2F%2Fhost` and `/\host` leniently, some as another host).
enum RedirectTarget {
    /// Longer targets are no page of this site.
    static let maximumLength = 2048

    static func sameSite(_ candidate: String?) -> String {
        guard let candidate, candidate.utf8.count <= Self.maximumLength, Self.isPlainPath(candidate),
            let decoded = candidate.removingPercentEncoding, Self.isPlainPath(decoded)
        else { return "/" }
        return candidate
    }

    private static func isPlainPath(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        guard scalars.first == "/" else { return false }
        if let second = scalars.dropFirst().first, second == "/" || second == "\\" { return false }
        return !scalars.contains { scalar in
            scalar == "\\" || scalar.value <= 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar.properties.isWhitespace || scalar.properties.generalCategory == .format
                || scalar.properties.generalCategory == .lineSeparator
                || scalar.properties.generalCategory == .paragraphSeparator
        }
    }
}
