import Foundation
import InterloanXML

@testable import ISO18626

/// The copied reference files (schemas and partner samples) beside these tests.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: self.folder.appendingPathComponent(relativePath)))
    }

    static func text(_ relativePath: String) throws -> String {
        String(decoding: try self.bytes(relativePath), as: UTF8.self)
    }

    /// Every sample message, as `samples/<source>/<file>`.
    static func samplePaths() throws -> [String] {
        var paths: [String] = []
        for source in ["crosslink", "mod-rs"] {
            let folder = self.folder.appendingPathComponent("samples/\(source)")
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".xml") {
                paths.append("samples/\(source)/\(file)")
            }
        }
        return paths.sorted()
    }

    /// Writes an emitted message where `.ci/run` checks every one with xmllint against the official v1.2 schema.
    static func keepEmitted(_ bytes: [UInt8], name: String) throws {
        guard let folder = ProcessInfo.processInfo.environment["INTERLOAN_EMITTED_XML_DIR"] else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
    }

    /// Checks emitted bytes against the v1.2 schema with the codec's own validator; xmllint repeats it in CI.
    static func validateAsVersion1_2(_ bytes: [UInt8]) throws -> XMLNode {
        let root = try XMLReader().parse(bytes)
        let schema = SchemaVersion.v1_2.schema
        return try SchemaValidator(schema: schema, toleratedOmissions: [:])
            .validate(root, as: schema.elements["ISO18626Message"]!, path: "ISO18626Message")
    }
}
