import Fluent
import SQLKit

extension Database {
    /// The same database as SQLKit sees it. Interloan runs on Fluent's SQLite and PostgreSQL drivers, both SQL
    /// databases; a driver that is not would be a configuration error found at the first query.
    var asSQL: any SQLDatabase {
        guard let sql = self as? any SQLDatabase else {
            preconditionFailure("Interloan needs an SQL database; \(type(of: self)) is not one")
        }
        return sql
    }
}
