import Foundation
import SQLKit
import Vapor

@testable import InterloanServer

/// Keeps every ISO 18626 and NCIP document the server emits in these tests where `.ci/run` validates each one with
/// xmllint against the official schema (when `INTERLOAN_EMITTED_XML_DIR` is set).
enum EmittedXML {
    static func keep(_ bytes: [UInt8], name: String) throws {
        guard let folder = ProcessInfo.processInfo.environment["INTERLOAN_EMITTED_XML_DIR"], !bytes.isEmpty else {
            return
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = URL(fileURLWithPath: folder).appendingPathComponent("\(name)-\(UUID().uuidString).xml")
        try Data(bytes).write(to: file)
    }

    /// An NCIP message the server sent, kept in the folder `.ci/run` checks against the NCIP 2.02 schema.
    static func keepNCIP(_ bytes: [UInt8]) throws {
        guard let root = ProcessInfo.processInfo.environment["INTERLOAN_EMITTED_XML_DIR"], !bytes.isEmpty else {
            return
        }
        let folder = URL(fileURLWithPath: root).appendingPathComponent("ncip")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(bytes).write(to: folder.appendingPathComponent("sent-\(UUID().uuidString).xml"))
    }

    /// Every queued or sent partner message of `app`.
    static func keepOutbox(of app: Application, name: String) async throws {
        let bodies = try await app.db.asSQL.select().column("body").from(PartnerMessageRecord.table)
            .all().map { try $0.decode(column: "body", as: String.self) }
        for body in bodies { try self.keep(Array(body.utf8), name: name) }
    }
}
