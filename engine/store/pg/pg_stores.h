#pragma once
// The PostgreSQL implementations of the store interfaces that have one. They
// pass the same conformance suites as the SQLite stores
// (tests/engine/store/*_conformance.h). Each applies its component's
// migrations ("review", "access") to the connection's database on open.
// A store uses its connection alone (prepared statement names are prefixed
// per store, so a review and an access store may share one connection, used
// from one thread).

#include <memory>

#include "engine/base/clock.h"
#include "engine/base/result.h"
#include "engine/store/access_store.h"
#include "engine/store/pg/pg_connection.h"
#include "engine/store/review_store.h"

namespace clearbid {

/// The review store on `conn` (not owned; must outlive the store). Appends
/// from any number of processes and hosts are serialised by a row lock on the
/// chain head (SELECT … FROM audit_head FOR UPDATE) taken first in each
/// transaction; audit_trail refuses UPDATE, DELETE and TRUNCATE by trigger.
/// `clock` (not owned) stamps decisions.
Result<std::unique_ptr<ReviewStore>> OpenPostgresReviewStore(PgConnection* conn, const Clock* clock);

/// The access store on `conn` (not owned). `clock` (not owned) stamps users
/// and expires sessions; new passwords are hashed with `password_iterations`.
Result<std::unique_ptr<AccessStore>> OpenPostgresAccessStore(PgConnection* conn, const Clock* clock,
                                                             int password_iterations = kDefaultPasswordIterations);

}  // namespace clearbid
