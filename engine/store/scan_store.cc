#include "engine/store/scan_store.h"

#include <fmt/format.h>

namespace clearbid {
namespace {

const std::vector<Migration>& Migrations() {
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
  };
  return kMigrations;
}

constexpr const char* kScanColumns =
    "scan_id, sequence, as_of, mode, pack_version, lists_fingerprint, out_dir, status, processes, assessed, reused";

}  // namespace

Result<std::unique_ptr<ScanStore>> ScanStore::Open(Database* db) {
  RETURN_IF_ERROR(db->Migrate("scans", Migrations()));
  std::unique_ptr<ScanStore> s(new ScanStore(db));
  RETURN_IF_ERROR(s->Prepare());
  return s;
}

Status ScanStore::Prepare() {
  std::string cols = kScanColumns;
  struct {
    Statement* stmt;
    std::string sql;
  } statements[] = {
      {&running_, "SELECT " + cols + " FROM scans WHERE status = 'running' ORDER BY sequence DESC LIMIT 1"},
      {&latest_, "SELECT " + cols + " FROM scans WHERE status = 'complete' ORDER BY sequence DESC LIMIT 1"},
      {&get_scan_, "SELECT " + cols + " FROM scans WHERE scan_id = ?"},
      {&insert_scan_, "INSERT INTO scans(" + cols + ") VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, 0, 0)"},
      {&insert_item_, "INSERT OR REPLACE INTO scan_items(scan_id, ocid, fingerprint, state) VALUES (?, ?, ?, ?)"},
      {&pending_,
       "SELECT ocid, fingerprint, state FROM scan_items WHERE scan_id = ? AND state != 1 AND ocid > ?"
       " ORDER BY ocid LIMIT ?"},
      {&mark_done_, "UPDATE scan_items SET state = 1 WHERE scan_id = ? AND ocid = ?"},
      {&put_assessment_,
       "INSERT INTO assessments(ocid, fingerprint, scan_id, band, score, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
       " ON CONFLICT(ocid) DO UPDATE SET fingerprint = ?2, scan_id = ?3, band = ?4, score = ?5, json = ?6"},
      {&get_assessment_, "SELECT ocid, fingerprint, scan_id, band, score, json FROM assessments WHERE ocid = ?"},
      {&finish_, "UPDATE scans SET status = 'complete', assessed = ?2, reused = ?3 WHERE scan_id = ?1"},
      {&count_all_, "SELECT count(*) FROM scan_items WHERE scan_id = ?"},
      {&count_state_, "SELECT count(*) FROM scan_items WHERE scan_id = ? AND state = ?"},
      {&max_sequence_, "SELECT COALESCE(max(sequence), 0), (SELECT count(*) FROM scans WHERE scan_id = ?) FROM scans"},
  };
  for (auto& s : statements) {
    ASSIGN_OR_RETURN(*s.stmt, db_->Prepare(s.sql));
  }
  return Status::Ok();
}

Result<std::optional<ScanRecord>> ScanStore::OneScan(Statement& q) {
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
    out = std::move(r);
  }
  q.Reset();
  return out;
}

Result<std::optional<ScanRecord>> ScanStore::RunningScan() {
  running_.Reset();
  return OneScan(running_);
}

Result<std::optional<ScanRecord>> ScanStore::LatestCompleteScan() {
  latest_.Reset();
  return OneScan(latest_);
}

Result<std::optional<ScanRecord>> ScanStore::GetScan(const std::string& scan_id) {
  get_scan_.Reset();
  get_scan_.Bind(1, scan_id);
  return OneScan(get_scan_);
}

Result<ScanRecord> ScanStore::CreateScan(const ScanRecord& spec) {
  ScanRecord r = spec;
  for (int n = 1;; ++n) {
    r.scan_id = n == 1 ? spec.as_of : fmt::format("{}-{}", spec.as_of, n);
    max_sequence_.Reset();
    max_sequence_.Bind(1, r.scan_id);
    ASSIGN_OR_RETURN(bool row, max_sequence_.Step());
    (void)row;
    r.sequence = max_sequence_.ColumnInt(0) + 1;
    bool taken = max_sequence_.ColumnInt(1) > 0;
    max_sequence_.Reset();
    if (!taken) break;
  }
  if (spec.out_dir.empty()) return Status::InvalidArgument("scan needs an output folder");
  r.out_dir = spec.out_dir + "/" + r.scan_id;
  r.status = "running";
  insert_scan_.Reset();
  insert_scan_.Bind(1, r.scan_id).Bind(2, r.sequence).Bind(3, r.as_of).Bind(4, r.mode).Bind(5, r.pack_version);
  insert_scan_.Bind(6, r.lists_fingerprint).Bind(7, r.out_dir).Bind(8, r.processes);
  RETURN_IF_ERROR(insert_scan_.Run());
  return r;
}

Status ScanStore::AddItems(const std::string& scan_id, const std::vector<ScanItem>& items) {
  for (const ScanItem& item : items) {
    insert_item_.Reset();
    insert_item_.Bind(1, scan_id).Bind(2, item.ocid).Bind(3, item.fingerprint);
    insert_item_.Bind(4, static_cast<int64_t>(item.state));
    RETURN_IF_ERROR(insert_item_.Run());
  }
  return Status::Ok();
}

Result<std::vector<ScanItem>> ScanStore::PendingItems(const std::string& scan_id, const std::string& after_ocid,
                                                      size_t limit) {
  pending_.Reset();
  pending_.Bind(1, scan_id).Bind(2, after_ocid).Bind(3, static_cast<int64_t>(limit));
  std::vector<ScanItem> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, pending_.Step());
    if (!row) break;
    out.push_back({pending_.ColumnText(0), pending_.ColumnText(1), static_cast<ItemState>(pending_.ColumnInt(2))});
  }
  pending_.Reset();
  return out;
}

Status ScanStore::MarkDone(const std::string& scan_id, const std::string& ocid) {
  mark_done_.Reset();
  mark_done_.Bind(1, scan_id).Bind(2, ocid);
  return mark_done_.Run();
}

Status ScanStore::PutAssessment(const StoredAssessment& a) {
  put_assessment_.Reset();
  put_assessment_.Bind(1, a.ocid).Bind(2, a.fingerprint).Bind(3, a.scan_id).Bind(4, a.band).Bind(5, a.score);
  put_assessment_.Bind(6, a.json);
  return put_assessment_.Run();
}

Result<std::optional<StoredAssessment>> ScanStore::GetAssessment(const std::string& ocid) {
  get_assessment_.Reset();
  get_assessment_.Bind(1, ocid);
  ASSIGN_OR_RETURN(bool row, get_assessment_.Step());
  std::optional<StoredAssessment> out;
  if (row) {
    out = StoredAssessment{get_assessment_.ColumnText(0), get_assessment_.ColumnText(1), get_assessment_.ColumnText(2),
                           get_assessment_.ColumnText(3), get_assessment_.ColumnDouble(4),
                           get_assessment_.ColumnText(5)};
  }
  get_assessment_.Reset();
  return out;
}

Status ScanStore::FinishScan(const std::string& scan_id, int64_t assessed, int64_t reused) {
  finish_.Reset();
  finish_.Bind(1, scan_id).Bind(2, assessed).Bind(3, reused);
  return finish_.Run();
}

Result<int64_t> ScanStore::CountItems(const std::string& scan_id, std::optional<ItemState> state) {
  Statement& q = state ? count_state_ : count_all_;
  q.Reset();
  q.Bind(1, scan_id);
  if (state) q.Bind(2, static_cast<int64_t>(*state));
  ASSIGN_OR_RETURN(bool row, q.Step());
  int64_t n = row ? q.ColumnInt(0) : 0;
  q.Reset();
  return n;
}

}  // namespace clearbid
