import Foundation
import InterloanServer
import Logging
import Vapor

if CommandLine.arguments.dropFirst().first == "--version" {
    print("interloan \(InterloanVersion.current)")
    exit(0)
}
if let status = RestoreCommand.runIfAsked(CommandLine.arguments, environment: ProcessInfo.processInfo.environment) {
    exit(status)
}
var environment = try Environment.detect()
try LoggingSystem.bootstrap(from: &environment)
let app = try await Application.make(environment)
do {
    try await configure(app, settings: try Settings.fromEnvironment())
    // What `execute()` does, without its logging of the error: a failure is reported once, below.
    try await app.startup()
    try await app.running?.onStop.get()
    try await app.asyncShutdown()
} catch {
    let message = "\(error)"
    // SQLite's own messages already begin with it.
    let reason = message.hasPrefix("error: ") ? String(message.dropFirst(7)) : message
    FileHandle.standardError.write(Data("error: \(reason)\n".utf8))
    try? await app.asyncShutdown()
    exit(1)
}
