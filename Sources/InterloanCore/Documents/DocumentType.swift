/// The kinds of file a copy may be delivered as, told by their first bytes rather than by what the sender says,
/// so a file declared as a PDF is one.
public enum DocumentType: String, Sendable, CaseIterable {
    case pdf = "application/pdf"
    case tiff = "image/tiff"
    case jpeg = "image/jpeg"
    case png = "image/png"

    /// The most leading bytes any signature needs.
    public static let signatureLength = 8

    /// The type the declared media type names (parameters and case ignored), if it is one of these.
    public init?(mediaType: String) {
        let bare = mediaType.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard let bare, let type = DocumentType(rawValue: bare) else { return nil }
        self = type
    }

    /// Whether `prefix`, the file's first bytes, carries this type's signature.
    public func matches<Bytes: Collection>(_ prefix: Bytes) -> Bool where Bytes.Element == UInt8 {
        let head = Array(prefix.prefix(Self.signatureLength))
        switch self {
        case .pdf: return head.starts(with: Array("%PDF-".utf8))
        case .tiff: return head.starts(with: [0x49, 0x49, 0x2A, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2A])
        case .jpeg: return head.starts(with: [0xFF, 0xD8, 0xFF])
        case .png: return head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        }
    }

    /// The type whose signature `prefix` carries, if any.
    public static func sniff<Bytes: Collection>(_ prefix: Bytes) -> DocumentType? where Bytes.Element == UInt8 {
        self.allCases.first { $0.matches(prefix) }
    }
}
