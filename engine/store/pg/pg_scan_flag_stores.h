#pragma once
// The PostgreSQL scan store and flag store (the review queue's index). They
// pass the same conformance suites as the SQLite stores
// (tests/engine/store/scan_store_conformance.h, flag_store_conformance.h) and
// apply their components' migrations ("scans", "flags", the same versions as
// SQLite's) to the connection's database on open. Prepared statement names
// are prefixed per store ("scan_", "flag_"), so these and the other
// PostgreSQL stores (pg_stores.h) may share one connection, used from one
// thread. A store method called while a PgTransaction is open on the
// connection runs inside it; ClaimItems() is the exception (it needs a
// transaction of its own and refuses to run inside one).

#include <memory>

#include "engine/base/result.h"
#include "engine/store/flag_store.h"
#include "engine/store/pg/pg_connection.h"
#include "engine/store/scan_store.h"

namespace clearbid {

/// The scan store on `conn` (not owned; must outlive the store). ClaimItems()
/// is one statement: the claimable rows are picked in ocid order with
/// FOR UPDATE SKIP LOCKED (rows being claimed by another transaction are
/// passed over, not waited for) and marked claimed in the same statement, so
/// workers on any number of connections, processes and hosts claim disjoint
/// items.
Result<std::unique_ptr<ScanStore>> OpenPostgresScanStore(PgConnection* conn);

/// The flag store on `conn` (not owned; must outlive the store). Put()
/// replaces a process's rows in one transaction (the caller's, if open).
Result<std::unique_ptr<FlagStore>> OpenPostgresFlagStore(PgConnection* conn);

}  // namespace clearbid
