// Name-matching quality on the OpenSanctions name_bench (826 labelled pairs):
// F1 at kMatchThreshold overall and per quality tier. The acceptance figure.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "engine/matching/name_scorer.h"
#include "tests/engine/matching/csv_test_util.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

EntitySchema SchemaOf(const std::string& s) {
  if (s == "Person") return EntitySchema::kPerson;
  if (s == "Company") return EntitySchema::kCompany;
  if (s == "Organization") return EntitySchema::kOrganization;
  if (s == "Vessel") return EntitySchema::kVessel;
  return EntitySchema::kUnknown;  // LegalEntity
}

struct Counts {
  int tp = 0, fp = 0, fn = 0, tn = 0;
  double F1() const { return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn); }
  double Precision() const { return tp + fp == 0 ? 0 : double(tp) / (tp + fp); }
  double Recall() const { return tp + fn == 0 ? 0 : double(tp) / (tp + fn); }
};

TEST(NameBenchTest, F1AtThreshold) {
  REQUIRE_SHARED_DATA();
  auto rows = testing::ParseCsvText(testing::ReadFile(testing::SharedDataDir() + "/matching/nk_name_bench_cases.csv"));
  ASSERT_GT(rows.size(), 800u);
  ASSERT_EQ(rows[0][2], "name1");
  std::map<std::string, Counts> by_tier;
  Counts all;
  std::vector<std::pair<double, bool>> scored;
  const bool verbose = std::getenv("CLEARBID_BENCH_VERBOSE") != nullptr;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.size() < 6) continue;
    bool truth = row[4] == "true";
    MatchScore s = ScoreNames(row[2], row[3], SchemaOf(row[1]));
    bool predicted = s.is_match();
    scored.emplace_back(s.score, truth);
    Counts& tier = by_tier[row[5]];
    for (Counts* c : {&tier, &all}) {
      if (predicted && truth) ++c->tp;
      if (predicted && !truth) ++c->fp;
      if (!predicted && truth) ++c->fn;
      if (!predicted && !truth) ++c->tn;
    }
    if (verbose && predicted != truth)
      std::printf("%s %.3f %s | %s | %s | [%s]\n", truth ? "FN" : "FP", s.score, row[1].c_str(), row[2].c_str(),
                  row[3].c_str(), s.alignment.c_str());
  }
  if (verbose) {
    for (double t = 0.60; t < 0.951; t += 0.025) {
      Counts c;
      for (const auto& [score, truth] : scored) {
        bool p = score >= t;
        c.tp += p && truth;
        c.fp += p && !truth;
        c.fn += !p && truth;
      }
      std::printf("  sweep @%.3f P %.3f R %.3f F1 %.3f\n", t, c.Precision(), c.Recall(), c.F1());
    }
  }
  std::printf("name_bench @%.2f (%s): overall P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d tn %d)\n", kMatchThreshold,
              std::string(kMatchAlgorithmVersion).c_str(), all.Precision(), all.Recall(), all.F1(), all.tp, all.fp,
              all.fn, all.tn);
  for (const auto& [tier, c] : by_tier)
    std::printf("  %-6s P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d tn %d)\n", tier.c_str(), c.Precision(),
                c.Recall(), c.F1(), c.tp, c.fp, c.fn, c.tn);
  EXPECT_GE(all.F1(), 0.85);
}

}  // namespace
}  // namespace clearbid
