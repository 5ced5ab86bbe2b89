import NCIP
import SQLKit

/// The INSERTs that queue NCIP calls, made ready before the action's write begins: on SQLite the one writer then
/// only binds and steps them, as it does the action's own rows.
enum ILSCallStatements {
    /// Queues `calls` unconditionally.
    static func enqueue(_ calls: [ILSCallRecord], writes: Writes) throws -> ReadyStatement {
        try writes.ready(RowInsert.query(calls, nilAsNull: false))
    }

    /// Queues `call` only when its request has an earlier `service` call that was not skipped (made to
    /// `libraryID`, when given); with `takingItsBarcode`, the new call carries that call's item barcode. One
    /// statement, so the check and the insert see the same rows.
    static func enqueue(
        _ call: ILSCallRecord, after service: NCIPService, to libraryID: Int? = nil, takingItsBarcode: Bool,
        writes: Writes
    ) throws -> ReadyStatement {
        var pairs = RowInsert.columns(of: call, nilAsNull: false)
        if takingItsBarcode {
            pairs.removeAll { $0.0 == "item_barcode" }
            pairs.append(("item_barcode", SQLColumn("item_barcode", table: "earlier")))
        }
        let columns = pairs.map { "\"\($0.0)\"" }.joined(separator: ", ")
        let values = pairs.map { "\($0.1)" as SQLQueryString }.joined(separator: ", ")
        var query: SQLQueryString = """
            INSERT INTO "ils_calls" (\(unsafeRaw: columns)) SELECT \(values) FROM "ils_calls" "earlier" \
            WHERE "earlier"."request_id" = \(bind: call.requestID) \
            AND "earlier"."service" = \(bind: service.rawValue) \
            AND "earlier"."state" <> \(bind: ILSCallRecord.State.skipped.rawValue)
            """
        if let libraryID { query += #" AND "earlier"."library_id" = \#(bind: libraryID)"# }
        query += #" ORDER BY "earlier"."id" DESC LIMIT 1"#
        return try writes.ready(query)
    }
}
