import InterloanCore

/// Decides every redirect whose target a client could have chosen (the sign-in's return target): only a path on
/// this site is followed, anything else becomes `/`.
///
/// A target must start with exactly one `/` and hold no `\`, no space and no control character as given (it
/// becomes a `Location` header, where a line break would start a header of the sender's choosing), and its path
/// must hold none once percent-decoded either (browsers read `/%2F%2Fhost` and `/\host` leniently, some as
/// another host). The query is not decoded: a browser sends it back as written, so `%20` there is only text.
enum RedirectTarget {
    /// Longer targets are no page of this site; an OpenURL with a whole citation fits.
    static let maximumLength = 4096

    static func sameSite(_ candidate: String?) -> String {
        guard let candidate, candidate.utf8.count <= Self.maximumLength, Self.isPlainPath(candidate) else {
            return "/"
        }
        let path = candidate.prefix { $0 != "?" && $0 != "#" }
        guard let decoded = path.removingPercentEncoding, Self.isPlainPath(decoded) else { return "/" }
        return candidate
    }

    private static func isPlainPath(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        guard scalars.first == "/" else { return false }
        if let second = scalars.dropFirst().first, second == "/" || second == "\\" { return false }
        return !scalars.contains { scalar in
            if scalar == "\\" || scalar == " " || ControlCharacters.isControl(scalar) { return true }
            return scalar.properties.isWhitespace || scalar.properties.generalCategory == .format
                || scalar.properties.generalCategory == .lineSeparator
                || scalar.properties.generalCategory == .paragraphSeparator
        }
    }
}
