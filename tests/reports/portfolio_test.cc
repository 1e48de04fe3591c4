#include "reports/portfolio.h"

#include <gtest/gtest.h>

#include "engine/base/clock.h"
#include "tests/reports/report_test_util.h"

namespace clearbid::reports {
namespace {

using clearbid::testing::ExampleAssessment;
using clearbid::testing::ExampleProcess;

/// Processes from..to across bands, countries and sectors; i = 6 without its OCDS process.
void Fill(PortfolioBuilder* b, int from, int to) {
  for (int i = from; i < to; ++i) {
    std::string ocid = "ocds-test01-" + std::to_string(1000 + i);
    ProcessAssessment a = ExampleAssessment(ocid, i % 2 ? "Acme <Ltd>" : "Têxteis Atlântico, Lda.");
    a.band = static_cast<Band>(i % 4);
    a.score = 10.0 * i;
    a.parties[0].score = 5.0 * i;
    a.parties[0].band = static_cast<Band>(i % 4);
    if (i % 3 == 0) a.parties[1].country = "MD";
    ContractingProcess p = ExampleProcess(ocid, "Lot " + std::to_string(i));
    if (i == 4) p.tender.items[0].classification = {"CPV", "33100000-1", "Medical equipment"};
    if (i == 5) p.buyer = {"UA-EDR-1", "Київська міська рада"};
    b->Add(a, i == 6 ? nullptr : &p);
  }
}

TEST(PortfolioTest, GoldenJson) {
  PortfolioBuilder b;
  Fill(&b, 0, 7);
  FixedClock clock(1795000000);
  ReportOptions o;
  o.clock = &clock;
  o.generator = "clearbid test";
  clearbid::testing::ExpectGolden("portfolio.json", PortfolioJson(b.Finish(o)) + "\n");
}

TEST(PortfolioTest, CountsAreConsistent) {
  PortfolioBuilder b;
  Fill(&b, 0, 7);
  Portfolio p = b.Finish({});
  EXPECT_EQ(p.totals.Total(), 7);
  EXPECT_EQ(p.totals.by_band[0], 2);  // i = 0, 4
  EXPECT_EQ(p.totals.by_band[3], 1);  // i = 3
  int64_t buyers = 0;
  for (const CountRow& r : p.by_buyer) buyers += r.counts.Total();
  EXPECT_EQ(buyers, 7);  // one buyer per process (or "(unknown)")
  ASSERT_FALSE(p.by_sector.empty());
  bool has_cpv18 = false, has_unspsc46 = false, has_cpv33 = false;
  for (const CountRow& r : p.by_sector) {
    has_cpv18 |= r.key == "CPV 18";
    has_unspsc46 |= r.key == "UNSPSC 46";
    has_cpv33 |= r.key == "CPV 33";
  }
  EXPECT_TRUE(has_cpv18 && has_unspsc46 && has_cpv33);
  EXPECT_EQ(p.riskiest_processes.front().ocid, "ocds-test01-1006");
  EXPECT_EQ(p.riskiest_suppliers.front().max_score, 30);  // i = 6: 5 × 6
  EXPECT_EQ(p.riskiest_suppliers.front().key,
            "PT-NIPPC/505678901");  // keyed by identifier, whatever the name
  EXPECT_EQ(p.riskiest_suppliers.front().processes, 7);
  EXPECT_EQ(p.heat.size(), p.heat_countries.size());
}

TEST(PortfolioTest, MergingThreadBuildersEqualsOneBuilder) {
  PortfolioBuilder one, part1, part2;
  Fill(&one, 0, 7);
  Fill(&part1, 3, 7);
  Fill(&part2, 0, 3);
  part2.Merge(part1);
  EXPECT_EQ(PortfolioJson(one.Finish({})), PortfolioJson(part2.Finish({})));
}

TEST(PortfolioTest, HtmlIsEscapedAndLinksUseFileSafeNames) {
  PortfolioBuilder b;
  ProcessAssessment a = ExampleAssessment("ocds/x\"><script>alert(1)</script>", "<script>alert(1)</script>");
  ContractingProcess p = ExampleProcess(a.ocid, "\" onmouseover=\"alert(2)");
  p.buyer.name = "<img src=x onerror=alert(3)>";
  p.tender.items[0].classification.id = "18<svg onload=alert(4)>";
  a.parties[0].country = "<i>";
  b.Add(a, &p);
  std::string html = PortfolioHtml(b.Finish({}));
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_EQ(html.find("\" onmouseover"), std::string::npos);
  EXPECT_NE(html.find("href=\"processes/ocds%2Fx%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E.html\""),
            std::string::npos);
  std::vector<Table> tables = PortfolioTables(b.Finish({}));
  ASSERT_EQ(tables.size(), 6u);
  std::string csv;
  for (const Table& t : tables) csv += TableToCsv(t);
  EXPECT_NE(csv.find("<script>alert(1)</script>"), std::string::npos);  // CSV is not HTML: text kept as is
}

}  // namespace
}  // namespace clearbid::reports
