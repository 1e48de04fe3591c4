#pragma once
// The PostgreSQL MatchStore. It passes the same conformance suite as the
// SQLite store (tests/engine/store/match_store_conformance.h) and applies the
// same component's migrations ("matches", the same versions) to the
// connection's database on open: the same tables and columns.
//
// How the contract is kept:
// - Byte order: every key and ordered text column is COLLATE "C", so
//   ResultsFor() orders as SQLite does whatever the database's locale.
// - Scores are DOUBLE PRECISION sent and read as their shortest exact text
//   (engine/store/pg/pg_float.h): bit for bit the double stored.
// - Text PostgreSQL cannot hold (a NUL byte, invalid UTF-8) is stored with
//   each such byte replaced by U+FFFD (engine/store/pg/pg_text.h), as the
//   process, list and evidence stores do; look-ups apply the same
//   replacement, so the same subject put again is kUnchanged.
// - PutScreening() runs inside the caller's PgTransaction when one is open
//   on the connection (a failed statement then spoils it: PostgreSQL has no
//   partial rollback here), otherwise in a transaction of its own. Screenings
//   of one subject from several connections at once are serialised: the
//   screening row is inserted first (INSERT … ON CONFLICT DO NOTHING) or
//   locked (SELECT … FOR UPDATE) before any result is written, so each
//   screening's results replace the previous ones whole.
//
// A store uses its connection alone (prepared statement names are prefixed
// "matches_"), from one thread.

#include <memory>

#include "engine/base/result.h"
#include "engine/store/match_store.h"
#include "engine/store/pg/pg_connection.h"

namespace clearbid {

/// The match store on `conn` (not owned; must outlive the store).
Result<std::unique_ptr<MatchStore>> OpenPostgresMatchStore(PgConnection* conn);

}  // namespace clearbid
