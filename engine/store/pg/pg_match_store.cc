// The PostgreSQL MatchStore (see pg_match_store.h for how it keeps the
// contract of engine/store/match_store.h).

#include "engine/store/pg/pg_match_store.h"

#include <initializer_list>
#include <utility>

#include "engine/store/pg/pg_float.h"
#include "engine/store/pg/pg_text.h"

namespace clearbid {
namespace {

const std::vector<Migration>& Migrations() {
  // The same version as SQLite's: 1 the screenings and their results.
  static const std::vector<Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE match_screenings (
  party_key         TEXT COLLATE "C" NOT NULL,
  subject           TEXT COLLATE "C" NOT NULL,  -- "party" or a disclosure ref
  query_name        TEXT COLLATE "C" NOT NULL,
  lists_fingerprint TEXT COLLATE "C" NOT NULL,  -- MatcherListScreener::Fingerprint()
  input_digest      TEXT NOT NULL,              -- ContentHash of name, country, scheme, identifier
  algorithm         TEXT NOT NULL,
  result_count      BIGINT NOT NULL,
  PRIMARY KEY (party_key, subject, query_name, lists_fingerprint)
);
CREATE TABLE match_results (
  party_key         TEXT COLLATE "C" NOT NULL,
  subject           TEXT COLLATE "C" NOT NULL,
  query_name        TEXT COLLATE "C" NOT NULL,
  lists_fingerprint TEXT COLLATE "C" NOT NULL,
  list_name         TEXT COLLATE "C" NOT NULL,
  list_version      BIGINT NOT NULL,            -- ListVersion id in the "lists" component
  entry_id          TEXT COLLATE "C" NOT NULL,
  entry_name        TEXT NOT NULL,
  matched_name      TEXT NOT NULL,              -- the query form that matched
  score             DOUBLE PRECISION NOT NULL,
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

constexpr const char* kKey = "party_key = $1 AND subject = $2 AND query_name = $3 AND lists_fingerprint = $4";

class PgMatchStore final : public MatchStore {
 public:
  explicit PgMatchStore(PgConnection* conn) : conn_(conn) {}

  Status Prepare() {
    const std::string key = kKey;
    const std::pair<const char*, std::string> statements[] = {
        {"matches_get_digest", "SELECT input_digest FROM match_screenings WHERE " + key},
        {"matches_claim",
         "INSERT INTO match_screenings(party_key, subject, query_name, lists_fingerprint, input_digest, algorithm,"
         " result_count) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING 1"},
        {"matches_lock", "SELECT input_digest FROM match_screenings WHERE " + key + " FOR UPDATE"},
        {"matches_update",
         "UPDATE match_screenings SET input_digest = $5, algorithm = $6, result_count = $7 WHERE " + key},
        {"matches_delete_results", "DELETE FROM match_results WHERE " + key},
        {"matches_insert_result",
         "INSERT INTO match_results(party_key, subject, query_name, lists_fingerprint, list_name, list_version,"
         " entry_id, entry_name, matched_name, score, is_match, identifier_match, entry_active, explanation,"
         " algorithm) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
         " ON CONFLICT (party_key, subject, query_name, lists_fingerprint, list_version, entry_id) DO UPDATE SET"
         " list_name = EXCLUDED.list_name, entry_name = EXCLUDED.entry_name,"
         " matched_name = EXCLUDED.matched_name, score = EXCLUDED.score, is_match = EXCLUDED.is_match,"
         " identifier_match = EXCLUDED.identifier_match, entry_active = EXCLUDED.entry_active,"
         " explanation = EXCLUDED.explanation, algorithm = EXCLUDED.algorithm"},
        {"matches_screened",
         "SELECT party_key, subject, query_name, input_digest FROM match_screenings WHERE lists_fingerprint = $1"},
        {"matches_results_for",
         "SELECT party_key, subject, lists_fingerprint, algorithm, list_name, list_version, entry_id, entry_name,"
         " matched_name, score, is_match, identifier_match, entry_active, explanation FROM match_results"
         " WHERE party_key = $1"
         " ORDER BY subject, list_name, list_version, score DESC, entry_id, query_name, lists_fingerprint"},
        {"matches_counts",
         "SELECT (SELECT count(*) FROM match_screenings), (SELECT count(*) FROM match_results),"
         " (SELECT count(*) FROM match_results WHERE is_match = 1)"},
    };
    for (const auto& [name, sql] : statements) RETURN_IF_ERROR(conn_->Prepare(name, sql));
    return Status::Ok();
  }

  Result<MatchChange> PutScreening(const MatchSubject& subject, std::string_view lists_fingerprint,
                                   std::string_view algorithm,
                                   const std::vector<ListMatchEvidence>& results) override {
    RETURN_IF_ERROR(CheckScreening(results));
    Screening s;
    s.key = {PgText(subject.party_key), PgText(subject.subject), PgText(subject.name), PgText(lists_fingerprint)};
    s.digest = InputDigest(subject);
    s.algorithm = PgText(algorithm);
    s.results = &results;
    // Unchanged needs no transaction: nothing is written.
    ASSIGN_OR_RETURN(PgRows stored, conn_->Run("matches_get_digest", s.key));
    if (!stored.empty() && stored.Text(0, 0) == s.digest) return MatchChange::kUnchanged;
    if (conn_->in_transaction()) return Write(s);
    PgTransaction tx(*conn_);
    RETURN_IF_ERROR(tx.status());
    ASSIGN_OR_RETURN(MatchChange change, Write(s));
    RETURN_IF_ERROR(tx.Commit());
    return change;
  }

  Result<std::unordered_map<std::string, std::string>> ScreenedDigests(
      std::string_view lists_fingerprint) override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("matches_screened", {PgText(lists_fingerprint)}));
    std::unordered_map<std::string, std::string> out;
    out.reserve(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) {
      MatchSubject s;
      s.party_key = rows.Text(r, 0);
      s.subject = rows.Text(r, 1);
      s.name = rows.Text(r, 2);
      out.emplace(ScreeningKey(s), rows.Text(r, 3));
    }
    return out;
  }

  Result<std::vector<StoredMatch>> ResultsFor(std::string_view party_key) override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("matches_results_for", {PgText(party_key)}));
    std::vector<StoredMatch> out;
    out.reserve(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) {
      StoredMatch m;
      m.party_key = rows.Text(r, 0);
      m.subject = rows.Text(r, 1);
      m.lists_fingerprint = rows.Text(r, 2);
      m.algorithm = rows.Text(r, 3);
      m.match.list = rows.Text(r, 4);
      ASSIGN_OR_RETURN(m.match.list_version, rows.Int(r, 5));
      m.match.entry_id = rows.Text(r, 6);
      m.match.entry_name = rows.Text(r, 7);
      m.match.query_name = rows.Text(r, 8);
      m.match.subject = m.subject;
      ASSIGN_OR_RETURN(m.match.score, PgFloatCell(rows, r, 9));
      ASSIGN_OR_RETURN(int64_t is_match, rows.Int(r, 10));
      ASSIGN_OR_RETURN(int64_t identifier_match, rows.Int(r, 11));
      ASSIGN_OR_RETURN(int64_t entry_active, rows.Int(r, 12));
      m.match.is_match = is_match != 0;
      m.match.identifier_match = identifier_match != 0;
      m.match.entry_active = entry_active != 0;
      m.match.explanation = rows.Text(r, 13);
      out.push_back(std::move(m));
    }
    return out;
  }

  Result<MatchStoreCounts> Counts() override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("matches_counts"));
    MatchStoreCounts c;
    if (rows.empty()) return c;
    ASSIGN_OR_RETURN(c.screenings, rows.Int(0, 0));
    ASSIGN_OR_RETURN(c.results, rows.Int(0, 1));
    ASSIGN_OR_RETURN(c.alerts, rows.Int(0, 2));
    return c;
  }

 private:
  /// One screening to write, its texts as stored.
  struct Screening {
    std::vector<PgParam> key;  // party_key, subject, query_name, lists_fingerprint
    std::string digest;
    std::string algorithm;
    const std::vector<ListMatchEvidence>* results = nullptr;
  };

  /// The key followed by `more`.
  static std::vector<PgParam> KeyAnd(const Screening& s, std::initializer_list<PgParam> more) {
    std::vector<PgParam> out = s.key;
    out.insert(out.end(), more.begin(), more.end());
    return out;
  }

  /// Writes the screening inside the open transaction. The screening row is
  /// inserted (a new screening) or locked (an earlier one) before any result
  /// is touched, so two connections never interleave their results.
  Result<MatchChange> Write(const Screening& s) {
    const int64_t count = static_cast<int64_t>(s.results->size());
    ASSIGN_OR_RETURN(PgRows claimed, conn_->Run("matches_claim", KeyAnd(s, {s.digest, s.algorithm, count})));
    MatchChange change = MatchChange::kInserted;
    if (claimed.empty()) {
      ASSIGN_OR_RETURN(PgRows locked, conn_->Run("matches_lock", s.key));
      if (locked.empty()) return Status::Internal("match store: a screening vanished while it was locked");
      if (locked.Text(0, 0) == s.digest) return MatchChange::kUnchanged;  // another connection stored it meanwhile
      RETURN_IF_ERROR(conn_->Run("matches_delete_results", s.key).status());
      RETURN_IF_ERROR(conn_->Run("matches_update", KeyAnd(s, {s.digest, s.algorithm, count})).status());
      change = MatchChange::kReplaced;
    }
    for (const ListMatchEvidence& m : *s.results) {
      RETURN_IF_ERROR(conn_
                          ->Run("matches_insert_result",
                                KeyAnd(s, {PgText(m.list), m.list_version, PgText(m.entry_id), PgText(m.entry_name),
                                           PgText(m.query_name), PgFloatParam(m.score),
                                           int64_t{m.is_match ? 1 : 0}, int64_t{m.identifier_match ? 1 : 0},
                                           int64_t{m.entry_active ? 1 : 0}, PgText(m.explanation), s.algorithm}))
                          .status());
    }
    return change;
  }

  PgConnection* conn_;
};

}  // namespace

Result<std::unique_ptr<MatchStore>> OpenPostgresMatchStore(PgConnection* conn) {
  if (conn == nullptr) return Status::InvalidArgument("match store needs a connection");
  RETURN_IF_ERROR(conn->Migrate("matches", Migrations()));
  auto store = std::make_unique<PgMatchStore>(conn);
  RETURN_IF_ERROR(store->Prepare());
  return std::unique_ptr<MatchStore>(std::move(store));
}

}  // namespace clearbid
