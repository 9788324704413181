#ifndef SCHAKEL_CSQLITE_SHIM_H
#define SCHAKEL_CSQLITE_SHIM_H

// The system's SQLite (Debian's libsqlite3-dev), reached only from CaseStore's SQLiteConnection.swift.
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift does not import.
static inline sqlite3_destructor_type schakel_sqlite_transient(void) { return SQLITE_TRANSIENT; }

#endif
