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

std::string PrintableDbName(std::string_view db) {
  if (!IsPostgresUrl(db)) return std::string(db);
  std::string out(db);
  // User info: between "://" and the last '@' before the path.
  const size_t start = out.find("://") + 3;
  const size_t path = out.find_first_of("/?", start);
  const size_t at = out.rfind('@', path == std::string::npos ? std::string::npos : path);
  if (at != std::string::npos && at >= start) {
    const size_t colon = out.find(':', start);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  // Query parameters: password=... up to the next '&'.
  const size_t query = out.find('?');
  for (size_t p = query == std::string::npos ? std::string::npos : out.find("password=", query);
       p != std::string::npos; p = out.find("password=", p + 1)) {
    if (out[p - 1] != '?' && out[p - 1] != '&') continue;
    const size_t value = p + 9;
    const size_t end = out.find('&', value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
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
