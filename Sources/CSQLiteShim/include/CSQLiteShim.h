#ifndef MANTIS_CSQLITESHIM_H
#define MANTIS_CSQLITESHIM_H

/// Turns on SQLite's query planner stability guarantee (SQLITE_DBCONFIG_ENABLE_QPSG) for a connection of the
/// SQLite that SQLiteNIO bundles. `sqlite3_db_config` is variadic, which Swift cannot call.
int mantis_sqlite_enable_qpsg(void *db);

#endif
