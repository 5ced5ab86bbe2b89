import InterloanServer
import Logging
import NIOCore
import NIOPosix
import Vapor

// Swift tasks then run on the event loops themselves instead of hopping to a pool of their own for every
// await; must happen before any other concurrency work.
let executorTakenOver = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
var environment = try Environment.detect()
try LoggingSystem.bootstrap(from: &environment)
let app = try await Application.make(environment)
app.logger.debug("event loops as the concurrency executor: \(executorTakenOver)")
do {
    try await configure(app, settings: try Settings.fromEnvironment())
    try await app.execute()
    try await app.asyncShutdown()
} catch {
    app.logger.critical("\(error)")
    try await app.asyncShutdown()
    exit(1)
}
