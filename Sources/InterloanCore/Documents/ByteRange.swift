import Foundation

/// One range of a `Range: bytes=...` request header (RFC 9110 §14), resolved against the file's size. Only a
/// single range is served; a header asking for several, or for none that can be satisfied, is answered as the
/// RFC allows: the whole file, or 416.
public struct ByteRange: Sendable, Equatable {
    /// The first and last byte offsets, inclusive.
    public var first: Int
    public var last: Int

    public var count: Int { self.last - self.first + 1 }

    public init(first: Int, last: Int) {
        self.first = first
        self.last = last
    }

    /// How a `Range` header reads against a file of `size` bytes.
    public enum Reading: Sendable, Equatable {
        /// No header, another unit, several ranges, or a malformed one: send the whole file (200).
        case whole
        /// One satisfiable range (206).
        case partial(ByteRange)
        /// A well-formed range that lies wholly past the end (416).
        case unsatisfiable
    }

    /// Reads `header` in one pass over at most 200 bytes; numbers of more than 18 digits are malformed, so no
    /// arithmetic can overflow.
    public static func read(_ header: String?, size: Int) -> Reading {
        guard let header, header.utf8.count <= 200 else { return .whole }
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        // The unit is case-insensitive; RFC 9110 allows no whitespace around "=".
        guard trimmed.lowercased().hasPrefix("bytes=") else { return .whole }
        let spec = trimmed.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .whole }
        let start = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let end = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        func number(_ text: String) -> Int? {
            guard (1...18).contains(text.utf8.count), text.utf8.allSatisfy({ (48...57).contains($0) }) else {
                return nil
            }
            return Int(text)
        }
        if start.isEmpty {
            // A suffix: the last N bytes.
            guard let suffix = number(end) else { return .whole }
            guard suffix > 0, size > 0 else { return .unsatisfiable }
            return .partial(ByteRange(first: max(0, size - suffix), last: size - 1))
        }
        guard let first = number(start) else { return .whole }
        var last = size - 1
        if !end.isEmpty {
            guard let given = number(end), given >= first else { return .whole }
            last = min(given, size - 1)
        }
        guard first < size else { return .unsatisfiable }
        return .partial(ByteRange(first: first, last: last))
    }
}
