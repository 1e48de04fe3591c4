#include "engine/store/process_store.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "engine/base/digest.h"

namespace clearbid {
namespace {

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE source_files (
  sha256 TEXT PRIMARY KEY,
  path   TEXT NOT NULL,
  bytes  INTEGER NOT NULL
);
CREATE TABLE releases (
  id          INTEGER PRIMARY KEY,
  ocid        TEXT NOT NULL,
  release_id  TEXT NOT NULL,
  date        TEXT NOT NULL,
  compiled    INTEGER NOT NULL,
  digest      TEXT NOT NULL,
  json        TEXT NOT NULL,
  source_file TEXT NOT NULL,
  source_line INTEGER NOT NULL,
  UNIQUE (ocid, release_id, digest)
);
CREATE TABLE processes (
  ocid               TEXT PRIMARY KEY,
  digest             TEXT NOT NULL,
  release_count      INTEGER NOT NULL,
  compiled_json      TEXT,            -- NULL: the single release is the state
  date               TEXT,
  ocds_version       TEXT,
  buyer_name         TEXT,
  procurement_method TEXT,
  main_category      TEXT,
  tender_amount      REAL,
  tender_currency    TEXT,
  n_parties          INTEGER NOT NULL,
  n_items            INTEGER NOT NULL,
  n_bids             INTEGER NOT NULL,
  n_awards           INTEGER NOT NULL
);
CREATE TABLE parties (
  party_key  TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  scheme     TEXT NOT NULL,
  identifier TEXT NOT NULL,
  country    TEXT NOT NULL
);
CREATE TABLE process_parties (
  ocid      TEXT NOT NULL,
  party_id  TEXT NOT NULL,
  party_key TEXT NOT NULL,
  name      TEXT NOT NULL,
  roles     TEXT NOT NULL,            -- comma-separated, as published
  tier      INTEGER NOT NULL,
  country   TEXT NOT NULL,
  PRIMARY KEY (ocid, party_id)
);
CREATE INDEX process_parties_by_key ON process_parties(party_key);
CREATE TABLE process_items (
  ocid        TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  stage       TEXT NOT NULL,          -- tender, award or contract
  scheme      TEXT NOT NULL,
  code        TEXT NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (ocid, seq)
);
CREATE INDEX process_items_by_code ON process_items(scheme, code);
)sql"},
      // Parties, their appearances and items keyed by their primary key alone
      // (WITHOUT ROWID: one b-tree per table instead of a table and its
      // key's index), and without the indexes by party key and by item code,
      // which no query uses: about half the b-tree writes of an ingest.
      {2, R"sql(
CREATE TABLE parties_v2 (
  party_key  TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  scheme     TEXT NOT NULL,
  identifier TEXT NOT NULL,
  country    TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO parties_v2(party_key, name, scheme, identifier, country)
  SELECT party_key, name, scheme, identifier, country FROM parties;
DROP TABLE parties;
ALTER TABLE parties_v2 RENAME TO parties;
CREATE TABLE process_parties_v2 (
  ocid      TEXT NOT NULL,
  party_id  TEXT NOT NULL,
  party_key TEXT NOT NULL,
  name      TEXT NOT NULL,
  roles     TEXT NOT NULL,            -- comma-separated, as published
  tier      INTEGER NOT NULL,
  country   TEXT NOT NULL,
  PRIMARY KEY (ocid, party_id)
) WITHOUT ROWID;
INSERT INTO process_parties_v2(ocid, party_id, party_key, name, roles, tier, country)
  SELECT ocid, party_id, party_key, name, roles, tier, country FROM process_parties;
DROP TABLE process_parties;
ALTER TABLE process_parties_v2 RENAME TO process_parties;
CREATE TABLE process_items_v2 (
  ocid        TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  stage       TEXT NOT NULL,          -- tender, award or contract
  scheme      TEXT NOT NULL,
  code        TEXT NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (ocid, seq)
) WITHOUT ROWID;
INSERT INTO process_items_v2(ocid, seq, stage, scheme, code, description)
  SELECT ocid, seq, stage, scheme, code, description FROM process_items;
DROP TABLE process_items;
ALTER TABLE process_items_v2 RENAME TO process_items;
)sql"},
      // Every process's (ocid, digest) in ocid order without reading its
      // row, whose compiled JSON (kilobytes, inline) would make a pass over
      // all processes (ForEachProcess, each incremental scan) read most of
      // the table's pages.
      {3, R"sql(
CREATE INDEX processes_by_ocid_digest ON processes(ocid, digest);
)sql"},
      // A process's party appearances and items packed in one row
      // (PackParties, PackItems: JSON arrays) instead of a row each: one
      // b-tree insert per process instead of about eight, the most costly
      // part of an ingest's writes. Nothing reads them row by row but the
      // views of the same names, kept for SQL users: process_parties and
      // process_items give the rows the tables held (NUL bytes in their text
      // excepted: SQLite's JSON functions end a string there).
      {4, R"sql(
CREATE TABLE process_rows (
  ocid      TEXT PRIMARY KEY,
  n_parties INTEGER NOT NULL,       -- elements of parties
  n_items   INTEGER NOT NULL,       -- elements of items
  parties   TEXT NOT NULL,          -- [[party_id, party_key, name, roles, tier, country], ...] by party_id
  items     TEXT NOT NULL           -- [[stage, scheme, code, description], ...] by seq (the index)
) WITHOUT ROWID;
INSERT INTO process_rows(ocid, n_parties, n_items, parties, items)
  SELECT o.ocid,
         (SELECT count(*) FROM process_parties pp WHERE pp.ocid = o.ocid),
         (SELECT count(*) FROM process_items pi WHERE pi.ocid = o.ocid),
         COALESCE((SELECT json_group_array(json_array(party_id, party_key, name, roles, tier, country))
                   FROM (SELECT * FROM process_parties pp WHERE pp.ocid = o.ocid ORDER BY party_id)), '[]'),
         COALESCE((SELECT json_group_array(json_array(stage, scheme, code, description))
                   FROM (SELECT * FROM process_items pi WHERE pi.ocid = o.ocid ORDER BY seq)), '[]')
  FROM (SELECT ocid FROM processes UNION SELECT ocid FROM process_parties UNION SELECT ocid FROM process_items) o;
DROP TABLE process_parties;
DROP TABLE process_items;
CREATE VIEW process_parties(ocid, party_id, party_key, name, roles, tier, country) AS
  SELECT r.ocid, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5
  FROM process_rows r, json_each(r.parties) j;
CREATE VIEW process_items(ocid, seq, stage, scheme, code, description) AS
  SELECT r.ocid, j.key, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3
  FROM process_rows r, json_each(r.items) j;
)sql"},
      // New parties of a bulk load, appended in the order they were written
      // and added to `parties` in key order when it ends (BeginBulkLoad).
      {5, R"sql(
CREATE TABLE parties_pending (
  seq        INTEGER PRIMARY KEY,     -- write order: the first row of a key wins
  party_key  TEXT NOT NULL,
  name       TEXT NOT NULL,
  scheme     TEXT NOT NULL,
  identifier TEXT NOT NULL,
  country    TEXT NOT NULL
);
)sql"},
  };
  return kMigrations;
}

// Rows per statement of the multi-row INSERTs (PutNewProcesses, the pending
// parties' merge): at most 15 columns, so at most 480 parameters.
constexpr size_t kRowsPerInsert = 32;

// "INSERT ... VALUES (?, ...), ..." with `rows` groups of `columns`
// parameters, then `tail` (the upsert clause, or nothing).
std::string MultiRowInsert(std::string_view head, int columns, size_t rows, std::string_view tail) {
  std::string group = "(";
  for (int c = 0; c < columns; ++c) group += c ? ", ?" : "?";
  group += ")";
  std::string sql(head);
  sql += " VALUES ";
  for (size_t r = 0; r < rows; ++r) {
    if (r) sql += ", ";
    sql += group;
  }
  sql += tail;
  return sql;
}

// Writes `n` rows: whole groups of kRowsPerInsert through `group` (the
// multi-row form of `single`), the rest through `single`. `bind(statement,
// i, first)` binds row i's values from parameter `first` on.
template <typename BindRow>
Status InsertRows(Statement& group, Statement& single, size_t n, int columns, const BindRow& bind) {
  size_t i = 0;
  for (; n - i >= kRowsPerInsert; i += kRowsPerInsert) {
    group.Reset();
    for (size_t r = 0; r < kRowsPerInsert; ++r) bind(group, i + r, static_cast<int>(r) * columns + 1);
    RETURN_IF_ERROR(group.Run());
  }
  for (; i < n; ++i) {
    single.Reset();
    bind(single, i, 1);
    RETURN_IF_ERROR(single.Run());
  }
  return Status::Ok();
}

constexpr int kProcessColumns = 15, kProcessRowsColumns = 5, kPartyColumns = 5;
constexpr std::string_view kInsertProcess =
    "INSERT INTO processes(ocid, digest, release_count, compiled_json, date, ocds_version, buyer_name,"
    " procurement_method, main_category, tender_amount, tender_currency, n_parties, n_items, n_bids, n_awards)";
constexpr std::string_view kInsertProcessRows = "INSERT INTO process_rows(ocid, n_parties, n_items, parties, items)";
constexpr std::string_view kInsertParty =
    "INSERT OR IGNORE INTO parties(party_key, name, scheme, identifier, country)";
constexpr std::string_view kInsertPendingParty =
    "INSERT INTO parties_pending(party_key, name, scheme, identifier, country)";

// Binds a party's `parties` row from parameter `first` on.
void BindParty(Statement& q, const ProcessRows::PartyRow& party, int first) {
  q.BindStatic(first, party.party_key).BindStatic(first + 1, party.name).BindStatic(first + 2, party.scheme);
  q.BindStatic(first + 3, party.identifier).BindStatic(first + 4, party.country);
}

class SqliteProcessStore final : public ProcessStore {
 public:
  explicit SqliteProcessStore(Database* db) : db_(db) {}
  Status Prepare();

  Result<ReleaseChange> PutRelease(const StoredRelease& release, int64_t* releases_before) override;
  Result<std::vector<StoredRelease>> ReleasesOf(std::string_view ocid) override;
  Result<bool> PutProcessRows(const ProcessRows& rows, std::string_view digest, int64_t release_count,
                              const std::string* compiled_json, bool known_new) override;
  Status PutNewProcesses(std::span<const NewProcess> processes) override;
  Result<std::optional<std::string>> ProcessJson(std::string_view ocid) override;
  Result<std::vector<std::string>> Ocids() override;
  Status ForEachProcess(
      const std::function<Status(const std::string&, const std::string&, const std::vector<std::string>&)>& fn)
      override;
  Status ForEachParty(const std::function<Status(const std::string&, const std::string&, const std::string&,
                                                 const std::string&, const std::string&)>& fn) override;
  Status BeginBulkLoad() override;
  Status EndBulkLoad() override;
  Status RecordSourceFile(std::string_view sha256, std::string_view path, int64_t bytes) override;
  Result<StoreCounts> Counts() override;
  Result<bool> HasReleases() override;
  Result<std::string> ContentDigest() override;

 private:
  Database* db_;
  Statement get_release_digest_, insert_release_, releases_of_;
  Statement get_process_digest_, upsert_process_, insert_party_, insert_pending_party_, stored_rows_, upsert_rows_;
  bool bulk_ = false;  // new parties go to parties_pending
  // What reads of the `parties` rows select from: the table, or, while
  // parties_pending has rows (a bulk load going on, or one that never ended),
  // the table and the first pending row of each key it lacks: the rows the
  // table will have once they are added.
  Result<std::string> PartiesSource();
  // Adds the rows of parties_pending to `parties` (the first of each key,
  // unless the table has the key already) and empties it.
  Status MergePendingParties();
  // The rows of parties_pending, each column's text one after the other in
  // `text`, in seq order: read from the table, or (PendingCopy) kept as they
  // were written.
  struct PendingRows {
    static constexpr int kColumns = 5;
    struct Row {
      size_t at;                  // the first column's offset in `text`
      uint32_t length[kColumns];  // each column's, stored one after the other
    };
    std::string text;
    std::vector<Row> rows;
    void Add(const ProcessRows::PartyRow& party);
    // One row, its columns in the table's order.
    void AddColumns(const std::array<std::string_view, kColumns>& columns);
  };
  Status ReadPendingParties(PendingRows* pending);
  // Whether parties_pending holds exactly the rows of pending_copy_: no
  // other connection has written to the database since BeginBulkLoad
  // emptied the table (PRAGMA data_version, which this connection's own
  // writes leave as it is), and the table has as many rows as the copy
  // (rows are only appended, seq being max + 1, so a transaction rolled back
  // after its rows were copied leaves fewer).
  Result<bool> PendingCopyHolds();
  Result<int64_t> DataVersion();
  // The rows this connection appended to parties_pending since
  // BeginBulkLoad, kept for the merge at EndBulkLoad (reading 318,552 rows
  // back took 0.12 s of an ingest's serial tail per GB); used only when
  // PendingCopyHolds.
  PendingRows pending_copy_;
  int64_t pending_copy_version_ = -1;  // data_version when the copy started; -1: no copy
  // Appends `party` to parties_pending's copy (while a copy is kept).
  void CopyPending(const ProcessRows::PartyRow& party) {
    if (pending_copy_version_ >= 0) pending_copy_.Add(party);
  }
  Statement process_json_, insert_source_file_;
  // The kRowsPerInsert-row forms of upsert_process_ (for new processes: no
  // compiled JSON), upsert_rows_, insert_party_ and insert_pending_party_.
  Statement insert_processes_n_, upsert_rows_n_, insert_parties_n_, insert_pending_parties_n_;
  std::vector<const ProcessRows::PartyRow*> new_parties_;  // PutNewProcesses' (kept for its capacity)
  Status InsertParty(const ProcessRows::PartyRow& party);
  // The `parties` rows of the parties of `p` whose party id an earlier one has.
  Status WritePartiesOfRepeatedIds(const ProcessRows& p);
};

}  // namespace

Result<std::unique_ptr<ProcessStore>> OpenSqliteProcessStore(Database* db) {
  RETURN_IF_ERROR(db->Migrate("processes", Migrations()));
  auto store = std::make_unique<SqliteProcessStore>(db);
  RETURN_IF_ERROR(store->Prepare());
  return std::unique_ptr<ProcessStore>(std::move(store));
}

Result<std::unique_ptr<ProcessStore>> ProcessStore::Open(Database* db) { return OpenSqliteProcessStore(db); }

Status SqliteProcessStore::Prepare() {
  struct {
    Statement* stmt;
    const char* sql;
  } statements[] = {
      {&get_release_digest_,
       "SELECT max(release_id = ?2 AND digest = ?3), max(release_id = ?2), count(*) FROM releases WHERE ocid = ?1"},
      {&insert_release_,
       "INSERT INTO releases(ocid, release_id, date, compiled, digest, json, source_file, source_line)"
       " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"},
      {&releases_of_,
       "SELECT ocid, release_id, date, compiled, digest, json, source_file, source_line FROM releases"
       " WHERE ocid = ? ORDER BY date, release_id, id"},
      {&get_process_digest_, "SELECT digest FROM processes WHERE ocid = ?"},
      {&upsert_process_,
       "INSERT INTO processes(ocid, digest, release_count, compiled_json, date, ocds_version, buyer_name,"
       " procurement_method, main_category, tender_amount, tender_currency, n_parties, n_items, n_bids, n_awards)"
       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
       " ON CONFLICT(ocid) DO UPDATE SET digest = ?2, release_count = ?3, compiled_json = ?4, date = ?5,"
       " ocds_version = ?6, buyer_name = ?7, procurement_method = ?8, main_category = ?9, tender_amount = ?10,"
       " tender_currency = ?11, n_parties = ?12, n_items = ?13, n_bids = ?14, n_awards = ?15"},
      {&insert_party_,
       "INSERT OR IGNORE INTO parties(party_key, name, scheme, identifier, country) VALUES (?, ?, ?, ?, ?)"},
      {&insert_pending_party_,
       "INSERT INTO parties_pending(party_key, name, scheme, identifier, country) VALUES (?, ?, ?, ?, ?)"},
      {&stored_rows_, "SELECT parties, items FROM process_rows WHERE ocid = ?"},
      {&upsert_rows_,
       "INSERT INTO process_rows(ocid, n_parties, n_items, parties, items) VALUES (?1, ?2, ?3, ?4, ?5)"
       " ON CONFLICT(ocid) DO UPDATE SET n_parties = ?2, n_items = ?3, parties = ?4, items = ?5"},
      {&process_json_,
       "SELECT COALESCE(p.compiled_json, (SELECT json FROM releases r WHERE r.ocid = p.ocid LIMIT 1))"
       " FROM processes p WHERE p.ocid = ?"},
      {&insert_source_file_, "INSERT OR IGNORE INTO source_files(sha256, path, bytes) VALUES (?, ?, ?)"},
  };
  for (auto& s : statements) {
    ASSIGN_OR_RETURN(*s.stmt, db_->Prepare(s.sql));
  }
  const std::string multi_row[] = {
      MultiRowInsert(kInsertProcess, kProcessColumns, kRowsPerInsert,
                     " ON CONFLICT(ocid) DO UPDATE SET digest = excluded.digest, release_count = excluded.release_count,"
                     " compiled_json = excluded.compiled_json, date = excluded.date, ocds_version = excluded.ocds_version,"
                     " buyer_name = excluded.buyer_name, procurement_method = excluded.procurement_method,"
                     " main_category = excluded.main_category, tender_amount = excluded.tender_amount,"
                     " tender_currency = excluded.tender_currency, n_parties = excluded.n_parties,"
                     " n_items = excluded.n_items, n_bids = excluded.n_bids, n_awards = excluded.n_awards"),
      MultiRowInsert(kInsertProcessRows, kProcessRowsColumns, kRowsPerInsert,
                     " ON CONFLICT(ocid) DO UPDATE SET n_parties = excluded.n_parties, n_items = excluded.n_items,"
                     " parties = excluded.parties, items = excluded.items"),
      MultiRowInsert(kInsertParty, kPartyColumns, kRowsPerInsert, ""),
      MultiRowInsert(kInsertPendingParty, kPartyColumns, kRowsPerInsert, ""),
  };
  Statement* multi_row_statements[] = {&insert_processes_n_, &upsert_rows_n_, &insert_parties_n_,
                                       &insert_pending_parties_n_};
  for (size_t i = 0; i < std::size(multi_row); ++i) {
    ASSIGN_OR_RETURN(*multi_row_statements[i], db_->Prepare(multi_row[i]));
  }
  return Status::Ok();
}

Result<ReleaseChange> SqliteProcessStore::PutRelease(const StoredRelease& r, int64_t* releases_before) {
  // Every distinct version of a release is kept: a version already stored is
  // unchanged; a new version of a known release id is an update, merged after
  // the versions received before it (see ReleasesOf). This keeps re-ingesting
  // the same inputs a no-op whatever their order.
  get_release_digest_.Reset();
  get_release_digest_.BindStatic(1, r.ocid).BindStatic(2, r.release_id).BindStatic(3, r.digest);
  ASSIGN_OR_RETURN(bool row, get_release_digest_.Step());
  const bool same = row && get_release_digest_.ColumnInt(0) == 1;
  const bool known_id = row && get_release_digest_.ColumnInt(1) == 1;
  if (releases_before) *releases_before = row ? get_release_digest_.ColumnInt(2) : 0;
  get_release_digest_.Reset();
  if (same) return ReleaseChange::kUnchanged;
  insert_release_.Reset();
  // `r` outlives the statement's run: no copies of its text (BindStatic).
  insert_release_.BindStatic(1, r.ocid).BindStatic(2, r.release_id).BindStatic(3, r.date);
  insert_release_.Bind(4, int64_t{r.compiled ? 1 : 0}).BindStatic(5, r.digest).BindStatic(6, r.json);
  insert_release_.BindStatic(7, r.source_file).Bind(8, r.source_line);
  RETURN_IF_ERROR(insert_release_.Run());
  return known_id ? ReleaseChange::kUpdated : ReleaseChange::kInserted;
}

Result<std::vector<StoredRelease>> SqliteProcessStore::ReleasesOf(std::string_view ocid) {
  releases_of_.Reset();
  releases_of_.Bind(1, ocid);
  std::vector<StoredRelease> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, releases_of_.Step());
    if (!row) break;
    StoredRelease r;
    r.ocid = releases_of_.ColumnText(0);
    r.release_id = releases_of_.ColumnText(1);
    r.date = releases_of_.ColumnText(2);
    r.compiled = releases_of_.ColumnInt(3) != 0;
    r.digest = releases_of_.ColumnText(4);
    r.json = releases_of_.ColumnText(5);
    r.source_file = releases_of_.ColumnText(6);
    r.source_line = releases_of_.ColumnInt(7);
    out.push_back(std::move(r));
  }
  releases_of_.Reset();
  return out;
}

Result<bool> SqliteProcessStore::PutProcessRows(const ProcessRows& p, std::string_view digest, int64_t release_count,
                                               const std::string* compiled_json, bool known_new) {
  bool found = false;
  if (!known_new) {
    get_process_digest_.Reset();
    get_process_digest_.Bind(1, p.ocid);
    ASSIGN_OR_RETURN(found, get_process_digest_.Step());
    if (found && get_process_digest_.ColumnView(0) == digest) {
      get_process_digest_.Reset();
      return false;
    }
    get_process_digest_.Reset();
  }

  // Every text bound below lives until the statement has run (BindStatic).
  Statement& up = upsert_process_;
  up.Reset();
  up.BindStatic(1, p.ocid).BindStatic(2, digest).Bind(3, release_count);
  if (compiled_json) up.BindStatic(4, *compiled_json);
  else up.BindNull(4);
  up.BindStatic(5, p.date).BindStatic(6, p.ocds_version).BindStatic(7, p.buyer_name).BindStatic(8, p.procurement_method);
  up.BindStatic(9, p.main_category).Bind(10, p.tender_amount).BindStatic(11, p.tender_currency);
  up.Bind(12, p.n_parties).Bind(13, p.n_items).Bind(14, p.n_bids).Bind(15, p.n_awards);
  RETURN_IF_ERROR(up.Run());

  // The packed appearances and items: made by the caller's thread
  // (ProcessRowsOf), or here for rows built by hand.
  std::string own_parties, own_items;
  int64_t n_parties = p.packed_party_count;
  if (p.packed_parties.empty()) own_parties = PackParties(p, &n_parties);
  if (p.packed_items.empty()) own_items = PackItems(p);
  const std::string& parties = p.packed_parties.empty() ? own_parties : p.packed_parties;
  const std::string& items = p.packed_items.empty() ? own_items : p.packed_items;
  const bool repeated_ids = n_parties < static_cast<int64_t>(p.parties.size());

  // A stored process whose appearances and items are the same already (an
  // amendment seldom changes them) keeps its row: writing it again would
  // write its page for nothing.
  bool same_parties = false, same_items = false;
  if (found) {
    stored_rows_.Reset();
    stored_rows_.BindStatic(1, p.ocid);
    ASSIGN_OR_RETURN(bool row, stored_rows_.Step());
    if (row) {
      same_parties = stored_rows_.ColumnView(0) == parties;
      same_items = stored_rows_.ColumnView(1) == items;
    }
    stored_rows_.Reset();
  }
  if (same_parties) {
    // The `parties` row of each stored appearance is there already; a party
    // whose id appeared earlier in the process has no appearance but its
    // organisation is recorded all the same.
    if (repeated_ids) RETURN_IF_ERROR(WritePartiesOfRepeatedIds(p));
  } else {
    for (const ProcessRows::PartyRow& party : p.parties) {
      if (!party.known) RETURN_IF_ERROR(InsertParty(party));
    }
  }
  if (same_parties && same_items) return true;
  upsert_rows_.Reset();
  upsert_rows_.BindStatic(1, p.ocid).Bind(2, n_parties).Bind(3, static_cast<int64_t>(p.items.size()));
  upsert_rows_.BindStatic(4, parties).BindStatic(5, items);
  RETURN_IF_ERROR(upsert_rows_.Run());
  return true;
}

Status SqliteProcessStore::InsertParty(const ProcessRows::PartyRow& party) {
  Statement& q = bulk_ ? insert_pending_party_ : insert_party_;
  q.Reset();
  BindParty(q, party, 1);
  RETURN_IF_ERROR(q.Run());
  if (bulk_) CopyPending(party);
  return Status::Ok();
}

Status SqliteProcessStore::PutNewProcesses(std::span<const NewProcess> processes) {
  // The rows PutProcessRows(rows, digest, 1, nullptr, true) writes for each
  // process (its `processes` row, the `parties` rows of the parties not
  // known, its process_rows row), table by table: each table gets its rows
  // in the same order, so the same rowids and pending sequence numbers.
  const size_t n = processes.size();
  RETURN_IF_ERROR(InsertRows(insert_processes_n_, upsert_process_, n, kProcessColumns,
                             [&](Statement& q, size_t i, int at) {
                               const ProcessRows& p = *processes[i].rows;
                               q.BindStatic(at, p.ocid).BindStatic(at + 1, processes[i].digest);
                               q.Bind(at + 2, int64_t{1}).BindNull(at + 3);
                               q.BindStatic(at + 4, p.date).BindStatic(at + 5, p.ocds_version);
                               q.BindStatic(at + 6, p.buyer_name).BindStatic(at + 7, p.procurement_method);
                               q.BindStatic(at + 8, p.main_category).Bind(at + 9, p.tender_amount);
                               q.BindStatic(at + 10, p.tender_currency).Bind(at + 11, p.n_parties);
                               q.Bind(at + 12, p.n_items).Bind(at + 13, p.n_bids).Bind(at + 14, p.n_awards);
                             }));
  new_parties_.clear();
  for (const NewProcess& np : processes) {
    for (const ProcessRows::PartyRow& party : np.rows->parties) {
      if (!party.known) new_parties_.push_back(&party);
    }
  }
  RETURN_IF_ERROR(InsertRows(bulk_ ? insert_pending_parties_n_ : insert_parties_n_,
                             bulk_ ? insert_pending_party_ : insert_party_, new_parties_.size(), kPartyColumns,
                             [&](Statement& q, size_t i, int at) { BindParty(q, *new_parties_[i], at); }));
  if (bulk_) {
    for (const ProcessRows::PartyRow* party : new_parties_) CopyPending(*party);
  }
  // The packed appearances and items: made by the caller's thread
  // (ProcessRowsOf), or here for rows built by hand.
  std::vector<std::string> own(2 * n);
  std::vector<int64_t> n_parties(n);
  for (size_t i = 0; i < n; ++i) {
    const ProcessRows& p = *processes[i].rows;
    n_parties[i] = p.packed_party_count;
    if (p.packed_parties.empty()) own[2 * i] = PackParties(p, &n_parties[i]);
    if (p.packed_items.empty()) own[2 * i + 1] = PackItems(p);
  }
  return InsertRows(upsert_rows_n_, upsert_rows_, n, kProcessRowsColumns, [&](Statement& q, size_t i, int at) {
    const ProcessRows& p = *processes[i].rows;
    q.BindStatic(at, p.ocid).Bind(at + 1, n_parties[i]).Bind(at + 2, static_cast<int64_t>(p.items.size()));
    q.BindStatic(at + 3, p.packed_parties.empty() ? own[2 * i] : p.packed_parties);
    q.BindStatic(at + 4, p.packed_items.empty() ? own[2 * i + 1] : p.packed_items);
  });
}

Status SqliteProcessStore::MergePendingParties() {
  // In key order, so that each page of the table's b-tree is written once;
  // for a key, the earliest row first (INSERT OR IGNORE keeps it, and any
  // row the table had before): the rows of
  //   SELECT ... FROM parties_pending ORDER BY party_key, seq
  // but sorted here (keys compared byte by byte as SQLite's BINARY collation
  // does, then by seq): SQLite's sorter took about 0.3 s for 318,552 rows.
  // The sort compares each key's first 16 bytes as two integers held in the
  // sorted element (most keys differ there), the whole keys only when those
  // are equal: comparing the keys in place took 0.14 s of that merge, a
  // time no other thread can share (the end of an ingest).
  // The rows come from the copy kept while they were written when it holds
  // (PendingCopyHolds), from the table otherwise: the same rows either way.
  PendingRows read;
  ASSIGN_OR_RETURN(bool copied, PendingCopyHolds());
  if (!copied) RETURN_IF_ERROR(ReadPendingParties(&read));
  PendingRows& pending = copied ? pending_copy_ : read;
  constexpr int kColumns = PendingRows::kColumns;
  using Row = PendingRows::Row;
  const std::string& text = pending.text;
  const std::vector<Row>& rows = pending.rows;
  if (rows.empty()) return Status::Ok();
  auto key = [&](const Row& r) { return std::string_view(text.data() + r.at, r.length[0]); };
  struct Sorted {
    uint64_t high, low;  // the key's bytes 0-7 and 8-15, big-endian, zero-padded
    size_t row;          // index in `rows` (seq order)
  };
  auto prefix = [](std::string_view k, size_t from) {
    uint64_t v = 0;
    for (size_t i = from; i < from + 8; ++i) v = (v << 8) | (i < k.size() ? static_cast<unsigned char>(k[i]) : 0u);
    return v;
  };
  std::vector<Sorted> order(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string_view k = key(rows[i]);
    order[i] = {prefix(k, 0), prefix(k, 8), i};
  }
  // A key that is a prefix of another has a prefix no greater than the
  // other's (padding is the lowest byte), so the integers never contradict
  // the byte order; equal integers leave the order to the keys, then seq.
  std::sort(order.begin(), order.end(), [&](const Sorted& a, const Sorted& b) {
    if (a.high != b.high) return a.high < b.high;
    if (a.low != b.low) return a.low < b.low;
    const int c = key(rows[a.row]).compare(key(rows[b.row]));
    return c != 0 ? c < 0 : a.row < b.row;
  });
  // Many rows per INSERT OR IGNORE: the same as one at a time, in order.
  RETURN_IF_ERROR(InsertRows(insert_parties_n_, insert_party_, order.size(), kColumns,
                             [&](Statement& q, size_t i, int first) {
                               const Row& r = rows[order[i].row];
                               size_t at = r.at;
                               for (int c = 0; c < kColumns; ++c) {
                                 q.BindStatic(first + c, std::string_view(text.data() + at, r.length[c]));
                                 at += r.length[c];
                               }
                             }));
  return db_->Exec("DELETE FROM parties_pending");
}

void SqliteProcessStore::PendingRows::Add(const ProcessRows::PartyRow& party) {
  AddColumns({party.party_key, party.name, party.scheme, party.identifier, party.country});
}

void SqliteProcessStore::PendingRows::AddColumns(const std::array<std::string_view, kColumns>& columns) {
  Row& r = rows.emplace_back();
  r.at = text.size();
  for (size_t c = 0; c < columns.size(); ++c) {
    r.length[c] = static_cast<uint32_t>(columns[c].size());
    text.append(columns[c]);
  }
}

Status SqliteProcessStore::ReadPendingParties(PendingRows* pending) {
  ASSIGN_OR_RETURN(Statement q, db_->Prepare("SELECT party_key, name, scheme, identifier, country"
                                             " FROM parties_pending ORDER BY seq"));
  for (;;) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    pending->AddColumns({q.ColumnView(0), q.ColumnView(1), q.ColumnView(2), q.ColumnView(3), q.ColumnView(4)});
  }
  return Status::Ok();
}

Result<int64_t> SqliteProcessStore::DataVersion() {
  ASSIGN_OR_RETURN(Statement q, db_->Prepare("PRAGMA data_version"));
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return Status::Internal("PRAGMA data_version returned no row");
  return q.ColumnInt(0);
}

Result<bool> SqliteProcessStore::PendingCopyHolds() {
  if (pending_copy_version_ < 0) return false;
  ASSIGN_OR_RETURN(int64_t version, DataVersion());
  if (version != pending_copy_version_) return false;
  ASSIGN_OR_RETURN(Statement q, db_->Prepare("SELECT COALESCE(max(seq), 0) FROM parties_pending"));
  ASSIGN_OR_RETURN(bool row, q.Step());
  return row && q.ColumnInt(0) == static_cast<int64_t>(pending_copy_.rows.size());
}

Result<std::string> SqliteProcessStore::PartiesSource() {
  ASSIGN_OR_RETURN(Statement q, db_->Prepare("SELECT EXISTS (SELECT 1 FROM parties_pending)"));
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row || q.ColumnInt(0) == 0) return std::string("parties");
  return std::string(
      "(SELECT party_key, name, scheme, identifier, country FROM parties UNION ALL"
      " SELECT party_key, name, scheme, identifier, country FROM"
      " (SELECT *, row_number() OVER (PARTITION BY party_key ORDER BY seq) AS first FROM parties_pending) p"
      " WHERE p.first = 1 AND NOT EXISTS (SELECT 1 FROM parties t WHERE t.party_key = p.party_key))");
}

Status SqliteProcessStore::BeginBulkLoad() {
  RETURN_IF_ERROR(MergePendingParties());
  // parties_pending is empty now: what this connection appends from here on
  // is copied (pending_copy_).
  pending_copy_ = PendingRows();
  ASSIGN_OR_RETURN(pending_copy_version_, DataVersion());
  bulk_ = true;
  return Status::Ok();
}

Status SqliteProcessStore::EndBulkLoad() {
  bulk_ = false;
  Status s = MergePendingParties();
  pending_copy_ = PendingRows();
  pending_copy_version_ = -1;
  return s;
}

Status SqliteProcessStore::WritePartiesOfRepeatedIds(const ProcessRows& p) {
  for (size_t i = 1; i < p.parties.size(); ++i) {
    const ProcessRows::PartyRow& party = p.parties[i];
    if (party.known) continue;
    const bool repeated =
        std::any_of(p.parties.begin(), p.parties.begin() + static_cast<std::ptrdiff_t>(i),
                    [&](const ProcessRows::PartyRow& earlier) { return earlier.party_id == party.party_id; });
    if (repeated) RETURN_IF_ERROR(InsertParty(party));
  }
  return Status::Ok();
}

Result<std::optional<std::string>> SqliteProcessStore::ProcessJson(std::string_view ocid) {
  process_json_.Reset();
  process_json_.Bind(1, ocid);
  ASSIGN_OR_RETURN(bool row, process_json_.Step());
  std::optional<std::string> out;
  if (row && !process_json_.ColumnIsNull(0)) out = process_json_.ColumnText(0);
  process_json_.Reset();
  return out;
}

Result<std::vector<std::string>> SqliteProcessStore::Ocids() {
  ASSIGN_OR_RETURN(Statement q, db_->Prepare("SELECT ocid FROM processes ORDER BY ocid"));
  std::vector<std::string> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(q.ColumnText(0));
  }
  return out;
}

Status SqliteProcessStore::ForEachProcess(
    const std::function<Status(const std::string&, const std::string&, const std::vector<std::string>&)>& fn) {
  // Two scans merged by ocid instead of a join: the processes in ocid order
  // from the (ocid, digest) index alone, and the packed appearances in their
  // primary-key order (ocid), each process's keys then sorted here.
  ASSIGN_OR_RETURN(Statement processes, db_->Prepare("SELECT ocid, digest FROM processes ORDER BY ocid"));
  ASSIGN_OR_RETURN(Statement parties, db_->Prepare("SELECT ocid, parties FROM process_rows ORDER BY ocid"));
  ASSIGN_OR_RETURN(bool party_row, parties.Step());
  std::string ocid, digest;
  std::vector<std::string> keys;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, processes.Step());
    if (!row) break;
    ocid.assign(processes.ColumnView(0));
    digest.assign(processes.ColumnView(1));
    keys.clear();
    // Rows sort by ocid in the same (byte) order as the processes; any
    // whose process is missing are skipped, as the join skipped them.
    while (party_row) {
      std::string_view party_ocid = parties.ColumnView(0);
      if (party_ocid > std::string_view(ocid)) break;
      if (party_ocid == ocid) RETURN_IF_ERROR(UnpackField(parties.ColumnView(1), 1, &keys));  // party_key
      ASSIGN_OR_RETURN(party_row, parties.Step());
    }
    std::sort(keys.begin(), keys.end());
    RETURN_IF_ERROR(fn(ocid, digest, keys));
  }
  return Status::Ok();
}

Status SqliteProcessStore::ForEachParty(
    const std::function<Status(const std::string&, const std::string&, const std::string&, const std::string&,
                               const std::string&)>& fn) {
  ASSIGN_OR_RETURN(std::string source, PartiesSource());
  ASSIGN_OR_RETURN(Statement q,
                   db_->Prepare("SELECT party_key, name, scheme, identifier, country FROM " + source +
                                " ORDER BY party_key"));
  for (;;) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    RETURN_IF_ERROR(fn(q.ColumnText(0), q.ColumnText(1), q.ColumnText(2), q.ColumnText(3), q.ColumnText(4)));
  }
  return Status::Ok();
}

Status SqliteProcessStore::RecordSourceFile(std::string_view sha256, std::string_view path, int64_t bytes) {
  insert_source_file_.Reset();
  insert_source_file_.Bind(1, sha256).Bind(2, path).Bind(3, bytes);
  return insert_source_file_.Run();
}

Result<StoreCounts> SqliteProcessStore::Counts() {
  ASSIGN_OR_RETURN(std::string source, PartiesSource());
  // Both sums from one pass over process_rows (a few hundred megabytes
  // after a large ingest, read once instead of twice).
  ASSIGN_OR_RETURN(Statement q, db_->Prepare(
      "SELECT (SELECT count(*) FROM releases), (SELECT count(*) FROM processes), (SELECT count(*) FROM " + source +
      "), r.parties, r.items, (SELECT count(*) FROM source_files)"
      " FROM (SELECT COALESCE(sum(n_parties), 0) AS parties, COALESCE(sum(n_items), 0) AS items FROM process_rows) r"));
  ASSIGN_OR_RETURN(bool row, q.Step());
  StoreCounts c;
  if (row) {
    c.releases = q.ColumnInt(0);
    c.processes = q.ColumnInt(1);
    c.parties = q.ColumnInt(2);
    c.process_parties = q.ColumnInt(3);
    c.items = q.ColumnInt(4);
    c.source_files = q.ColumnInt(5);
  }
  return c;
}

Result<bool> SqliteProcessStore::HasReleases() {
  ASSIGN_OR_RETURN(Statement q, db_->Prepare("SELECT EXISTS (SELECT 1 FROM releases)"));
  ASSIGN_OR_RETURN(bool row, q.Step());
  return row && q.ColumnInt(0) != 0;
}

Result<std::string> SqliteProcessStore::ContentDigest() {
  static const char* kQueries[] = {
      "SELECT sha256, path, bytes FROM source_files ORDER BY sha256",
      "SELECT ocid, release_id, date, compiled, digest, json, source_file, source_line FROM releases"
      " ORDER BY ocid, release_id, digest",
      "SELECT ocid, digest, release_count, compiled_json, date, ocds_version, buyer_name, procurement_method,"
      " main_category, tender_amount, tender_currency, n_parties, n_items, n_bids, n_awards FROM processes"
      " ORDER BY ocid",
      "SELECT party_key, name, scheme, identifier, country FROM parties ORDER BY party_key",
  };
  // The party appearances and items as the rows of the tables they were
  // (and still are in other stores): the same queries' text, then each row
  // (ocid first; an item's seq before its fields), from the packed values.
  static const char* kPackedQueries[] = {
      "SELECT ocid, party_id, party_key, name, roles, tier, country FROM process_parties ORDER BY ocid, party_id",
      "SELECT ocid, seq, stage, scheme, code, description FROM process_items ORDER BY ocid, seq",
  };
  static const char* kPackedColumns[] = {"SELECT ocid, parties FROM process_rows ORDER BY ocid",
                                         "SELECT ocid, items FROM process_rows ORDER BY ocid"};
  ASSIGN_OR_RETURN(std::string parties_source, PartiesSource());
  Sha256 sha;
  for (const char* sql : kQueries) {
    // The `parties` rows from where they are now (PartiesSource), hashed
    // under the query's own text.
    std::string run = sql;
    if (const size_t at = run.find(" FROM parties "); at != std::string::npos) {
      run.replace(at, 14, " FROM " + parties_source + " ");
    }
    ASSIGN_OR_RETURN(Statement q, db_->Prepare(run));
    sha.Update(sql);
    for (;;) {
      ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      // The text form of every column, unit-separated (NULL hashes as "\x00").
      for (int col = 0, n = q.ColumnCount(); col < n; ++col) {
        if (q.ColumnIsNull(col)) {
          sha.Update(std::string_view("\0", 1));
          continue;
        }
        std::string_view v = q.ColumnView(col);
        sha.Update(v);
        sha.Update("\x1f");
      }
      sha.Update("\x1e");
    }
  }
  for (size_t t = 0; t < std::size(kPackedQueries); ++t) {
    ASSIGN_OR_RETURN(Statement q, db_->Prepare(kPackedColumns[t]));
    sha.Update(kPackedQueries[t]);
    const bool items = t == 1;
    for (;;) {
      ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      std::string_view ocid = q.ColumnView(0);
      ASSIGN_OR_RETURN(std::vector<PackedRow> rows, UnpackRows(q.ColumnView(1)));
      for (size_t n = 0; n < rows.size(); ++n) {
        sha.Update(ocid);
        sha.Update("\x1f");
        if (items) {
          sha.Update(std::to_string(n));
          sha.Update("\x1f");
        }
        for (const std::string& v : rows[n]) {
          sha.Update(v);
          sha.Update("\x1f");
        }
        sha.Update("\x1e");
      }
    }
  }
  return sha.FinishHex();
}

}  // namespace clearbid
