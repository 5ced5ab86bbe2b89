import Testing

@testable import InterloanCore

/// What a delivered file is, by its bytes, and which of its bytes a `Range` header asks for.
struct DocumentBytesTests {
    @Test func aFileIsOfTheTypeItsFirstBytesSay() {
        #expect(DocumentType.sniff(Array("%PDF-1.7\n".utf8)) == .pdf)
        #expect(DocumentType.sniff([0x49, 0x49, 0x2A, 0x00, 1]) == .tiff)
        #expect(DocumentType.sniff([0x4D, 0x4D, 0x00, 0x2A]) == .tiff)
        #expect(DocumentType.sniff([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(DocumentType.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == .png)
        #expect(DocumentType.sniff(Array("<html>%PDF-".utf8)) == nil)
        #expect(DocumentType.sniff([UInt8]()) == nil)
        #expect(DocumentType.sniff(Array("%PDF".utf8)) == nil, "a truncated signature is none")
        #expect(!DocumentType.pdf.matches([0xFF, 0xD8, 0xFF]), "declared PDF, sent JPEG")
    }

    @Test func theDeclaredMediaTypeIsReadWithoutItsParameters() {
        #expect(DocumentType(mediaType: "Application/PDF; charset=binary") == .pdf)
        #expect(DocumentType(mediaType: "image/png") == .png)
        #expect(DocumentType(mediaType: "application/octet-stream") == nil)
        #expect(DocumentType(mediaType: "") == nil)
    }

    @Test(
        arguments: [
            (nil, ByteRange.Reading.whole),
            ("bytes=0-99", .partial(ByteRange(first: 0, last: 99))),
            ("bytes=900-", .partial(ByteRange(first: 900, last: 999))),
            ("bytes=-100", .partial(ByteRange(first: 900, last: 999))),
            ("bytes=-5000", .partial(ByteRange(first: 0, last: 999))),
            ("bytes=990-5000", .partial(ByteRange(first: 990, last: 999))),
            (" Bytes=5-5 ", .partial(ByteRange(first: 5, last: 5))),
            ("bytes = 5-5", .whole),
            ("bytes=1000-", .unsatisfiable),
            ("bytes=-0", .unsatisfiable),
            ("bytes=5-4", .whole),
            ("bytes=0-1,5-6", .whole),
            ("items=0-1", .whole),
            ("bytes=abc-", .whole),
            ("bytes=-", .whole),
            ("bytes=99999999999999999999-", .whole),
            ("bytes=0-99999999999999999999", .whole),
            ("bytes=+1-2", .whole),
        ] as [(String?, ByteRange.Reading)])
    func aRangeHeaderIsReadAgainstTheSize(header: String?, expected: ByteRange.Reading) {
        #expect(ByteRange.read(header, size: 1000) == expected)
    }

    @Test func anEmptyFileHasNoRangeToServe() {
        #expect(ByteRange.read("bytes=0-", size: 0) == .unsatisfiable)
        #expect(ByteRange.read("bytes=-1", size: 0) == .unsatisfiable)
        #expect(ByteRange.read(String(repeating: "b", count: 201), size: 10) == .whole)
    }
}
