#include "service/store_set.h"

#include "engine/store/pg/pg_list_evidence_stores.h"
#include "engine/store/pg/pg_match_store.h"
#include "engine/store/pg/pg_process_store.h"
#include "engine/store/pg/pg_scan_flag_stores.h"
#include "engine/store/pg/pg_stores.h"

namespace clearbid {

bool IsPostgresUrl(std::string_view db) {
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<StoreSet>> OpenStoreSet(const std::string& db, const Clock* clock,
                                               const StoreSetOptions& options) {
  auto set = std::make_unique<StoreSet>();
  const uint32_t k = options.kinds;
  if (IsPostgresUrl(db)) {
    ASSIGN_OR_RETURN(set->pg, PgConnection::Open(db));
    PgConnection* c = set->pg.get();
    set->transactions = PostgresTransactions(c);
    if (k & kAccessStore) {
      ASSIGN_OR_RETURN(set->access, OpenPostgresAccessStore(c, clock, options.password_iterations));
    }
    if (k & kReviewStore) {
      ASSIGN_OR_RETURN(set->review, OpenPostgresReviewStore(c, clock));
    }
    if (k & kScanStore) {
      ASSIGN_OR_RETURN(set->scans, OpenPostgresScanStore(c));
    }
    if (k & kFlagStore) {
      ASSIGN_OR_RETURN(set->flags, OpenPostgresFlagStore(c));
    }
    if (k & kEvidenceStore) {
      ASSIGN_OR_RETURN(set->evidence, OpenPostgresEvidenceStore(c));
    }
    if (k & kListStore) {
      ASSIGN_OR_RETURN(set->lists, OpenPostgresListStore(c));
    }
    if (k & kProcessStore) {
      ASSIGN_OR_RETURN(set->processes, OpenPostgresProcessStore(c));
    }
    if (k & kMatchStore) {
      ASSIGN_OR_RETURN(set->matches, OpenPostgresMatchStore(c));
    }
    return set;
  }
  Database::Options o;
  o.read_only = options.read_only;
  ASSIGN_OR_RETURN(set->sqlite, Database::Open(db, o));
  Database* d = set->sqlite.get();
  set->transactions = SqliteTransactions(d);
  if (k & kAccessStore) {
    ASSIGN_OR_RETURN(set->access, OpenSqliteAccessStore(d, clock, options.password_iterations));
  }
  if (k & kReviewStore) {
    ASSIGN_OR_RETURN(set->review, OpenSqliteReviewStore(d, clock));
  }
  if (k & kScanStore) {
    ASSIGN_OR_RETURN(set->scans, ScanStore::Open(d));
  }
  if (k & kFlagStore) {
    ASSIGN_OR_RETURN(set->flags, FlagStore::Open(d));
  }
  if (k & kEvidenceStore) {
    ASSIGN_OR_RETURN(set->evidence, EvidenceStore::Open(d));
  }
  if (k & kListStore) {
    ASSIGN_OR_RETURN(set->lists, ListStore::Open(d));
  }
  if (k & kProcessStore) {
    ASSIGN_OR_RETURN(set->processes, OpenSqliteProcessStore(d));
  }
  if (k & kMatchStore) {
    ASSIGN_OR_RETURN(set->matches, OpenSqliteMatchStore(d));
  }
  return set;
}

}  // namespace clearbid
