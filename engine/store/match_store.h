#pragma once
// The store of list-match results for the parties of the store: for each
// screened subject (a party, or an entry of its disclosed supply chain or a
// recruitment agency) the alerts and identifier matches found, each with the
// list version it used and the matcher's explanation and algorithm version.
// A screening is keyed by (party_key, subject, query name) and the lists
// fingerprint (MatcherListScreener::Fingerprint()): re-screening the same
// subject with the same inputs against the same list versions changes
// nothing; results of older list versions stay for audit. Migration
// component "matches".
//
// An interface: SQLite is the embedded default (Open(),
// OpenSqliteMatchStore); PostgreSQL (engine/store/pg/pg_match_store.h)
// passes the same conformance suite
// (tests/engine/store/match_store_conformance.h). One store per connection;
// not thread-safe.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/base/result.h"
#include "engine/rules/evidence.h"
#include "engine/store/sqlite_db.h"

namespace clearbid {

/// One screened name of the store.
struct MatchSubject {
  /// The party's global key ("scheme/id", or "name:…"); for a supply-chain
  /// entry or agency, the key of the disclosing party.
  std::string party_key;
  /// "party", or the disclosure ref of a supply-chain entry or agency.
  std::string subject = "party";
  std::string name;
  std::string country;  // ISO alpha-2 or empty
  std::string scheme;
  std::string identifier;
};

struct StoredMatch {
  std::string party_key;
  std::string subject;
  std::string lists_fingerprint;
  std::string algorithm;
  ListMatchEvidence match;
};

enum class MatchChange { kUnchanged, kInserted, kReplaced };

struct MatchStoreCounts {
  int64_t screenings = 0;  // (subject, lists fingerprint) pairs screened
  int64_t results = 0;
  int64_t alerts = 0;      // results with is_match
};

/// The checks of PutScreening() made before anything is written, the same
/// for every implementation: InvalidArgument for a result whose score is NaN
/// (SQLite cannot store one).
Status CheckScreening(const std::vector<ListMatchEvidence>& results);

class MatchStore {
 public:
  virtual ~MatchStore() = default;

  /// The SQLite store on `db` (not owned; must outlive the store), applying
  /// the migrations of the "matches" component. The same as
  /// OpenSqliteMatchStore(db).
  static Result<std::unique_ptr<MatchStore>> Open(Database* db);

  /// ContentHash of the subject's screened inputs (name, country, scheme, identifier).
  static std::string InputDigest(const MatchSubject& subject);
  /// "party_key\x1fsubject\x1fname": the key of a screening in ScreenedDigests().
  static std::string ScreeningKey(const MatchSubject& subject);

  /// Records the screening of `subject` against the lists of
  /// `lists_fingerprint` with its results (possibly none: "screened, no
  /// match" is recorded too). kUnchanged when this screening is stored with
  /// the same input digest (nothing is written); otherwise the earlier
  /// results of this subject for the same fingerprint are replaced
  /// (kReplaced) or the screening is new (kInserted). Results of other
  /// fingerprints are kept. Two results with the same list version and entry
  /// id: the later one is kept. Fails with CheckScreening()'s errors before
  /// writing. Atomic: a failure keeps nothing of this screening. Inside a
  /// transaction the caller holds on the connection (TransactionSource), the
  /// screening belongs to it: rolled back with it, seen by others only when
  /// it commits (SQLite: a SAVEPOINT, after whose failure the caller's
  /// transaction goes on; PostgreSQL: a failure spoils the caller's
  /// transaction, as every failed statement does there). Otherwise it runs in
  /// a transaction of its own.
  virtual Result<MatchChange> PutScreening(const MatchSubject& subject, std::string_view lists_fingerprint,
                                           std::string_view algorithm,
                                           const std::vector<ListMatchEvidence>& results) = 0;

  /// Input digests of every screening stored for `lists_fingerprint`, by
  /// ScreeningKey() of the stored subject: lets a caller skip the subjects
  /// already screened with the same inputs.
  virtual Result<std::unordered_map<std::string, std::string>> ScreenedDigests(
      std::string_view lists_fingerprint) = 0;

  /// Results stored for one party (its own name and its disclosed entries),
  /// all fingerprints, ordered by subject, list, list version, score
  /// descending, then entry id, query name and fingerprint (texts in byte
  /// order). A result's ListMatchEvidence comes back with the fields stored
  /// (list, list_version, entry_id, entry_name, query_name, score bit for
  /// bit but for the sign of a zero, is_match, identifier_match,
  /// entry_active, explanation) and subject
  /// set to the stored subject; decision, subject_key and entry_digest are
  /// not stored (empty).
  virtual Result<std::vector<StoredMatch>> ResultsFor(std::string_view party_key) = 0;
  virtual Result<MatchStoreCounts> Counts() = 0;
};

/// The SQLite store on `db` (not owned; must outlive the store), applying the
/// "matches" migrations. One store per Database, used from one thread.
Result<std::unique_ptr<MatchStore>> OpenSqliteMatchStore(Database* db);

}  // namespace clearbid
