#pragma once
// The PostgreSQL implementations of ListStore and EvidenceStore. They pass the
// same conformance suites as the SQLite stores
// (tests/engine/store/list_store_conformance.h, evidence_store_conformance.h)
// and keep the same rows: equal evidence gives equal ContentDigest and
// DigestsByParty on both backends. Each applies its component's migrations
// ("lists", "evidence") to the connection's database on open. Key and text
// columns use the "C" collation, so ordering is byte-wise as in SQLite.
//
// Where PostgreSQL differs: its text cannot hold a NUL byte or invalid UTF-8
// (SQLite keeps such bytes as they are). These stores replace each invalid
// sequence and NUL byte of a stored text by U+FFFD rather than refuse the
// list or document (the JSON columns of both backends already do so). A put
// or AddVersion runs in its own transaction, or inside the caller's
// PgTransaction when one is open on the connection; a failed statement then
// spoils the caller's transaction (PostgreSQL has no partial rollback here).
//
// A store uses its connection alone (prepared statement names are prefixed
// "lists_" / "evidence_"), from one thread.

#include <memory>

#include "engine/base/result.h"
#include "engine/store/evidence_store.h"
#include "engine/store/list_store.h"
#include "engine/store/pg/pg_connection.h"

namespace clearbid {

/// The list store on `conn` (not owned; must outlive the store). AddVersion
/// sends entries in multi-row INSERTs of a few hundred rows, in one
/// transaction.
Result<std::unique_ptr<ListStore>> OpenPostgresListStore(PgConnection* conn);

/// The evidence store on `conn` (not owned; must outlive the store).
/// Concurrent puts of one document from several connections leave one row
/// (INSERT … ON CONFLICT … DO UPDATE).
Result<std::unique_ptr<EvidenceStore>> OpenPostgresEvidenceStore(PgConnection* conn);

}  // namespace clearbid
