// NameScoreCeiling: what a name pair's numbers and legal forms allow, checked
// against the scores themselves.
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

}  // namespace
}  // namespace clearbid
