// The PostgreSQL ScanStore. Text that is ordered or compared by range (ids,
// ocids) is COLLATE "C": byte order, as in SQLite, whatever the database's
// locale. ClaimItems() is one statement: a CTE picks the claimable rows in
// ocid order FOR UPDATE SKIP LOCKED and the UPDATE around it marks them, so a
// row being claimed by another transaction is passed over rather than waited
// for, and a row claimed by a transaction that committed meanwhile is re-read
// under its lock and dropped (its lease now holds).

#include <algorithm>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "engine/store/pg/pg_float.h"
#include "engine/store/pg/pg_scan_flag_stores.h"
#include "engine/store/screening_key_set.h"

namespace clearbid {
namespace {

/// Items per multi-row INSERT of AddItems() (4 parameters each: 1 + 3n).
constexpr size_t kItemsPerInsert = 200;

const std::vector<Migration>& Migrations() {
  // The same versions as SQLite's: 1 the scans, their items and the latest
  // assessments; 2 the claims of scan workers (claimed_by '' = unclaimed;
  // lease_until in Unix seconds) and the index of the items not done; 3 the
  // assessments' compression.
  static const std::vector<Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE scans (
  scan_id           TEXT COLLATE "C" PRIMARY KEY,
  sequence          BIGINT NOT NULL UNIQUE,
  as_of             TEXT NOT NULL,
  mode              TEXT NOT NULL,
  pack_version      TEXT NOT NULL,
  lists_fingerprint TEXT NOT NULL,
  out_dir           TEXT NOT NULL,
  status            TEXT NOT NULL,
  processes         BIGINT NOT NULL DEFAULT 0,
  assessed          BIGINT NOT NULL DEFAULT 0,
  reused            BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE scan_items (
  scan_id     TEXT COLLATE "C" NOT NULL,
  ocid        TEXT COLLATE "C" NOT NULL,
  fingerprint TEXT NOT NULL,
  state       INTEGER NOT NULL,
  PRIMARY KEY (scan_id, ocid)
);
CREATE TABLE assessments (
  ocid        TEXT COLLATE "C" PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  scan_id     TEXT NOT NULL,
  band        TEXT NOT NULL,
  score       DOUBLE PRECISION NOT NULL,
  json        TEXT NOT NULL
);
)sql"},
      {2, R"sql(
ALTER TABLE scan_items ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '',
                       ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0;
CREATE INDEX scan_items_open ON scan_items(scan_id, ocid) WHERE state <> 1;
)sql"},
      // 3: stored assessments (about 70 KB of JSON each) are compressed with
      // lz4 rather than the default pglz, whose CPU cost on the server was the
      // limit of a scan (docs/benchmarks.md, "Scan workers"), when the server
      // was built with lz4 (Debian's is).
      {3, R"sql(
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    ALTER TABLE assessments ALTER COLUMN json SET COMPRESSION lz4;
  END IF;
END
$$;
)sql"},
      // 4: the rule catalogues that complete compact assessments, per pack version.
      {4, R"sql(
CREATE TABLE rule_catalogues (
  pack_version TEXT COLLATE "C" PRIMARY KEY,
  json         TEXT NOT NULL
);
)sql"},
      // 5: the screening memo (names screened against one set of lists).
      {5, R"sql(
CREATE TABLE screening_memo (
  fingerprint TEXT COLLATE "C" NOT NULL,
  query_key   TEXT COLLATE "C" NOT NULL,
  matches     TEXT NOT NULL,
  PRIMARY KEY (fingerprint, query_key)
);
)sql"},
      // 6: the band each item was done with (-1: the stored assessment was reused).
      {6, R"sql(
ALTER TABLE scan_items ADD COLUMN band INTEGER NOT NULL DEFAULT -1;
)sql"},
      // 7: processes carried over without items, by band; an index that
      // answers AssessmentFingerprint() from the index alone.
      {7, R"sql(
ALTER TABLE scans ADD COLUMN carried_low BIGINT NOT NULL DEFAULT 0,
                  ADD COLUMN carried_medium BIGINT NOT NULL DEFAULT 0,
                  ADD COLUMN carried_high BIGINT NOT NULL DEFAULT 0,
                  ADD COLUMN carried_critical BIGINT NOT NULL DEFAULT 0;
CREATE INDEX assessments_fingerprint ON assessments(ocid, fingerprint, band);
)sql"},
      // 8: SQLite compresses stored assessments itself; here the server's
      // lz4 (migration 3) does. The schema is unchanged.
      {8, "SELECT 1;"},
      // 9: the list versions each scan screened against, and the screenings
      // each stored assessment used (by memo key), as on SQLite.
      {9, R"sql(
ALTER TABLE scans ADD COLUMN list_versions TEXT NOT NULL DEFAULT '';
CREATE TABLE assessment_screenings (
  ocid       TEXT COLLATE "C" PRIMARY KEY,
  query_keys TEXT NOT NULL
);
)sql"},
      // 10: the memo's rows are kept under a memo number tied to a lists
      // fingerprint, as on SQLite (MoveScreenings renames a memo).
      {10, R"sql(
CREATE TABLE screening_memo_lists (
  memo        BIGSERIAL PRIMARY KEY,
  fingerprint TEXT COLLATE "C" NOT NULL UNIQUE
);
CREATE TABLE screening_memo_rows (
  memo      BIGINT NOT NULL,
  query_key TEXT COLLATE "C" NOT NULL,
  matches   TEXT NOT NULL,
  PRIMARY KEY (memo, query_key)
);
INSERT INTO screening_memo_lists(fingerprint) SELECT DISTINCT fingerprint FROM screening_memo ORDER BY fingerprint;
INSERT INTO screening_memo_rows(memo, query_key, matches)
  SELECT l.memo, m.query_key, m.matches FROM screening_memo m JOIN screening_memo_lists l ON l.fingerprint = m.fingerprint;
DROP TABLE screening_memo;
)sql"},
  };
  return kMigrations;
}

constexpr const char* kScanColumns =
    "scan_id, sequence, as_of, mode, pack_version, lists_fingerprint, out_dir, status, processes, assessed, reused,"
    " carried_low, carried_medium, carried_high, carried_critical, list_versions";
constexpr const char* kItemUpsert =
    " ON CONFLICT (scan_id, ocid) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, state = EXCLUDED.state,"
    " claimed_by = '', lease_until = 0";

int64_t ToSqlLimit(size_t n) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  return n > static_cast<size_t>(kMax) ? kMax : static_cast<int64_t>(n);
}

/// "INSERT INTO scan_items ... VALUES ($1, $2, $3, $4), ($1, $5, $6, $7), ..."
/// for `n` items of scan $1: constant text, the values are parameters.
std::string ItemInsert(size_t n) {
  std::string sql = "INSERT INTO scan_items(scan_id, ocid, fingerprint, state) VALUES ";
  for (size_t i = 0; i < n; ++i) {
    size_t p = 2 + 3 * i;
    sql += fmt::format("{}($1, ${}, ${}, ${}::integer)", i == 0 ? "" : ", ", p, p + 1, p + 2);
  }
  return sql + kItemUpsert;
}

Result<std::vector<ScanItem>> ReadItems(const PgRows& rows) {
  std::vector<ScanItem> out;
  out.reserve(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    ASSIGN_OR_RETURN(int64_t state, rows.Int(r, 2));
    if (state < 0 || state > 2) return Status::Corruption(fmt::format("scan item state {}", state));
    out.push_back({rows.Text(r, 0), rows.Text(r, 1), static_cast<ItemState>(state)});
  }
  return out;
}

Result<std::optional<ScanRecord>> OneScan(const PgRows& rows) {
  if (rows.empty()) return std::optional<ScanRecord>();
  ScanRecord r;
  r.scan_id = rows.Text(0, 0);
  ASSIGN_OR_RETURN(r.sequence, rows.Int(0, 1));
  r.as_of = rows.Text(0, 2);
  r.mode = rows.Text(0, 3);
  r.pack_version = rows.Text(0, 4);
  r.lists_fingerprint = rows.Text(0, 5);
  r.out_dir = rows.Text(0, 6);
  r.status = rows.Text(0, 7);
  ASSIGN_OR_RETURN(r.processes, rows.Int(0, 8));
  ASSIGN_OR_RETURN(r.assessed, rows.Int(0, 9));
  ASSIGN_OR_RETURN(r.reused, rows.Int(0, 10));
  for (int b = 0; b < 4; ++b) {
    ASSIGN_OR_RETURN(r.carried_over[static_cast<size_t>(b)], rows.Int(0, 11 + b));
  }
  r.list_versions = rows.Text(0, 15);
  return std::optional<ScanRecord>(std::move(r));
}

class PgScanStore final : public ScanStore {
 public:
  explicit PgScanStore(PgConnection* conn) : conn_(conn) {}

  Status Prepare() {
    const std::string cols = kScanColumns;
    const std::pair<const char*, std::string> statements[] = {
        {"scan_running", "SELECT " + cols + " FROM scans WHERE status = 'running' ORDER BY sequence DESC LIMIT 1"},
        {"scan_latest", "SELECT " + cols + " FROM scans WHERE status = 'complete' ORDER BY sequence DESC LIMIT 1"},
        {"scan_get", "SELECT " + cols + " FROM scans WHERE scan_id = $1"},
        {"scan_max_sequence",
         "SELECT COALESCE(max(sequence), 0), (SELECT count(*) FROM scans WHERE scan_id = $1) FROM scans"},
        {"scan_insert",
         "INSERT INTO scans(" + cols + ") VALUES ($1, $2, $3, $4, $5, $6, $7, 'running', $8, 0, 0, 0, 0, 0, 0, $9)"},
        {"scan_carried", "UPDATE scans SET carried_low = $2, carried_medium = $3, carried_high = $4,"
                         " carried_critical = $5 WHERE scan_id = $1"},
        {"scan_add_item", ItemInsert(1)},
        {"scan_add_items", ItemInsert(kItemsPerInsert)},
        {"scan_pending",
         "SELECT ocid, fingerprint, state FROM scan_items WHERE scan_id = $1 AND state <> 1 AND ocid > $2"
         " ORDER BY ocid LIMIT $3"},
        {"scan_mark_done", "UPDATE scan_items SET state = 1, band = $3 WHERE scan_id = $1 AND ocid = $2"},
        {"scan_band_counts", "SELECT CASE WHEN i.band >= 0 THEN i.band ELSE CASE a.band WHEN 'low' THEN 0 WHEN 'medium' THEN 1 WHEN 'high' THEN 2 WHEN 'critical' THEN 3 ELSE -1 END END AS b, COUNT(*) FROM scan_items i "
                             "LEFT JOIN assessments a ON a.ocid = i.ocid WHERE i.scan_id = $1 GROUP BY b"},
        {"scan_at_or_above", "SELECT ocid FROM scan_items WHERE scan_id = $1 AND band >= $2 ORDER BY ocid"},
        {"scan_put_assessment",
         "INSERT INTO assessments(ocid, fingerprint, scan_id, band, score, json) VALUES ($1, $2, $3, $4, $5, $6)"
         " ON CONFLICT (ocid) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, scan_id = EXCLUDED.scan_id,"
         " band = EXCLUDED.band, score = EXCLUDED.score, json = EXCLUDED.json"},
        {"scan_put_assessment_keys",
         "INSERT INTO assessment_screenings(ocid, query_keys) VALUES ($1, $2)"
         " ON CONFLICT (ocid) DO UPDATE SET query_keys = EXCLUDED.query_keys"},
        {"scan_drop_assessment_keys", "DELETE FROM assessment_screenings WHERE ocid = $1"},
        {"scan_assessments_using",
         "SELECT a.ocid, s.query_keys FROM assessments a LEFT JOIN assessment_screenings s ON s.ocid = a.ocid"
         " WHERE a.ocid > $1 ORDER BY a.ocid LIMIT 10000"},
        {"scan_get_assessment", "SELECT ocid, fingerprint, scan_id, band, score, json FROM assessments WHERE ocid = $1"},
        {"scan_get_fingerprint", "SELECT fingerprint, band FROM assessments WHERE ocid = $1"},
        {"scan_put_catalogue", "INSERT INTO rule_catalogues(pack_version, json) VALUES ($1, $2) "
                               "ON CONFLICT (pack_version) DO UPDATE SET json = excluded.json"},
        {"scan_get_catalogue", "SELECT json FROM rule_catalogues WHERE pack_version = $1"},
        {"scan_memo_of", "SELECT memo FROM screening_memo_lists WHERE fingerprint = $1"},
        {"scan_new_memo", "INSERT INTO screening_memo_lists(fingerprint) VALUES ($1) ON CONFLICT (fingerprint) DO NOTHING"},
        {"scan_put_screening", "INSERT INTO screening_memo_rows(memo, query_key, matches) VALUES ($1, $2, $3) "
                               "ON CONFLICT (memo, query_key) DO UPDATE SET matches = excluded.matches"},
        {"scan_screenings", "SELECT query_key, matches FROM screening_memo_rows WHERE memo = $1 AND query_key > $2 "
                            "ORDER BY query_key LIMIT 10000"},
        {"scan_get_screening", "SELECT r.matches FROM screening_memo_lists l JOIN screening_memo_rows r"
                               " ON r.memo = l.memo AND r.query_key = $2 WHERE l.fingerprint = $1"},
        {"scan_drop_screening", "DELETE FROM screening_memo_rows WHERE memo = $1 AND query_key = $2"},
        {"scan_drop_memo_rows", "DELETE FROM screening_memo_rows WHERE memo = $1"},
        {"scan_drop_memo", "DELETE FROM screening_memo_lists WHERE memo = $1"},
        {"scan_rename_memo", "UPDATE screening_memo_lists SET fingerprint = $2 WHERE memo = $1"},
        {"scan_other_memos", "SELECT memo FROM screening_memo_lists WHERE fingerprint <> $1"},
        {"scan_finish", "UPDATE scans SET status = 'complete', assessed = $2, reused = $3 WHERE scan_id = $1"},
        {"scan_count_all", "SELECT count(*) FROM scan_items WHERE scan_id = $1"},
        {"scan_count_assessments", "SELECT count(*) FROM assessments WHERE scan_id = $1"},
        {"scan_count_state", "SELECT count(*) FROM scan_items WHERE scan_id = $1 AND state = $2"},
        {"scan_claim",
         "WITH picked AS ("
         " SELECT ocid FROM scan_items"
         " WHERE scan_id = $1 AND state <> 1 AND (claimed_by = '' OR lease_until < $3::bigint)"
         " ORDER BY ocid LIMIT $4::bigint"
         " FOR UPDATE SKIP LOCKED)"
         " UPDATE scan_items AS s SET claimed_by = $2, lease_until = $5::bigint"
         " FROM picked WHERE s.scan_id = $1 AND s.ocid = picked.ocid"
         " RETURNING s.ocid, s.fingerprint, s.state"},
        {"scan_release",
         "UPDATE scan_items SET claimed_by = '', lease_until = 0 WHERE scan_id = $1 AND claimed_by = $2"
         " AND state <> 1"},
    };
    for (const auto& [name, sql] : statements) RETURN_IF_ERROR(conn_->Prepare(name, sql));
    return Status::Ok();
  }

  Result<std::optional<ScanRecord>> RunningScan() override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("scan_running"));
    return OneScan(rows);
  }

  Result<std::optional<ScanRecord>> LatestCompleteScan() override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("scan_latest"));
    return OneScan(rows);
  }

  Result<std::optional<ScanRecord>> GetScan(const std::string& scan_id) override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("scan_get", {scan_id}));
    return OneScan(rows);
  }

  Result<ScanRecord> CreateScan(const ScanRecord& spec) override {
    if (spec.out_dir.empty()) return Status::InvalidArgument("scan needs an output folder");
    ScanRecord r = spec;
    for (int n = 1;; ++n) {
      r.scan_id = ScanIdCandidate(spec.as_of, n);
      ASSIGN_OR_RETURN(PgRows rows, conn_->Run("scan_max_sequence", {r.scan_id}));
      if (rows.empty()) return Status::Internal("no row from a count");
      ASSIGN_OR_RETURN(int64_t max_sequence, rows.Int(0, 0));
      ASSIGN_OR_RETURN(int64_t taken, rows.Int(0, 1));
      r.sequence = max_sequence + 1;
      if (taken == 0) break;
    }
    r.out_dir = spec.out_dir + "/" + r.scan_id;
    r.status = "running";
    r.assessed = 0;
    r.reused = 0;
    r.carried_over = {0, 0, 0, 0};
    RETURN_IF_ERROR(conn_
                        ->Run("scan_insert", {r.scan_id, r.sequence, r.as_of, r.mode, r.pack_version,
                                              r.lists_fingerprint, r.out_dir, r.processes, r.list_versions})
                        .status());
    return r;
  }

  Status RecordCarriedOver(const std::string& scan_id, const std::array<int64_t, 4>& bands) override {
    return conn_->Run("scan_carried", {scan_id, bands[0], bands[1], bands[2], bands[3]}).status();
  }

  Status AddItems(const std::string& scan_id, const std::vector<ScanItem>& items) override {
    if (items.empty()) return Status::Ok();
    // The last item of an ocid wins, as if they were added one by one (one
    // INSERT ... ON CONFLICT may not touch a row twice).
    std::unordered_map<std::string_view, size_t> last;
    last.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i) last[items[i].ocid] = i;
    std::vector<const ScanItem*> kept;
    kept.reserve(last.size());
    for (size_t i = 0; i < items.size(); ++i) {
      if (last[items[i].ocid] == i) kept.push_back(&items[i]);
    }
    return InTransaction([&]() -> Status {
      std::vector<PgParam> params;
      for (size_t begin = 0; begin < kept.size(); begin += kItemsPerInsert) {
        const size_t end = std::min(kept.size(), begin + kItemsPerInsert);
        params.clear();
        params.emplace_back(scan_id);
        for (size_t i = begin; i < end; ++i) {
          params.emplace_back(kept[i]->ocid);
          params.emplace_back(kept[i]->fingerprint);
          params.emplace_back(static_cast<int64_t>(kept[i]->state));
        }
        if (end - begin == kItemsPerInsert) {
          RETURN_IF_ERROR(conn_->Run("scan_add_items", params).status());
        } else {
          for (size_t i = 0; i < end - begin; ++i) {
            RETURN_IF_ERROR(
                conn_->Run("scan_add_item", {params[0], params[1 + 3 * i], params[2 + 3 * i], params[3 + 3 * i]})
                    .status());
          }
        }
      }
      return Status::Ok();
    });
  }

  Result<std::vector<ScanItem>> PendingItems(const std::string& scan_id, const std::string& after_ocid,
                                             size_t limit) override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("scan_pending", {scan_id, after_ocid, ToSqlLimit(limit)}));
    return ReadItems(rows);
  }

  Status MarkDone(const std::string& scan_id, const std::string& ocid, int band) override {
    return conn_->Run("scan_mark_done", {scan_id, ocid, static_cast<int64_t>(band)}).status();
  }

  Result<std::array<int64_t, 5>> BandCounts(const std::string& scan_id) override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("scan_band_counts", {scan_id}));
    std::array<int64_t, 5> out{};
    for (size_t i = 0; i < rows.size(); ++i) {
      ASSIGN_OR_RETURN(int64_t b, rows.Int(i, 0));
      ASSIGN_OR_RETURN(int64_t n, rows.Int(i, 1));
      out[b >= 0 && b <= 3 ? static_cast<size_t>(b) : 4] += n;
    }
    return out;
  }

  Result<std::vector<std::string>> ItemsAtOrAbove(const std::string& scan_id, int min_band) override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("scan_at_or_above", {scan_id, static_cast<int64_t>(min_band)}));
    std::vector<std::string> out;
    for (size_t i = 0; i < rows.size(); ++i) out.push_back(rows.Text(i, 0));
    return out;
  }

  Status PutAssessment(const StoredAssessment& a) override {
    RETURN_IF_ERROR(
        conn_->Run("scan_put_assessment", {a.ocid, a.fingerprint, a.scan_id, a.band, PgFloatParam(a.score), a.json})
            .status());
    if (!a.screening_keys) return conn_->Run("scan_drop_assessment_keys", {a.ocid}).status();
    return conn_->Run("scan_put_assessment_keys", {a.ocid, *a.screening_keys}).status();
  }

  Result<std::vector<std::string>> AssessmentsUsing(const std::unordered_set<std::string>& keys) override {
    // Pages of 10,000 in ocid order ("C" collation: byte order).
    const ScreeningKeySet used(keys);
    std::vector<std::string> out;
    std::string after;
    for (;;) {
      ASSIGN_OR_RETURN(PgRows rows, conn_->Run("scan_assessments_using", {after}));
      if (rows.empty()) return out;
      for (size_t i = 0; i < rows.size(); ++i) {
        if (rows.IsNull(i, 1) || used.UsedBy(rows.Text(i, 1))) out.push_back(rows.Text(i, 0));
      }
      after = rows.Text(rows.size() - 1, 0);
    }
  }

  Result<std::optional<StoredAssessment>> GetAssessment(const std::string& ocid) override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("scan_get_assessment", {ocid}));
    if (rows.empty()) return std::optional<StoredAssessment>();
    ASSIGN_OR_RETURN(double score, PgFloatCell(rows, 0, 4));
    return std::optional<StoredAssessment>(
        StoredAssessment{rows.Text(0, 0), rows.Text(0, 1), rows.Text(0, 2), rows.Text(0, 3), score, rows.Text(0, 5)});
  }

  Status PutRuleCatalogue(const std::string& pack_version, const std::string& json) override {
    return conn_->Run("scan_put_catalogue", {pack_version, json}).status();
  }

  Status PutScreenings(const std::string& fingerprint,
                       const std::vector<std::pair<std::string, std::string>>& screenings) override {
    if (screenings.empty()) return Status::Ok();
    return InTransaction([&]() -> Status {
      ASSIGN_OR_RETURN(std::optional<std::string> memo, MemoOf(fingerprint));
      if (!memo) {
        // Workers of one scan may create it at once: the later waits for the
        // earlier's commit, then does nothing and reads its number.
        RETURN_IF_ERROR(conn_->Run("scan_new_memo", {fingerprint}).status());
        ASSIGN_OR_RETURN(memo, MemoOf(fingerprint));
        if (!memo) return Status::Internal("the screening memo of a fingerprint was not created");
      }
      for (const auto& [key, matches] : screenings) {
        RETURN_IF_ERROR(conn_->Run("scan_put_screening", {*memo, key, matches}).status());
      }
      return Status::Ok();
    });
  }

  Status ForEachScreening(const std::string& fingerprint,
                          const std::function<Status(const std::string&, const std::string&)>& fn) override {
    ASSIGN_OR_RETURN(std::optional<std::string> memo, MemoOf(fingerprint));
    if (!memo) return Status::Ok();
    // Pages of 10,000 in key order (keys are digests: no NUL, "C" order),
    // each read whole before `fn` runs.
    std::string after;
    for (;;) {
      ASSIGN_OR_RETURN(PgRows rows, conn_->Run("scan_screenings", {*memo, after}));
      if (rows.empty()) return Status::Ok();
      for (size_t i = 0; i < rows.size(); ++i) RETURN_IF_ERROR(fn(rows.Text(i, 0), rows.Text(i, 1)));
      after = rows.Text(rows.size() - 1, 0);
    }
  }

  Result<std::optional<std::string>> GetScreening(const std::string& fingerprint, const std::string& key) override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("scan_get_screening", {fingerprint, key}));
    if (rows.empty()) return std::optional<std::string>();
    return std::optional<std::string>(rows.Text(0, 0));
  }

  Status DropScreenings(const std::string& fingerprint, const std::vector<std::string>& keys) override {
    if (keys.empty()) return Status::Ok();
    return InTransaction([&]() -> Status {
      ASSIGN_OR_RETURN(std::optional<std::string> memo, MemoOf(fingerprint));
      if (!memo) return Status::Ok();
      for (const std::string& key : keys) RETURN_IF_ERROR(conn_->Run("scan_drop_screening", {*memo, key}).status());
      return Status::Ok();
    });
  }

  Status MoveScreenings(const std::string& from, const std::string& to) override {
    if (from == to) return Status::Ok();
    return InTransaction([&]() -> Status {
      ASSIGN_OR_RETURN(std::optional<std::string> memo, MemoOf(from));
      if (!memo) return Status::Ok();
      ASSIGN_OR_RETURN(std::optional<std::string> earlier, MemoOf(to));
      if (earlier) RETURN_IF_ERROR(DropMemo(*earlier));
      return conn_->Run("scan_rename_memo", {*memo, to}).status();
    });
  }

  Status DropScreeningsExcept(const std::string& fingerprint) override {
    return InTransaction([&]() -> Status {
      ASSIGN_OR_RETURN(PgRows others, conn_->Run("scan_other_memos", {fingerprint}));
      for (size_t i = 0; i < others.size(); ++i) RETURN_IF_ERROR(DropMemo(others.Text(i, 0)));
      return Status::Ok();
    });
  }

  Result<std::optional<std::string>> GetRuleCatalogue(const std::string& pack_version) override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("scan_get_catalogue", {pack_version}));
    if (rows.empty()) return std::optional<std::string>();
    return std::optional<std::string>(rows.Text(0, 0));
  }

  Result<std::optional<StoredFingerprint>> AssessmentFingerprint(const std::string& ocid) override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("scan_get_fingerprint", {ocid}));
    if (rows.empty()) return std::optional<StoredFingerprint>();
    return std::optional<StoredFingerprint>(StoredFingerprint{rows.Text(0, 0), rows.Text(0, 1)});
  }

  Status FinishScan(const std::string& scan_id, int64_t assessed, int64_t reused) override {
    return conn_->Run("scan_finish", {scan_id, assessed, reused}).status();
  }

  Result<int64_t> CountAssessments(const std::string& scan_id) override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("scan_count_assessments", {scan_id}));
    if (rows.empty()) return int64_t{0};
    return rows.Int(0, 0);
  }

  Result<int64_t> CountItems(const std::string& scan_id, std::optional<ItemState> state) override {
    Result<PgRows> rows = state ? conn_->Run("scan_count_state", {scan_id, static_cast<int64_t>(*state)})
                                : conn_->Run("scan_count_all", {scan_id});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return int64_t{0};
    return rows->Int(0, 0);
  }

  Result<std::vector<ScanItem>> ClaimItems(const std::string& scan_id, const std::string& worker, size_t limit,
                                           int64_t now, int64_t lease_seconds) override {
    RETURN_IF_ERROR(CheckClaimRequest(worker, limit, now, lease_seconds));
    if (conn_->in_transaction()) {
      return Status::Internal("scan items are claimed outside any transaction on the connection");
    }
    if (limit == 0) return std::vector<ScanItem>();
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("scan_claim", {scan_id, worker, now, ToSqlLimit(limit),
                                                            now + lease_seconds}));
    ASSIGN_OR_RETURN(std::vector<ScanItem> items, ReadItems(rows));
    // RETURNING has no order; ocids compare byte-wise, as COLLATE "C" does.
    std::sort(items.begin(), items.end(), [](const ScanItem& a, const ScanItem& b) { return a.ocid < b.ocid; });
    return items;
  }

  Status ReleaseClaims(const std::string& scan_id, const std::string& worker) override {
    if (worker.empty()) return Status::InvalidArgument("a claim needs a worker name");
    return conn_->Run("scan_release", {scan_id, worker}).status();
  }

 private:
  /// The number of the memo of `fingerprint` (as text, as parameters go), if any.
  Result<std::optional<std::string>> MemoOf(const std::string& fingerprint) {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("scan_memo_of", {fingerprint}));
    if (rows.empty()) return std::optional<std::string>();
    return std::optional<std::string>(rows.Text(0, 0));
  }

  Status DropMemo(const std::string& memo) {
    RETURN_IF_ERROR(conn_->Run("scan_drop_memo_rows", {memo}).status());
    return conn_->Run("scan_drop_memo", {memo}).status();
  }

  /// Runs `body` in the caller's open transaction, or in one of its own.
  template <typename F>
  Status InTransaction(F&& body) {
    if (conn_->in_transaction()) return body();
    PgTransaction tx(*conn_);
    RETURN_IF_ERROR(tx.status());
    RETURN_IF_ERROR(body());
    return tx.Commit();
  }

  PgConnection* conn_;
};

}  // namespace

Result<std::unique_ptr<ScanStore>> OpenPostgresScanStore(PgConnection* conn) {
  if (conn == nullptr) return Status::InvalidArgument("scan store needs a connection");
  RETURN_IF_ERROR(conn->Migrate("scans", Migrations()));
  auto store = std::make_unique<PgScanStore>(conn);
  RETURN_IF_ERROR(store->Prepare());
  return std::unique_ptr<ScanStore>(std::move(store));
}

}  // namespace clearbid
