#include "engine/screening/caching_list_screener.h"

#include <atomic>
#include <map>
#include <mutex>

#include <gtest/gtest.h>

namespace clearbid {
namespace {

// Answers every name with one match carrying the name, and counts its calls.
class CountingScreener final : public ListScreener {
 public:
  void Screen(const std::string& name, const std::string&, const Identifier&, const std::string& subject,
              std::vector<ListMatchEvidence>* out) const override {
    ++calls;
    ListMatchEvidence m;
    m.list = "inner";
    m.entry_name = name;
    m.subject = subject;
    out->push_back(m);
  }
  std::vector<std::string> ListVersions() const override { return {"inner v1"}; }
  std::string Fingerprint() const override { return "fp"; }
  mutable std::atomic<int> calls{0};
};

std::vector<ListMatchEvidence> Screened(const CachingListScreener& s, const std::string& name) {
  std::vector<ListMatchEvidence> out;
  s.Screen(name, "PT", Identifier{}, "party", &out);
  return out;
}

TEST(CachingListScreenerTest, ScreensEachNameOnceAndReportsNewScreenings) {
  auto inner = std::make_shared<CountingScreener>();
  CachingListScreener memo(inner);
  EXPECT_EQ(Screened(memo, "Alfa Lda")[0].entry_name, "Alfa Lda");
  EXPECT_EQ(Screened(memo, "Alfa Lda")[0].entry_name, "Alfa Lda");
  EXPECT_EQ(inner->calls.load(), 1);
  auto fresh = memo.TakeNew();
  ASSERT_EQ(fresh.size(), 1u);
  EXPECT_EQ(fresh[0].key, CachingListScreener::Key("Alfa Lda", "PT", Identifier{}, "party"));
  EXPECT_EQ(fresh[0].query, (ScreeningQuery{"Alfa Lda", "PT", "", "", "party"}));
  ASSERT_EQ(fresh[0].matches.size(), 1u);
  EXPECT_TRUE(memo.TakeNew().empty());
}

TEST(CachingListScreenerTest, AsksTheBackingOnAMissBeforeTheInnerScreener) {
  auto inner = std::make_shared<CountingScreener>();
  CachingListScreener memo(inner);
  const std::string stored_key = CachingListScreener::Key("Beta SA", "PT", Identifier{}, "party");
  std::map<std::string, int> asked;
  std::mutex mu;
  memo.SetBacking([&](const std::string& key) -> std::optional<std::vector<ListMatchEvidence>> {
    std::lock_guard lock(mu);
    ++asked[key];
    if (key != stored_key) return std::nullopt;
    ListMatchEvidence m;
    m.list = "stored";
    m.entry_name = "Beta SA (stored)";
    return std::vector<ListMatchEvidence>{m};
  });
  // In the backing: its answer, the inner screener not called, not new.
  auto beta = Screened(memo, "Beta SA");
  ASSERT_EQ(beta.size(), 1u);
  EXPECT_EQ(beta[0].list, "stored");
  EXPECT_EQ(inner->calls.load(), 0);
  // Not in the backing: screened, and reported as new.
  auto gamma = Screened(memo, "Gamma Ltd");
  ASSERT_EQ(gamma.size(), 1u);
  EXPECT_EQ(gamma[0].list, "inner");
  EXPECT_EQ(inner->calls.load(), 1);
  // Both are in the memo now: neither the backing nor the inner screener is asked again.
  EXPECT_EQ(Screened(memo, "Beta SA")[0].list, "stored");
  EXPECT_EQ(Screened(memo, "Gamma Ltd")[0].list, "inner");
  EXPECT_EQ(asked[stored_key], 1);
  EXPECT_EQ(asked.size(), 2u);
  EXPECT_EQ(inner->calls.load(), 1);
  auto fresh = memo.TakeNew();
  ASSERT_EQ(fresh.size(), 1u);
  EXPECT_EQ(fresh[0].key, CachingListScreener::Key("Gamma Ltd", "PT", Identifier{}, "party"));
}

}  // namespace
}  // namespace clearbid
