import Foundation
import NIOCore
import NIOPosix
import SQLKit
import SQLiteNIO
import Testing

@testable import InterloanServer

/// The server's own SQLite handles: prepared statements reused with new values, every value type round-tripped,
/// read handles that cannot write, and errors that say what went wrong.
@Suite struct SQLiteHandleTests {
    /// A fresh WAL file with one table, and the file's description for the handles.
    static func withFile(_ body: (SQLiteFile) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("handle-\(UUID().uuidString).sqlite")
            .path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let setup = try SQLiteHandle(path: path, readOnly: false, create: true)
        try setup.run("PRAGMA journal_mode=WAL", []) { _ in }
        try setup.run(
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, weight REAL DEFAULT 9.5, data BLOB)",
            []
        ) { _ in }
        let file = SQLiteFile(
            path: path, eventLoop: MultiThreadedEventLoopGroup.singleton.any(), logger: .init(label: "test"))
        try await body(file)
    }

    struct Item: Codable, Equatable {
        let id: Int
        let name: String
        let weight: Double?
        let data: Data?
    }

    @Test func aReusedStatementTakesEachCallsValuesAndEveryTypeComesBack() async throws {
        try await Self.withFile { file in
            let writer = SQLiteWriter(file)
            try await writer.transaction { sql in
                for (index, name) in ["première", "", "O'Brien; DROP TABLE items"].enumerated() {
                    let weight: Double? = index == 1 ? nil : Double(index) + 0.25
                    let data: Data? = index == 2 ? Data([0, 1, 255]) : nil
                    try await sql.insert(into: "items").columns("id", "name", "weight", "data")
                        .values(SQLBind(index + 1), SQLBind(name), SQLBind(weight), SQLBind(data)).run()
                }
            }
            let readers = SQLiteReaders(file)
            var found: [Item] = []
            for id in 1...3 {
                found += try await readers.sql.select().columns("*").from("items").where("id", .equal, id)
                    .all(decoding: Item.self)
            }
            #expect(
                found == [
                    Item(id: 1, name: "première", weight: 0.25, data: nil),
                    Item(id: 2, name: "", weight: nil, data: nil),
                    Item(id: 3, name: "O'Brien; DROP TABLE items", weight: 2.25, data: Data([0, 1, 255])),
                ])
        }
    }

    @Test func aReusedStatementSeesTheColumnsAMigrationAdded() async throws {
        try await Self.withFile { file in
            let handle = try file.open(readOnly: false)
            try handle.run("INSERT INTO items (name) VALUES ('first')", []) { _ in }
            func columns() throws -> [String] {
                var names: [String] = []
                try handle.run("SELECT * FROM items", []) { names = $0.columns.names }
                return names
            }
            #expect(try columns() == ["id", "name", "weight", "data"])
            // Another connection changes the table; the cached statement is prepared again and returns the new column.
            let other = try file.open(readOnly: false)
            try other.run("ALTER TABLE items ADD COLUMN shelf TEXT DEFAULT 'A1'", []) { _ in }
            #expect(try columns() == ["id", "name", "weight", "data", "shelf"])
            var shelf: SQLiteData?
            try handle.run("SELECT * FROM items", []) { shelf = $0.value("shelf") }
            #expect(shelf == .text("A1"))
            // As many columns as before, one of them renamed.
            try other.run("ALTER TABLE items RENAME COLUMN weight TO mass", []) { _ in }
            #expect(try columns() == ["id", "name", "mass", "data", "shelf"])
        }
    }

    @Test func aWritingHandleChecksReferencesAndKeepsSavepointJournalsInMemory() async throws {
        try await Self.withFile { file in
            let handle = try SQLiteHandle(path: file.path, readOnly: false)
            var settings: [String: Int] = [:]
            for pragma in ["foreign_keys", "synchronous", "temp_store"] {
                try handle.run("PRAGMA \(pragma)", []) { row in
                    if case .integer(let value) = row.values.first { settings[pragma] = value }
                }
            }
            // foreign_keys on, synchronous FULL (2) unless chosen otherwise, temp_store MEMORY (2).
            #expect(settings == ["foreign_keys": 1, "synchronous": 2, "temp_store": 2])
        }
    }

    /// One commit per item: far past the thousand log pages at which a commit checkpoints by itself.
    static func commitItems(_ ids: ClosedRange<Int>, through writer: SQLiteWriter) async throws {
        for id in ids {
            try await writer.transaction { sql in
                try await sql.raw("INSERT INTO items (id, name) VALUES (\(bind: id), \(bind: "item \(id)"))").run()
            }
        }
    }

    @Test func theServersWriterLeavesTheLogToTheBackgroundCheckpoint() async throws {
        try await Self.withFile { file in
            let writer = SQLiteWriter(file, checkpointsInCommits: false)
            try await Self.commitItems(1...1_500, through: writer)
            let checkpointer = SQLiteCheckpointer(file)
            let first = try checkpointer.checkpoint()
            #expect(first.logFrames >= 1_500)
            #expect(first.copiedFrames == first.logFrames)
            // The whole log is in the file, so the next commit starts the log afresh.
            try await writer.transaction { sql in try await sql.raw("DELETE FROM items WHERE id = 1").run() }
            #expect(try checkpointer.checkpoint().logFrames < 10)
            let readers = SQLiteReaders(file)
            let count = try await readers.sql.raw("SELECT COUNT(*) AS n FROM items").first()?.decode(
                column: "n", as: Int.self)
            #expect(count == 1_499)
            await checkpointer.stop()
        }
    }

    @Test func aLogPastTheRestartSizeIsMadeToStartOver() async throws {
        try await Self.withFile { file in
            let writer = SQLiteWriter(file, checkpointsInCommits: false)
            let checkpointer = SQLiteCheckpointer(file, restartFrames: 200)
            try await Self.commitItems(1...20, through: writer)
            let short = try checkpointer.checkpoint()
            #expect(short.logFrames < 200 && !short.restarted)
            try await Self.commitItems(101...400, through: writer)
            let long = try checkpointer.checkpoint()
            #expect(long.logFrames >= 200 && long.restarted && long.copiedFrames == long.logFrames)
            try await Self.commitItems(401...401, through: writer)
            #expect(try checkpointer.checkpoint().logFrames < 10)
            await checkpointer.stop()
        }
    }

    @Test func aCommitCheckpointsByItselfUnlessToldNotTo() async throws {
        try await Self.withFile { file in
            let writer = SQLiteWriter(file)
            try await Self.commitItems(1...1_500, through: writer)
            #expect(try SQLiteCheckpointer(file).checkpoint().logFrames < 1_000)
        }
    }

    @Test func readHandlesRefuseToWrite() async throws {
        try await Self.withFile { file in
            let readers = SQLiteReaders(file)
            await #expect(throws: SQLiteFailure.self) {
                try await readers.sql.insert(into: "items").columns("id", "name").values(SQLBind(1), SQLBind("x")).run()
            }
            let count = try await readers.sql.raw("SELECT count(*) AS n FROM items").first()?.decode(
                column: "n", as: Int.self)
            #expect(count == 0)
        }
    }

    @Test func aFailedTransactionIsRolledBackAndItsErrorNamesTheProblem() async throws {
        try await Self.withFile { file in
            let writer = SQLiteWriter(file)
            var failure: SQLiteFailure?
            do {
                try await writer.transaction { sql in
                    try await sql.insert(into: "items").columns("id", "name").values(SQLBind(1), SQLBind("a")).run()
                    try await sql.insert(into: "items").columns("id", "name").values(SQLBind(2), SQLBind("a")).run()
                }
            } catch let error as SQLiteFailure {
                failure = error
            }
            #expect(failure?.message.contains("UNIQUE constraint failed: items.name") == true)
            // The handle is usable again, and nothing of the failed transaction is there.
            try await writer.transaction { sql in
                try await sql.insert(into: "items").columns("id", "name").values(SQLBind(3), SQLBind("b")).run()
            }
            let names = try await SQLiteReaders(file).sql.select().column("name").from("items").all()
                .map { try $0.decode(column: "name", as: String.self) }
            #expect(names == ["b"])
        }
    }

    @Test func aReaderSeesACommitAtItsNextStatement() async throws {
        try await Self.withFile { file in
            let readers = SQLiteReaders(file)
            let writer = SQLiteWriter(file)
            let before = try await readers.sql.raw("SELECT count(*) AS n FROM items").first()?.decode(
                column: "n", as: Int.self)
            try await writer.transaction { sql in
                try await sql.insert(into: "items").columns("id", "name").values(SQLBind(1), SQLBind("a")).run()
            }
            let after = try await readers.sql.raw("SELECT count(*) AS n FROM items").first()?.decode(
                column: "n", as: Int.self)
            #expect(before == 0)
            #expect(after == 1)
        }
    }

    struct NewItem: StoredRow {
        static let table = "items"
        static let columns: [Column<Self>] = [.text("name", \.name), .int("weight", \.weight)]
        static var unread: Self { Self(name: "", weight: nil) }

        var name: String
        var weight: Int?
    }

    @Test func rowInsertsLeaveAbsentValuesToTheDefaultOrWriteNullAndRefuseMixedColumns() async throws {
        try await Self.withFile { file in
            let writer = SQLiteWriter(file)
            try await writer.transaction { sql in
                let defaulted = try RowInsert.query(
                    [NewItem(name: "a", weight: nil)], nilAsNull: false, suffix: "RETURNING id")
                #expect(try await sql.raw(defaulted).first()?.decode(column: "id", as: Int.self) == 1)
                let rows = [NewItem(name: "b", weight: nil), NewItem(name: "c", weight: 1)]
                try await sql.raw(RowInsert.query(rows, nilAsNull: true)).run()
                #expect(throws: RowInsertError.self) { try RowInsert.query(rows, nilAsNull: false) }
            }
            let weights = try await SQLiteReaders(file).sql.raw("SELECT name, weight FROM items ORDER BY name").all()
                .map {
                    "\(try $0.decode(column: "name", as: String.self))=\(try $0.decode(column: "weight", as: Double?.self) ?? -1)"
                }
            #expect(weights == ["a=9.5", "b=-1.0", "c=1.0"])
        }
    }
}
