#pragma once
// The store of list-match results for the parties of the store: for each
// screened subject (a party, or an entry of its disclosed supply chain or a
// recruitment agency) the alerts and identifier matches found, each with the
// list version it used and the matcher's explanation and algorithm version.
// A screening is keyed by (party_key, subject, query name) and the lists
// fingerprint (MatcherListScreener::Fingerprint()): re-screening the same
// subject with the same inputs against the same list versions changes
// nothing; results of older list versions stay for audit. Migration
// component "matches". Not thread-safe: one MatchStore per Database.

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

class MatchStore {
 public:
  /// Opens the store on `db` (not owned; must outlive the store), applying
  /// the migrations of the "matches" component.
  static Result<std::unique_ptr<MatchStore>> Open(Database* db);

  /// ContentHash of the subject's screened inputs (name, country, scheme, identifier).
  static std::string InputDigest(const MatchSubject& subject);

  /// Records the screening of `subject` against the lists of
  /// `lists_fingerprint` with its results (possibly none: "screened, no
  /// match" is recorded too). kUnchanged when this screening is stored with
  /// the same input digest; otherwise the earlier results of this subject for
  /// the same fingerprint are replaced. Atomic (a SAVEPOINT, so it nests in a
  /// caller's transaction).
  Result<MatchChange> PutScreening(const MatchSubject& subject, std::string_view lists_fingerprint,
                                   std::string_view algorithm, const std::vector<ListMatchEvidence>& results);

  /// Input digests of every screening stored for `lists_fingerprint`, by
  /// "party_key\x1fsubject\x1fname" (ScreeningKey): lets a caller skip the
  /// subjects already screened with the same inputs.
  Result<std::unordered_map<std::string, std::string>> ScreenedDigests(std::string_view lists_fingerprint);
  static std::string ScreeningKey(const MatchSubject& subject);

  /// Results stored for one party (its own name and its disclosed entries),
  /// all fingerprints, ordered by subject, list, list version, score descending.
  Result<std::vector<StoredMatch>> ResultsFor(std::string_view party_key);
  Result<MatchStoreCounts> Counts();

 private:
  explicit MatchStore(Database* db) : db_(db) {}
  Status Prepare();
  Database* db_;
  Statement get_screening_, upsert_screening_, delete_results_, insert_result_, results_for_;
};

}  // namespace clearbid
