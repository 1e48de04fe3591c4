#include "engine/store/screening_key_set.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_set>

namespace clearbid {
namespace {

TEST(ScreeningKeySetTest, FindsAKeyAnywhereInTheList) {
  const ScreeningKeySet set({"k2", "0123456789abcdef0123456789abcdef"});
  EXPECT_TRUE(set.UsedBy("k2"));
  EXPECT_TRUE(set.UsedBy("k1 k2 k3"));
  EXPECT_TRUE(set.UsedBy("k1 k3 0123456789abcdef0123456789abcdef"));
  EXPECT_TRUE(set.UsedBy("  k2  "));
  EXPECT_FALSE(set.UsedBy("k1 k3"));
  EXPECT_FALSE(set.UsedBy(""));
  EXPECT_FALSE(set.UsedBy("   "));
  // Neither a prefix nor an extension of a key is the key.
  EXPECT_FALSE(set.UsedBy("k"));
  EXPECT_FALSE(set.UsedBy("k22"));
  EXPECT_FALSE(set.UsedBy("0123456789abcdef0123456789abcde"));
  EXPECT_FALSE(set.UsedBy("0123456789abcdef0123456789abcdef0"));
}

TEST(ScreeningKeySetTest, AnEmptySetIsUsedByNothing) {
  const ScreeningKeySet set({});
  EXPECT_TRUE(set.empty());
  EXPECT_FALSE(set.UsedBy("k1 k2"));
  EXPECT_FALSE(set.Contains(""));
}

// Against the plain set, on digests that share their first eight bytes or
// differ only there (what the sieve reads): the answers are the set's.
TEST(ScreeningKeySetTest, AnswersAsThePlainSetOnRandomDigests) {
  std::mt19937_64 random(20261127);
  auto hex = [&](size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s.push_back("0123456789abcdef"[random() % 16]);
    return s;
  };
  std::unordered_set<std::string> keys;
  std::vector<std::string> probes;
  for (int i = 0; i < 3000; ++i) {
    std::string k = hex(32);
    keys.insert(k);
    probes.push_back(k);
    probes.push_back(k.substr(0, 8) + hex(24));  // the same first eight bytes
    probes.push_back(hex(8) + k.substr(8));      // the same rest
    probes.push_back(k.substr(0, 5));            // shorter than eight bytes
    probes.push_back(hex(32));
  }
  keys.insert("abc");
  probes.push_back("abc");
  probes.push_back("abd");
  const ScreeningKeySet set(keys);
  size_t found = 0;
  for (const std::string& p : probes) {
    ASSERT_EQ(set.Contains(p), keys.count(p) > 0) << p;
    ASSERT_EQ(set.UsedBy("ffff " + p), keys.count(p) > 0) << p;
    found += set.Contains(p);
  }
  EXPECT_EQ(found, 3001u);
}

}  // namespace
}  // namespace clearbid
