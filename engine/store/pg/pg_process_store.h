#pragma once
// The PostgreSQL ProcessStore. It passes the same conformance suite as the
// SQLite store (tests/engine/store/process_store_conformance.h) and applies
// the same component's migrations ("processes", the same versions) to the
// connection's database on open: the same tables and columns, so that the
// same contents give the same ContentDigest on both backends (an auditor may
// compare a SQLite and a PostgreSQL store).
//
// How the contract is kept:
// - Byte order: every key and ordered text column is COLLATE "C".
// - Merge order of ReleasesOf: date, release id, then a BIGINT identity id
//   (the order in which versions were first stored).
// - ContentDigest hashes each column in the text form SQLite gives it:
//   integers in decimal, NULL as one NUL byte, and tender_amount (DOUBLE
//   PRECISION here, REAL in SQLite) rendered by SQLite itself (a private
//   in-memory SQLite database formats the double: "1000.0", 15 significant
//   digits, "Inf"), so the texts are equal by construction. A NaN amount is
//   stored as NULL, as SQLite stores it.
// - Text PostgreSQL cannot hold (a NUL byte, invalid UTF-8) is stored with
//   each such byte replaced by U+FFFD (engine/store/pg/pg_text.h), as the list
//   and evidence stores do, rather than refused: ingestion goes on. Look-ups
//   apply the same replacement, so a release put under such an ocid is found
//   under it again; the ocid read back is the replaced text, and the digest of
//   such a store differs from SQLite's (which keeps the bytes).
// - Writes run inside the caller's PgTransaction when one is open on the
//   connection (a failed statement then spoils it); otherwise PutProcess runs
//   in a transaction of its own and the other writes are single statements.
//   Concurrent PutRelease of one version from several connections stores it
//   once (INSERT … ON CONFLICT DO NOTHING; the loser sees kUnchanged).
// - ForEachProcess and ForEachParty read pages of a few hundred rows by key
//   (keyset pagination), so a big store is never fetched whole; ContentDigest
//   does the same table by table.
//
// A store uses its connection alone (prepared statement names are prefixed
// "processes_"), from one thread.

#include <memory>

#include "engine/base/result.h"
#include "engine/store/pg/pg_connection.h"
#include "engine/store/process_store.h"

namespace clearbid {

/// The process store on `conn` (not owned; must outlive the store).
Result<std::unique_ptr<ProcessStore>> OpenPostgresProcessStore(PgConnection* conn);

}  // namespace clearbid
