#include "engine/review/review.h"

#include <fmt/format.h>

#include "engine/base/digest.h"

namespace clearbid {
namespace {

// Versions the serialisation: a later format gets a new tag, never a silent change.
constexpr std::string_view kAuditHashTag = "clearbid-audit-entry/1\n";

/// One field as "<byte length>:<bytes>;": no field's content can pose as a
/// boundary, so two different entries never serialise alike.
void AddField(Sha256& h, std::string_view bytes) {
  h.Update(fmt::format("{}:", bytes.size()));
  h.Update(bytes);
  h.Update(";");
}

}  // namespace

std::string_view ReviewActionName(ReviewAction action) {
  switch (action) {
    case ReviewAction::kConfirm: return "confirm";
    case ReviewAction::kDismiss: return "dismiss";
    case ReviewAction::kEscalate: return "escalate";
    case ReviewAction::kRequestDocuments: return "request_documents";
  }
  return "unknown";
}

std::optional<ReviewAction> ParseReviewAction(std::string_view name) {
  for (ReviewAction a :
       {ReviewAction::kConfirm, ReviewAction::kDismiss, ReviewAction::kEscalate, ReviewAction::kRequestDocuments}) {
    if (ReviewActionName(a) == name) return a;
  }
  return std::nullopt;
}

std::string_view StateAfter(ReviewAction action) {
  switch (action) {
    case ReviewAction::kConfirm: return "confirmed";
    case ReviewAction::kDismiss: return "dismissed";
    case ReviewAction::kEscalate: return "escalated";
    case ReviewAction::kRequestDocuments: return "documents_requested";
  }
  return "unknown";
}

bool IsReviewSubjectKind(std::string_view kind) { return kind == "match" || kind == "finding" || kind == "party"; }

std::string ReviewMatchKey(std::string_view subject_key, std::string_view list, std::string_view entry_id) {
  std::string key;
  key.reserve(subject_key.size() + list.size() + entry_id.size() + 2);
  key.append(subject_key).append("|").append(list).append("|").append(entry_id);
  return key;
}

std::string AuditEntryHash(const AuditEntry& entry) {
  Sha256 h;
  h.Update(kAuditHashTag);
  AddField(h, fmt::format("{}", entry.seq));
  AddField(h, entry.at);
  AddField(h, entry.actor);
  AddField(h, entry.action);
  AddField(h, entry.subject);
  AddField(h, entry.old_state);
  AddField(h, entry.new_state);
  AddField(h, entry.reason);
  AddField(h, entry.detail);
  AddField(h, entry.prev_hash);
  return h.FinishHex();
}

const std::string& AuditGenesisHash() {
  static const std::string kGenesis(64, '0');
  return kGenesis;
}

AuditChainVerifier::AuditChainVerifier() : prev_hash_(AuditGenesisHash()) {}

bool AuditChainVerifier::Fail(int64_t seq, std::string problem) {
  result_.ok = false;
  result_.bad_seq = seq;
  result_.problem = std::move(problem);
  return false;
}

bool AuditChainVerifier::Add(const AuditEntry& e) {
  ++result_.entries;
  result_.head_hash = e.hash;
  if (!result_.ok) return false;
  if (e.seq > expected_seq_) {
    return Fail(expected_seq_, fmt::format("seq gap: entry deleted (expected seq {}, found {})", expected_seq_, e.seq));
  }
  if (e.seq < expected_seq_) {
    return Fail(e.seq, fmt::format("seq out of order: entries reordered or repeated (expected seq {}, found {})",
                                   expected_seq_, e.seq));
  }
  if (e.prev_hash != prev_hash_) return Fail(e.seq, "prev_hash mismatch");
  if (AuditEntryHash(e) != e.hash) return Fail(e.seq, "hash mismatch: entry edited");
  prev_hash_ = e.hash;
  ++expected_seq_;
  return true;
}

AuditVerification AuditChainVerifier::Finish(std::optional<std::pair<int64_t, std::string>> head) {
  if (result_.ok && head) {
    // expected_seq_ - 1 is the last entry's seq (0 for an empty trail).
    const int64_t last_seq = expected_seq_ - 1;
    const auto& [head_seq, head_hash] = *head;
    if (last_seq < head_seq) {
      Fail(last_seq + 1, fmt::format("head mismatch: entries deleted at the end (head is seq {}, last entry {})",
                                     head_seq, last_seq));
    } else if (last_seq > head_seq) {
      Fail(head_seq + 1, fmt::format("head mismatch: entries beyond the head (head is seq {}, last entry {})",
                                     head_seq, last_seq));
    } else if (last_seq > 0 && prev_hash_ != head_hash) {
      Fail(last_seq, "head mismatch: last entry differs from the head");
    }
  }
  return result_;
}

AuditVerification VerifyAuditChain(const std::vector<AuditEntry>& entries,
                                   std::optional<std::pair<int64_t, std::string>> head) {
  AuditChainVerifier verifier;
  for (const AuditEntry& e : entries) verifier.Add(e);
  return verifier.Finish(std::move(head));
}

}  // namespace clearbid
