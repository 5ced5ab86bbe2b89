/// When a write's commit waits for the disk.
enum Durability: Sendable {
    /// The commit returns once the write is on disk (on SQLite, as `INTERLOAN_SQLITE_SYNCHRONOUS` says).
    case flushed
    /// The commit does not wait for the disk: the write is on disk once any later flushed commit is, because both
    /// databases write their logs in order and a flush covers everything before it. For the parts of a whole that
    /// is useless until its last write, which is flushed (a file's chunks before the row that says it is ready).
    case withNextFlush
}
