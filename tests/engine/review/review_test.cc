#include "engine/review/review.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace clearbid {
namespace {

AuditEntry Sample() {
  AuditEntry e;
  e.seq = 7;
  e.at = "2026-11-25T12:00:00Z";
  e.actor = "alice";
  e.action = "dismiss";
  e.subject = "match:GB-COH/123|worldbank|wb-9";
  e.old_state = "open";
  e.new_state = "dismissed";
  e.reason = "different company: other registration number";
  e.detail = R"({"entry_digest":"ab12","subject_key":"GB-COH/123"})";
  e.prev_hash = std::string(64, 'f');
  return e;
}

/// A valid chain of `n` entries, each hash computed from the one before.
std::vector<AuditEntry> Chain(int n) {
  std::vector<AuditEntry> out;
  std::string prev = AuditGenesisHash();
  for (int i = 1; i <= n; ++i) {
    AuditEntry e = Sample();
    e.seq = i;
    e.reason = "reason " + std::to_string(i);
    e.prev_hash = prev;
    e.hash = AuditEntryHash(e);
    prev = e.hash;
    out.push_back(e);
  }
  return out;
}

TEST(ReviewTest, ActionsAndStates) {
  for (ReviewAction a :
       {ReviewAction::kConfirm, ReviewAction::kDismiss, ReviewAction::kEscalate, ReviewAction::kRequestDocuments}) {
    std::optional<ReviewAction> parsed = ParseReviewAction(ReviewActionName(a));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, a);
  }
  EXPECT_FALSE(ParseReviewAction("Confirm").has_value());
  EXPECT_FALSE(ParseReviewAction("").has_value());
  EXPECT_FALSE(ParseReviewAction("user_added").has_value());
  EXPECT_EQ(StateAfter(ReviewAction::kConfirm), "confirmed");
  EXPECT_EQ(StateAfter(ReviewAction::kDismiss), "dismissed");
  EXPECT_EQ(StateAfter(ReviewAction::kEscalate), "escalated");
  EXPECT_EQ(StateAfter(ReviewAction::kRequestDocuments), "documents_requested");
  EXPECT_EQ(ReviewActionName(ReviewAction::kRequestDocuments), "request_documents");
}

TEST(ReviewTest, SubjectKindsAndMatchKey) {
  EXPECT_TRUE(IsReviewSubjectKind("match"));
  EXPECT_TRUE(IsReviewSubjectKind("finding"));
  EXPECT_TRUE(IsReviewSubjectKind("party"));
  EXPECT_FALSE(IsReviewSubjectKind("Match"));
  EXPECT_FALSE(IsReviewSubjectKind(""));
  EXPECT_FALSE(IsReviewSubjectKind("user"));
  EXPECT_EQ(ReviewMatchKey("GB-COH/123", "worldbank", "wb-9"), "GB-COH/123|worldbank|wb-9");
}

TEST(ReviewTest, GenesisIs64Zeros) {
  EXPECT_EQ(AuditGenesisHash(), std::string(64, '0'));
}

TEST(ReviewTest, HashIsHexAndIgnoresItsOwnField) {
  AuditEntry e = Sample();
  std::string h = AuditEntryHash(e);
  EXPECT_EQ(h.size(), 64u);
  EXPECT_TRUE(std::all_of(h.begin(), h.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }));
  e.hash = "anything";
  EXPECT_EQ(AuditEntryHash(e), h);
}

TEST(ReviewTest, HashChangesWhenAnyFieldChanges) {
  const AuditEntry base = Sample();
  const std::string h = AuditEntryHash(base);
  std::set<std::string> seen = {h};
  struct Edit {
    const char* field;
    void (*apply)(AuditEntry&);
  } edits[] = {
      {"seq", [](AuditEntry& e) { e.seq = 8; }},
      {"at", [](AuditEntry& e) { e.at = "2026-11-25T12:00:01Z"; }},
      {"actor", [](AuditEntry& e) { e.actor = "mallory"; }},
      {"action", [](AuditEntry& e) { e.action = "confirm"; }},
      {"subject", [](AuditEntry& e) { e.subject += "0"; }},
      {"old_state", [](AuditEntry& e) { e.old_state = "confirmed"; }},
      {"new_state", [](AuditEntry& e) { e.new_state = "confirmed"; }},
      {"reason", [](AuditEntry& e) { e.reason += "."; }},
      {"detail", [](AuditEntry& e) { e.detail = "{}"; }},
      {"prev_hash", [](AuditEntry& e) { e.prev_hash[0] = 'e'; }},
  };
  for (const Edit& edit : edits) {
    AuditEntry e = base;
    edit.apply(e);
    std::string changed = AuditEntryHash(e);
    EXPECT_NE(changed, h) << edit.field;
    EXPECT_TRUE(seen.insert(changed).second) << edit.field;
  }
}

TEST(ReviewTest, FieldBoundariesCannotBeShifted) {
  // The same bytes split differently between two fields give another hash.
  AuditEntry a = Sample(), b = Sample();
  a.actor = "ab";
  a.action = "c";
  b.actor = "a";
  b.action = "bc";
  EXPECT_NE(AuditEntryHash(a), AuditEntryHash(b));
  a = Sample();
  b = Sample();
  a.reason = "x";
  a.detail = "";
  b.reason = "";
  b.detail = "x";
  EXPECT_NE(AuditEntryHash(a), AuditEntryHash(b));
}

TEST(ReviewTest, ValidChainVerifies) {
  std::vector<AuditEntry> chain = Chain(5);
  AuditVerification v = VerifyAuditChain(chain, std::make_pair(int64_t{5}, chain.back().hash));
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.entries, 5);
  EXPECT_EQ(v.head_hash, chain.back().hash);
  EXPECT_EQ(v.bad_seq, 0);
  EXPECT_TRUE(VerifyAuditChain(chain).ok);
}

TEST(ReviewTest, EmptyChain) {
  AuditVerification v = VerifyAuditChain({}, std::make_pair(int64_t{0}, std::string()));
  EXPECT_TRUE(v.ok);
  EXPECT_EQ(v.entries, 0);
  EXPECT_EQ(v.head_hash, "");
  // Every entry deleted: the head still says there were some.
  std::vector<AuditEntry> chain = Chain(2);
  v = VerifyAuditChain({}, std::make_pair(int64_t{2}, chain.back().hash));
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.bad_seq, 1);
}

TEST(ReviewTest, EditedEntryIsFound) {
  std::vector<AuditEntry> chain = Chain(5);
  chain[2].reason = "a better-sounding reason";
  AuditVerification v = VerifyAuditChain(chain);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.bad_seq, 3);
  EXPECT_EQ(v.problem, "hash mismatch: entry edited");
}

TEST(ReviewTest, EditedAndRehashedEntryBreaksTheNext) {
  std::vector<AuditEntry> chain = Chain(5);
  chain[2].reason = "a better-sounding reason";
  chain[2].hash = AuditEntryHash(chain[2]);
  AuditVerification v = VerifyAuditChain(chain);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.bad_seq, 4);
  EXPECT_EQ(v.problem, "prev_hash mismatch");
}

TEST(ReviewTest, DeletedMiddleEntryIsFound) {
  std::vector<AuditEntry> chain = Chain(5);
  chain.erase(chain.begin() + 1);  // seq 2
  AuditVerification v = VerifyAuditChain(chain);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.bad_seq, 2);
  EXPECT_EQ(v.problem.rfind("seq gap: entry deleted", 0), 0u) << v.problem;
}

TEST(ReviewTest, DeletedMiddleEntryWithRenumberingIsFound) {
  std::vector<AuditEntry> chain = Chain(5);
  chain.erase(chain.begin() + 1);
  for (size_t i = 0; i < chain.size(); ++i) chain[i].seq = static_cast<int64_t>(i) + 1;
  AuditVerification v = VerifyAuditChain(chain);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.bad_seq, 2);
}

TEST(ReviewTest, DeletedFirstEntryIsFound) {
  std::vector<AuditEntry> chain = Chain(3);
  chain.erase(chain.begin());
  AuditVerification v = VerifyAuditChain(chain);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.bad_seq, 1);
}

TEST(ReviewTest, DeletedLastEntryIsFoundThroughTheHead) {
  std::vector<AuditEntry> chain = Chain(5);
  std::pair<int64_t, std::string> head{5, chain.back().hash};
  chain.pop_back();
  // Without the head the shorter chain is self-consistent…
  EXPECT_TRUE(VerifyAuditChain(chain).ok);
  // …the separately kept head is what catches it.
  AuditVerification v = VerifyAuditChain(chain, head);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.bad_seq, 5);
  EXPECT_EQ(v.problem.rfind("head mismatch: entries deleted at the end", 0), 0u) << v.problem;
}

TEST(ReviewTest, HeadBehindTheEntriesIsFound) {
  std::vector<AuditEntry> chain = Chain(5);
  AuditVerification v = VerifyAuditChain(chain, std::make_pair(int64_t{4}, chain[3].hash));
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.bad_seq, 5);
  EXPECT_EQ(v.problem.rfind("head mismatch", 0), 0u) << v.problem;
}

TEST(ReviewTest, HeadWithAnotherHashIsFound) {
  std::vector<AuditEntry> chain = Chain(3);
  AuditVerification v = VerifyAuditChain(chain, std::make_pair(int64_t{3}, std::string(64, 'a')));
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.bad_seq, 3);
}

TEST(ReviewTest, ReorderedEntriesAreFound) {
  std::vector<AuditEntry> chain = Chain(5);
  std::swap(chain[1], chain[2]);
  AuditVerification v = VerifyAuditChain(chain);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.bad_seq, 2);

  // Swapped contents with the seq numbers left in place.
  chain = Chain(5);
  std::swap(chain[1], chain[2]);
  std::swap(chain[1].seq, chain[2].seq);
  v = VerifyAuditChain(chain);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.bad_seq, 2);
}

TEST(ReviewTest, FirstEntryMustStartFromGenesis) {
  std::vector<AuditEntry> chain = Chain(2);
  chain[0].prev_hash = std::string(64, '1');
  chain[0].hash = AuditEntryHash(chain[0]);
  AuditVerification v = VerifyAuditChain(chain);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.bad_seq, 1);
  EXPECT_EQ(v.problem, "prev_hash mismatch");
}

TEST(ReviewTest, IncrementalVerifierAgreesAndCountsEverything) {
  std::vector<AuditEntry> chain = Chain(6);
  chain[3].actor = "mallory";
  AuditChainVerifier verifier;
  int accepted = 0;
  for (const AuditEntry& e : chain) accepted += verifier.Add(e) ? 1 : 0;
  AuditVerification v = verifier.Finish();
  EXPECT_EQ(accepted, 3);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.bad_seq, 4);
  EXPECT_EQ(v.entries, 6);
  AuditVerification whole = VerifyAuditChain(chain);
  EXPECT_EQ(whole.bad_seq, v.bad_seq);
  EXPECT_EQ(whole.problem, v.problem);
}

}  // namespace
}  // namespace clearbid
