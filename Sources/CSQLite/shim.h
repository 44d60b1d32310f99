#ifndef CRMENV_CSQLITE_SHIM_H
#define CRMENV_CSQLITE_SHIM_H

// The session extension (changesets, sqlite3session_diff, changeset apply and
// invert) is declared only when SQLITE_ENABLE_SESSION is defined. Debian's
// libsqlite3 is built with it; the header needs to be told.
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

// SQLITE_TRANSIENT and SQLITE_STATIC are macros that cast integers to
// function pointers; Swift cannot import them.
static inline sqlite3_destructor_type crmenv_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

static inline sqlite3_destructor_type crmenv_sqlite_static(void) {
    return SQLITE_STATIC;
}

// sqlite3_db_config is variadic.
static inline int crmenv_sqlite_db_config_int(sqlite3 *db, int op, int value, int *result) {
    return sqlite3_db_config(db, op, value, result);
}

// Reads bytes of a connection's main database file through SQLite's own file handle
// (SQLITE_FCNTL_FILE_POINTER, then the VFS's xRead), never through a second descriptor:
// closing another descriptor of the file would drop the POSIX locks SQLite holds on it.
// Returns SQLITE_OK, SQLITE_IOERR_SHORT_READ past the end, or another error code.
static inline int crmenv_sqlite_read_main_file(sqlite3 *db, void *buffer, int amount,
                                               sqlite3_int64 offset) {
    sqlite3_file *file = 0;
    int rc = sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &file);
    if (rc != SQLITE_OK) return rc;
    if (file == 0 || file->pMethods == 0) return SQLITE_MISUSE;
    return file->pMethods->xRead(file, buffer, amount, offset);
}

#endif
