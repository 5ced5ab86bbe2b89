import Fluent
import InterloanCore
import SQLKit

/// A Bloom filter of each library's match keys (`KeyFilter`), written with its holdings: finding holders then
/// seeks only the libraries whose filter may hold the item. `generation` is a random number each import draws,
/// so a server instance sees that a library's filter changed by a sum over this small table. Filters are built
/// for the holdings already stored.
struct CreateHoldingFilters: AsyncMigration {
    var name: String { "014_CreateHoldingFilters" }

    func prepare(on database: any Database) async throws {
        try await database.schema(HoldingFilterRecord.table)
            .field("library_id", .int, .identifier(auto: false), .references(LibraryModel.schema, .id))
            .field("generation", .int64, .required)
            .field("filter", .data, .required)
            .create()
        let sql = database.asSQL
        // Every lookup sums the generations: from this index a few pages, from the table one page per filter.
        try await sql.create(index: "holding_filters_generation").on(HoldingFilterRecord.table).column("library_id")
            .column("generation").run()
        let libraries = try await sql.raw("SELECT DISTINCT library_id FROM holding_keys").all()
            .map { try $0.decode(column: "library_id", as: Int.self) }
        for libraryID in libraries {
            // The keys as this migration finds them, in 013's table (015 later stores them in blocks).
            let keys = try await sql.raw("SELECT match_key FROM holding_keys WHERE library_id = \(bind: libraryID)")
                .all()
                .map { try $0.decode(column: "match_key", as: String.self) }
            try await HoldingFilterRecord.write(KeyFilter(keys: keys), libraryID: libraryID, on: sql)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(HoldingFilterRecord.table).delete()
    }
}
