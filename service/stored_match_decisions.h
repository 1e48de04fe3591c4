#pragma once
// Reviewers' match decisions read from the review store, for one screening
// (a request or a scan batch): a decision applies only while the list entry
// has the digest it was made on (see engine/review/review.h). Reads each
// subject key's decisions once and keeps them for the object's lifetime;
// not thread-safe (one per thread and request).

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/review/review.h"
#include "engine/screening/evidence_builder.h"
#include "engine/store/review_store.h"

namespace clearbid {

/// The decision `state` (the match's review state, or null when it has none)
/// makes on a match with entry digest `entry_digest`: its state when that is
/// "confirmed" or "dismissed" and it was made on that very entry, else "".
std::string AppliedDecision(const ReviewState* state, const std::string& entry_digest);

class StoredMatchDecisions final : public MatchDecisions {
 public:
  /// `store` (not owned) must outlive this object.
  explicit StoredMatchDecisions(ReviewStore* store) : store_(store) {}

  /// "confirmed" or "dismissed" when that is the match's state and its
  /// entry digest equals `entry_digest`; otherwise "" (escalated and
  /// documents-requested states leave the evidence as it is). A store error
  /// is remembered (status()) and counts as no decision.
  std::string Decision(const std::string& subject_key, const std::string& list, const std::string& entry_id,
                       const std::string& entry_digest) const override;

  const Status& status() const { return status_; }

 private:
  ReviewStore* store_;
  mutable std::map<std::string, std::vector<ReviewState>> by_subject_;
  mutable Status status_;
};

}  // namespace clearbid

namespace clearbid {

/// All match decisions read once (e.g. at the start of a scan): immutable,
/// so one snapshot serves every assessing thread. Same rule as
/// StoredMatchDecisions.
class MatchDecisionSnapshot final : public MatchDecisions {
 public:
  /// Reads every decided match subject of `store`.
  static Result<std::shared_ptr<const MatchDecisionSnapshot>> Load(ReviewStore* store);
  explicit MatchDecisionSnapshot(std::vector<ReviewState> states);

  std::string Decision(const std::string& subject_key, const std::string& list, const std::string& entry_id,
                       const std::string& entry_digest) const override;

  /// A digest of the decisions that concern `party_key` (its own matches and
  /// those of its disclosed supply chain, "<party key>#…"), "" when none:
  /// part of a scan fingerprint, so a new decision re-evaluates the
  /// processes of that party only.
  std::string DigestFor(const std::string& party_key) const;

 private:
  std::map<std::string, ReviewState> by_key_;        // ReviewMatchKey → state
  std::map<std::string, std::string> by_party_;       // party key → digest
};

}  // namespace clearbid
