/// The C0 and C1 control characters and DEL: never wanted in a name, an identifier or a path someone typed, and
/// the characters that split log lines and headers.
public enum ControlCharacters {
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Whether `text` holds any.
    public static func occur(in text: String) -> Bool {
        text.unicodeScalars.contains(where: self.isControl)
    }
}
