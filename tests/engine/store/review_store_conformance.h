#pragma once
// The conformance suite of ReviewStore (engine/store/review_store.h): every
// implementation (SQLite now, PostgreSQL later) must pass it unchanged.
//
// A type-parameterised suite: a backend instantiates it with its factory,
//   INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, ReviewStoreConformance, ::testing::Types<SqliteReviewStoreFactory>);
// in one .cc (this header may be included by several; see gtest's
// "type-parameterized tests"). The factory is a struct with:
//   Factory();  // a fresh, empty database for one test
//   /// A new connection to that database and a store on it; each call opens
//   /// its own connection (the concurrency test calls it twice). The factory
//   /// owns the connections and outlives the stores.
//   Result<std::unique_ptr<ReviewStore>> Open(const Clock* clock);
//   /// Raw SQL behind the store's back, as someone with write access to the
//   /// database would do it (past any append-only guard of the backend):
//   Status TamperReason(int64_t seq, const std::string& reason);  // UPDATE one entry's reason
//   Status TamperDelete(int64_t seq);                             // DELETE one entry

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engine/store/review_store.h"
#include "tests/engine/store/mutable_clock.h"

namespace clearbid::testing {

template <typename Factory>
class ReviewStoreConformance : public ::testing::Test {
 protected:
  static constexpr int64_t kT0 = 1764072000;  // 2025-11-25T12:00:00Z

  ReviewStoreConformance() : clock_(kT0) {}

  /// A store on a new connection; nullptr (and a failure) when it cannot open.
  std::unique_ptr<ReviewStore> Open() {
    Result<std::unique_ptr<ReviewStore>> store = factory_.Open(&clock_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  static ReviewRequest Party(const std::string& key, ReviewAction action, const std::string& reason = "",
                             const std::string& actor = "alice") {
    ReviewRequest r;
    r.kind = "party";
    r.key = key;
    r.action = action;
    r.reason = reason;
    r.actor = actor;
    return r;
  }

  static ReviewRequest Match(const std::string& subject_key, const std::string& list, const std::string& entry,
                             ReviewAction action, const std::string& digest = "d1",
                             const std::string& reason = "another company") {
    ReviewRequest r;
    r.kind = "match";
    r.subject_key = subject_key;
    r.key = ReviewMatchKey(subject_key, list, entry);
    r.entry_digest = digest;
    r.action = action;
    r.reason = reason;
    r.actor = "alice";
    return r;
  }

  Factory factory_;
  MutableClock clock_;
};

TYPED_TEST_SUITE_P(ReviewStoreConformance);

TYPED_TEST_P(ReviewStoreConformance, DecideSetsStateAndRecordsOldAndNewState) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto before = store->State("party", "GB-COH/1");
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_FALSE(before->has_value());

  Result<AuditEntry> first = store->Decide(this->Party("GB-COH/1", ReviewAction::kConfirm, "", "alice"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->seq, 1);
  EXPECT_EQ(first->at, "2025-11-25T12:00:00Z");
  EXPECT_EQ(first->actor, "alice");
  EXPECT_EQ(first->action, "confirm");
  EXPECT_EQ(first->subject, "party:GB-COH/1");
  EXPECT_EQ(first->old_state, "open");
  EXPECT_EQ(first->new_state, "confirmed");
  EXPECT_EQ(first->prev_hash, AuditGenesisHash());
  EXPECT_EQ(first->hash, AuditEntryHash(*first));

  this->clock_.Advance(60);
  Result<AuditEntry> second =
      store->Decide(this->Party("GB-COH/1", ReviewAction::kEscalate, "ownership unclear", "bob"));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->seq, 2);
  EXPECT_EQ(second->old_state, "confirmed");
  EXPECT_EQ(second->new_state, "escalated");
  EXPECT_EQ(second->prev_hash, first->hash);
  EXPECT_EQ(second->at, "2025-11-25T12:01:00Z");

  auto state = store->State("party", "GB-COH/1");
  ASSERT_TRUE(state.ok());
  ASSERT_TRUE(state->has_value());
  const ReviewState& s = **state;
  EXPECT_EQ(s.kind, "party");
  EXPECT_EQ(s.key, "GB-COH/1");
  EXPECT_EQ(s.state, "escalated");
  EXPECT_EQ(s.reason, "ownership unclear");
  EXPECT_EQ(s.actor, "bob");
  EXPECT_EQ(s.decided_at, "2025-11-25T12:01:00Z");
  EXPECT_EQ(s.audit_seq, 2);
  EXPECT_EQ(s.subject_key, "");

  // The trail holds both, exactly as returned.
  auto trail = store->Trail(0, 10);
  ASSERT_TRUE(trail.ok());
  ASSERT_EQ(trail->size(), 2u);
  EXPECT_EQ((*trail)[0].hash, first->hash);
  EXPECT_EQ((*trail)[1].hash, second->hash);
  EXPECT_EQ((*trail)[1].reason, "ownership unclear");
  EXPECT_EQ((*trail)[1].actor, "bob");

  // Another subject of another kind starts from "open".
  auto other = store->Decide([] {
    ReviewRequest r;
    r.kind = "finding";
    r.key = "ocds-1|GB-COH/1|R-07";
    r.action = ReviewAction::kRequestDocuments;
    r.actor = "carol";
    return r;
  }());
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  EXPECT_EQ(other->old_state, "open");
  EXPECT_EQ(other->new_state, "documents_requested");
  EXPECT_EQ(other->subject, "finding:ocds-1|GB-COH/1|R-07");
  EXPECT_EQ(other->detail, "");
}

TYPED_TEST_P(ReviewStoreConformance, MatchDecisionKeepsDigestAndSubjectKey) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto entry = store->Decide(this->Match("GB-COH/9", "worldbank", "wb-1", ReviewAction::kDismiss, "abc123",
                                         "different registration number"));
  ASSERT_TRUE(entry.ok()) << entry.status().ToString();
  EXPECT_EQ(entry->subject, "match:GB-COH/9|worldbank|wb-1");
  EXPECT_EQ(entry->new_state, "dismissed");
  EXPECT_EQ(entry->reason, "different registration number");
  EXPECT_EQ(entry->detail, R"({"entry_digest":"abc123","subject_key":"GB-COH/9"})");
  auto state = store->State("match", "GB-COH/9|worldbank|wb-1");
  ASSERT_TRUE(state.ok());
  ASSERT_TRUE(state->has_value());
  EXPECT_EQ((*state)->entry_digest, "abc123");
  EXPECT_EQ((*state)->subject_key, "GB-COH/9");
  EXPECT_EQ((*state)->state, "dismissed");
}

TYPED_TEST_P(ReviewStoreConformance, InvalidRequestsAreRejectedAndWriteNothing) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  using Self = ReviewStoreConformance<TypeParam>;
  std::vector<std::pair<std::string, ReviewRequest>> cases;
  cases.push_back({"dismiss without reason", Self::Party("p", ReviewAction::kDismiss, "")});
  cases.push_back({"dismiss with a blank reason", Self::Party("p", ReviewAction::kDismiss, " \t\n ")});
  cases.push_back({"reason over 4,000 bytes", Self::Party("p", ReviewAction::kConfirm, std::string(4001, 'x'))});
  cases.push_back({"empty actor", Self::Party("p", ReviewAction::kConfirm, "", "")});
  cases.push_back({"empty key", Self::Party("", ReviewAction::kConfirm)});
  {
    ReviewRequest r = Self::Party("p", ReviewAction::kConfirm);
    r.kind = "supplier";
    cases.push_back({"unknown kind", r});
  }
  {
    ReviewRequest r = Self::Match("sk", "worldbank", "wb-1", ReviewAction::kConfirm);
    r.subject_key = "";
    cases.push_back({"match without subject_key", r});
  }
  {
    ReviewRequest r = Self::Match("sk", "worldbank", "wb-1", ReviewAction::kConfirm);
    r.entry_digest = "";
    cases.push_back({"match without entry_digest", r});
  }
  cases.push_back({"match dismissed without reason",
                   Self::Match("sk", "worldbank", "wb-1", ReviewAction::kDismiss, "d1", "")});
  for (const auto& [what, request] : cases) {
    Result<AuditEntry> r = store->Decide(request);
    ASSERT_FALSE(r.ok()) << what;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument) << what << ": " << r.status().ToString();
  }
  auto trail = store->Trail(0, 100);
  ASSERT_TRUE(trail.ok());
  EXPECT_TRUE(trail->empty());
  auto states = store->States("", "", 0, 100);
  ASSERT_TRUE(states.ok());
  EXPECT_TRUE(states->empty());
  auto verification = store->Verify();
  ASSERT_TRUE(verification.ok());
  EXPECT_TRUE(verification->ok);
  EXPECT_EQ(verification->entries, 0);

  // The limit itself is allowed.
  auto at_limit = store->Decide(Self::Party("p", ReviewAction::kDismiss, std::string(4000, 'x')));
  ASSERT_TRUE(at_limit.ok()) << at_limit.status().ToString();
  EXPECT_EQ(at_limit->reason.size(), 4000u);
  EXPECT_EQ(at_limit->seq, 1);
}

TYPED_TEST_P(ReviewStoreConformance, MatchStatesBySubjectKey) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Decide(this->Match("A", "worldbank", "wb-1", ReviewAction::kDismiss, "d1")).ok());
  ASSERT_TRUE(store->Decide(this->Match("A", "ofac", "ofac-7", ReviewAction::kConfirm, "d2", "")).ok());
  ASSERT_TRUE(store->Decide(this->Match("B", "worldbank", "wb-1", ReviewAction::kEscalate, "d1", "")).ok());
  // A party decision whose key equals a subject key is not a match decision.
  ASSERT_TRUE(store->Decide(this->Party("A", ReviewAction::kConfirm)).ok());

  auto a = store->MatchStates({"A"});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_EQ(a->size(), 2u);
  std::map<std::string, ReviewState> by_key;
  for (const ReviewState& s : *a) by_key[s.key] = s;
  ASSERT_EQ(by_key.count("A|worldbank|wb-1"), 1u);
  ASSERT_EQ(by_key.count("A|ofac|ofac-7"), 1u);
  EXPECT_EQ(by_key["A|worldbank|wb-1"].state, "dismissed");
  EXPECT_EQ(by_key["A|worldbank|wb-1"].entry_digest, "d1");
  EXPECT_EQ(by_key["A|ofac|ofac-7"].state, "confirmed");
  for (const ReviewState& s : *a) {
    EXPECT_EQ(s.kind, "match");
    EXPECT_EQ(s.subject_key, "A");
  }

  auto ab = store->MatchStates({"A", "B", "A"});
  ASSERT_TRUE(ab.ok());
  EXPECT_EQ(ab->size(), 3u);
  auto none = store->MatchStates({"C"});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  auto empty = store->MatchStates({});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());

  // A later decision replaces the state (one per subject).
  ASSERT_TRUE(store->Decide(this->Match("A", "worldbank", "wb-1", ReviewAction::kConfirm, "d9", "")).ok());
  a = store->MatchStates({"A"});
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->size(), 2u);
  for (const ReviewState& s : *a) {
    if (s.key == "A|worldbank|wb-1") {
      EXPECT_EQ(s.state, "confirmed");
      EXPECT_EQ(s.entry_digest, "d9");
    }
  }
}

TYPED_TEST_P(ReviewStoreConformance, StatesNewestFirstFilteredAndPaginated) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  for (int i = 1; i <= 5; ++i) {
    ReviewAction action = i % 2 == 0 ? ReviewAction::kDismiss : ReviewAction::kConfirm;
    ASSERT_TRUE(store->Decide(this->Party("p" + std::to_string(i), action, "reason")).ok());
    this->clock_.Advance(1);
  }
  ASSERT_TRUE(store->Decide(this->Match("A", "worldbank", "wb-1", ReviewAction::kDismiss)).ok());

  auto keys = [](const std::vector<ReviewState>& states) {
    std::vector<std::string> out;
    for (const ReviewState& s : states) out.push_back(s.key);
    return out;
  };
  auto page = store->States("party", "", 0, 2);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(keys(*page), (std::vector<std::string>{"p5", "p4"}));
  page = store->States("party", "", 2, 2);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(keys(*page), (std::vector<std::string>{"p3", "p2"}));
  page = store->States("party", "", 4, 2);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(keys(*page), (std::vector<std::string>{"p1"}));
  page = store->States("party", "", 6, 2);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->empty());

  page = store->States("", "", 0, 100);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(keys(*page), (std::vector<std::string>{"A|worldbank|wb-1", "p5", "p4", "p3", "p2", "p1"}));
  page = store->States("", "dismissed", 0, 100);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(keys(*page), (std::vector<std::string>{"A|worldbank|wb-1", "p4", "p2"}));
  page = store->States("party", "confirmed", 0, 100);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(keys(*page), (std::vector<std::string>{"p5", "p3", "p1"}));
  page = store->States("finding", "", 0, 100);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->empty());

  // A new decision on p1 makes it the newest.
  ASSERT_TRUE(store->Decide(this->Party("p1", ReviewAction::kEscalate)).ok());
  page = store->States("party", "", 0, 1);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].key, "p1");
  EXPECT_EQ((*page)[0].state, "escalated");
}

TYPED_TEST_P(ReviewStoreConformance, TrailPaginationAndSubjectFilter) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(store->Decide(this->Party(i % 2 == 0 ? "a" : "b", ReviewAction::kConfirm)).ok());
  }
  auto seqs = [](const std::vector<AuditEntry>& entries) {
    std::vector<int64_t> out;
    for (const AuditEntry& e : entries) out.push_back(e.seq);
    return out;
  };
  auto page = store->Trail(0, 4);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(seqs(*page), (std::vector<int64_t>{1, 2, 3, 4}));
  page = store->Trail(4, 4);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(seqs(*page), (std::vector<int64_t>{5, 6}));
  page = store->Trail(6, 4);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->empty());
  page = store->Trail(0, 0);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->empty());

  page = store->Trail(0, 100, "party:a");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(seqs(*page), (std::vector<int64_t>{1, 3, 5}));
  for (const AuditEntry& e : *page) EXPECT_EQ(e.subject, "party:a");
  page = store->Trail(1, 1, "party:a");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(seqs(*page), (std::vector<int64_t>{3}));
  page = store->Trail(0, 100, "party:c");
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->empty());
}

TYPED_TEST_P(ReviewStoreConformance, RecordAppendsEventsToTheSameChain) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto added = store->Record("cli:root", "user_added", "user:alice", R"({"role":"auditor"})");
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(added->seq, 1);
  EXPECT_EQ(added->action, "user_added");
  EXPECT_EQ(added->subject, "user:alice");
  EXPECT_EQ(added->old_state, "");
  EXPECT_EQ(added->new_state, "");
  EXPECT_EQ(added->detail, R"({"role":"auditor"})");
  auto decided = store->Decide(this->Party("p", ReviewAction::kConfirm));
  ASSERT_TRUE(decided.ok());
  EXPECT_EQ(decided->prev_hash, added->hash);
  auto issued = store->Record("cli:root", "token_issued", "user:alice", "");
  ASSERT_TRUE(issued.ok()) << issued.status().ToString();
  EXPECT_EQ(issued->seq, 3);
  EXPECT_EQ(issued->prev_hash, decided->hash);

  struct Bad {
    const char* what;
    std::string actor, action, detail;
  } bad[] = {
      {"empty actor", "", "user_added", ""},
      {"empty action", "cli", "", ""},
      {"a decision's name", "cli", "dismiss", ""},
      {"detail not JSON", "cli", "user_added", "role=admin"},
      {"detail not an object", "cli", "user_added", "[1,2]"},
      {"detail too long", "cli", "user_added", "{\"x\":\"" + std::string(20000, 'x') + "\"}"},
  };
  for (const Bad& b : bad) {
    auto r = store->Record(b.actor, b.action, "user:alice", b.detail);
    ASSERT_FALSE(r.ok()) << b.what;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument) << b.what;
  }
  auto trail = store->Trail(0, 100);
  ASSERT_TRUE(trail.ok());
  EXPECT_EQ(trail->size(), 3u);
}

TYPED_TEST_P(ReviewStoreConformance, VerifyPassesOnAnUntouchedTrail) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto empty = store->Verify();
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_TRUE(empty->ok);
  EXPECT_EQ(empty->entries, 0);
  EXPECT_EQ(empty->head_hash, "");

  ASSERT_TRUE(store->Record("cli", "user_added", "user:alice", "").ok());
  ASSERT_TRUE(store->Decide(this->Match("A", "worldbank", "wb-1", ReviewAction::kDismiss)).ok());
  ASSERT_TRUE(store->Decide(this->Party("p", ReviewAction::kConfirm, "quoted \"reason\" | with ünïcode")).ok());
  auto last = store->Decide(this->Party("p", ReviewAction::kEscalate));
  ASSERT_TRUE(last.ok());
  auto v = store->Verify();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_TRUE(v->ok) << v->bad_seq << ": " << v->problem;
  EXPECT_EQ(v->entries, 4);
  EXPECT_EQ(v->head_hash, last->hash);
  // What the store returns verifies on its own, too.
  auto trail = store->Trail(0, 100);
  ASSERT_TRUE(trail.ok());
  EXPECT_TRUE(VerifyAuditChain(*trail).ok);
}

TYPED_TEST_P(ReviewStoreConformance, VerifyFailsAfterAnEntryIsEdited) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Decide(this->Party("p", ReviewAction::kConfirm)).ok());
  ASSERT_TRUE(store->Decide(this->Match("A", "worldbank", "wb-1", ReviewAction::kDismiss, "d1", "looked real")).ok());
  ASSERT_TRUE(store->Decide(this->Party("q", ReviewAction::kConfirm)).ok());
  Status tampered = this->factory_.TamperReason(2, "looked real, says the new reason");
  ASSERT_TRUE(tampered.ok()) << tampered.ToString();
  auto v = store->Verify();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->bad_seq, 2);
  EXPECT_EQ(v->problem, "hash mismatch: entry edited");
}

TYPED_TEST_P(ReviewStoreConformance, VerifyFailsAfterTheLastEntryIsDeleted) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  for (const char* key : {"p", "q", "r"}) ASSERT_TRUE(store->Decide(this->Party(key, ReviewAction::kConfirm)).ok());
  Status tampered = this->factory_.TamperDelete(3);
  ASSERT_TRUE(tampered.ok()) << tampered.ToString();
  auto v = store->Verify();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->bad_seq, 3);
  EXPECT_EQ(v->problem.rfind("head mismatch: entries deleted at the end", 0), 0u) << v->problem;
}

TYPED_TEST_P(ReviewStoreConformance, VerifyFailsAfterAMiddleEntryIsDeleted) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  for (const char* key : {"p", "q", "r"}) ASSERT_TRUE(store->Decide(this->Party(key, ReviewAction::kConfirm)).ok());
  Status tampered = this->factory_.TamperDelete(2);
  ASSERT_TRUE(tampered.ok()) << tampered.ToString();
  auto v = store->Verify();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->bad_seq, 2);
  EXPECT_EQ(v->problem.rfind("seq gap: entry deleted", 0), 0u) << v->problem;
}

TYPED_TEST_P(ReviewStoreConformance, ChainContinuesAcrossConnections) {
  auto one = this->Open();
  ASSERT_NE(one, nullptr);
  auto first = one->Decide(this->Party("p", ReviewAction::kConfirm));
  ASSERT_TRUE(first.ok());
  auto two = this->Open();
  ASSERT_NE(two, nullptr);
  auto state = two->State("party", "p");
  ASSERT_TRUE(state.ok());
  ASSERT_TRUE(state->has_value());
  auto second = two->Decide(this->Party("p", ReviewAction::kEscalate));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->seq, 2);
  EXPECT_EQ(second->prev_hash, first->hash);
  EXPECT_EQ(second->old_state, "confirmed");
  auto v = one->Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->problem;
  EXPECT_EQ(v->entries, 2);
}

TYPED_TEST_P(ReviewStoreConformance, ConcurrentWritersKeepOneChain) {
  constexpr int kPerWriter = 200;
  auto one = this->Open();
  auto two = this->Open();
  ASSERT_NE(one, nullptr);
  ASSERT_NE(two, nullptr);
  auto write = [this](ReviewStore* store, const std::string& actor, int* failures) {
    for (int i = 0; i < kPerWriter; ++i) {
      ReviewRequest r = ReviewStoreConformance<TypeParam>::Party(
          "shared-" + std::to_string(i % 10), i % 3 == 0 ? ReviewAction::kDismiss : ReviewAction::kConfirm,
          actor + " reason " + std::to_string(i), actor);
      Result<AuditEntry> e = store->Decide(r);
      if (!e.ok()) {
        ++*failures;
        ADD_FAILURE() << actor << " decision " << i << ": " << e.status().ToString();
      }
    }
  };
  int failures_one = 0, failures_two = 0;
  std::thread a(write, one.get(), "writer-1", &failures_one);
  std::thread b(write, two.get(), "writer-2", &failures_two);
  a.join();
  b.join();
  EXPECT_EQ(failures_one, 0);
  EXPECT_EQ(failures_two, 0);

  auto v = one->Verify();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_TRUE(v->ok) << v->bad_seq << ": " << v->problem;
  EXPECT_EQ(v->entries, 2 * kPerWriter);
  auto trail = two->Trail(0, 10 * kPerWriter);
  ASSERT_TRUE(trail.ok());
  ASSERT_EQ(trail->size(), static_cast<size_t>(2 * kPerWriter));
  std::map<std::string, int> per_actor;
  for (size_t i = 0; i < trail->size(); ++i) {
    EXPECT_EQ((*trail)[i].seq, static_cast<int64_t>(i) + 1);
    ++per_actor[(*trail)[i].actor];
  }
  EXPECT_EQ(per_actor["writer-1"], kPerWriter);
  EXPECT_EQ(per_actor["writer-2"], kPerWriter);
  // Each subject's state is the one its last entry set.
  for (int k = 0; k < 10; ++k) {
    std::string subject = "party:shared-" + std::to_string(k);
    auto entries = one->Trail(0, 1000, subject);
    ASSERT_TRUE(entries.ok());
    ASSERT_FALSE(entries->empty());
    auto state = one->State("party", "shared-" + std::to_string(k));
    ASSERT_TRUE(state.ok());
    ASSERT_TRUE(state->has_value());
    EXPECT_EQ((*state)->audit_seq, entries->back().seq);
    EXPECT_EQ((*state)->state, entries->back().new_state);
    for (size_t i = 1; i < entries->size(); ++i) {
      EXPECT_EQ((*entries)[i].old_state, (*entries)[i - 1].new_state) << subject << " entry " << (*entries)[i].seq;
    }
  }
}

REGISTER_TYPED_TEST_SUITE_P(ReviewStoreConformance, DecideSetsStateAndRecordsOldAndNewState,
                            MatchDecisionKeepsDigestAndSubjectKey, InvalidRequestsAreRejectedAndWriteNothing,
                            MatchStatesBySubjectKey, StatesNewestFirstFilteredAndPaginated,
                            TrailPaginationAndSubjectFilter, RecordAppendsEventsToTheSameChain,
                            VerifyPassesOnAnUntouchedTrail, VerifyFailsAfterAnEntryIsEdited,
                            VerifyFailsAfterTheLastEntryIsDeleted, VerifyFailsAfterAMiddleEntryIsDeleted,
                            ChainContinuesAcrossConnections, ConcurrentWritersKeepOneChain);

}  // namespace clearbid::testing
