// The screening memo's row form: what ScreeningToJson writes reads back to
// the same query and matches (and is written again byte for byte, which the
// memo's re-match relies on to leave unchanged rows alone); an earlier row's
// bare matches array still reads; a damaged row is a ParseError naming the
// row and the field, never an exception.

#include "engine/screening/list_match_json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace clearbid {
namespace {

ListMatchEvidence Match(std::string entry_id, double score) {
  ListMatchEvidence m;
  m.list = "national";
  m.list_version = 7;
  m.entry_id = std::move(entry_id);
  m.entry_name = "Beta \"Uniformes\" SA\n\u00c9tat \u0416\u0443\u043a";  // quotes, a newline, non-ASCII
  m.query_name = "Beta Uniformes";
  m.subject = "party";
  m.score = score;
  m.is_match = score >= 0.7;
  m.identifier_match = false;
  m.entry_active = true;
  m.decision = "";
  m.subject_key = "ocds-1/GB-COH-1";
  m.entry_digest = "0123abcd";
  m.explanation = "beta=beta uniformes~uniforme(0.91) \\ +sa";
  return m;
}

bool Same(const ListMatchEvidence& a, const ListMatchEvidence& b) {
  return a.list == b.list && a.list_version == b.list_version && a.entry_id == b.entry_id &&
         a.entry_name == b.entry_name && a.query_name == b.query_name && a.subject == b.subject &&
         a.score == b.score && a.is_match == b.is_match && a.identifier_match == b.identifier_match &&
         a.entry_active == b.entry_active && a.decision == b.decision && a.subject_key == b.subject_key &&
         a.entry_digest == b.entry_digest && a.explanation == b.explanation;
}

TEST(ListMatchJsonTest, AScreeningReadsBackAndIsWrittenAgainByteForByte) {
  const ScreeningQuery query{"Beta \"Uniformes\" \u0416", "PT", "PT-NIF", "50\\1", "party"};
  // Scores that print with many digits, an integer one, and a tiny one.
  const std::vector<ListMatchEvidence> matches = {Match("b", 0.8123456789012345), Match("c", 1.0),
                                                  Match("d", 1e-7)};
  for (const auto& ms : {matches, std::vector<ListMatchEvidence>{}}) {
    const std::string row = ScreeningToJson(query, ms);
    auto back = ScreeningFromJson(row, "screening memo k");
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    ASSERT_TRUE(back->query.has_value());
    EXPECT_EQ(*back->query, query);
    ASSERT_EQ(back->matches.size(), ms.size());
    for (size_t i = 0; i < ms.size(); ++i) EXPECT_TRUE(Same(back->matches[i], ms[i])) << i;
    EXPECT_EQ(ScreeningToJson(*back->query, back->matches), row);
  }
  // The bare matches form of earlier rows, and ListMatchesToJson's.
  const std::string bare = ListMatchesToJson(matches);
  auto old = ScreeningFromJson(bare, "screening memo k");
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_FALSE(old->query.has_value());
  ASSERT_EQ(old->matches.size(), matches.size());
  EXPECT_TRUE(Same(old->matches[2], matches[2]));
  auto listed = ListMatchesFromJson(bare, "matches of k");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), matches.size());
  EXPECT_TRUE(Same((*listed)[0], matches[0]));
  EXPECT_EQ(ListMatchesToJson(*listed), bare);
  auto none = ScreeningFromJson("[]", "k");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->query.has_value());
  EXPECT_TRUE(none->matches.empty());
}

TEST(ListMatchJsonTest, ADamagedRowIsAParseErrorNamingTheRowAndTheField) {
  const std::string good = ScreeningToJson({"A", "PT", "", "", "party"}, {Match("b", 0.9)});
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    const size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? s : s.replace(at, from.size(), to);
  };
  const struct {
    std::string row, says;
  } cases[] = {
      {good.substr(0, good.size() / 2), "screening memo k: not valid JSON"},
      {"\"text\"", "screening memo k: expected an object or an array"},
      {"{\"matches\":[]}", "screening memo k: query: expected [name, country, scheme, id, subject]"},
      {R"({"query":["A","PT",""],"matches":[]})", "query: expected [name, country, scheme, id, subject]"},
      {R"({"query":["A","PT","","",1],"matches":[]})", "screening memo k: query: expected strings"},
      {R"({"query":["A","PT","","","party"]})", "screening memo k: matches: missing"},
      {R"({"query":["A","PT","","","party"],"matches":{}})", "screening memo k: matches: expected an array"},
      {R"({"query":["A","PT","","","party"],"matches":[1]})", "screening memo k: matches: [0]: expected an object"},
      {replaced("\"list\":", "\"lists\":"), "screening memo k: matches: [0]: list: missing"},
      {replaced("\"score\":0.9", "\"score\":\"high\""), "screening memo k: matches: [0]: score: expected a number"},
      {replaced("\"list_version\":7", "\"list_version\":7.5"),
       "screening memo k: matches: [0]: list_version: expected an integer"},
      {replaced("\"is_match\":true", "\"is_match\":1"),
       "screening memo k: matches: [0]: is_match: expected true or false"},
      {replaced("\"explanation\":\"", "\"explanation\":[\"") + "", "screening memo k: not valid JSON"},
      {std::string("{\"query\":[\"A\xff\",\"PT\",\"\",\"\",\"party\"],\"matches\":[]}"),
       "screening memo k: not valid JSON"},
  };
  for (const auto& c : cases) {
    auto got = ScreeningFromJson(c.row, "screening memo k");
    ASSERT_FALSE(got.ok()) << c.row;
    EXPECT_EQ(got.status().code(), Status::Code::kParseError) << c.row;
    EXPECT_NE(got.status().message().find(c.says), std::string::npos) << got.status().ToString() << "\n" << c.row;
  }
  auto bad = ListMatchesFromJson(R"([{"list":"x"}])", "matches of k");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("matches of k: [0]: list_version: missing"), std::string::npos)
      << bad.status().ToString();
}

}  // namespace
}  // namespace clearbid

namespace clearbid {
namespace {

TEST(CiteListVersionsTest, EachMatchCitesItsListsVersionOthersKeepTheirs) {
  std::vector<ListMatchEvidence> matches(3);
  matches[0].list = "national";
  matches[0].list_version = 3;
  matches[1].list = "un-sanctions";
  matches[1].list_version = 5;
  matches[2].list = "national";
  matches[2].list_version = 4;
  CiteListVersions({{"national", 7}, {"other", 9}}, &matches);
  EXPECT_EQ(matches[0].list_version, 7);
  EXPECT_EQ(matches[1].list_version, 5);  // not in the map: kept
  EXPECT_EQ(matches[2].list_version, 7);
  CiteListVersions({}, &matches);
  EXPECT_EQ(matches[0].list_version, 7);
}

}  // namespace
}  // namespace clearbid
