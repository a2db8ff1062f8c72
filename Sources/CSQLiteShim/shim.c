#include "CSQLiteShim.h"

// Declared here rather than by including SQLiteNIO's header: this target only needs the one symbol, which
// the SQLiteNIO package links into the same binary.
struct sqlite3;
extern int sqlite_nio_sqlite3_db_config(struct sqlite3 *db, int op, ...);

int mantis_sqlite_enable_qpsg(void *db) {
    // 1007 is SQLITE_DBCONFIG_ENABLE_QPSG: a prepared statement keeps its plan whatever values are bound,
    // so rebinding does not force a re-prepare.
    return sqlite_nio_sqlite3_db_config((struct sqlite3 *)db, 1007, 1, (int *)0);
}
