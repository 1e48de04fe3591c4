#pragma once
// Review decisions and the audit trail.
//
// A reviewer (auditor or admin) decides on a *subject*:
//   - kind "match": a list match, key ReviewMatchKey(subject_key, list,
//     entry_id). A dismissal carries the digest of the list entry it was
//     made on; it is honoured only while the entry is unchanged.
//   - kind "finding": a rule finding, key "<ocid>|<party id or ''>|<rule id>".
//   - kind "party": a supplier as a whole, key its party key.
// Actions: confirm, dismiss (false positive; a reason is required),
// escalate, request_documents. The subject's state becomes "confirmed",
// "dismissed", "escalated" or "documents_requested" ("open" before any
// decision).
//
// Every decision appends one entry to an append-only, hash-chained audit
// trail: entry n's hash is SHA-256 over its canonical serialisation, which
// includes entry n-1's hash. Editing, deleting or reordering any entry
// breaks the chain from that entry on; VerifyAuditChain() finds the first
// break.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clearbid {

enum class ReviewAction : uint8_t { kConfirm, kDismiss, kEscalate, kRequestDocuments };

/// "confirm", "dismiss", "escalate", "request_documents".
std::string_view ReviewActionName(ReviewAction action);
std::optional<ReviewAction> ParseReviewAction(std::string_view name);
/// The state an action leads to: "confirmed", "dismissed", "escalated", "documents_requested".
std::string_view StateAfter(ReviewAction action);

/// "match", "finding", "party".
bool IsReviewSubjectKind(std::string_view kind);

/// "<subject_key>|<list>|<entry_id>".
std::string ReviewMatchKey(std::string_view subject_key, std::string_view list, std::string_view entry_id);

/// A decision as asked for (the store fills in time, old state and chain).
struct ReviewRequest {
  std::string kind;          // "match", "finding", "party"
  std::string key;
  /// kind "match": the screened subject's key (ListMatchEvidence::subject_key)
  /// the key was made from; MatchStates() looks decisions up by it.
  std::string subject_key;
  ReviewAction action = ReviewAction::kConfirm;
  std::string reason;        // required for dismiss; at most 4,000 bytes
  std::string actor;         // user name
  std::string entry_digest;  // kind "match": ListMatchEvidence::entry_digest
};

/// The current state of a subject.
struct ReviewState {
  std::string kind;
  std::string key;
  std::string subject_key;  // kind "match" only
  std::string state;  // "confirmed", "dismissed", "escalated", "documents_requested"
  std::string entry_digest;
  std::string reason;
  std::string actor;
  std::string decided_at;  // ISO 8601 UTC
  int64_t audit_seq = 0;   // the audit entry that set this state
};

/// One entry of the audit trail.
struct AuditEntry {
  int64_t seq = 0;         // 1, 2, 3, … with no gap
  std::string at;          // ISO 8601 UTC from the injected clock
  std::string actor;
  std::string action;      // a ReviewActionName, or another event ("user_added", …)
  std::string subject;     // "<kind>:<key>"
  std::string old_state;   // "open" before any decision
  std::string new_state;
  std::string reason;
  std::string detail;      // optional JSON object text (e.g. the entry digest)
  std::string prev_hash;   // 64 zeros for seq 1
  std::string hash;
};

/// The hash of `entry` given its fields and prev_hash (entry.hash ignored):
/// SHA-256 hex over a canonical, length-prefixed serialisation of seq, at,
/// actor, action, subject, old_state, new_state, reason, detail, prev_hash.
std::string AuditEntryHash(const AuditEntry& entry);

/// "0000…" (64 zeros): the prev_hash of the first entry.
const std::string& AuditGenesisHash();

struct AuditVerification {
  bool ok = true;
  int64_t entries = 0;
  std::string head_hash;  // hash of the last entry ("" when empty)
  /// First problem found: seq of the entry and what is wrong
  /// ("hash mismatch: entry edited", "seq gap: entry deleted", "prev_hash
  /// mismatch", "head mismatch: entries deleted at the end").
  int64_t bad_seq = 0;
  std::string problem;
};

/// Walks `entries` (in seq order) and checks seq continuity from 1, each
/// prev_hash and each hash; then, when `head_seq`/`head_hash` are given (the
/// store's separately kept head), that the last entry is that head.
AuditVerification VerifyAuditChain(const std::vector<AuditEntry>& entries,
                                   std::optional<std::pair<int64_t, std::string>> head = std::nullopt);

/// VerifyAuditChain one entry at a time, for a trail read in pages: Add()
/// each entry in seq order, then Finish() once with the head. After the first
/// problem further entries are only counted.
class AuditChainVerifier {
 public:
  AuditChainVerifier();
  /// False once a problem has been found.
  bool Add(const AuditEntry& entry);
  AuditVerification Finish(std::optional<std::pair<int64_t, std::string>> head = std::nullopt);

 private:
  bool Fail(int64_t seq, std::string problem);
  AuditVerification result_;
  int64_t expected_seq_ = 1;
  std::string prev_hash_;
};

}  // namespace clearbid
