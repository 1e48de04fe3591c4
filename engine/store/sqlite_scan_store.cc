// The SQLite ScanStore. ClaimItems() runs in one BEGIN IMMEDIATE transaction:
// the write lock is taken before the claimable items are read, so claims from
// other connections (threads or processes) wait for it (busy timeout of the
// Database) and then see the items this one claimed.

#include <cstdint>
#include <limits>

#include "engine/store/scan_store.h"

#include <fmt/format.h>

#include "engine/base/compression.h"
#include "engine/store/screening_key_set.h"

namespace clearbid {
namespace {

const std::vector<Migration>& Migrations() {
  // 2: claims of scan workers (claimed_by '' = unclaimed; lease_until in Unix
  // seconds), and an index of the items not done, which pending and claim
  // queries walk in ocid order. 4: rule catalogues. 5: the screening memo
  // (10: its rows name a memo, which names the lists' fingerprint).
  static const std::vector<Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE scans (
  scan_id           TEXT PRIMARY KEY,
  sequence          INTEGER NOT NULL UNIQUE,
  as_of             TEXT NOT NULL,
  mode              TEXT NOT NULL,
  pack_version      TEXT NOT NULL,
  lists_fingerprint TEXT NOT NULL,
  out_dir           TEXT NOT NULL,
  status            TEXT NOT NULL,
  processes         INTEGER NOT NULL DEFAULT 0,
  assessed          INTEGER NOT NULL DEFAULT 0,
  reused            INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE scan_items (
  scan_id     TEXT NOT NULL,
  ocid        TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  state       INTEGER NOT NULL,
  PRIMARY KEY (scan_id, ocid)
) WITHOUT ROWID;
CREATE TABLE assessments (
  ocid        TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  scan_id     TEXT NOT NULL,
  band        TEXT NOT NULL,
  score       REAL NOT NULL,
  json        TEXT NOT NULL
);
)sql"},
      {2, R"sql(
ALTER TABLE scan_items ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE scan_items ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
CREATE INDEX scan_items_open ON scan_items(scan_id, ocid) WHERE state != 1;
)sql"},
      // Version 3 compresses stored assessments with lz4 on PostgreSQL; the
      // SQLite schema is unchanged (the versions stay the same on both).
      {3, "SELECT 1;"},
      // 4: the rule catalogues that complete compact assessments, per pack version.
      {4, R"sql(
CREATE TABLE rule_catalogues (
  pack_version TEXT PRIMARY KEY,
  json         TEXT NOT NULL
);
)sql"},
      // 5: the screening memo (names screened against one set of lists).
      {5, R"sql(
CREATE TABLE screening_memo (
  fingerprint TEXT NOT NULL,
  query_key   TEXT NOT NULL,
  matches     TEXT NOT NULL,
  PRIMARY KEY (fingerprint, query_key)
) WITHOUT ROWID;
)sql"},
      // 6: the band each item was done with (-1: the stored assessment was reused).
      {6, R"sql(
ALTER TABLE scan_items ADD COLUMN band INTEGER NOT NULL DEFAULT -1;
)sql"},
      // 7: processes carried over without items, by band; an index that
      // answers AssessmentFingerprint() without reading the assessment's row
      // (a page of its own: the rows are kilobytes of JSON).
      {7, R"sql(
ALTER TABLE scans ADD COLUMN carried_low INTEGER NOT NULL DEFAULT 0;
ALTER TABLE scans ADD COLUMN carried_medium INTEGER NOT NULL DEFAULT 0;
ALTER TABLE scans ADD COLUMN carried_high INTEGER NOT NULL DEFAULT 0;
ALTER TABLE scans ADD COLUMN carried_critical INTEGER NOT NULL DEFAULT 0;
CREATE INDEX assessments_fingerprint ON assessments(ocid, fingerprint, band);
)sql"},
      // 8: assessments are stored compressed (a zstd frame in a BLOB; rows
      // written before stay text and are read as such). A million compact
      // assessments took 10 GB of 4 KiB pages (two pages and a half each);
      // compressed, about a sixth. The schema is unchanged.
      {8, "SELECT 1;"},
      // 9: the list versions each scan screened against, and the screenings
      // each stored assessment used (by memo key): a new list version
      // re-assesses only the processes whose screenings it changes.
      {9, R"sql(
ALTER TABLE scans ADD COLUMN list_versions TEXT NOT NULL DEFAULT '';
CREATE TABLE assessment_screenings (
  ocid       TEXT PRIMARY KEY,
  query_keys TEXT NOT NULL
) WITHOUT ROWID;
)sql"},
      // 10: the memo's rows are kept under a memo number, which a row of
      // screening_memo_lists ties to a lists fingerprint: when the lists
      // change, the screenings whose answer changed are rewritten and the
      // memo is renamed (MoveScreenings), instead of a million rows being
      // written again under the new fingerprint.
      {10, R"sql(
CREATE TABLE screening_memo_lists (
  memo        INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL UNIQUE
);
CREATE TABLE screening_memo_rows (
  memo      INTEGER NOT NULL,
  query_key TEXT NOT NULL,
  matches   TEXT NOT NULL,
  PRIMARY KEY (memo, query_key)
) WITHOUT ROWID;
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

/// Resets a statement when the scope ends, whichever way it ends.
class ResetOnExit {
 public:
  explicit ResetOnExit(Statement& q) : q_(q) {}
  ~ResetOnExit() { q_.Reset(); }

 private:
  Statement& q_;
};

Result<std::vector<ScanItem>> ReadItems(Statement& q) {
  std::vector<ScanItem> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back({q.ColumnText(0), q.ColumnText(1), static_cast<ItemState>(q.ColumnInt(2))});
  }
  return out;
}

// Ascending Find()s answered from one forward walk of the fingerprint index:
// the pass of an incremental scan over a million processes made a million
// bound lookups (about 0.75 s of its serial 2.5 s), where stepping through
// the index in the same order costs a fraction of that. An ocid asked out of
// order is looked up (AssessmentFingerprint).
class SqliteFingerprintWalk final : public FingerprintWalk {
 public:
  SqliteFingerprintWalk(Statement walk, ScanStore* store) : walk_(std::move(walk)), store_(store) {}

  Result<std::optional<StoredFingerprint>> Find(const std::string& ocid) override {
    if (started_ && ocid < last_) return store_->AssessmentFingerprint(ocid);
    started_ = true;
    last_ = ocid;
    while (!done_) {
      if (!on_row_) {
        ASSIGN_OR_RETURN(bool row, walk_.Step());
        if (!row) {
          done_ = true;
          break;
        }
        on_row_ = true;
      }
      const int order = walk_.ColumnView(0).compare(ocid);
      if (order > 0) break;  // no assessment of `ocid`; the row may be the next one asked
      if (order == 0) return std::optional<StoredFingerprint>(StoredFingerprint{walk_.ColumnText(1), walk_.ColumnText(2)});
      on_row_ = false;  // behind `ocid`: step on
    }
    return std::optional<StoredFingerprint>();
  }

 private:
  Statement walk_;
  ScanStore* store_;
  std::string last_;
  bool started_ = false, on_row_ = false, done_ = false;
};

class SqliteScanStore final : public ScanStore {
 public:
  explicit SqliteScanStore(Database* db) : db_(db) {}

  Status Prepare() {
    std::string cols = kScanColumns;
    struct {
      Statement* stmt;
      std::string sql;
    } statements[] = {
        {&running_, "SELECT " + cols + " FROM scans WHERE status = 'running' ORDER BY sequence DESC LIMIT 1"},
        {&latest_, "SELECT " + cols + " FROM scans WHERE status = 'complete' ORDER BY sequence DESC LIMIT 1"},
        {&get_scan_, "SELECT " + cols + " FROM scans WHERE scan_id = ?"},
        {&insert_scan_, "INSERT INTO scans(" + cols + ") VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, 0, 0, 0, 0, 0, 0, ?)"},
        {&carried_, "UPDATE scans SET carried_low = ?2, carried_medium = ?3, carried_high = ?4, carried_critical = ?5"
                    " WHERE scan_id = ?1"},
        {&insert_item_, "INSERT OR REPLACE INTO scan_items(scan_id, ocid, fingerprint, state) VALUES (?, ?, ?, ?)"},
        {&pending_,
         "SELECT ocid, fingerprint, state FROM scan_items WHERE scan_id = ? AND state != 1 AND ocid > ?"
         " ORDER BY ocid LIMIT ?"},
        {&mark_done_, "UPDATE scan_items SET state = 1, band = ? WHERE scan_id = ? AND ocid = ?"},
        {&band_counts_, "SELECT CASE WHEN i.band >= 0 THEN i.band ELSE CASE a.band WHEN 'low' THEN 0 WHEN 'medium' THEN 1 WHEN 'high' THEN 2 WHEN 'critical' THEN 3 ELSE -1 END END AS b, COUNT(*) FROM scan_items i "
                        "LEFT JOIN assessments a ON a.ocid = i.ocid WHERE i.scan_id = ? GROUP BY b"},
        {&at_or_above_, "SELECT ocid FROM scan_items WHERE scan_id = ? AND band >= ? ORDER BY ocid"},
        {&put_assessment_,
         "INSERT INTO assessments(ocid, fingerprint, scan_id, band, score, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
         " ON CONFLICT(ocid) DO UPDATE SET fingerprint = ?2, scan_id = ?3, band = ?4, score = ?5, json = ?6"},
        {&put_assessment_keys_,
         "INSERT INTO assessment_screenings(ocid, query_keys) VALUES (?1, ?2)"
         " ON CONFLICT(ocid) DO UPDATE SET query_keys = ?2"},
        {&drop_assessment_keys_, "DELETE FROM assessment_screenings WHERE ocid = ?1"},
        {&assessment_ocids_, "SELECT ocid FROM assessments INDEXED BY assessments_fingerprint ORDER BY ocid"},
        {&assessment_keys_walk_, "SELECT ocid, query_keys FROM assessment_screenings ORDER BY ocid"},
        {&get_assessment_, "SELECT ocid, fingerprint, scan_id, band, score, json FROM assessments WHERE ocid = ?"},
        {&get_fingerprint_, "SELECT fingerprint, band FROM assessments INDEXED BY assessments_fingerprint WHERE ocid = ?"},
        {&put_catalogue_, "INSERT INTO rule_catalogues(pack_version, json) VALUES (?, ?) "
                          "ON CONFLICT(pack_version) DO UPDATE SET json = excluded.json"},
        {&get_catalogue_, "SELECT json FROM rule_catalogues WHERE pack_version = ?"},
        {&memo_of_, "SELECT memo FROM screening_memo_lists WHERE fingerprint = ?"},
        {&new_memo_, "INSERT INTO screening_memo_lists(fingerprint) VALUES (?) ON CONFLICT(fingerprint) DO NOTHING"},
        {&put_screening_, "INSERT INTO screening_memo_rows(memo, query_key, matches) VALUES (?, ?, ?) "
                          "ON CONFLICT(memo, query_key) DO UPDATE SET matches = excluded.matches"},
        {&screenings_, "SELECT query_key, matches FROM screening_memo_rows WHERE memo = ? AND query_key > ?"
                       " ORDER BY query_key LIMIT ?"},
        {&get_screening_, "SELECT r.matches FROM screening_memo_lists l JOIN screening_memo_rows r"
                          " ON r.memo = l.memo AND r.query_key = ?2 WHERE l.fingerprint = ?1"},
        {&drop_screening_, "DELETE FROM screening_memo_rows WHERE memo = ? AND query_key = ?"},
        {&drop_memo_rows_, "DELETE FROM screening_memo_rows WHERE memo = ?"},
        {&drop_memo_, "DELETE FROM screening_memo_lists WHERE memo = ?"},
        {&rename_memo_, "UPDATE screening_memo_lists SET fingerprint = ?2 WHERE memo = ?1"},
        {&other_memos_, "SELECT memo FROM screening_memo_lists WHERE fingerprint != ?"},
        {&finish_, "UPDATE scans SET status = 'complete', assessed = ?2, reused = ?3 WHERE scan_id = ?1"},
        {&count_all_, "SELECT count(*) FROM scan_items WHERE scan_id = ?"},
        {&count_assessments_, "SELECT count(*) FROM assessments WHERE scan_id = ?"},
        {&count_state_, "SELECT count(*) FROM scan_items WHERE scan_id = ? AND state = ?"},
        {&max_sequence_,
         "SELECT COALESCE(max(sequence), 0), (SELECT count(*) FROM scans WHERE scan_id = ?) FROM scans"},
        {&claimable_,
         "SELECT ocid, fingerprint, state FROM scan_items WHERE scan_id = ?1 AND state != 1"
         " AND (claimed_by = '' OR lease_until < ?2) ORDER BY ocid LIMIT ?3"},
        {&claim_, "UPDATE scan_items SET claimed_by = ?3, lease_until = ?4 WHERE scan_id = ?1 AND ocid = ?2"},
        {&release_,
         "UPDATE scan_items SET claimed_by = '', lease_until = 0 WHERE scan_id = ?1 AND claimed_by = ?2"
         " AND state != 1"},
    };
    for (auto& s : statements) {
      ASSIGN_OR_RETURN(*s.stmt, db_->Prepare(s.sql));
    }
    return Status::Ok();
  }

  Result<std::optional<ScanRecord>> RunningScan() override {
    running_.Reset();
    return OneScan(running_);
  }

  Result<std::optional<ScanRecord>> LatestCompleteScan() override {
    latest_.Reset();
    return OneScan(latest_);
  }

  Result<std::optional<ScanRecord>> GetScan(const std::string& scan_id) override {
    get_scan_.Reset();
    get_scan_.Bind(1, scan_id);
    return OneScan(get_scan_);
  }

  Result<ScanRecord> CreateScan(const ScanRecord& spec) override {
    if (spec.out_dir.empty()) return Status::InvalidArgument("scan needs an output folder");
    ScanRecord r = spec;
    for (int n = 1;; ++n) {
      r.scan_id = ScanIdCandidate(spec.as_of, n);
      ResetOnExit reset(max_sequence_);
      max_sequence_.Bind(1, r.scan_id);
      ASSIGN_OR_RETURN(bool row, max_sequence_.Step());
      if (!row) return Status::Internal("no row from a count");
      r.sequence = max_sequence_.ColumnInt(0) + 1;
      if (max_sequence_.ColumnInt(1) == 0) break;
    }
    r.out_dir = spec.out_dir + "/" + r.scan_id;
    r.status = "running";
    r.assessed = 0;
    r.reused = 0;
    r.carried_over = {0, 0, 0, 0};
    ResetOnExit reset(insert_scan_);
    insert_scan_.Bind(1, r.scan_id).Bind(2, r.sequence).Bind(3, r.as_of).Bind(4, r.mode).Bind(5, r.pack_version);
    insert_scan_.Bind(6, r.lists_fingerprint).Bind(7, r.out_dir).Bind(8, r.processes).Bind(9, r.list_versions);
    RETURN_IF_ERROR(insert_scan_.Run());
    return r;
  }

  Status RecordCarriedOver(const std::string& scan_id, const std::array<int64_t, 4>& bands) override {
    ResetOnExit reset(carried_);
    carried_.Bind(1, scan_id);
    for (int b = 0; b < 4; ++b) carried_.Bind(2 + b, bands[static_cast<size_t>(b)]);
    return carried_.Run();
  }

  Status AddItems(const std::string& scan_id, const std::vector<ScanItem>& items) override {
    ResetOnExit reset(insert_item_);
    for (const ScanItem& item : items) {
      insert_item_.Reset();
      insert_item_.Bind(1, scan_id).Bind(2, item.ocid).Bind(3, item.fingerprint);
      insert_item_.Bind(4, static_cast<int64_t>(item.state));
      RETURN_IF_ERROR(insert_item_.Run());
    }
    return Status::Ok();
  }

  Result<std::vector<ScanItem>> PendingItems(const std::string& scan_id, const std::string& after_ocid,
                                             size_t limit) override {
    ResetOnExit reset(pending_);
    pending_.Bind(1, scan_id).Bind(2, after_ocid).Bind(3, SqlLimit(limit));
    return ReadItems(pending_);
  }

  Status MarkDone(const std::string& scan_id, const std::string& ocid, int band) override {
    ResetOnExit reset(mark_done_);
    mark_done_.Bind(1, static_cast<int64_t>(band)).Bind(2, scan_id).Bind(3, ocid);
    return mark_done_.Run();
  }

  Result<std::array<int64_t, 5>> BandCounts(const std::string& scan_id) override {
    ResetOnExit reset(band_counts_);
    band_counts_.Bind(1, scan_id);
    std::array<int64_t, 5> out{};
    for (;;) {
      ASSIGN_OR_RETURN(bool row, band_counts_.Step());
      if (!row) return out;
      const int64_t b = band_counts_.ColumnInt(0);
      out[b >= 0 && b <= 3 ? static_cast<size_t>(b) : 4] += band_counts_.ColumnInt(1);
    }
  }

  Result<std::vector<std::string>> ItemsAtOrAbove(const std::string& scan_id, int min_band) override {
    ResetOnExit reset(at_or_above_);
    at_or_above_.Bind(1, scan_id).Bind(2, static_cast<int64_t>(min_band));
    std::vector<std::string> out;
    for (;;) {
      ASSIGN_OR_RETURN(bool row, at_or_above_.Step());
      if (!row) return out;
      out.push_back(at_or_above_.ColumnText(0));
    }
  }

  Status PutAssessment(const StoredAssessment& a) override {
    ResetOnExit reset(put_assessment_);
    put_assessment_.Bind(1, a.ocid).Bind(2, a.fingerprint).Bind(3, a.scan_id).Bind(4, a.band).Bind(5, a.score);
    put_assessment_.BindBlob(6, Compress(a.json));
    RETURN_IF_ERROR(put_assessment_.Run());
    Statement& keys = a.screening_keys ? put_assessment_keys_ : drop_assessment_keys_;
    ResetOnExit reset_keys(keys);
    keys.Bind(1, a.ocid);
    if (a.screening_keys) keys.Bind(2, *a.screening_keys);
    return keys.Run();
  }
  Result<std::vector<std::string>> AssessmentsUsing(const std::unordered_set<std::string>& keys) override {
    // Both tables walked side by side in ocid order (BINARY collation: byte
    // order, as std::string_view compares): a stored assessment without a
    // row of keys is returned (not known), one with keys when they hold one
    // of `keys`. One step of each table per row, where a join looked each
    // assessment's keys up in their table (a million B-tree searches).
    const ScreeningKeySet used(keys);
    ResetOnExit reset_ocids(assessment_ocids_), reset_keys(assessment_keys_walk_);
    std::vector<std::string> out;
    ASSIGN_OR_RETURN(bool have_keys, assessment_keys_walk_.Step());
    for (;;) {
      ASSIGN_OR_RETURN(bool row, assessment_ocids_.Step());
      if (!row) return out;
      const std::string_view ocid = assessment_ocids_.ColumnView(0);
      while (have_keys && assessment_keys_walk_.ColumnView(0) < ocid) {
        ASSIGN_OR_RETURN(have_keys, assessment_keys_walk_.Step());
      }
      if (!have_keys || assessment_keys_walk_.ColumnView(0) != ocid ||
          used.UsedBy(assessment_keys_walk_.ColumnView(1))) {
        out.emplace_back(ocid);
      }
    }
  }

  Result<std::optional<StoredFingerprint>> AssessmentFingerprint(const std::string& ocid) override {
    ResetOnExit reset(get_fingerprint_);
    get_fingerprint_.Bind(1, ocid);
    ASSIGN_OR_RETURN(bool row, get_fingerprint_.Step());
    if (!row) return std::optional<StoredFingerprint>();
    return std::optional<StoredFingerprint>(StoredFingerprint{get_fingerprint_.ColumnText(0), get_fingerprint_.ColumnText(1)});
  }

  Result<std::unique_ptr<FingerprintWalk>> WalkFingerprints() override {
    ASSIGN_OR_RETURN(Statement walk, db_->Prepare("SELECT ocid, fingerprint, band FROM assessments INDEXED BY "
                                                  "assessments_fingerprint ORDER BY ocid"));
    return std::unique_ptr<FingerprintWalk>(std::make_unique<SqliteFingerprintWalk>(std::move(walk), this));
  }

  Status PutRuleCatalogue(const std::string& pack_version, const std::string& json) override {
    ResetOnExit reset(put_catalogue_);
    put_catalogue_.Bind(1, pack_version).Bind(2, json);
    return put_catalogue_.Run();
  }

  Status PutScreenings(const std::string& fingerprint,
                       const std::vector<std::pair<std::string, std::string>>& screenings) override {
    if (screenings.empty()) return Status::Ok();
    ASSIGN_OR_RETURN(std::optional<int64_t> memo, MemoOf(fingerprint));
    if (!memo) {
      ResetOnExit reset(new_memo_);
      new_memo_.Bind(1, fingerprint);
      RETURN_IF_ERROR(new_memo_.Run());
      ASSIGN_OR_RETURN(memo, MemoOf(fingerprint));
      if (!memo) return Status::Internal("the screening memo of a fingerprint was not created");
    }
    ResetOnExit reset(put_screening_);
    for (const auto& [key, matches] : screenings) {
      put_screening_.Reset();
      put_screening_.Bind(1, *memo).Bind(2, key).Bind(3, matches);
      RETURN_IF_ERROR(put_screening_.Run());
    }
    return Status::Ok();
  }

  Status ForEachScreening(const std::string& fingerprint,
                          const std::function<Status(const std::string&, const std::string&)>& fn) override {
    ASSIGN_OR_RETURN(std::optional<int64_t> memo, MemoOf(fingerprint));
    if (!memo) return Status::Ok();
    // Pages in key order (keys are digests: no NUL); the statement is reset
    // before `fn` runs, so that `fn` may write.
    constexpr int64_t kPage = 4096;
    std::vector<std::pair<std::string, std::string>> page;
    std::string after;
    for (;;) {
      page.clear();
      {
        ResetOnExit reset(screenings_);
        screenings_.Bind(1, *memo).Bind(2, after).Bind(3, kPage);
        for (;;) {
          ASSIGN_OR_RETURN(bool row, screenings_.Step());
          if (!row) break;
          page.emplace_back(screenings_.ColumnText(0), screenings_.ColumnText(1));
        }
      }
      if (page.empty()) return Status::Ok();
      after = page.back().first;
      for (const auto& [key, matches] : page) RETURN_IF_ERROR(fn(key, matches));
      if (static_cast<int64_t>(page.size()) < kPage) return Status::Ok();
    }
  }

  Result<std::optional<std::string>> GetScreening(const std::string& fingerprint, const std::string& key) override {
    ResetOnExit reset(get_screening_);
    get_screening_.Bind(1, fingerprint).Bind(2, key);
    ASSIGN_OR_RETURN(bool row, get_screening_.Step());
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(get_screening_.ColumnText(0));
  }

  Status DropScreenings(const std::string& fingerprint, const std::vector<std::string>& keys) override {
    if (keys.empty()) return Status::Ok();
    ASSIGN_OR_RETURN(std::optional<int64_t> memo, MemoOf(fingerprint));
    if (!memo) return Status::Ok();
    ResetOnExit reset(drop_screening_);
    for (const std::string& key : keys) {
      drop_screening_.Reset();
      drop_screening_.Bind(1, *memo).Bind(2, key);
      RETURN_IF_ERROR(drop_screening_.Run());
    }
    return Status::Ok();
  }

  Status MoveScreenings(const std::string& from, const std::string& to) override {
    if (from == to) return Status::Ok();
    ASSIGN_OR_RETURN(std::optional<int64_t> memo, MemoOf(from));
    if (!memo) return Status::Ok();
    ASSIGN_OR_RETURN(std::optional<int64_t> earlier, MemoOf(to));
    if (earlier) RETURN_IF_ERROR(DropMemo(*earlier));
    ResetOnExit reset(rename_memo_);
    rename_memo_.Bind(1, *memo).Bind(2, to);
    return rename_memo_.Run();
  }

  Status DropScreeningsExcept(const std::string& fingerprint) override {
    std::vector<int64_t> others;
    {
      ResetOnExit reset(other_memos_);
      other_memos_.Bind(1, fingerprint);
      for (;;) {
        ASSIGN_OR_RETURN(bool row, other_memos_.Step());
        if (!row) break;
        others.push_back(other_memos_.ColumnInt(0));
      }
    }
    for (int64_t memo : others) RETURN_IF_ERROR(DropMemo(memo));
    return Status::Ok();
  }

  Result<std::optional<std::string>> GetRuleCatalogue(const std::string& pack_version) override {
    ResetOnExit reset(get_catalogue_);
    get_catalogue_.Bind(1, pack_version);
    ASSIGN_OR_RETURN(bool row, get_catalogue_.Step());
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(get_catalogue_.ColumnText(0));
  }

  Result<std::optional<StoredAssessment>> GetAssessment(const std::string& ocid) override {
    ResetOnExit reset(get_assessment_);
    get_assessment_.Bind(1, ocid);
    ASSIGN_OR_RETURN(bool row, get_assessment_.Step());
    std::optional<StoredAssessment> out;
    if (row) {
      out = StoredAssessment{get_assessment_.ColumnText(0), get_assessment_.ColumnText(1),
                             get_assessment_.ColumnText(2), get_assessment_.ColumnText(3),
                             get_assessment_.ColumnDouble(4), ""};
      // Compressed (a BLOB) since migration 8; text before.
      if (get_assessment_.ColumnIsBlob(5)) {
        Result<std::string> json = Decompress(get_assessment_.ColumnBlob(5), kMaxStoredAssessment);
        if (!json.ok()) return Status::Corruption(fmt::format("stored assessment of {}: {}", ocid, json.status().message()));
        out->json = std::move(*json);
      } else {
        out->json = get_assessment_.ColumnText(5);
      }
    }
    return out;
  }

  Status FinishScan(const std::string& scan_id, int64_t assessed, int64_t reused) override {
    ResetOnExit reset(finish_);
    finish_.Bind(1, scan_id).Bind(2, assessed).Bind(3, reused);
    return finish_.Run();
  }

  Result<int64_t> CountAssessments(const std::string& scan_id) override {
    ResetOnExit reset(count_assessments_);
    count_assessments_.Bind(1, scan_id);
    ASSIGN_OR_RETURN(bool row, count_assessments_.Step());
    return row ? count_assessments_.ColumnInt(0) : 0;
  }

  Result<int64_t> CountItems(const std::string& scan_id, std::optional<ItemState> state) override {
    Statement& q = state ? count_state_ : count_all_;
    ResetOnExit reset(q);
    q.Bind(1, scan_id);
    if (state) q.Bind(2, static_cast<int64_t>(*state));
    ASSIGN_OR_RETURN(bool row, q.Step());
    return row ? q.ColumnInt(0) : 0;
  }

  Result<std::vector<ScanItem>> ClaimItems(const std::string& scan_id, const std::string& worker, size_t limit,
                                           int64_t now, int64_t lease_seconds) override {
    RETURN_IF_ERROR(CheckClaimRequest(worker, limit, now, lease_seconds));
    if (limit == 0) return std::vector<ScanItem>();
    Transaction tx(*db_);  // BEGIN IMMEDIATE: the write lock before the claimable items are read
    RETURN_IF_ERROR(tx.status());
    std::vector<ScanItem> items;
    {
      ResetOnExit reset(claimable_);
      claimable_.Bind(1, scan_id).Bind(2, now).Bind(3, SqlLimit(limit));
      ASSIGN_OR_RETURN(items, ReadItems(claimable_));
    }
    ResetOnExit reset(claim_);
    for (const ScanItem& item : items) {
      claim_.Reset();
      claim_.Bind(1, scan_id).Bind(2, item.ocid).Bind(3, worker).Bind(4, now + lease_seconds);
      RETURN_IF_ERROR(claim_.Run());
    }
    RETURN_IF_ERROR(tx.Commit());
    return items;
  }

  Status ReleaseClaims(const std::string& scan_id, const std::string& worker) override {
    if (worker.empty()) return Status::InvalidArgument("a claim needs a worker name");
    ResetOnExit reset(release_);
    release_.Bind(1, scan_id).Bind(2, worker);
    return release_.Run();
  }

 private:
  static int64_t SqlLimit(size_t limit) {
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    return limit > static_cast<size_t>(kMax) ? kMax : static_cast<int64_t>(limit);
  }

  Result<std::optional<ScanRecord>> OneScan(Statement& q) {
    ResetOnExit reset(q);
    ASSIGN_OR_RETURN(bool row, q.Step());
    std::optional<ScanRecord> out;
    if (row) {
      ScanRecord r;
      r.scan_id = q.ColumnText(0);
      r.sequence = q.ColumnInt(1);
      r.as_of = q.ColumnText(2);
      r.mode = q.ColumnText(3);
      r.pack_version = q.ColumnText(4);
      r.lists_fingerprint = q.ColumnText(5);
      r.out_dir = q.ColumnText(6);
      r.status = q.ColumnText(7);
      r.processes = q.ColumnInt(8);
      r.assessed = q.ColumnInt(9);
      r.reused = q.ColumnInt(10);
      for (int b = 0; b < 4; ++b) r.carried_over[static_cast<size_t>(b)] = q.ColumnInt(11 + b);
      r.list_versions = q.ColumnText(15);
      out = std::move(r);
    }
    return out;
  }

  Result<std::optional<int64_t>> MemoOf(const std::string& fingerprint) {
    ResetOnExit reset(memo_of_);
    memo_of_.Bind(1, fingerprint);
    ASSIGN_OR_RETURN(bool row, memo_of_.Step());
    if (!row) return std::optional<int64_t>();
    return std::optional<int64_t>(memo_of_.ColumnInt(0));
  }

  Status DropMemo(int64_t memo) {
    {
      ResetOnExit reset(drop_memo_rows_);
      drop_memo_rows_.Bind(1, memo);
      RETURN_IF_ERROR(drop_memo_rows_.Run());
    }
    ResetOnExit reset(drop_memo_);
    drop_memo_.Bind(1, memo);
    return drop_memo_.Run();
  }

  Database* db_;
  Statement running_, latest_, get_scan_, insert_scan_, insert_item_, pending_, mark_done_, band_counts_, at_or_above_, put_assessment_,
      get_assessment_, put_assessment_keys_, drop_assessment_keys_, assessment_ocids_, assessment_keys_walk_, get_fingerprint_, put_catalogue_, get_catalogue_, carried_, memo_of_, new_memo_, put_screening_, screenings_, get_screening_, drop_screening_, drop_memo_rows_, drop_memo_, rename_memo_, other_memos_, finish_, count_all_, count_state_, count_assessments_, max_sequence_, claimable_, claim_, release_;
};

}  // namespace

Result<std::unique_ptr<ScanStore>> OpenSqliteScanStore(Database* db) {
  if (db == nullptr) return Status::InvalidArgument("scan store needs a database");
  RETURN_IF_ERROR(db->Migrate("scans", Migrations()));
  auto store = std::make_unique<SqliteScanStore>(db);
  RETURN_IF_ERROR(store->Prepare());
  return std::unique_ptr<ScanStore>(std::move(store));
}

Result<std::unique_ptr<ScanStore>> ScanStore::Open(Database* db) { return OpenSqliteScanStore(db); }

}  // namespace clearbid
