#pragma once
// The review queue's index: for every stored assessment, one row per party
// at band high or above (or with a flagged finding), so that "flagged
// suppliers, filtered and paginated" is one indexed query rather than a
// walk over every assessment. Rows of a process are replaced whenever its
// assessment is stored. Migration component "flags".
//
// An interface: SQLite is the embedded default (Open(), OpenSqliteFlagStore);
// PostgreSQL (engine/store/pg/pg_scan_flag_stores.h) passes the same
// conformance suite (tests/engine/store/flag_store_conformance.h). One
// FlagStore per connection; not thread-safe.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/base/result.h"
#include "engine/model/contracting_process.h"
#include "engine/rules/assessment.h"
#include "engine/store/sqlite_db.h"

namespace clearbid {

struct PartyFlag {
  std::string ocid;
  std::string party_id;
  std::string party_key;  // Party::GlobalKey()
  std::string name;
  std::string identifier;  // "scheme/id" or ""
  std::string country;
  Band band = Band::kLow;
  double score = 0;
  int64_t flagged = 0;          // flagged findings
  std::string rules;            // flagged rule ids, comma-separated, in rule order
  std::string source;           // "scan <id>" or "screen"
};

/// The parties of `a` (an assessment of `process`) worth a reviewer's look:
/// band high or critical, or at least one flagged finding. Party keys are
/// the GlobalKey() of the process's party of the same id.
std::vector<PartyFlag> PartyFlagsOf(const ProcessAssessment& a, const ContractingProcess& process,
                                    const std::string& source);

struct FlagFilter {
  Band min_band = Band::kHigh;
  std::string country;  // ISO alpha-2 or ""
  std::string rule;     // a rule id the party must be flagged by, or ""
  std::string party_key;  // one supplier, or ""
};

/// Most rows one Find() returns.
inline constexpr size_t kMaxFlagPage = 500;

class FlagStore {
 public:
  virtual ~FlagStore() = default;

  /// The SQLite store on `db` (not owned; must outlive the store), applying
  /// the "flags" migrations. The same as OpenSqliteFlagStore(db).
  static Result<std::unique_ptr<FlagStore>> Open(Database* db);

  /// Replaces the rows of `ocid` by `flags` (none: the process has no row
  /// any more), as one change. InvalidArgument, and nothing changed, when a
  /// flag has another ocid. Two flags of one party id: the last one is kept.
  virtual Status Put(const std::string& ocid, const std::vector<PartyFlag>& flags) = 0;
  /// Rows matching `filter` (band at least min_band; the country, rule id
  /// and party key when given, compared exactly), highest band and score
  /// first, then ocid and party id (byte order); `offset` rows skipped, at
  /// most `limit` (itself at most kMaxFlagPage) returned.
  virtual Result<std::vector<PartyFlag>> Find(const FlagFilter& filter, size_t offset, size_t limit) = 0;
  /// How many rows match `filter`.
  virtual Result<int64_t> Count(const FlagFilter& filter) = 0;
};

/// The SQLite store on `db` (not owned; must outlive the store), applying the
/// "flags" migrations.
Result<std::unique_ptr<FlagStore>> OpenSqliteFlagStore(Database* db);

/// The check of Put(), shared by the implementations: InvalidArgument when a
/// flag of `flags` is not of `ocid`.
Status CheckFlagsOf(const std::string& ocid, const std::vector<PartyFlag>& flags);

/// The LIKE pattern (escape character backslash) that finds `rule` as one
/// whole item of a comma-separated rule list wrapped in commas (",a,b,").
std::string RuleListPattern(const std::string& rule);

}  // namespace clearbid
