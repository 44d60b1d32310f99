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

#endif
