#include "reports/delta.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engine/base/clock.h"
#include "engine/rules/assessment_json.h"
#include "reports/file_names.h"
#include "tests/reports/report_test_util.h"

namespace clearbid::reports {
namespace {

namespace fs = std::filesystem;
using clearbid::testing::ExampleAssessment;

void WriteScan(const std::string& dir, const std::vector<ProcessAssessment>& assessments) {
  fs::create_directories(fs::path(dir) / "processes");
  for (const ProcessAssessment& a : assessments) {
    std::ofstream out(fs::path(dir) / "processes" / (FileSafeName(a.ocid) + ".json"), std::ios::binary);
    out << AssessmentToJson(a) << "\n";
  }
  std::ofstream(fs::path(dir) / "summary.json") << "{}\n";
}

/// Scan A: p1 (flags LR-14, BL-02, PX-01), p2 (same), gone (removed in B).
/// Scan B: p1 with BL-02 resolved and a new process flag; p2 unchanged except
/// its band; "new/one" new.
void MakeScans(const std::string& root) {
  ProcessAssessment p1 = ExampleAssessment("ocds-test01-0001");
  ProcessAssessment p2 = ExampleAssessment("ocds-test01-0002");
  ProcessAssessment gone = ExampleAssessment("ocds-test01-0003");
  WriteScan(root + "/2026-11-24", {p1, p2, gone});

  ProcessAssessment p1b = p1;
  p1b.parties[0].findings[1].status = RuleStatus::kClear;  // BL-02 resolved
  Finding extra = clearbid::testing::MakeFinding("PX-02", "Abnormally low price", RuleStatus::kFlagged,
                                                 Severity::kHigh, 20);
  p1b.process_findings.push_back(extra);
  ProcessAssessment p2b = p2;
  p2b.band = Band::kHigh;
  p2b.score = 60;
  ProcessAssessment fresh = ExampleAssessment("new/one");
  WriteScan(root + "/2026-11-25", {p1b, p2b, fresh});
}

TEST(DeltaTest, FindsNewResolvedChangedAddedAndRemoved) {
  std::string root = clearbid::testing::TempDir("delta");
  MakeScans(root);
  ScanIndex a, b;
  ASSERT_TRUE(ReadScan(root + "/2026-11-24", &a).ok());
  ASSERT_TRUE(ReadScan(root + "/2026-11-25", &b).ok());
  EXPECT_TRUE(a.issues.empty());
  EXPECT_TRUE(b.issues.empty());
  Delta d = CompareScans(a, b);
  // New: PX-02 on p1, and the three flags of the new process.
  ASSERT_EQ(d.new_flags.size(), 4u);
  EXPECT_EQ(d.new_flags[0].ocid, "new/one");  // zero-tolerance LR-14 first
  EXPECT_TRUE(d.new_flags[0].new_process);
  int px02 = 0;
  for (const FlagChange& c : d.new_flags) px02 += c.ocid == "ocds-test01-0001" && c.flag.rule_id == "PX-02";
  EXPECT_EQ(px02, 1);
  // Resolved: BL-02 on p1, and the three flags of the removed process.
  ASSERT_EQ(d.resolved_flags.size(), 4u);
  int bl02 = 0, removed = 0;
  for (const FlagChange& c : d.resolved_flags) {
    bl02 += c.ocid == "ocds-test01-0001" && c.flag.rule_id == "BL-02";
    removed += c.removed_process;
  }
  EXPECT_EQ(bl02, 1);
  EXPECT_EQ(removed, 3);
  ASSERT_EQ(d.band_changes.size(), 1u);
  EXPECT_EQ(d.band_changes[0].ocid, "ocds-test01-0002");
  EXPECT_EQ(d.band_changes[0].from, Band::kCritical);
  EXPECT_EQ(d.band_changes[0].to, Band::kHigh);
  ASSERT_EQ(d.new_processes.size(), 1u);
  ASSERT_EQ(d.removed_processes.size(), 1u);
  EXPECT_EQ(d.removed_processes[0].ocid, "ocds-test01-0003");
  EXPECT_EQ(CountNewFlagsAtLeast(d, Severity::kCritical), 1);
  EXPECT_EQ(CountNewFlagsAtLeast(d, Severity::kHigh), 3);
}

TEST(DeltaTest, GoldenJsonAndLinks) {
  std::string root = clearbid::testing::TempDir("delta_golden");
  MakeScans(root);
  ScanIndex a, b;
  ASSERT_TRUE(ReadScan(root + "/2026-11-24", &a).ok());
  ASSERT_TRUE(ReadScan(root + "/2026-11-25", &b).ok());
  Delta d = CompareScans(a, b);
  d.scan_a = "2026-11-24";  // the temp root differs per run
  d.scan_b = "2026-11-25";
  FixedClock clock(1795000000);
  ReportOptions o;
  o.clock = &clock;
  o.generator = "clearbid test";
  DeltaLinks links{"../2026-11-24/processes/", "processes/"};
  std::string json = DeltaJson(d, links, o);
  clearbid::testing::ExpectGolden("delta.json", json + "\n");
  EXPECT_NE(json.find("\"link\": \"processes/new%2Fone.html\""), std::string::npos);
  EXPECT_NE(json.find("\"link\": \"../2026-11-24/processes/ocds-test01-0003.html\""), std::string::npos);
  std::string html = DeltaHtml(d, links, o);
  EXPECT_NE(html.find("href=\"processes/ocds-test01-0001.html\""), std::string::npos);
  EXPECT_NE(html.find("href=\"../2026-11-24/processes/ocds-test01-0003.html\""), std::string::npos);
}

TEST(DeltaTest, BadFilesAreReportedAndSkipped) {
  std::string root = clearbid::testing::TempDir("delta_bad");
  MakeScans(root);
  std::ofstream(root + "/2026-11-25/processes/broken.json") << "{\"schema\":";
  std::ofstream(root + "/2026-11-25/processes/wrong-name.json")
      << AssessmentToJson(ExampleAssessment("ocds-test01-0009"));
  ScanIndex b;
  ASSERT_TRUE(ReadScan(root + "/2026-11-25", &b).ok());
  EXPECT_EQ(b.processes.size(), 4u);  // three good files plus the misnamed one
  ASSERT_EQ(b.issues.size(), 2u);
  EXPECT_NE(b.issues[0].find("broken.json"), std::string::npos);
  EXPECT_NE(b.issues[1].find("expected file name ocds-test01-0009.json"), std::string::npos);
  ScanIndex none;
  EXPECT_FALSE(ReadScan(root + "/missing", &none).ok());
}

TEST(DeltaTest, HtmlEscapesDataText) {
  std::string root = clearbid::testing::TempDir("delta_xss");
  ProcessAssessment x = ExampleAssessment("<script>alert(1)</script>", "\" onmouseover=\"alert(2)");
  WriteScan(root + "/a", {});
  WriteScan(root + "/b", {x});
  ScanIndex a, b;
  ASSERT_TRUE(ReadScan(root + "/a", &a).ok());
  ASSERT_TRUE(ReadScan(root + "/b", &b).ok());
  std::string html = DeltaHtml(CompareScans(a, b), {}, {});
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("\" onmouseover"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
}

}  // namespace
}  // namespace clearbid::reports
