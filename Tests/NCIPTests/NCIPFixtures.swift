import Foundation

/// The copied NCIP schema and samples beside these tests.
enum NCIPFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: self.folder.appendingPathComponent(relativePath)))
    }

    /// Writes an emitted message where `.ci/run` checks every one with xmllint against the NCIP 2.02 schema.
    static func keepEmitted(_ bytes: [UInt8], name: String) throws {
        guard let root = ProcessInfo.processInfo.environment["INTERLOAN_EMITTED_XML_DIR"] else { return }
        let folder = URL(fileURLWithPath: root).appendingPathComponent("ncip")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(bytes).write(to: folder.appendingPathComponent(name))
    }
}
