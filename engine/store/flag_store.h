#pragma once
// The review queue's index: for every stored assessment, one row per party
// at band high or above (or with a flagged finding), so that "flagged
// suppliers, filtered and paginated" is one indexed query rather than a
// walk over every assessment. Rows of a process are replaced whenever its
// assessment is stored. Migration component "flags". Not thread-safe: one
// FlagStore per Database.

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

class FlagStore {
 public:
  static Result<std::unique_ptr<FlagStore>> Open(Database* db);
  /// Replaces the rows of `ocid` by `flags` (all of them must have that ocid).
  Status Put(const std::string& ocid, const std::vector<PartyFlag>& flags);
  /// Rows matching `filter`, highest band and score first (then ocid, party
  /// id); `limit` at most 500.
  Result<std::vector<PartyFlag>> Find(const FlagFilter& filter, size_t offset, size_t limit);
  Result<int64_t> Count(const FlagFilter& filter);

 private:
  explicit FlagStore(Database* db) : db_(db) {}
  Database* db_;
};

}  // namespace clearbid
