#pragma once
// Every store on one connection to one database: a SQLite file (the
// embedded default) or a PostgreSQL URL (several servers and scan workers
// sharing one store). Front ends name the database with --db and get the
// same store interfaces either way. One StoreSet per thread.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "engine/base/clock.h"
#include "engine/base/result.h"
#include "engine/store/access_store.h"
#include "engine/store/evidence_store.h"
#include "engine/store/flag_store.h"
#include "engine/store/list_store.h"
#include "engine/store/match_store.h"
#include "engine/store/pg/pg_connection.h"
#include "engine/store/process_store.h"
#include "engine/store/review_store.h"
#include "engine/store/scan_store.h"
#include "engine/store/sqlite_db.h"
#include "engine/store/store_transaction.h"

namespace clearbid {

/// True for "postgresql://…" and "postgres://…".
bool IsPostgresUrl(std::string_view db);

/// Which stores to open (each applies its migrations on open).
enum StoreKind : uint32_t {
  kAccessStore = 1u << 0,
  kReviewStore = 1u << 1,
  kScanStore = 1u << 2,
  kFlagStore = 1u << 3,
  kEvidenceStore = 1u << 4,
  kListStore = 1u << 5,
  kProcessStore = 1u << 6,
  kMatchStore = 1u << 7,
  kAllStores = 0xFFu,
};

struct StoreSet {
  std::unique_ptr<Database> sqlite;  // exactly one of these two is set
  std::unique_ptr<PgConnection> pg;
  std::unique_ptr<AccessStore> access;
  std::unique_ptr<ReviewStore> review;
  std::unique_ptr<ScanStore> scans;
  std::unique_ptr<FlagStore> flags;
  std::unique_ptr<EvidenceStore> evidence;
  std::unique_ptr<ListStore> lists;
  std::unique_ptr<ProcessStore> processes;
  std::unique_ptr<MatchStore> matches;
  /// Transactions on the connection every store above shares (always set).
  std::unique_ptr<TransactionSource> transactions;
};

struct StoreSetOptions {
  uint32_t kinds = kAllStores;
  /// SQLite only: open read-only (the file must exist and be migrated).
  bool read_only = false;
  /// Iterations for new password hashes (tests use fewer).
  int password_iterations = kDefaultPasswordIterations;
};

/// Opens the stores of `options.kinds` on `db` (a SQLite path, created when
/// absent unless read-only, or a PostgreSQL URL). `clock` (not owned) stamps
/// users, sessions and decisions.
Result<std::unique_ptr<StoreSet>> OpenStoreSet(const std::string& db, const Clock* clock,
                                               const StoreSetOptions& options = {});

}  // namespace clearbid
