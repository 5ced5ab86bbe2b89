import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import InterloanCore
import Leaf
import SQLKit
import Vapor

/// Sets up the application for the server, every CLI command and the tests: database, migrations,
/// middleware, routes and commands. The schema is migrated when the application boots.
public func configure(_ app: Application, settings: Settings) async throws {
    switch settings.store {
    case .sqlite(let path):
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
        // Actions read and write through handles of their own, beside Fluent's pool (see SQLiteHandle).
        let file = SQLiteFile(
            path: path, eventLoop: app.eventLoopGroup.any(), logger: app.logger, synchronous: settings.sqliteSynchronous
        )
        let writer = SQLiteWriter(file, checkpointsInCommits: false)
        let readers = SQLiteReaders(file)
        app.writeBatcher = WriteBatcher(writer, executor: WriterThread.shared)
        app.sqliteReaders = readers
        app.lifecycle.use(ServingLock(databasePath: path))
        app.lifecycle.use(
            SQLiteHandlesLifecycle(writer: writer, readers: readers, checkpointer: SQLiteCheckpointer(file)))
    case .postgres(let url):
        let loops = max(1, app.eventLoopGroup.makeIterator().reduce(0) { count, _ in count + 1 })
        let perLoop = max(1, settings.postgresConnections / loops)
        app.databases.use(try .postgres(url: url, maxConnectionsPerEventLoop: perLoop), as: .psql)
        // A quarter of the connections for write batches leaves the rest to reads; savepoints would cost each
        // write two more round trips (see BENCHMARKS.md).
        app.writeBatcher = WriteBatcher(
            FluentTransactions { app.db }, lanes: max(1, perLoop * loops / 4), usesSavepoints: false)
    }
    app.libraryDirectory = LibraryDirectory()
    app.courierCalendar = CourierCalendar()
    app.lendingStatistics = LendingStatistics()
    app.holdingFilters = HoldingFilterCache()
    app.rankingPolicy = LenderRanking.Policy(targetRatio: settings.targetLoanRatio)
    app.mailSettings = settings.mail
    app.baseURL = settings.baseURL
    app.trustedProxies = settings.trustedProxies
    app.patronHeader = settings.patronHeader
    app.retention = settings.retention
    app.documentPolicy = settings.documents
    app.copyrightRules = settings.copyrightRules
    app.store = settings.store
    app.http.server.configuration.shutdownTimeout = .seconds(Int64(settings.shutdownSeconds))
    app.tokenCache = TokenCache()
    app.teamDashboard = TeamDashboard()
    app.scheduledJobsProgress = ScheduledJobsProgress()
    app.writeProbe = WriteProbe()
    app.ilsConnections = ILSConnectionCache()
    app.metricsTokenDigest = settings.metricsTokenDigest
    for migration in SchemaHistory.migrations { app.migrations.add(migration) }
    app.lifecycle.use(
        DatabasePreparation(
            sqliteSynchronous: app.sqliteReaders == nil ? nil : settings.sqliteSynchronous))

    let resources = try ResourceLocator.root()
    app.directory = DirectoryConfiguration(workingDirectory: resources.path + "/")
    app.views.use(.leaf)
    app.leaf.cache.isEnabled = true
    app.leaf.tags["path"] = PathTag()
    app.sessions.use { _ in DatabaseSessions() }
    app.browserCookieSigner = BrowserCookieSigner(secure: settings.secureCookies)
    app.sessions.configuration = SessionsConfiguration(cookieName: "interloan_session") { id in
        HTTPCookies.Value(
            string: id.string, expires: nil, maxAge: nil, domain: nil, path: "/", isSecure: settings.secureCookies,
            isHTTPOnly: true, sameSite: .lax)
    }

    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    ContentConfiguration.global.use(encoder: encoder, for: .json)
    app.routes.defaultMaxBodySize = ByteCount(value: settings.maxBodyBytes)
    app.middleware = Middlewares()
    app.middleware.use(RequestIDMiddleware())
    app.middleware.use(RouteLoggingMiddleware(logLevel: .debug))
    app.middleware.use(SecurityHeadersMiddleware(secure: settings.secureCookies))
    app.middleware.use(APIErrorMiddleware())
    try routes(app, publicDirectory: URL(fileURLWithPath: app.directory.publicDirectory))
    app.middleware.use(MethodNotAllowedMiddleware(routes: app.routes))

    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(TokenCommands(), as: "token")
    app.asyncCommands.use(UserCommands(), as: "users")
    app.asyncCommands.use(PatronCommands(), as: "patrons")
    app.asyncCommands.use(DirectoryCommands(), as: "directory")
    app.asyncCommands.use(DocsCommands(), as: "docs")
    app.asyncCommands.use(DocumentsCommands(), as: "documents")
    app.asyncCommands.use(ReportsCommands(), as: "reports")
    app.asyncCommands.use(PeerCommands(), as: "peers")
    app.asyncCommands.use(HoldingsCommands(), as: "holdings")
    app.asyncCommands.use(JobsCommands(), as: "jobs")
    app.asyncCommands.use(MailCommands(), as: "mail")
    app.asyncCommands.use(ListsCommands(), as: "lists")
    app.lifecycle.use(ServingTask.partnerOutbox())
    app.lifecycle.use(ServingTask.mailOutbox())
    app.lifecycle.use(ServingTask.ilsOutbox())
    app.lifecycle.use(ServingTask.scheduledJobs())
    app.lifecycle.use(ServingTask.reportLedger())
}

/// Brings the schema up to date when the application boots, and tunes SQLite for one writer and many readers.
struct DatabasePreparation: LifecycleHandler {
    /// The `synchronous` setting for the pool's connections; nil on PostgreSQL.
    let sqliteSynchronous: SQLiteSynchronous?

    func willBootAsync(_ app: Application) async throws {
        if let synchronous = self.sqliteSynchronous {
            // WAL lets readers run beside the writer; the setting is stored in the file.
            try await app.db.asSQL.raw("PRAGMA journal_mode=WAL").run()
            // Per connection (one per event loop), the durability the operator chose (SQLiteSynchronous).
            for eventLoop in app.eventLoopGroup.makeIterator() {
                guard let database = app.databases.database(logger: app.logger, on: eventLoop) as? any SQLDatabase
                else { continue }
                try await database.raw("PRAGMA synchronous=\(unsafeRaw: synchronous.rawValue)").run()
                // Another process on the same file (`interloan jobs run` beside `serve`) may hold the write lock
                // for a moment: wait for it rather than fail with SQLITE_BUSY.
                try await database.raw("PRAGMA busy_timeout=5000").run()
            }
        }
        try await app.autoMigrate()
        if self.sqliteSynchronous != nil {
            // SQLite plans a query from the statistics ANALYZE keeps, and without any it guesses that every index
            // narrows as well as every other: a work queue of the few requests with a call stopped at a problem
            // then read all the library's requests instead of the few calls. Analysing the tables that changed
            // much since they last were, on a bounded sample, is SQLite's advice for a long-lived connection.
            try await app.db.asSQL.raw("PRAGMA analysis_limit=1000").run()
            try await app.db.asSQL.raw("PRAGMA optimize=0x10002").run()
        }
    }
}

func routes(_ app: Application, publicDirectory: URL) throws {
    try app.register(collection: HealthController())
    try app.register(collection: ReadinessController())
    try app.register(collection: MetricsController())
    try app.register(collection: ISO18626Controller())
    try app.register(collection: StaticFiles(publicDirectory: publicDirectory))
    let api: any RoutesBuilder = app
    api.get(APIURL.openAPI) { _ in
        Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(data: OpenAPIDocument.json()))
    }
    try api.register(collection: DirectoryController())
    try api.register(collection: OpenURLController())
    try api.register(collection: AvailabilityController(authenticated: false))
    try api.grouped(BearerAuthMiddleware()).register(collection: AvailabilityController(authenticated: true))
    try api.grouped(BearerAuthMiddleware()).register(collection: LastResortController())
    try api.grouped(BearerAuthMiddleware()).register(collection: PatronsController())
    try api.grouped(BearerAuthMiddleware()).register(collection: ILSController())
    try api.grouped(BearerAuthMiddleware()).register(collection: RequestILSController())
    try api.grouped(BearerAuthMiddleware()).register(collection: DocumentsController())
    try api.grouped(BearerAuthMiddleware()).register(collection: CopyrightController())
    try api.grouped(BearerAuthMiddleware()).register(collection: ReportsController())
    try api.register(collection: CourierController(authenticated: false))
    try api.register(collection: ListsController(authenticated: false))
    try api.register(collection: SiteController(authenticated: false))
    try api.grouped(BearerAuthMiddleware()).register(collection: SiteController(authenticated: true))
    try api.grouped(BearerAuthMiddleware()).register(collection: ListsController(authenticated: true))
    try api.grouped(BearerAuthMiddleware()).register(collection: CourierController(authenticated: true))
    try api.grouped(BearerAuthMiddleware()).register(collection: RequestsController())
    try api.grouped(BearerAuthMiddleware()).register(collection: HoldingsController())
    try api.grouped(BearerAuthMiddleware()).register(collection: HoldingsUploadController())

    let web = app.grouped(app.sessions.middleware, CSRFMiddleware())
    try web.register(collection: LoginController(throttle: LoginThrottle()))
    try web.grouped(WebAuthMiddleware(required: false)).register(collection: ListPagesController())
    try web.grouped(WebAuthMiddleware(required: false)).register(collection: PublicPagesController())
    try web.grouped(WebAuthMiddleware(required: false)).register(collection: OpenURLPagesController())
    try web.grouped(WebAuthMiddleware(required: false)).register(collection: DocumentLinksController())
    try web.register(collection: PortalLoginController(throttle: LoginThrottle()))
    try web.register(collection: OutsideRequestsController(throttle: LoginThrottle()))
    try web.grouped(PatronAuthMiddleware()).register(collection: PortalController())
    try web.grouped(PatronAuthMiddleware()).register(collection: PortalAccountController())
    try app.register(collection: ListLinkActionsController())
    let signedIn = web.grouped(WebAuthMiddleware())
    for controller: any RouteCollection in [
        HomeController(), SearchController(), PlaceRequestController(), RequestPagesController(),
        DocumentPagesController(),
        QuickUpdateController(),
        SlipsController(), LibraryPagesController(), ILSSettingsController(), PatronSettingsController(),
        AvailabilityPagesController(), CopyrightPagesController(), ReportPagesController(),
        AccountController(),
        MailPagesController(), CourierPagesController(), ListManagementController(), SiteEditingController(),
    ] {
        try signedIn.register(collection: controller)
    }
}
