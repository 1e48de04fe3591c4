#include "reports/contract_summary.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "engine/base/clock.h"
#include "engine/rules/assessment_json.h"
#include "reports/table.h"
#include "tests/reports/report_test_util.h"

namespace clearbid::reports {
namespace {

using clearbid::testing::EditTexts;
using clearbid::testing::ExampleAssessment;
using clearbid::testing::ExampleProcess;

constexpr const char* kScript = "<script>alert(1)</script>";
constexpr const char* kAttr = "\" onmouseover=\"alert(2)";

ReportOptions Options(const Clock* clock) {
  ReportOptions o;
  o.clock = clock;
  o.generator = "clearbid test";
  o.attribution = "Test data: fictional.";
  return o;
}

TEST(ContractSummaryTest, GoldenJson) {
  FixedClock clock(1795000000);
  ProcessAssessment a = ExampleAssessment();
  ContractingProcess p = ExampleProcess();
  ContractSummary s = BuildContractSummary(a, &p, Options(&clock));
  clearbid::testing::ExpectGolden("contract_summary.json", ContractSummaryJson(s) + "\n");
}

TEST(ContractSummaryTest, GoldenJsonWithoutProcess) {
  FixedClock clock(1795000000);
  ProcessAssessment a = ExampleAssessment("ocds-test01-0002");
  ContractSummary s = BuildContractSummary(a, nullptr, Options(&clock));
  clearbid::testing::ExpectGolden("contract_summary_no_process.json", ContractSummaryJson(s) + "\n");
}

TEST(ContractSummaryTest, DriversGapsDocumentsAndActions) {
  FixedClock clock(0);
  ProcessAssessment a = ExampleAssessment();
  ContractSummary s = BuildContractSummary(a, nullptr, Options(&clock));
  ASSERT_EQ(s.drivers.size(), 3u);
  EXPECT_EQ(s.drivers[0].finding->rule_id, "LR-14");  // zero tolerance first
  EXPECT_EQ(s.drivers[1].finding->rule_id, "BL-02");  // then by contribution
  EXPECT_EQ(s.drivers[2].subject_id, "process");
  ASSERT_EQ(s.data_gaps.size(), 3u);  // AF-01 twice (two parties) and DD-03
  EXPECT_EQ(s.data_gaps[0].finding->rule_id, "AF-01");
  EXPECT_EQ(s.data_gaps[2].finding->rule_id, "DD-03");
  // DD-03's two missing facts come from one document: one request.
  ASSERT_EQ(s.documents.size(), 3u);
  EXPECT_EQ(s.documents[2].document, "supplier disclosure (supply_chain)");
  EXPECT_EQ(s.documents[2].facts.size(), 2u);
  ASSERT_EQ(s.actions.size(), 3u);
  EXPECT_EQ(s.actions[0].action, Action::kExclude);
  EXPECT_EQ(s.actions[2].action, Action::kRequestDocuments);
}

TEST(ContractSummaryTest, OutputIsReproducibleAndTheClockIsTheOnlyTimeSource) {
  FixedClock c1(1795000000), c2(1795000001);
  ProcessAssessment a = ExampleAssessment();
  ContractingProcess p = ExampleProcess();
  std::string h1 = ContractSummaryHtml(BuildContractSummary(a, &p, Options(&c1)));
  std::string h2 = ContractSummaryHtml(BuildContractSummary(a, &p, Options(&c1)));
  std::string h3 = ContractSummaryHtml(BuildContractSummary(a, &p, Options(&c2)));
  EXPECT_EQ(h1, h2);
  EXPECT_NE(h1, h3);
  EXPECT_NE(h1.find("2026-11-18T"), std::string::npos);
}

TEST(ContractSummaryTest, JsonEmbedsTheAssessmentVerbatim) {
  FixedClock clock(0);
  ProcessAssessment a = ExampleAssessment();
  std::string json = ContractSummaryJson(BuildContractSummary(a, nullptr, Options(&clock)), -1);
  nlohmann::json doc = nlohmann::json::parse(json);
  EXPECT_EQ(doc["assessment"], nlohmann::json::parse(AssessmentToJson(a)));
  nlohmann::json pretty =
      nlohmann::json::parse(ContractSummaryJson(BuildContractSummary(a, nullptr, Options(&clock)), 2));
  EXPECT_EQ(pretty, doc);
}

TEST(ContractSummaryTest, HtmlEscapesEveryDataString) {
  FixedClock clock(0);
  ProcessAssessment a = ExampleAssessment(std::string("ocds-<b>x</b>") + kAttr, std::string(kScript) + kAttr);
  a.parties[0].country = kScript;
  a.parties[0].roles.push_back(kAttr);
  a.parties[0].findings[4].evidence[1].text = kScript;
  a.parties[0].findings[4].evidence[1].source = kAttr;
  EditTexts(&a.parties[0].findings[4]).legal_basis[1].quote = kScript;
  a.parties[0].findings[0].missing[0].supplied_by = kScript;
  a.list_versions.push_back(kScript);
  a.input_digests.push_back(kAttr);
  a.pack_version = kScript;
  ContractingProcess p = ExampleProcess(a.ocid, kScript);
  p.buyer.name = kAttr;
  p.tender.items[0].description = kScript;
  p.tender.items[0].classification.id = kAttr;
  p.tender.value.currency = kScript;
  ReportOptions o = Options(&clock);
  o.attribution = kScript;
  std::string html = ContractSummaryHtml(BuildContractSummary(a, &p, o));
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("alert(1)</"), std::string::npos);
  EXPECT_EQ(html.find(kAttr), std::string::npos);
  EXPECT_EQ(html.find("\" onmouseover"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&quot; onmouseover=&quot;alert(2)"), std::string::npos);
  // Self-contained: no external reference, no script element at all.
  EXPECT_EQ(html.find("src="), std::string::npos);
  // Data text may mention URLs (escaped, as text); no attribute may point at one.
  size_t http = 0, svg_ns = 0;
  for (size_t at = html.find("=\"http"); at != std::string::npos; at = html.find("=\"http", at + 1)) ++http;
  for (size_t at = html.find("http://www.w3.org/2000/svg"); at != std::string::npos;
       at = html.find("http://www.w3.org/2000/svg", at + 1)) {
    ++svg_ns;
  }
  EXPECT_EQ(http, svg_ns) << "only the SVG namespace may name a URL in an attribute";
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
}

TEST(ContractSummaryTest, TablesNeutraliseFormulas) {
  FixedClock clock(0);
  ProcessAssessment a = ExampleAssessment("ocds-test01-0001", "=cmd|' /C calc'!A0");
  a.parties[1].name = "+SUM(1,2)";
  a.parties[1].identifier = "@import";
  a.parties[1].band_reason = "-1+1";
  a.parties[1].country = "\tPT";
  std::vector<Table> tables = ContractSummaryTables(BuildContractSummary(a, nullptr, Options(&clock)));
  ASSERT_EQ(tables.size(), 3u);
  EXPECT_EQ(tables[0].name, "findings");
  EXPECT_EQ(tables[0].rows.size(), 8u);  // every finding except the not_applicable one
  EXPECT_EQ(tables[1].rows.size(), 2u);
  EXPECT_EQ(tables[2].rows.size(), 4u);  // one row per missing fact
  std::string csv;
  for (const Table& t : tables) csv += TableToCsv(t);
  for (const char* raw : {"\n=cmd", ",=cmd", ",+SUM", ",@import", ",-1+1", ",\tPT"}) {
    EXPECT_EQ(csv.find(raw), std::string::npos) << raw;
  }
  EXPECT_NE(csv.find(",'=cmd|' /C calc'!A0,"), std::string::npos);
  EXPECT_NE(csv.find("\"'+SUM(1,2)\""), std::string::npos);
  EXPECT_NE(csv.find(",'@import,"), std::string::npos);
  EXPECT_NE(csv.find(",'-1+1\r\n"), std::string::npos);
}

TEST(XlsxTest, WorkbookIsAZipWithTheCellsNeutralised) {
  FixedClock clock(1795000000);
  ProcessAssessment a = ExampleAssessment("ocds-test01-0001", "=HYPERLINK(\"http://evil\",\"x\")");
  std::vector<Table> tables = ContractSummaryTables(BuildContractSummary(a, nullptr, Options(&clock)));
  std::string dir = clearbid::testing::TempDir("xlsx");
  std::string path = dir + "/summary.xlsx";
  ASSERT_TRUE(WriteXlsx(path, tables, clock.NowSeconds()).ok());
  std::string bytes = clearbid::testing::ReadFile(path);
  ASSERT_GE(bytes.size(), 4u);
  EXPECT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4));
  if (!std::filesystem::exists("/usr/bin/unzip")) {
    GTEST_SKIP() << "unzip is not installed: only the zip signature was checked";
  }
  std::string listing;
  ASSERT_EQ(clearbid::testing::RunCommand("unzip -l '" + path + "'", &listing), 0);
  EXPECT_NE(listing.find("xl/worksheets/sheet1.xml"), std::string::npos);
  EXPECT_NE(listing.find("xl/worksheets/sheet3.xml"), std::string::npos);
  std::string strings;
  ASSERT_EQ(clearbid::testing::RunCommand("unzip -p '" + path + "' xl/sharedStrings.xml", &strings), 0);
  EXPECT_NE(strings.find("LR-14"), std::string::npos);
  EXPECT_NE(strings.find("<t>Workers' identity documents retained</t>"), std::string::npos);
  // The hostile name is stored as text with the apostrophe prefix, never bare.
  EXPECT_NE(strings.find("<t>'=HYPERLINK(\"http://evil\",\"x\")</t>"), std::string::npos)
      << strings.substr(0, 2000);
  EXPECT_EQ(strings.find("<t>=HYPERLINK"), std::string::npos);
  std::string workbook;
  ASSERT_EQ(clearbid::testing::RunCommand("unzip -p '" + path + "' xl/workbook.xml", &workbook), 0);
  EXPECT_NE(workbook.find("name=\"findings\""), std::string::npos);
  EXPECT_NE(workbook.find("name=\"parties\""), std::string::npos);
  std::string sheet;
  ASSERT_EQ(clearbid::testing::RunCommand("unzip -p '" + path + "' xl/worksheets/sheet1.xml", &sheet), 0);
  EXPECT_EQ(sheet.find("<f>"), std::string::npos);  // no formula cell anywhere
}

}  // namespace
}  // namespace clearbid::reports
