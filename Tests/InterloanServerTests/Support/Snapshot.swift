import Foundation
import Testing

/// Compares a rendered page with its committed snapshot under `__Snapshots__/`, after replacing the values that
/// change from run to run (CSRF tokens). A missing snapshot is written and the test fails once, so every snapshot
/// is reviewed before it is committed; `RECORD_SNAPSHOTS=1` rewrites them all.
func expectSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let normalized = text.replacingOccurrences(
        of: #"name="_csrf" value="[^"]*""#, with: #"name="_csrf" value="CSRF""#, options: .regularExpression)
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("__Snapshots__")
    let file = folder.appendingPathComponent(name)
    let recording = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    guard !recording, let expected = try? String(contentsOf: file, encoding: .utf8) else {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try normalized.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("recorded snapshot \(name); review and commit it", sourceLocation: sourceLocation)
        return
    }
    #expect(normalized == expected, "page differs from snapshot \(name)", sourceLocation: sourceLocation)
}
