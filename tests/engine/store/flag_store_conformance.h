#pragma once
// The conformance suite of FlagStore (engine/store/flag_store.h), the review
// queue's index: every implementation (SQLite, PostgreSQL) must pass it
// unchanged.
//
// A type-parameterised suite: a backend instantiates it with its factory,
//   INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, FlagStoreConformance, ::testing::Types<SqliteFlagStoreFactory>);
// in one .cc. The factory is a struct with:
//   Factory();  // a fresh, empty database for one test
//   /// A new connection to that database and a store on it; each call opens
//   /// its own connection. The factory owns the connections and outlives the
//   /// stores.
//   Result<std::unique_ptr<FlagStore>> Open();

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/store/flag_store.h"

namespace clearbid::testing {

template <typename Factory>
class FlagStoreConformance : public ::testing::Test {
 protected:
  std::unique_ptr<FlagStore> Open() {
    Result<std::unique_ptr<FlagStore>> store = factory_.Open();
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  static PartyFlag Flag(const std::string& ocid, const std::string& party_id, Band band, double score,
                        const std::string& rules = "", const std::string& country = "GB",
                        const std::string& party_key = "") {
    PartyFlag f;
    f.ocid = ocid;
    f.party_id = party_id;
    f.party_key = party_key.empty() ? "GB-COH/" + party_id : party_key;
    f.name = "Supplier " + party_id;
    f.identifier = "GB-COH/" + party_id;
    f.country = country;
    f.band = band;
    f.score = score;
    f.flagged = rules.empty() ? 0 : 1;
    f.rules = rules;
    f.source = "scan 2025-11-25";
    return f;
  }

  static FlagFilter Any() {
    FlagFilter f;
    f.min_band = Band::kLow;
    return f;
  }

  /// "ocid/party_id" of each row, in order.
  static std::vector<std::string> Keys(const std::vector<PartyFlag>& flags) {
    std::vector<std::string> out;
    for (const PartyFlag& f : flags) out.push_back(f.ocid + "/" + f.party_id);
    return out;
  }

  /// Find() that must succeed.
  static std::vector<PartyFlag> Found(FlagStore& store, const FlagFilter& filter, size_t offset = 0,
                                      size_t limit = 500) {
    Result<std::vector<PartyFlag>> found = store.Find(filter, offset, limit);
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    return found.ok() ? *found : std::vector<PartyFlag>();
  }

  static int64_t Counted(FlagStore& store, const FlagFilter& filter) {
    Result<int64_t> n = store.Count(filter);
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? *n : -1;
  }

  Factory factory_;
};

TYPED_TEST_SUITE_P(FlagStoreConformance);

TYPED_TEST_P(FlagStoreConformance, EmptyStoreFindsNothing) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(this->Found(*store, this->Any()).empty());
  EXPECT_EQ(this->Counted(*store, this->Any()), 0);
}

TYPED_TEST_P(FlagStoreConformance, EveryFieldRoundTrips) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  PartyFlag f = this->Flag("ocds-1", "p1", Band::kCritical, 1.0 / 3.0, "R-DOL-1,R_LIST");
  f.name = "Société \"Ünïcode\" O'Brien";
  f.identifier = "";
  f.flagged = 2;
  f.source = "screen";
  ASSERT_TRUE(store->Put("ocds-1", {f}).ok());
  auto found = this->Found(*store, this->Any());
  ASSERT_EQ(found.size(), 1u);
  const PartyFlag& g = found[0];
  EXPECT_EQ(g.ocid, f.ocid);
  EXPECT_EQ(g.party_id, f.party_id);
  EXPECT_EQ(g.party_key, f.party_key);
  EXPECT_EQ(g.name, f.name);
  EXPECT_EQ(g.identifier, "");
  EXPECT_EQ(g.country, "GB");
  EXPECT_EQ(g.band, Band::kCritical);
  EXPECT_EQ(g.score, 1.0 / 3.0);  // bit for bit
  EXPECT_EQ(g.flagged, 2);
  EXPECT_EQ(g.rules, "R-DOL-1,R_LIST");
  EXPECT_EQ(g.source, "screen");
}

TYPED_TEST_P(FlagStoreConformance, FindOrdersByBandScoreThenOcidAndPartyInByteOrder) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store
                  ->Put("ocds-a", {this->Flag("ocds-a", "p2", Band::kHigh, 70), this->Flag("ocds-a", "P1", Band::kHigh, 70),
                                   this->Flag("ocds-a", "p3", Band::kLow, 10, "R1")})
                  .ok());
  ASSERT_TRUE(store->Put("ocds-B", {this->Flag("ocds-B", "p9", Band::kHigh, 70)}).ok());
  ASSERT_TRUE(store->Put("ocds-c", {this->Flag("ocds-c", "p1", Band::kHigh, 75.5)}).ok());
  ASSERT_TRUE(store->Put("ocds-d", {this->Flag("ocds-d", "p1", Band::kCritical, 20)}).ok());
  ASSERT_TRUE(store->Put("ocds-e", {this->Flag("ocds-e", "p1", Band::kMedium, 99, "R2")}).ok());
  EXPECT_EQ(this->Keys(this->Found(*store, this->Any())),
            (std::vector<std::string>{"ocds-d/p1", "ocds-c/p1", "ocds-B/p9", "ocds-a/P1", "ocds-a/p2", "ocds-e/p1",
                                      "ocds-a/p3"}));
  FlagFilter high;  // default: band high and above
  EXPECT_EQ(this->Keys(this->Found(*store, high)),
            (std::vector<std::string>{"ocds-d/p1", "ocds-c/p1", "ocds-B/p9", "ocds-a/P1", "ocds-a/p2"}));
  EXPECT_EQ(this->Counted(*store, high), 5);
  EXPECT_EQ(this->Counted(*store, this->Any()), 7);
}

TYPED_TEST_P(FlagStoreConformance, FindFiltersByCountryWholeRuleIdAndParty) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store
                  ->Put("o1", {this->Flag("o1", "p1", Band::kHigh, 80, "R1,R10", "GB", "k1"),
                               this->Flag("o1", "p2", Band::kHigh, 60, "R10", "FR", "k2"),
                               this->Flag("o1", "p3", Band::kCritical, 90, "a_b", "GB", "k3")})
                  .ok());
  ASSERT_TRUE(store->Put("o2", {this->Flag("o2", "p1", Band::kMedium, 40, "axb,R1", "GB", "k1")}).ok());

  FlagFilter f = this->Any();
  f.rule = "R1";
  EXPECT_EQ(this->Keys(this->Found(*store, f)), (std::vector<std::string>{"o1/p1", "o2/p1"}));
  EXPECT_EQ(this->Counted(*store, f), 2);
  f.rule = "R10";
  EXPECT_EQ(this->Keys(this->Found(*store, f)), (std::vector<std::string>{"o1/p1", "o1/p2"}));
  f.rule = "R";  // no rule is a prefix match
  EXPECT_TRUE(this->Found(*store, f).empty());
  f.rule = "a_b";  // LIKE wildcards in the id are plain characters
  EXPECT_EQ(this->Keys(this->Found(*store, f)), (std::vector<std::string>{"o1/p3"}));
  f.rule = "%";
  EXPECT_TRUE(this->Found(*store, f).empty());
  EXPECT_EQ(this->Counted(*store, f), 0);

  f = this->Any();
  f.country = "FR";
  EXPECT_EQ(this->Keys(this->Found(*store, f)), (std::vector<std::string>{"o1/p2"}));
  f = this->Any();
  f.party_key = "k1";
  EXPECT_EQ(this->Keys(this->Found(*store, f)), (std::vector<std::string>{"o1/p1", "o2/p1"}));
  f.min_band = Band::kHigh;
  EXPECT_EQ(this->Keys(this->Found(*store, f)), (std::vector<std::string>{"o1/p1"}));
  f.country = "GB";
  f.rule = "R10";
  EXPECT_EQ(this->Keys(this->Found(*store, f)), (std::vector<std::string>{"o1/p1"}));
  f.country = "FR";
  EXPECT_EQ(this->Counted(*store, f), 0);
}

TYPED_TEST_P(FlagStoreConformance, PutReplacesTheRowsOfOneProcessOnly) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Put("o1", {this->Flag("o1", "p1", Band::kHigh, 80), this->Flag("o1", "p2", Band::kHigh, 70)}).ok());
  ASSERT_TRUE(store->Put("o2", {this->Flag("o2", "p1", Band::kHigh, 50)}).ok());
  ASSERT_TRUE(store->Put("o1", {this->Flag("o1", "p3", Band::kCritical, 95)}).ok());
  EXPECT_EQ(this->Keys(this->Found(*store, this->Any())), (std::vector<std::string>{"o1/p3", "o2/p1"}));
  // Two rows of one party: the last one is kept.
  ASSERT_TRUE(store->Put("o2", {this->Flag("o2", "p1", Band::kHigh, 51), this->Flag("o2", "p1", Band::kHigh, 52)}).ok());
  auto o2 = this->Found(*store, this->Any());
  ASSERT_EQ(o2.size(), 2u);
  EXPECT_EQ(o2[1].score, 52);
  ASSERT_TRUE(store->Put("o1", {}).ok());
  EXPECT_EQ(this->Keys(this->Found(*store, this->Any())), (std::vector<std::string>{"o2/p1"}));
  // Seen from another connection.
  auto other = this->Open();
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(this->Keys(this->Found(*other, this->Any())), (std::vector<std::string>{"o2/p1"}));
}

TYPED_TEST_P(FlagStoreConformance, PutWithAFlagOfAnotherProcessChangesNothing) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Put("o1", {this->Flag("o1", "p1", Band::kHigh, 80)}).ok());
  Status s = store->Put("o1", {this->Flag("o1", "p2", Band::kHigh, 80), this->Flag("o2", "p1", Band::kHigh, 80)});
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
  EXPECT_EQ(this->Keys(this->Found(*store, this->Any())), (std::vector<std::string>{"o1/p1"}));
}

TYPED_TEST_P(FlagStoreConformance, FindPaginatesAndCapsThePage) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  std::vector<PartyFlag> flags;
  for (int i = 0; i < 520; ++i) flags.push_back(this->Flag("o1", "p" + std::to_string(1000 + i), Band::kHigh, 1000 - i));
  ASSERT_TRUE(store->Put("o1", flags).ok());
  EXPECT_EQ(this->Counted(*store, this->Any()), 520);
  auto page = this->Found(*store, this->Any(), 0, 10'000);
  ASSERT_EQ(page.size(), kMaxFlagPage);
  EXPECT_EQ(page.front().party_id, "p1000");
  EXPECT_EQ(page.back().party_id, "p1499");
  page = this->Found(*store, this->Any(), 500, 50);
  ASSERT_EQ(page.size(), 20u);
  EXPECT_EQ(page.front().party_id, "p1500");
  page = this->Found(*store, this->Any(), 3, 2);
  EXPECT_EQ(this->Keys(page), (std::vector<std::string>{"o1/p1003", "o1/p1004"}));
  EXPECT_TRUE(this->Found(*store, this->Any(), 520, 10).empty());
  EXPECT_TRUE(this->Found(*store, this->Any(), 0, 0).empty());
}

REGISTER_TYPED_TEST_SUITE_P(FlagStoreConformance, EmptyStoreFindsNothing, EveryFieldRoundTrips,
                            FindOrdersByBandScoreThenOcidAndPartyInByteOrder, FindFiltersByCountryWholeRuleIdAndParty,
                            PutReplacesTheRowsOfOneProcessOnly, PutWithAFlagOfAnotherProcessChangesNothing,
                            FindPaginatesAndCapsThePage);

}  // namespace clearbid::testing
