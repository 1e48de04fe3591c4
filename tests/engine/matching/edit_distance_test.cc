#include "engine/matching/edit_distance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace clearbid {
namespace {

size_t NaiveLevenshtein(const std::u32string& a, const std::u32string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j)
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
  return d[a.size()][b.size()];
}

size_t NaiveOsa(const std::u32string& a, const std::u32string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

std::u32string RandomString(std::mt19937& rng, size_t max_len, bool wide) {
  // Small alphabets make matches frequent; "wide" mixes in non-ASCII code points.
  static const std::u32string kAlphabet = U"abcdeЖЩ語";
  std::uniform_int_distribution<size_t> len_dist(0, max_len);
  std::uniform_int_distribution<size_t> ch(0, wide ? kAlphabet.size() - 1 : 4);
  std::u32string s(len_dist(rng), U'a');
  for (auto& c : s) c = kAlphabet[ch(rng)];
  return s;
}

TEST(EditDistanceTest, KnownValues) {
  EXPECT_EQ(Levenshtein(std::string_view("kitten"), std::string_view("sitting")), 3u);
  EXPECT_EQ(Levenshtein(std::string_view(""), std::string_view("abc")), 3u);
  EXPECT_EQ(Levenshtein(std::string_view("abc"), std::string_view("")), 3u);
  EXPECT_EQ(Levenshtein(std::string_view("donlad"), std::string_view("donald")), 2u);
  EXPECT_EQ(OsaDistance(std::string_view("donlad"), std::string_view("donald")), 1u);
  EXPECT_EQ(OsaDistance(std::string_view("ca"), std::string_view("abc")), 3u);  // OSA, not full Damerau
  EXPECT_EQ(Utf8Levenshtein("Щербина", "Щербіна"), 1u);
  EXPECT_EQ(Utf8OsaDistance("Путин", "Пуитн"), 1u);
  EXPECT_EQ(Utf8Length("Щербина"), 7u);
}

TEST(EditDistanceTest, BitParallelAgreesWithNaiveDp) {
  std::mt19937 rng(20261125);
  for (int round = 0; round < 3000; ++round) {
    bool wide = round % 2 == 0;
    size_t max_len = round % 10 == 0 ? 200 : 40;  // lengths over 64 use the multi-word path
    std::u32string a = RandomString(rng, max_len, wide), b = RandomString(rng, max_len, wide);
    ASSERT_EQ(Levenshtein(std::u32string_view(a), std::u32string_view(b)), NaiveLevenshtein(a, b))
        << "round " << round << " lengths " << a.size() << "," << b.size();
    ASSERT_EQ(OsaDistance(std::u32string_view(a), std::u32string_view(b)), NaiveOsa(a, b))
        << "round " << round << " lengths " << a.size() << "," << b.size();
  }
}

TEST(EditDistanceTest, ByteAndCodePointVersionsAgreeOnAscii) {
  std::mt19937 rng(7);
  for (int round = 0; round < 500; ++round) {
    std::u32string a = RandomString(rng, 70, false), b = RandomString(rng, 70, false);
    std::string sa(a.begin(), a.end()), sb(b.begin(), b.end());
    ASSERT_EQ(Levenshtein(std::string_view(sa), std::string_view(sb)),
              Levenshtein(std::u32string_view(a), std::u32string_view(b)));
    ASSERT_EQ(OsaDistance(std::string_view(sa), std::string_view(sb)), NaiveOsa(a, b));
  }
}

}  // namespace
}  // namespace clearbid
