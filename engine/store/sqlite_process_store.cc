#include "engine/store/process_store.h"

#include <algorithm>

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
  };
  return kMigrations;
}

class SqliteProcessStore final : public ProcessStore {
 public:
  explicit SqliteProcessStore(Database* db) : db_(db) {}
  Status Prepare();

  Result<ReleaseChange> PutRelease(const StoredRelease& release, int64_t* releases_before) override;
  Result<std::vector<StoredRelease>> ReleasesOf(std::string_view ocid) override;
  Result<bool> PutProcessRows(const ProcessRows& rows, std::string_view digest, int64_t release_count,
                              const std::string* compiled_json, bool known_new) override;
  Result<std::optional<std::string>> ProcessJson(std::string_view ocid) override;
  Result<std::vector<std::string>> Ocids() override;
  Status ForEachProcess(
      const std::function<Status(const std::string&, const std::string&, const std::vector<std::string>&)>& fn)
      override;
  Status ForEachParty(const std::function<Status(const std::string&, const std::string&, const std::string&,
                                                 const std::string&, const std::string&)>& fn) override;
  Status RecordSourceFile(std::string_view sha256, std::string_view path, int64_t bytes) override;
  Result<StoreCounts> Counts() override;
  Result<std::string> ContentDigest() override;

 private:
  Database* db_;
  Statement get_release_digest_, insert_release_, releases_of_;
  Statement get_process_digest_, upsert_process_, delete_parties_, insert_party_;
  Statement delete_items_, process_json_, insert_source_file_, stored_parties_, stored_items_;
  // The party appearances and items of a process (its parties rows too).
  Status InsertParty(const ProcessRows::PartyRow& party);
  Status WriteParties(const ProcessRows& p);
  // The `parties` rows of the parties of `p` whose party id an earlier one has.
  Status WritePartiesOfRepeatedIds(const ProcessRows& p);
  Status WriteItems(const ProcessRows& p);
  // Whether the stored appearances (items) of p.ocid are exactly the rows
  // WriteParties (WriteItems) would write; `repeated_ids` tells whether
  // p.parties repeats a party id.
  Result<bool> StoredPartiesAre(const ProcessRows& p, bool* repeated_ids);
  Result<bool> StoredItemsAre(const ProcessRows& p);
  // True when `q` (one parameter, the ocid) gives exactly `count` rows and
  // `same(q, n)` holds for the n-th of them.
  template <typename SameRow>
  Result<bool> StoredRowsAre(Statement& q, const std::string& ocid, size_t count, SameRow same) {
    q.Reset();
    q.BindStatic(1, ocid);
    size_t n = 0;
    bool equal = true;
    for (;; ++n) {
      ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      if (n >= count || !same(q, n)) {
        equal = false;
        break;
      }
    }
    q.Reset();
    return equal && n == count;
  }
  // Multi-row INSERTs of a process's party appearances and items, by row
  // count - 1 (prepared on first use): one statement per process instead of
  // one per row.
  static constexpr size_t kRowsPerInsert = 16;
  std::vector<Statement> process_party_rows_, item_rows_;
  Result<Statement*> RowsStatement(std::vector<Statement>& cache, std::string_view head, int columns, size_t rows);
  // Inserts `rows` in statements of up to kRowsPerInsert rows:
  // bind(q, first, i) binds row i from parameter `first` on.
  template <typename BindRow>
  Status InsertRows(std::vector<Statement>& cache, std::string_view head, int columns, size_t rows, BindRow bind) {
    for (size_t from = 0; from < rows; from += kRowsPerInsert) {
      const size_t n = std::min(kRowsPerInsert, rows - from);
      ASSIGN_OR_RETURN(Statement * q, RowsStatement(cache, head, columns, n));
      q->Reset();
      for (size_t r = 0; r < n; ++r) bind(*q, static_cast<int>(r) * columns + 1, from + r);
      RETURN_IF_ERROR(q->Run());
    }
    return Status::Ok();
  }
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
      {&delete_parties_, "DELETE FROM process_parties WHERE ocid = ?"},
      {&insert_party_,
       "INSERT OR IGNORE INTO parties(party_key, name, scheme, identifier, country) VALUES (?, ?, ?, ?, ?)"},
      {&delete_items_, "DELETE FROM process_items WHERE ocid = ?"},
      {&process_json_,
       "SELECT COALESCE(p.compiled_json, (SELECT json FROM releases r WHERE r.ocid = p.ocid LIMIT 1))"
       " FROM processes p WHERE p.ocid = ?"},
      {&insert_source_file_, "INSERT OR IGNORE INTO source_files(sha256, path, bytes) VALUES (?, ?, ?)"},
      {&stored_parties_,
       "SELECT party_id, party_key, name, roles, tier, country FROM process_parties WHERE ocid = ? ORDER BY party_id"},
      {&stored_items_, "SELECT seq, stage, scheme, code, description FROM process_items WHERE ocid = ? ORDER BY seq"},
  };
  for (auto& s : statements) {
    ASSIGN_OR_RETURN(*s.stmt, db_->Prepare(s.sql));
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

  // A stored process keeps the party appearances and items that are the
  // same already (an amendment seldom changes them): deleting and inserting
  // them again would write their pages, at random places of the b-trees,
  // for nothing.
  bool write_parties = true, write_items = true;
  if (found) {
    bool repeated_ids = false;
    ASSIGN_OR_RETURN(bool same_parties, StoredPartiesAre(p, &repeated_ids));
    if (same_parties) {
      // The `parties` row of each stored appearance is there already; a
      // party whose id appeared earlier in the process has no appearance
      // but its organisation is recorded all the same, as WriteParties does.
      if (repeated_ids) RETURN_IF_ERROR(WritePartiesOfRepeatedIds(p));
    } else {
      delete_parties_.Reset();
      delete_parties_.BindStatic(1, p.ocid);
      RETURN_IF_ERROR(delete_parties_.Run());
    }
    write_parties = !same_parties;
    ASSIGN_OR_RETURN(bool same_items, StoredItemsAre(p));
    if (!same_items) {
      delete_items_.Reset();
      delete_items_.BindStatic(1, p.ocid);
      RETURN_IF_ERROR(delete_items_.Run());
    }
    write_items = !same_items;
  }
  if (write_parties) RETURN_IF_ERROR(WriteParties(p));
  if (write_items) RETURN_IF_ERROR(WriteItems(p));
  return true;
}

Status SqliteProcessStore::InsertParty(const ProcessRows::PartyRow& party) {
  insert_party_.Reset();
  insert_party_.BindStatic(1, party.party_key).BindStatic(2, party.name).BindStatic(3, party.scheme);
  insert_party_.BindStatic(4, party.identifier).BindStatic(5, party.country);
  return insert_party_.Run();
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

Status SqliteProcessStore::WriteParties(const ProcessRows& p) {
  for (const ProcessRows::PartyRow& party : p.parties) {
    if (!party.known) RETURN_IF_ERROR(InsertParty(party));
  }
  RETURN_IF_ERROR(InsertRows(process_party_rows_,
                             "INSERT OR IGNORE INTO process_parties(ocid, party_id, party_key, name, roles, tier,"
                             " country) VALUES ",
                             7, p.parties.size(), [&](Statement& q, int c, size_t i) {
                               const ProcessRows::PartyRow& party = p.parties[i];
                               q.BindStatic(c, p.ocid).BindStatic(c + 1, party.party_id).BindStatic(c + 2, party.party_key);
                               q.BindStatic(c + 3, party.name).BindStatic(c + 4, party.roles).Bind(c + 5, party.tier);
                               q.BindStatic(c + 6, party.country);
                             }));
  return Status::Ok();
}

Status SqliteProcessStore::WriteItems(const ProcessRows& p) {
  return InsertRows(item_rows_, "INSERT INTO process_items(ocid, seq, stage, scheme, code, description) VALUES ", 6,
                    p.items.size(), [&](Statement& q, int c, size_t i) {
                      const ProcessRows::ItemRow& item = p.items[i];
                      q.BindStatic(c, p.ocid).Bind(c + 1, static_cast<int64_t>(i)).BindStatic(c + 2, item.stage);
                      q.BindStatic(c + 3, item.scheme).BindStatic(c + 4, item.code).BindStatic(c + 5, item.description);
                    });
}

Result<bool> SqliteProcessStore::StoredPartiesAre(const ProcessRows& p, bool* repeated_ids) {
  // The rows WriteParties would leave: the first appearance of each party id
  // (INSERT OR IGNORE), in primary-key order.
  std::vector<const ProcessRows::PartyRow*> want;
  want.reserve(p.parties.size());
  for (const ProcessRows::PartyRow& party : p.parties) want.push_back(&party);
  std::stable_sort(want.begin(), want.end(), [](const auto* a, const auto* b) { return a->party_id < b->party_id; });
  want.erase(std::unique(want.begin(), want.end(), [](const auto* a, const auto* b) { return a->party_id == b->party_id; }),
             want.end());
  *repeated_ids = want.size() < p.parties.size();
  return StoredRowsAre(stored_parties_, p.ocid, want.size(), [&](const Statement& q, size_t n) {
    const ProcessRows::PartyRow& w = *want[n];
    return q.ColumnView(0) == w.party_id && q.ColumnView(1) == w.party_key && q.ColumnView(2) == w.name &&
           q.ColumnView(3) == w.roles && !q.ColumnIsNull(4) && q.ColumnInt(4) == w.tier && q.ColumnView(5) == w.country;
  });
}

Result<bool> SqliteProcessStore::StoredItemsAre(const ProcessRows& p) {
  return StoredRowsAre(stored_items_, p.ocid, p.items.size(), [&](const Statement& q, size_t n) {
    const ProcessRows::ItemRow& w = p.items[n];
    return !q.ColumnIsNull(0) && q.ColumnInt(0) == static_cast<int64_t>(n) && q.ColumnView(1) == w.stage &&
           q.ColumnView(2) == w.scheme && q.ColumnView(3) == w.code && q.ColumnView(4) == w.description;
  });
}

Result<Statement*> SqliteProcessStore::RowsStatement(std::vector<Statement>& cache, std::string_view head, int columns,
                                                     size_t rows) {
  if (cache.size() < rows) cache.resize(rows);
  Statement& q = cache[rows - 1];
  if (!q.prepared()) {
    std::string sql(head);
    for (size_t r = 0; r < rows; ++r) {
      sql += r == 0 ? "(" : ", (";
      for (int c = 0; c < columns; ++c) sql += c == 0 ? "?" : ", ?";
      sql += ")";
    }
    ASSIGN_OR_RETURN(q, db_->Prepare(sql));
  }
  return &q;
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
  // from the (ocid, digest) index alone, and every party appearance in its
  // primary-key order (ocid, party_id), each process's keys then sorted
  // here. The join sought each process's appearances in the b-tree and
  // sorted them in a temporary b-tree per process.
  ASSIGN_OR_RETURN(Statement processes, db_->Prepare("SELECT ocid, digest FROM processes ORDER BY ocid"));
  ASSIGN_OR_RETURN(Statement parties,
                   db_->Prepare("SELECT ocid, party_key FROM process_parties ORDER BY ocid, party_id"));
  ASSIGN_OR_RETURN(bool party_row, parties.Step());
  std::string ocid, digest;
  std::vector<std::string> keys;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, processes.Step());
    if (!row) break;
    ocid.assign(processes.ColumnView(0));
    digest.assign(processes.ColumnView(1));
    keys.clear();
    // Appearances sort by ocid in the same (byte) order as the processes;
    // any whose process is missing are skipped, as the join skipped them.
    while (party_row) {
      std::string_view party_ocid = parties.ColumnView(0);
      if (party_ocid > std::string_view(ocid)) break;
      if (party_ocid == ocid) keys.emplace_back(parties.ColumnView(1));
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
  ASSIGN_OR_RETURN(Statement q,
                   db_->Prepare("SELECT party_key, name, scheme, identifier, country FROM parties ORDER BY party_key"));
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
  ASSIGN_OR_RETURN(Statement q, db_->Prepare(
      "SELECT (SELECT count(*) FROM releases), (SELECT count(*) FROM processes), (SELECT count(*) FROM parties),"
      " (SELECT count(*) FROM process_parties), (SELECT count(*) FROM process_items),"
      " (SELECT count(*) FROM source_files)"));
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

Result<std::string> SqliteProcessStore::ContentDigest() {
  static const char* kQueries[] = {
      "SELECT sha256, path, bytes FROM source_files ORDER BY sha256",
      "SELECT ocid, release_id, date, compiled, digest, json, source_file, source_line FROM releases"
      " ORDER BY ocid, release_id, digest",
      "SELECT ocid, digest, release_count, compiled_json, date, ocds_version, buyer_name, procurement_method,"
      " main_category, tender_amount, tender_currency, n_parties, n_items, n_bids, n_awards FROM processes"
      " ORDER BY ocid",
      "SELECT party_key, name, scheme, identifier, country FROM parties ORDER BY party_key",
      "SELECT ocid, party_id, party_key, name, roles, tier, country FROM process_parties ORDER BY ocid, party_id",
      "SELECT ocid, seq, stage, scheme, code, description FROM process_items ORDER BY ocid, seq",
  };
  Sha256 sha;
  for (const char* sql : kQueries) {
    ASSIGN_OR_RETURN(Statement q, db_->Prepare(sql));
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
  return sha.FinishHex();
}

}  // namespace clearbid
