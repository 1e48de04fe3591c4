#pragma once
// The store of review decisions and of the hash-chained audit trail
// (engine/review/review.h). An interface: SQLite is the embedded default;
// a PostgreSQL implementation shares the same conformance tests.
// One ReviewStore per connection; not thread-safe. Several stores (threads,
// processes, hosts) may write the same database at once: every append is
// serialised by the database (SQLite: BEGIN IMMEDIATE; PostgreSQL: a row
// lock on the chain head), so the chain stays valid under concurrent writers.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/clock.h"
#include "engine/base/result.h"
#include "engine/review/review.h"
#include "engine/store/sqlite_db.h"

namespace clearbid {

class ReviewStore {
 public:
  virtual ~ReviewStore() = default;

  /// Records a decision in one transaction: reads the subject's state, sets
  /// the new one and appends the audit entry (old and new state, reason,
  /// detail {"entry_digest": …} for matches) chained to the current head.
  /// InvalidArgument (nothing written) for an unknown kind, an empty key or
  /// actor, a dismissal without a reason, a reason over 4,000 bytes, a match
  /// without subject_key or entry_digest.
  virtual Result<AuditEntry> Decide(const ReviewRequest& request) = 0;

  /// Appends an event that is not a decision (e.g. "user_added",
  /// "token_issued") to the trail; old and new state empty.
  virtual Result<AuditEntry> Record(const std::string& actor, const std::string& action,
                                    const std::string& subject, const std::string& detail) = 0;

  /// The current state of one subject (nullopt: open, never decided).
  virtual Result<std::optional<ReviewState>> State(const std::string& kind, const std::string& key) = 0;

  /// The decided match subjects of the given subject keys (any list and
  /// entry), for screening: a dismissed match is not raised again while its
  /// entry_digest is unchanged.
  virtual Result<std::vector<ReviewState>> MatchStates(const std::vector<std::string>& subject_keys) = 0;

  /// Decided subjects, newest decision first, optionally of one kind and one
  /// state; `offset`/`limit` paginate.
  virtual Result<std::vector<ReviewState>> States(const std::string& kind, const std::string& state, size_t offset,
                                                  size_t limit) = 0;

  /// Audit entries with seq > after_seq in seq order, at most `limit`; only
  /// those of `subject` ("<kind>:<key>") when it is not empty.
  virtual Result<std::vector<AuditEntry>> Trail(int64_t after_seq, size_t limit,
                                                const std::string& subject = "") = 0;

  /// Reads the whole trail and the stored head and checks the chain
  /// (VerifyAuditChain). Detects an edited, deleted or reordered entry.
  virtual Result<AuditVerification> Verify() = 0;
};

/// The SQLite store on `db` (not owned; must outlive the store), applying the
/// "review" migrations. `clock` (not owned) stamps decisions.
Result<std::unique_ptr<ReviewStore>> OpenSqliteReviewStore(Database* db, const Clock* clock);

}  // namespace clearbid
