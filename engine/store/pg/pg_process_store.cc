// The PostgreSQL ProcessStore: the tables and columns of the SQLite store
// (engine/store/sqlite_process_store.cc), key text COLLATE "C", integers as
// BIGINT/INTEGER, tender_amount as DOUBLE PRECISION. Parties and items go in
// multi-row INSERTs of up to kRowsPerInsert rows; reads of whole tables go by
// pages of keys.

#include "engine/store/pg/pg_process_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/base/digest.h"
#include "engine/store/pg/pg_float.h"
#include "engine/store/pg/pg_text.h"
#include "engine/store/sqlite_db.h"

namespace clearbid {
namespace {

const std::vector<Migration>& Migrations() {
  // The same version as SQLite's "processes" migration 1.
  static const std::vector<Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE source_files (
  sha256 TEXT COLLATE "C" PRIMARY KEY,
  path   TEXT NOT NULL,
  bytes  BIGINT NOT NULL
);
CREATE TABLE releases (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ocid        TEXT COLLATE "C" NOT NULL,
  release_id  TEXT COLLATE "C" NOT NULL,
  date        TEXT COLLATE "C" NOT NULL,
  compiled    INTEGER NOT NULL,
  digest      TEXT COLLATE "C" NOT NULL,
  json        TEXT NOT NULL,
  source_file TEXT NOT NULL,
  source_line BIGINT NOT NULL,
  UNIQUE (ocid, release_id, digest)
);
CREATE TABLE processes (
  ocid               TEXT COLLATE "C" PRIMARY KEY,
  digest             TEXT NOT NULL,
  release_count      BIGINT NOT NULL,
  compiled_json      TEXT,            -- NULL: the single release is the state
  date               TEXT,
  ocds_version       TEXT,
  buyer_name         TEXT,
  procurement_method TEXT,
  main_category      TEXT,
  tender_amount      DOUBLE PRECISION,
  tender_currency    TEXT,
  n_parties          BIGINT NOT NULL,
  n_items            BIGINT NOT NULL,
  n_bids             BIGINT NOT NULL,
  n_awards           BIGINT NOT NULL
);
CREATE TABLE parties (
  party_key  TEXT COLLATE "C" PRIMARY KEY,
  name       TEXT NOT NULL,
  scheme     TEXT NOT NULL,
  identifier TEXT NOT NULL,
  country    TEXT NOT NULL
);
CREATE TABLE process_parties (
  ocid      TEXT COLLATE "C" NOT NULL,
  party_id  TEXT COLLATE "C" NOT NULL,
  party_key TEXT COLLATE "C" NOT NULL,
  name      TEXT NOT NULL,
  roles     TEXT NOT NULL,            -- comma-separated, as published
  tier      INTEGER NOT NULL,
  country   TEXT NOT NULL,
  PRIMARY KEY (ocid, party_id)
);
CREATE INDEX process_parties_by_key ON process_parties(party_key);
CREATE TABLE process_items (
  ocid        TEXT COLLATE "C" NOT NULL,
  seq         BIGINT NOT NULL,
  stage       TEXT NOT NULL,          -- tender, award or contract
  scheme      TEXT NOT NULL,
  code        TEXT NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (ocid, seq)
);
CREATE INDEX process_items_by_code ON process_items(scheme, code);
)sql"},
  };
  return kMigrations;
}

/// Rows per multi-row INSERT of parties and items.
constexpr size_t kRowsPerInsert = 64;
/// Processes per ForEachProcess page, parties per ForEachParty page.
constexpr int64_t kPageRows = 500;
/// Rows per ContentDigest page (release rows carry their JSON).
constexpr int64_t kDigestPageRows = 500;

/// One table of ContentDigest: the SQLite store's query (hashed as its text,
/// so both backends hash the same bytes), this backend's columns in the same
/// order, the unique key that orders it (positions in `columns`) and the
/// column holding a REAL, if any.
struct DigestTable {
  const char* sqlite_sql;
  const char* table;
  const char* columns;
  std::vector<int> key;             // positions of the key columns
  std::vector<const char*> key_sql; // the key columns, with the type of their parameter
  int real_column = -1;
};

const std::vector<DigestTable>& DigestTables() {
  static const std::vector<DigestTable> kTables = {
      {"SELECT sha256, path, bytes FROM source_files ORDER BY sha256", "source_files", "sha256, path, bytes", {0},
       {"sha256"}},
      {"SELECT ocid, release_id, date, compiled, digest, json, source_file, source_line FROM releases"
       " ORDER BY ocid, release_id, digest",
       "releases", "ocid, release_id, date, compiled, digest, json, source_file, source_line", {0, 1, 4},
       {"ocid", "release_id", "digest"}},
      {"SELECT ocid, digest, release_count, compiled_json, date, ocds_version, buyer_name, procurement_method,"
       " main_category, tender_amount, tender_currency, n_parties, n_items, n_bids, n_awards FROM processes"
       " ORDER BY ocid",
       "processes",
       "ocid, digest, release_count, compiled_json, date, ocds_version, buyer_name, procurement_method,"
       " main_category, tender_amount, tender_currency, n_parties, n_items, n_bids, n_awards",
       {0}, {"ocid"}, 9},
      {"SELECT party_key, name, scheme, identifier, country FROM parties ORDER BY party_key", "parties",
       "party_key, name, scheme, identifier, country", {0}, {"party_key"}},
      {"SELECT ocid, party_id, party_key, name, roles, tier, country FROM process_parties ORDER BY ocid, party_id",
       "process_parties", "ocid, party_id, party_key, name, roles, tier, country", {0, 1}, {"ocid", "party_id"}},
      {"SELECT ocid, seq, stage, scheme, code, description FROM process_items ORDER BY ocid, seq", "process_items",
       "ocid, seq, stage, scheme, code, description", {0, 1}, {"ocid", "seq"}},
  };
  return kTables;
}

/// "INSERT INTO <head> VALUES (…), (…) <tail>" for `rows` rows whose columns
/// have the parameter types `types` ("" for text, else a cast such as
/// "::bigint"): constant text, the values are parameters.
std::string MultiRowInsert(const char* head, const std::vector<const char*>& types, size_t rows,
                           const char* tail) {
  std::string sql = fmt::format("INSERT INTO {} VALUES ", head);
  int p = 1;
  for (size_t r = 0; r < rows; ++r) {
    sql += r == 0 ? "(" : ", (";
    for (size_t c = 0; c < types.size(); ++c) sql += fmt::format("{}${}{}", c == 0 ? "" : ", ", p++, types[c]);
    sql += ")";
  }
  return sql + tail;
}

class PgProcessStore final : public ProcessStore {
 public:
  explicit PgProcessStore(PgConnection* conn) : conn_(conn) {}

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
  Result<bool> HasReleases() override;
  Result<std::string> ContentDigest() override;

 private:
  /// The kind of a multi-row INSERT.
  struct RowInsert {
    const char* name;  // statement name prefix
    const char* head;  // "table(columns)"
    std::vector<const char*> types;
    const char* tail;
  };
  /// Inserts `params` (rows of `insert.types.size()` values) in chunks of
  /// kRowsPerInsert rows, preparing each chunk size's statement on first use.
  Status InsertRows(const RowInsert& insert, const std::vector<PgParam>& params);
  Status WriteProcess(const ProcessRows& p, const std::string& ocid, std::string_view digest,
                      int64_t release_count, const std::string* compiled_json, bool found);
  /// SQLite's text of a REAL (what the SQLite store hashes).
  Result<std::string> SqliteRealText(double value);

  PgConnection* conn_;
  std::set<std::string> prepared_;  // multi-row INSERTs prepared so far
  std::unique_ptr<Database> sqlite_;
  Statement real_text_;
};

Status PgProcessStore::Prepare() {
  const std::pair<const char*, std::string> statements[] = {
      {"processes_release_digest",
       "SELECT COALESCE(bool_or(release_id = $2 AND digest = $3), false), COALESCE(bool_or(release_id = $2), false),"
       " count(*) FROM releases WHERE ocid = $1"},
      {"processes_insert_release",
       "INSERT INTO releases(ocid, release_id, date, compiled, digest, json, source_file, source_line)"
       " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (ocid, release_id, digest) DO NOTHING"},
      {"processes_releases_of",
       "SELECT ocid, release_id, date, compiled, digest, json, source_file, source_line FROM releases"
       " WHERE ocid = $1 ORDER BY date, release_id, id"},
      {"processes_get_digest", "SELECT digest FROM processes WHERE ocid = $1"},
      {"processes_upsert",
       "INSERT INTO processes(ocid, digest, release_count, compiled_json, date, ocds_version, buyer_name,"
       " procurement_method, main_category, tender_amount, tender_currency, n_parties, n_items, n_bids, n_awards)"
       " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
       " ON CONFLICT (ocid) DO UPDATE SET digest = EXCLUDED.digest, release_count = EXCLUDED.release_count,"
       " compiled_json = EXCLUDED.compiled_json, date = EXCLUDED.date, ocds_version = EXCLUDED.ocds_version,"
       " buyer_name = EXCLUDED.buyer_name, procurement_method = EXCLUDED.procurement_method,"
       " main_category = EXCLUDED.main_category, tender_amount = EXCLUDED.tender_amount,"
       " tender_currency = EXCLUDED.tender_currency, n_parties = EXCLUDED.n_parties, n_items = EXCLUDED.n_items,"
       " n_bids = EXCLUDED.n_bids, n_awards = EXCLUDED.n_awards"},
      {"processes_delete_parties", "DELETE FROM process_parties WHERE ocid = $1"},
      {"processes_delete_items", "DELETE FROM process_items WHERE ocid = $1"},
      // Without the releases' own order SQLite would read the (ocid,
      // release_id, digest) index: the lowest release id and digest.
      {"processes_json",
       "SELECT COALESCE(p.compiled_json, (SELECT r.json FROM releases r WHERE r.ocid = p.ocid"
       " ORDER BY r.release_id, r.digest LIMIT 1)) FROM processes p WHERE p.ocid = $1"},
      {"processes_ocids", "SELECT ocid FROM processes ORDER BY ocid"},
      {"processes_page_first",
       "WITH page AS (SELECT ocid, digest FROM processes ORDER BY ocid LIMIT $1)"
       " SELECT page.ocid, page.digest, pp.party_key FROM page LEFT JOIN process_parties pp ON pp.ocid = page.ocid"
       " ORDER BY page.ocid, pp.party_key"},
      {"processes_page_next",
       "WITH page AS (SELECT ocid, digest FROM processes WHERE ocid > $2 ORDER BY ocid LIMIT $1)"
       " SELECT page.ocid, page.digest, pp.party_key FROM page LEFT JOIN process_parties pp ON pp.ocid = page.ocid"
       " ORDER BY page.ocid, pp.party_key"},
      {"processes_parties_first",
       "SELECT party_key, name, scheme, identifier, country FROM parties ORDER BY party_key LIMIT $1"},
      {"processes_parties_next",
       "SELECT party_key, name, scheme, identifier, country FROM parties WHERE party_key > $2"
       " ORDER BY party_key LIMIT $1"},
      {"processes_source_file",
       "INSERT INTO source_files(sha256, path, bytes) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING"},
      {"processes_counts",
       "SELECT (SELECT count(*) FROM releases), (SELECT count(*) FROM processes), (SELECT count(*) FROM parties),"
       " (SELECT count(*) FROM process_parties), (SELECT count(*) FROM process_items),"
       " (SELECT count(*) FROM source_files)"},
      {"processes_has_releases", "SELECT EXISTS (SELECT 1 FROM releases)::int"},
  };
  for (const auto& [name, sql] : statements) RETURN_IF_ERROR(conn_->Prepare(name, sql));

  const auto& tables = DigestTables();
  for (size_t t = 0; t < tables.size(); ++t) {
    const DigestTable& d = tables[t];
    std::string keys, params;
    for (size_t k = 0; k < d.key_sql.size(); ++k) {
      keys += fmt::format("{}{}", k == 0 ? "" : ", ", d.key_sql[k]);
      const bool integer = std::string_view(d.key_sql[k]) == "seq";
      params += fmt::format("{}${}{}", k == 0 ? "" : ", ", k + 2, integer ? "::bigint" : "");
    }
    RETURN_IF_ERROR(conn_->Prepare(fmt::format("processes_digest_first_{}", t),
                                   fmt::format("SELECT {} FROM {} ORDER BY {} LIMIT $1", d.columns, d.table, keys)));
    RETURN_IF_ERROR(conn_->Prepare(fmt::format("processes_digest_next_{}", t),
                                   fmt::format("SELECT {} FROM {} WHERE ({}) > ({}) ORDER BY {} LIMIT $1", d.columns,
                                               d.table, keys, params, keys)));
  }

  // SQLite renders REALs itself: ask it, so the text is SQLite's exactly.
  ASSIGN_OR_RETURN(sqlite_, Database::Open(":memory:"));
  ASSIGN_OR_RETURN(real_text_, sqlite_->Prepare("SELECT ?1"));
  return Status::Ok();
}

Result<std::string> PgProcessStore::SqliteRealText(double value) {
  real_text_.Reset();
  real_text_.Bind(1, value);
  ASSIGN_OR_RETURN(bool row, real_text_.Step());
  if (!row) return Status::Internal("sqlite: no row from SELECT ?1");
  std::string text = real_text_.ColumnText(0);
  real_text_.Reset();
  return text;
}

Status PgProcessStore::InsertRows(const RowInsert& insert, const std::vector<PgParam>& params) {
  const size_t width = insert.types.size();
  const size_t rows = params.size() / width;
  for (size_t done = 0; done < rows;) {
    const size_t n = std::min(kRowsPerInsert, rows - done);
    const std::string name = fmt::format("processes_{}_{}", insert.name, n);
    if (prepared_.insert(name).second) {
      Status s = conn_->Prepare(name, MultiRowInsert(insert.head, insert.types, n, insert.tail));
      if (!s.ok()) {
        prepared_.erase(name);
        return s;
      }
    }
    std::vector<PgParam> chunk(params.begin() + static_cast<std::ptrdiff_t>(done * width),
                               params.begin() + static_cast<std::ptrdiff_t>((done + n) * width));
    RETURN_IF_ERROR(conn_->Run(name, chunk).status());
    done += n;
  }
  return Status::Ok();
}

Result<ReleaseChange> PgProcessStore::PutRelease(const StoredRelease& r, int64_t* releases_before) {
  // As in SQLite: every distinct version is kept; a version already stored is
  // unchanged, a new version of a known release id is an update.
  const std::string ocid = PgText(r.ocid), release_id = PgText(r.release_id), digest = PgText(r.digest);
  ASSIGN_OR_RETURN(PgRows seen, conn_->Run("processes_release_digest", {ocid, release_id, digest}));
  if (seen.empty()) return Status::Internal("postgresql: no row from an aggregate");
  const bool same = seen.Bool(0, 0);
  const bool known_id = seen.Bool(0, 1);
  ASSIGN_OR_RETURN(int64_t before, seen.Int(0, 2));
  if (releases_before) *releases_before = before;
  if (same) return ReleaseChange::kUnchanged;
  ASSIGN_OR_RETURN(PgRows inserted,
                   conn_->Run("processes_insert_release",
                              {ocid, release_id, PgText(r.date), int64_t{r.compiled ? 1 : 0}, digest, PgText(r.json),
                               PgText(r.source_file), r.source_line}));
  // Another connection stored this very version meanwhile.
  if (inserted.affected() == 0) return ReleaseChange::kUnchanged;
  return known_id ? ReleaseChange::kUpdated : ReleaseChange::kInserted;
}

Result<std::vector<StoredRelease>> PgProcessStore::ReleasesOf(std::string_view ocid) {
  ASSIGN_OR_RETURN(PgRows rows, conn_->Run("processes_releases_of", {PgText(ocid)}));
  std::vector<StoredRelease> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    StoredRelease r;
    r.ocid = rows.Text(i, 0);
    r.release_id = rows.Text(i, 1);
    r.date = rows.Text(i, 2);
    ASSIGN_OR_RETURN(int64_t compiled, rows.Int(i, 3));
    r.compiled = compiled != 0;
    r.digest = rows.Text(i, 4);
    r.json = rows.Text(i, 5);
    r.source_file = rows.Text(i, 6);
    ASSIGN_OR_RETURN(r.source_line, rows.Int(i, 7));
    out.push_back(std::move(r));
  }
  return out;
}

Result<bool> PgProcessStore::PutProcessRows(const ProcessRows& p, std::string_view digest, int64_t release_count,
                                            const std::string* compiled_json, bool known_new) {
  const std::string ocid = PgText(p.ocid);
  bool found = false;
  if (!known_new) {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("processes_get_digest", {ocid}));
    found = !rows.empty();
    if (found && rows.Text(0, 0) == digest) return false;
  }
  if (conn_->in_transaction()) {
    RETURN_IF_ERROR(WriteProcess(p, ocid, digest, release_count, compiled_json, found));
    return true;
  }
  PgTransaction tx(*conn_);
  RETURN_IF_ERROR(tx.status());
  RETURN_IF_ERROR(WriteProcess(p, ocid, digest, release_count, compiled_json, found));
  RETURN_IF_ERROR(tx.Commit());
  return true;
}

Status PgProcessStore::WriteProcess(const ProcessRows& p, const std::string& ocid, std::string_view digest,
                                    int64_t release_count, const std::string* compiled_json, bool found) {
  const std::optional<double>& amount = p.tender_amount;
  // SQLite stores a NaN as NULL: so does this store, for equal digests.
  PgParam amount_param = amount && !std::isnan(*amount) ? PgFloatParam(*amount) : PgParam::Null();
  RETURN_IF_ERROR(conn_
                      ->Run("processes_upsert",
                            {ocid, PgText(digest), release_count,
                             compiled_json ? PgParam(PgText(*compiled_json)) : PgParam::Null(), PgText(p.date),
                             PgText(p.ocds_version), PgText(p.buyer_name), PgText(p.procurement_method),
                             PgText(p.main_category), amount_param, PgText(p.tender_currency), p.n_parties,
                             p.n_items, p.n_bids, p.n_awards})
                      .status());
  if (found) {
    RETURN_IF_ERROR(conn_->Run("processes_delete_parties", {ocid}).status());
    RETURN_IF_ERROR(conn_->Run("processes_delete_items", {ocid}).status());
  }

  // SQLite's INSERT OR IGNORE: the first row of a key is kept, also within
  // one multi-row INSERT.
  static const RowInsert kParties = {"party_rows", "parties(party_key, name, scheme, identifier, country)",
                                     {"", "", "", "", ""}, " ON CONFLICT (party_key) DO NOTHING"};
  static const RowInsert kProcessParties = {
      "process_party_rows", "process_parties(ocid, party_id, party_key, name, roles, tier, country)",
      {"", "", "", "", "", "::integer", ""}, " ON CONFLICT (ocid, party_id) DO NOTHING"};
  static const RowInsert kItems = {"item_rows", "process_items(ocid, seq, stage, scheme, code, description)",
                                   {"", "::bigint", "", "", "", ""}, ""};
  std::vector<PgParam> parties, process_parties;
  parties.reserve(p.parties.size() * 5);
  process_parties.reserve(p.parties.size() * 7);
  for (const ProcessRows::PartyRow& party : p.parties) {
    std::string key = PgText(party.party_key);
    std::string name = PgText(party.name), country = PgText(party.country);
    if (!party.known) parties.insert(parties.end(), {key, name, PgText(party.scheme), PgText(party.identifier), country});
    process_parties.insert(process_parties.end(),
                           {ocid, PgText(party.party_id), key, name, PgText(party.roles), party.tier, country});
  }
  RETURN_IF_ERROR(InsertRows(kParties, parties));
  RETURN_IF_ERROR(InsertRows(kProcessParties, process_parties));

  std::vector<PgParam> items;
  items.reserve(p.items.size() * 6);
  int64_t seq = 0;
  for (const ProcessRows::ItemRow& item : p.items) {
    items.insert(items.end(), {ocid, seq++, std::string(item.stage), PgText(item.scheme), PgText(item.code),
                               PgText(item.description)});
  }
  return InsertRows(kItems, items);
}

Result<std::optional<std::string>> PgProcessStore::ProcessJson(std::string_view ocid) {
  ASSIGN_OR_RETURN(PgRows rows, conn_->Run("processes_json", {PgText(ocid)}));
  std::optional<std::string> out;
  if (!rows.empty() && !rows.IsNull(0, 0)) out = rows.Text(0, 0);
  return out;
}

Result<std::vector<std::string>> PgProcessStore::Ocids() {
  ASSIGN_OR_RETURN(PgRows rows, conn_->Run("processes_ocids"));
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(rows.Text(i, 0));
  return out;
}

Status PgProcessStore::ForEachProcess(
    const std::function<Status(const std::string&, const std::string&, const std::vector<std::string>&)>& fn) {
  std::optional<std::string> after;  // the last ocid of the previous page
  for (;;) {
    ASSIGN_OR_RETURN(PgRows rows, after ? conn_->Run("processes_page_next", {kPageRows, *after})
                                        : conn_->Run("processes_page_first", {kPageRows}));
    int64_t processes = 0;
    std::vector<std::string> keys;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (!rows.IsNull(i, 2)) keys.push_back(rows.Text(i, 2));
      if (i + 1 == rows.size() || rows.Text(i + 1, 0) != rows.Text(i, 0)) {
        RETURN_IF_ERROR(fn(rows.Text(i, 0), rows.Text(i, 1), keys));
        keys.clear();
        ++processes;
      }
    }
    if (processes < kPageRows) return Status::Ok();
    after = rows.Text(rows.size() - 1, 0);
  }
}

Status PgProcessStore::ForEachParty(const std::function<Status(const std::string&, const std::string&,
                                                               const std::string&, const std::string&,
                                                               const std::string&)>& fn) {
  std::optional<std::string> after;
  for (;;) {
    ASSIGN_OR_RETURN(PgRows rows, after ? conn_->Run("processes_parties_next", {kPageRows, *after})
                                        : conn_->Run("processes_parties_first", {kPageRows}));
    for (size_t i = 0; i < rows.size(); ++i) {
      RETURN_IF_ERROR(fn(rows.Text(i, 0), rows.Text(i, 1), rows.Text(i, 2), rows.Text(i, 3), rows.Text(i, 4)));
    }
    if (rows.size() < static_cast<size_t>(kPageRows)) return Status::Ok();
    after = rows.Text(rows.size() - 1, 0);
  }
}

Status PgProcessStore::RecordSourceFile(std::string_view sha256, std::string_view path, int64_t bytes) {
  return conn_->Run("processes_source_file", {PgText(sha256), PgText(path), bytes}).status();
}

Result<StoreCounts> PgProcessStore::Counts() {
  ASSIGN_OR_RETURN(PgRows rows, conn_->Run("processes_counts"));
  StoreCounts c;
  if (rows.empty()) return c;
  ASSIGN_OR_RETURN(c.releases, rows.Int(0, 0));
  ASSIGN_OR_RETURN(c.processes, rows.Int(0, 1));
  ASSIGN_OR_RETURN(c.parties, rows.Int(0, 2));
  ASSIGN_OR_RETURN(c.process_parties, rows.Int(0, 3));
  ASSIGN_OR_RETURN(c.items, rows.Int(0, 4));
  ASSIGN_OR_RETURN(c.source_files, rows.Int(0, 5));
  return c;
}

Result<bool> PgProcessStore::HasReleases() {
  ASSIGN_OR_RETURN(PgRows rows, conn_->Run("processes_has_releases"));
  if (rows.empty()) return false;
  ASSIGN_OR_RETURN(int64_t any, rows.Int(0, 0));
  return any != 0;
}

Result<std::string> PgProcessStore::ContentDigest() {
  // The bytes the SQLite store hashes: its query text, then each row's
  // columns in SQLite's text form, unit-separated (NULL as "\x00"),
  // record-separated.
  Sha256 sha;
  const auto& tables = DigestTables();
  for (size_t t = 0; t < tables.size(); ++t) {
    const DigestTable& d = tables[t];
    sha.Update(d.sqlite_sql);
    std::vector<PgParam> next;  // empty: the first page
    for (;;) {
      std::vector<PgParam> params = {kDigestPageRows};
      params.insert(params.end(), next.begin(), next.end());
      ASSIGN_OR_RETURN(PgRows rows, conn_->Run(fmt::format("processes_digest_{}_{}", next.empty() ? "first" : "next",
                                                           t),
                                               params));
      for (size_t r = 0; r < rows.size(); ++r) {
        for (int c = 0; c < rows.columns(); ++c) {
          if (rows.IsNull(r, c)) {
            sha.Update(std::string_view("\0", 1));
            continue;
          }
          if (c == d.real_column) {
            ASSIGN_OR_RETURN(double value, PgFloatCell(rows, r, c));
            ASSIGN_OR_RETURN(std::string text, SqliteRealText(value));
            sha.Update(text);
          } else {
            sha.Update(rows.Text(r, c));
          }
          sha.Update("\x1f");
        }
        sha.Update("\x1e");
      }
      if (rows.size() < static_cast<size_t>(kDigestPageRows)) break;
      next.clear();
      for (int k : d.key) next.emplace_back(rows.Text(rows.size() - 1, k));
    }
  }
  return sha.FinishHex();
}

}  // namespace

Result<std::unique_ptr<ProcessStore>> OpenPostgresProcessStore(PgConnection* conn) {
  if (conn == nullptr) return Status::InvalidArgument("process store needs a connection");
  RETURN_IF_ERROR(conn->Migrate("processes", Migrations()));
  auto store = std::make_unique<PgProcessStore>(conn);
  RETURN_IF_ERROR(store->Prepare());
  return std::unique_ptr<ProcessStore>(std::move(store));
}

}  // namespace clearbid
