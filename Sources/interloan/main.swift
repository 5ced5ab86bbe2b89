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
let logFormat: LogFormat
do {
    logFormat = try LogFormat.fromEnvironment(ProcessInfo.processInfo.environment)
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
var environment = try Environment.detect()
// Either format goes through RedactingLogHandler: no value bound to an SQL statement is ever logged.
switch logFormat {
case .text:
    try LoggingSystem.bootstrap(from: &environment) { level in
        let console = Terminal()
        return { label in RedactingLogHandler(ConsoleLogger(label: label, console: console, level: level)) }
    }
case .json:
    try LoggingSystem.bootstrap(from: &environment) { level in
        { label in RedactingLogHandler(JSONLogHandler(label: label, level: level)) }
    }
}
let app = try await Application.make(environment)
do {
    try await configure(app, settings: try Settings.fromEnvironment())
    // What `execute()` does, without its logging of the error: a failure is reported once, below.
    try await app.startup()
    if let running = app.running {
        try await running.onStop.get()
        // Stop taking connections and let the requests in flight finish before anything they use (the databases,
        // the writer) is shut down; otherwise a request still running finds its database gone.
        let stopServing: () async -> Void = app.http.server.shared.shutdown
        await stopServing()
    }
    try await app.asyncShutdown()
} catch {
    let message = "\(error)"
    // SQLite's own messages already begin with it.
    let reason = message.hasPrefix("error: ") ? String(message.dropFirst(7)) : message
    FileHandle.standardError.write(Data("error: \(reason)\n".utf8))
    try? await app.asyncShutdown()
    exit(1)
}
