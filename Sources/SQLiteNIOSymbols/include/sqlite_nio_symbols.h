/*
 * The few functions of SQLite's C interface that Interloan's own connections call, declared against the copy of
 * SQLite compiled into sqlite-nio (its internal VaporCSQLite target, whose symbols carry the `sqlite_nio_` prefix).
 *
 * Why declarations and not a library: a process must hold exactly one SQLite. SQLite's locks on a database file are
 * POSIX advisory locks, which belong to the process, not to the connection; when a second copy of the library (a
 * system libsqlite3, or another package's amalgamation) opens the same file, closing it drops the locks the first
 * copy holds, and two writers can then corrupt the database. sqlite-nio does not publish its C target as a product,
 * so this module names its symbols and the linker finds them in the one copy Fluent's driver already brings.
 *
 * The declarations follow SQLite's own header (sqlite3.h, public domain); constants are those of the C interface,
 * which SQLite keeps stable across versions.
 */
#ifndef INTERLOAN_SQLITE_NIO_SYMBOLS_H
#define INTERLOAN_SQLITE_NIO_SYMBOLS_H

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef long long int sqlite3_int64;
typedef unsigned long long int sqlite3_uint64;
typedef void (*sqlite3_destructor_type)(void *);

#define SQLITE_OK 0
#define SQLITE_BUSY 5
#define SQLITE_ROW 100
#define SQLITE_DONE 101

#define SQLITE_OPEN_READONLY 0x00000001
#define SQLITE_OPEN_READWRITE 0x00000002
#define SQLITE_OPEN_CREATE 0x00000004
#define SQLITE_OPEN_NOMUTEX 0x00008000

#define SQLITE_PREPARE_PERSISTENT 0x01
#define SQLITE_STMTSTATUS_REPREPARE 5

#define SQLITE_INTEGER 1
#define SQLITE_FLOAT 2
#define SQLITE_TEXT 3
#define SQLITE_BLOB 4
#define SQLITE_NULL 5

#define SQLITE_UTF8 1

int sqlite_nio_sqlite3_open_v2(const char *filename, sqlite3 **ppDb, int flags, const char *zVfs);
int sqlite_nio_sqlite3_close(sqlite3 *);
int sqlite_nio_sqlite3_close_v2(sqlite3 *);
int sqlite_nio_sqlite3_busy_timeout(sqlite3 *, int ms);
const char *sqlite_nio_sqlite3_errmsg(sqlite3 *);

int sqlite_nio_sqlite3_prepare_v3(
    sqlite3 *db, const char *zSql, int nByte, unsigned int prepFlags, sqlite3_stmt **ppStmt, const char **pzTail);
int sqlite_nio_sqlite3_step(sqlite3_stmt *);
int sqlite_nio_sqlite3_reset(sqlite3_stmt *pStmt);
int sqlite_nio_sqlite3_clear_bindings(sqlite3_stmt *);
int sqlite_nio_sqlite3_finalize(sqlite3_stmt *pStmt);
int sqlite_nio_sqlite3_stmt_status(sqlite3_stmt *, int op, int resetFlg);

int sqlite_nio_sqlite3_bind_int64(sqlite3_stmt *, int, sqlite3_int64);
int sqlite_nio_sqlite3_bind_double(sqlite3_stmt *, int, double);
int sqlite_nio_sqlite3_bind_null(sqlite3_stmt *, int);
int sqlite_nio_sqlite3_bind_text64(
    sqlite3_stmt *, int, const char *, sqlite3_uint64, void (*)(void *), unsigned char encoding);
int sqlite_nio_sqlite3_bind_blob64(sqlite3_stmt *, int, const void *, sqlite3_uint64, void (*)(void *));

int sqlite_nio_sqlite3_column_count(sqlite3_stmt *pStmt);
const char *sqlite_nio_sqlite3_column_name(sqlite3_stmt *, int N);
int sqlite_nio_sqlite3_column_type(sqlite3_stmt *, int iCol);
sqlite3_int64 sqlite_nio_sqlite3_column_int64(sqlite3_stmt *, int iCol);
double sqlite_nio_sqlite3_column_double(sqlite3_stmt *, int iCol);
const unsigned char *sqlite_nio_sqlite3_column_text(sqlite3_stmt *, int iCol);
const void *sqlite_nio_sqlite3_column_blob(sqlite3_stmt *, int iCol);
int sqlite_nio_sqlite3_column_bytes(sqlite3_stmt *, int iCol);

#endif
