#ifndef ADDONHOST_CSQLITE_SHIM_H
#define ADDONHOST_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift cannot import.
// "If the fifth argument has the value SQLITE_TRANSIENT, then SQLite makes its own private copy of
// the data immediately, before the sqlite3_bind_*() routine returns." (sqlite.org/c3ref/bind_blob.html)
static inline sqlite3_destructor_type addonhost_sqlite_transient(void) { return SQLITE_TRANSIENT; }

// sqlite3_db_config is variadic; Swift cannot call variadic C functions.
static inline int addonhost_sqlite_disable_dqs(sqlite3 *db) {
    int rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)0);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)0);
}
#endif
