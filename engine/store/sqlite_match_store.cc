// The SQLite MatchStore. PutScreening() writes inside a SAVEPOINT, so it
// nests in a caller's transaction (and is its own transaction otherwise).

#include "engine/store/match_store.h"

namespace clearbid {
namespace {

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE match_screenings (
  party_key         TEXT NOT NULL,
  subject           TEXT NOT NULL,    -- "party" or a disclosure ref
  query_name        TEXT NOT NULL,
  lists_fingerprint TEXT NOT NULL,    -- MatcherListScreener::Fingerprint()
  input_digest      TEXT NOT NULL,    -- ContentHash of name, country, scheme, identifier
  algorithm         TEXT NOT NULL,
  result_count      INTEGER NOT NULL,
  PRIMARY KEY (party_key, subject, query_name, lists_fingerprint)
);
CREATE TABLE match_results (
  party_key         TEXT NOT NULL,
  subject           TEXT NOT NULL,
  query_name        TEXT NOT NULL,
  lists_fingerprint TEXT NOT NULL,
  list_name         TEXT NOT NULL,
  list_version      INTEGER NOT NULL,  -- ListVersion id in the "lists" component
  entry_id          TEXT NOT NULL,
  entry_name        TEXT NOT NULL,
  matched_name      TEXT NOT NULL,     -- the query form that matched
  score             REAL NOT NULL,
  is_match          INTEGER NOT NULL,
  identifier_match  INTEGER NOT NULL,
  entry_active      INTEGER NOT NULL,
  explanation       TEXT NOT NULL,
  algorithm         TEXT NOT NULL,
  PRIMARY KEY (party_key, subject, query_name, lists_fingerprint, list_version, entry_id)
);
CREATE INDEX match_results_by_entry ON match_results(list_version, entry_id);
)sql"},
  };
  return kMigrations;
}

class SqliteMatchStore final : public MatchStore {
 public:
  explicit SqliteMatchStore(Database* db) : db_(db) {}
  Status Prepare();

  Result<MatchChange> PutScreening(const MatchSubject& subject, std::string_view lists_fingerprint,
                                   std::string_view algorithm,
                                   const std::vector<ListMatchEvidence>& results) override;
  Result<std::unordered_map<std::string, std::string>> ScreenedDigests(std::string_view lists_fingerprint) override;
  Result<std::vector<StoredMatch>> ResultsFor(std::string_view party_key) override;
  Result<MatchStoreCounts> Counts() override;

 private:
  Database* db_;
  Statement get_screening_, upsert_screening_, delete_results_, insert_result_, results_for_;
};

}  // namespace

Result<std::unique_ptr<MatchStore>> OpenSqliteMatchStore(Database* db) {
  if (db == nullptr) return Status::InvalidArgument("match store needs a database");
  RETURN_IF_ERROR(db->Migrate("matches", Migrations()));
  auto store = std::make_unique<SqliteMatchStore>(db);
  RETURN_IF_ERROR(store->Prepare());
  return std::unique_ptr<MatchStore>(std::move(store));
}

Result<std::unique_ptr<MatchStore>> MatchStore::Open(Database* db) { return OpenSqliteMatchStore(db); }

Status SqliteMatchStore::Prepare() {
  struct {
    Statement* stmt;
    const char* sql;
  } statements[] = {
      {&get_screening_,
       "SELECT input_digest FROM match_screenings WHERE party_key = ? AND subject = ? AND query_name = ?"
       " AND lists_fingerprint = ?"},
      {&upsert_screening_,
       "INSERT INTO match_screenings(party_key, subject, query_name, lists_fingerprint, input_digest, algorithm,"
       " result_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
       " ON CONFLICT(party_key, subject, query_name, lists_fingerprint) DO UPDATE SET input_digest = ?5,"
       " algorithm = ?6, result_count = ?7"},
      {&delete_results_,
       "DELETE FROM match_results WHERE party_key = ? AND subject = ? AND query_name = ? AND lists_fingerprint = ?"},
      {&insert_result_,
       "INSERT OR REPLACE INTO match_results(party_key, subject, query_name, lists_fingerprint, list_name,"
       " list_version, entry_id, entry_name, matched_name, score, is_match, identifier_match, entry_active,"
       " explanation, algorithm) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"},
      {&results_for_,
       "SELECT party_key, subject, lists_fingerprint, algorithm, list_name, list_version, entry_id, entry_name,"
       " matched_name, score, is_match, identifier_match, entry_active, explanation FROM match_results"
       " WHERE party_key = ?"
       " ORDER BY subject, list_name, list_version, score DESC, entry_id, query_name, lists_fingerprint"},
  };
  for (auto& s : statements) {
    ASSIGN_OR_RETURN(*s.stmt, db_->Prepare(s.sql));
  }
  return Status::Ok();
}

Result<MatchChange> SqliteMatchStore::PutScreening(const MatchSubject& subject, std::string_view fingerprint,
                                                   std::string_view algorithm,
                                                   const std::vector<ListMatchEvidence>& results) {
  RETURN_IF_ERROR(CheckScreening(results));
  const std::string digest = InputDigest(subject);
  get_screening_.Reset();
  get_screening_.Bind(1, subject.party_key).Bind(2, subject.subject).Bind(3, subject.name).Bind(4, fingerprint);
  ASSIGN_OR_RETURN(bool found, get_screening_.Step());
  const bool same = found && get_screening_.ColumnView(0) == digest;
  get_screening_.Reset();
  if (same) return MatchChange::kUnchanged;

  RETURN_IF_ERROR(db_->Exec("SAVEPOINT match_put"));
  auto body = [&]() -> Status {
    if (found) {
      delete_results_.Reset();
      delete_results_.Bind(1, subject.party_key).Bind(2, subject.subject).Bind(3, subject.name).Bind(4, fingerprint);
      RETURN_IF_ERROR(delete_results_.Run());
    }
    for (const ListMatchEvidence& m : results) {
      Statement& ins = insert_result_;
      ins.Reset();
      ins.Bind(1, subject.party_key).Bind(2, subject.subject).Bind(3, subject.name).Bind(4, fingerprint);
      ins.Bind(5, m.list).Bind(6, m.list_version).Bind(7, m.entry_id).Bind(8, m.entry_name).Bind(9, m.query_name);
      ins.Bind(10, m.score).Bind(11, int64_t{m.is_match ? 1 : 0}).Bind(12, int64_t{m.identifier_match ? 1 : 0});
      ins.Bind(13, int64_t{m.entry_active ? 1 : 0}).Bind(14, m.explanation).Bind(15, algorithm);
      RETURN_IF_ERROR(ins.Run());
    }
    upsert_screening_.Reset();
    upsert_screening_.Bind(1, subject.party_key).Bind(2, subject.subject).Bind(3, subject.name);
    upsert_screening_.Bind(4, fingerprint).Bind(5, digest).Bind(6, algorithm);
    upsert_screening_.Bind(7, static_cast<int64_t>(results.size()));
    return upsert_screening_.Run();
  };
  Status st = body();
  insert_result_.Reset();
  if (!st.ok()) {
    (void)db_->Exec("ROLLBACK TO match_put");
    (void)db_->Exec("RELEASE match_put");
    return st;
  }
  RETURN_IF_ERROR(db_->Exec("RELEASE match_put"));
  return found ? MatchChange::kReplaced : MatchChange::kInserted;
}

Result<std::unordered_map<std::string, std::string>> SqliteMatchStore::ScreenedDigests(std::string_view fingerprint) {
  ASSIGN_OR_RETURN(Statement q, db_->Prepare("SELECT party_key, subject, query_name, input_digest"
                                             " FROM match_screenings WHERE lists_fingerprint = ?"));
  q.Bind(1, fingerprint);
  std::unordered_map<std::string, std::string> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    MatchSubject s;
    s.party_key = q.ColumnText(0);
    s.subject = q.ColumnText(1);
    s.name = q.ColumnText(2);
    out.emplace(ScreeningKey(s), q.ColumnText(3));
  }
  return out;
}

Result<std::vector<StoredMatch>> SqliteMatchStore::ResultsFor(std::string_view party_key) {
  Statement& q = results_for_;
  q.Reset();
  q.Bind(1, party_key);
  std::vector<StoredMatch> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    StoredMatch m;
    m.party_key = q.ColumnText(0);
    m.subject = q.ColumnText(1);
    m.lists_fingerprint = q.ColumnText(2);
    m.algorithm = q.ColumnText(3);
    m.match.list = q.ColumnText(4);
    m.match.list_version = q.ColumnInt(5);
    m.match.entry_id = q.ColumnText(6);
    m.match.entry_name = q.ColumnText(7);
    m.match.query_name = q.ColumnText(8);
    m.match.subject = m.subject;
    m.match.score = q.ColumnDouble(9);
    m.match.is_match = q.ColumnInt(10) != 0;
    m.match.identifier_match = q.ColumnInt(11) != 0;
    m.match.entry_active = q.ColumnInt(12) != 0;
    m.match.explanation = q.ColumnText(13);
    out.push_back(std::move(m));
  }
  q.Reset();
  return out;
}

Result<MatchStoreCounts> SqliteMatchStore::Counts() {
  ASSIGN_OR_RETURN(Statement q, db_->Prepare("SELECT (SELECT count(*) FROM match_screenings),"
                                             " (SELECT count(*) FROM match_results),"
                                             " (SELECT count(*) FROM match_results WHERE is_match = 1)"));
  ASSIGN_OR_RETURN(bool row, q.Step());
  MatchStoreCounts c;
  if (row) {
    c.screenings = q.ColumnInt(0);
    c.results = q.ColumnInt(1);
    c.alerts = q.ColumnInt(2);
  }
  return c;
}

}  // namespace clearbid
