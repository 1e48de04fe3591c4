// NameScoreCeiling: what a name pair's numbers and legal forms allow, checked
// against the scores themselves. PreparedName: a query prepared once and
// scored against many names scores as the unprepared one, to the last bit.
#include "engine/matching/name_scorer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/engine/matching/csv_test_util.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

constexpr EntitySchema kSchemas[] = {EntitySchema::kUnknown, EntitySchema::kPerson, EntitySchema::kCompany,
                                     EntitySchema::kOrganization};

// Every score of every pair, in each schema, is at most the pair's ceiling;
// returns how many pairs had a ceiling under 1.
int CheckCeilings(const std::vector<std::pair<std::string, std::string>>& pairs) {
  int lowered = 0;
  for (const auto& [q, l] : pairs) {
    for (EntitySchema schema : kSchemas) {
      AnalysedName a = AnalyseName(q, schema), b = AnalyseName(l, schema);
      const double ceiling = NameScoreCeiling(a, b);
      EXPECT_LE(ScoreAnalysedNamesValue(a, b, schema), ceiling) << q << " | " << l;
      EXPECT_LE(ScoreAnalysedNames(a, b, schema).score, ceiling) << q << " | " << l;
      if (ceiling < 1.0) ++lowered;
    }
  }
  return lowered;
}

TEST(NameScorerTest, CeilingFollowsNumbersAndLegalForms) {
  auto ceiling = [](const char* q, const char* l) {
    return NameScoreCeiling(AnalyseName(q, EntitySchema::kCompany), AnalyseName(l, EntitySchema::kCompany));
  };
  EXPECT_DOUBLE_EQ(ceiling("Romashka LLC", "Romashka Ltd"), 1.0);     // the same class: no conflict
  EXPECT_DOUBLE_EQ(ceiling("Romashka", "Romashka GmbH"), 1.0);        // a form on one side only
  EXPECT_LT(ceiling("Romashka LLC", "Romashka AG"), kMatchThreshold);  // classes in conflict
  EXPECT_LT(ceiling("Leasing 3 LLC", "Leasing 6 LLC"), kMatchThreshold);
  EXPECT_LT(ceiling("Leasing LLC", "Leasing 6 LLC"), kMatchThreshold);
  EXPECT_DOUBLE_EQ(ceiling("Leasing 3 LLC", "Leasing III LLC"), 1.0);
  // And the scores under the ceilings.
  EXPECT_GT(CheckCeilings({{"Romashka LLC", "Romashka AG"},
                           {"Leasing 3 LLC", "Leasing 6 LLC"},
                           {"Leasing LLC", "Leasing 6 LLC"},
                           {"Siemens AG", "Siemens"},
                           {"OOO Romashka", "ООО Ромашка"}}),
            0);
}

TEST(NameScorerTest, ScoresNeverExceedTheirCeilingOnTheNameBench) {
  REQUIRE_SHARED_DATA();
  auto rows = testing::ParseCsvText(testing::ReadFile(testing::SharedDataDir() + "/matching/nk_name_bench_cases.csv"));
  ASSERT_GT(rows.size(), 800u);
  std::vector<std::pair<std::string, std::string>> pairs;
  for (size_t r = 1; r < rows.size(); ++r)
    if (rows[r].size() >= 4) pairs.emplace_back(rows[r][2], rows[r][3]);
  // Some of the bench's pairs disagree in numbers or legal forms, or the
  // check would check nothing.
  EXPECT_GT(CheckCeilings(pairs), 20);
}

// Each query name prepared once and scored against every listed name (so
// that the joined runs it made for one listed name serve the next ones):
// the same bits as the unprepared scoring, and as the explained score.
// Returns how many pairs scored above 0.
int CheckPrepared(const std::vector<std::string>& queries, const std::vector<std::string>& listed) {
  int scored = 0;
  for (EntitySchema schema : kSchemas) {
    std::vector<AnalysedName> lnames;
    for (const std::string& l : listed) lnames.push_back(AnalyseName(l, schema));
    for (const std::string& q : queries) {
      const AnalysedName a = AnalyseName(q, schema);
      const PreparedName prepared(a);
      for (size_t i = 0; i < lnames.size(); ++i) {
        const double value = ScoreAnalysedNamesValue(prepared, lnames[i], schema);
        EXPECT_EQ(value, ScoreAnalysedNamesValue(a, lnames[i], schema)) << q << " | " << listed[i];
        EXPECT_EQ(value, ScoreAnalysedNames(a, lnames[i], schema).score) << q << " | " << listed[i];
        if (value > 0) ++scored;
      }
    }
  }
  return scored;
}

TEST(NameScorerTest, APreparedQueryScoresAsTheUnpreparedOne) {
  // Compounds both ways, acronyms, initials, particles, Cyrillic names of
  // three romanised forms, legal forms and numbers.
  const std::vector<std::string> names = {
      "Good Will Trading",     "Goodwill Trading LLC",  "Van der Bilt",          "Vanderbilt",
      "PLA",                   "People's Liberation Army", "J. C. Decaux",       "Jean Claude Decaux",
      "ООО Ромашка",           "Romashka OOO",          "ТОВ Ромашка Трейд",     "Romashka Treyd",
      "Siemens AG",            "SiemensAG",             "Salman bin Muhammad",   "Muhammad bin Salman",
      "Leasing 3 LLC",         "Leasing III LLC",       "Агро Транс Сервис",     "Agrotransservis",
  };
  EXPECT_GT(CheckPrepared(names, names), 100);
}

TEST(NameScorerTest, APreparedQueryScoresAsTheUnpreparedOneOnTheNameBench) {
  REQUIRE_SHARED_DATA();
  auto rows = testing::ParseCsvText(testing::ReadFile(testing::SharedDataDir() + "/matching/nk_name_bench_cases.csv"));
  ASSERT_GT(rows.size(), 800u);
  std::vector<std::string> queries, listed;
  for (size_t r = 1; r < rows.size() && queries.size() < 60; r += 7)
    if (rows[r].size() >= 4) queries.push_back(rows[r][2]);
  for (size_t r = 1; r < rows.size() && listed.size() < 120; r += 3)
    if (rows[r].size() >= 4) listed.push_back(rows[r][3]);
  EXPECT_GT(CheckPrepared(queries, listed), 500);
}

}  // namespace
}  // namespace clearbid
