#include "reports/delta.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>

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

// Briefs of `n` processes, varied by `seed` (a deterministic mix of bands,
// scores and flags over a few subjects and rules), some processes missing.
std::map<std::string, ProcessBrief> SyntheticBriefs(int n, uint32_t seed) {
  std::map<std::string, ProcessBrief> out;
  uint32_t x = seed;
  auto next = [&x] {
    x = x * 1664525u + 1013904223u;
    return x >> 8;
  };
  for (int i = 0; i < n; ++i) {
    if (next() % 10 == 0) continue;  // not in this scan
    ProcessBrief b;
    b.ocid = fmt::format("ocds-x-{:05d}", i);
    b.band = static_cast<Band>(next() % 4);
    b.score = static_cast<double>(next() % 10000) / 100;
    for (const char* subject : {"process", "party-1", "party-2"}) {
      for (const char* rule : {"BL-01", "DD-02", "LR-14"}) {
        if (next() % 3 != 0) continue;
        const auto severity = static_cast<Severity>(next() % 5);
        b.flags.push_back({subject, std::string("name of ") + subject, rule, std::string("title ") + rule, severity,
                           next() % 7 == 0});
      }
    }
    std::sort(b.flags.begin(), b.flags.end(), [](const FlagBrief& p, const FlagBrief& q) {
      return p.subject_id != q.subject_id ? p.subject_id < q.subject_id : p.rule_id < q.rule_id;
    });
    out.emplace(b.ocid, std::move(b));
  }
  return out;
}

TEST(DeltaTest, BuilderListsTheFirstChangesOfAWholeComparisonAndCountsThemAll) {
  ScanIndex a, b;
  a.dir = "A";
  b.dir = "B";
  a.processes = SyntheticBriefs(3000, 7);
  b.processes = SyntheticBriefs(3000, 8);
  a.issues = {"a1", "a2", "a3"};
  b.issues = {"b1"};
  const Delta whole = CompareScans(a, b);
  ASSERT_GT(whole.new_flags.size(), 500u);
  ASSERT_GT(whole.resolved_flags.size(), 500u);
  ASSERT_GT(whole.band_changes.size(), 500u);
  ASSERT_GT(whole.new_processes.size(), 50u);
  ASSERT_GT(whole.removed_processes.size(), 50u);
  EXPECT_FALSE(whole.truncated());
  EXPECT_EQ(whole.counts.new_flags, static_cast<int64_t>(whole.new_flags.size()));
  int64_t critical = 0;
  for (const FlagChange& c : whole.new_flags) critical += c.flag.severity >= Severity::kCritical || c.flag.zero_tolerance;
  EXPECT_EQ(CountNewFlagsAtLeast(whole, Severity::kCritical), critical);
  EXPECT_EQ(CountNewFlagsAtLeast(whole, Severity::kInfo), whole.counts.new_flags);

  // The processes in another order, in slices of a few, with a limit: the
  // lists are the whole comparison's first entries, the counts all of them.
  constexpr size_t kListed = 40;
  DeltaBuilder builder("A", "B", kListed);
  std::vector<std::string> ocids;
  for (const auto& [ocid, brief] : a.processes) ocids.push_back(ocid);
  for (const auto& [ocid, brief] : b.processes) {
    if (!a.processes.count(ocid)) ocids.push_back(ocid);
  }
  std::reverse(ocids.begin(), ocids.end());
  for (const std::string& i : a.issues) builder.AddIssueA(i);
  for (const std::string& i : b.issues) builder.AddIssueB(i);
  for (const std::string& ocid : ocids) {
    auto pa = a.processes.find(ocid), pb = b.processes.find(ocid);
    builder.Add(pa == a.processes.end() ? nullptr : &pa->second, pb == b.processes.end() ? nullptr : &pb->second);
  }
  Delta cut = builder.Finish();
  cut.processes_a = whole.processes_a;
  cut.processes_b = whole.processes_b;
  EXPECT_TRUE(cut.truncated());
  EXPECT_EQ(cut.counts.new_flags, whole.counts.new_flags);
  EXPECT_EQ(cut.counts.resolved_flags, whole.counts.resolved_flags);
  EXPECT_EQ(cut.counts.band_changes, whole.counts.band_changes);
  EXPECT_EQ(cut.counts.new_processes, whole.counts.new_processes);
  EXPECT_EQ(cut.counts.removed_processes, whole.counts.removed_processes);
  EXPECT_EQ(cut.new_flags_by_severity, whole.new_flags_by_severity);
  EXPECT_EQ(cut.new_zero_tolerance_flags, whole.new_zero_tolerance_flags);
  EXPECT_EQ(CountNewFlagsAtLeast(cut, Severity::kCritical), critical);

  // The same JSON as the whole comparison's with its lists cut to their
  // first kListed entries (and the limit stated).
  Delta expected = whole;
  expected.new_flags.resize(kListed);
  expected.resolved_flags.resize(kListed);
  expected.band_changes.resize(kListed);
  expected.new_processes.resize(kListed);
  expected.removed_processes.resize(kListed);
  expected.listed_at_most = kListed;
  FixedClock clock(1764000000);
  ReportOptions options;
  options.clock = &clock;
  const std::string json = DeltaJson(cut, {}, options);
  EXPECT_EQ(json, DeltaJson(expected, {}, options));
  EXPECT_NE(json.find("\"listed_at_most\": 40"), std::string::npos);
  EXPECT_EQ(DeltaJson(whole, {}, options).find("listed_at_most"), std::string::npos);
  EXPECT_EQ(DeltaHtml(cut, {}, options), DeltaHtml(expected, {}, options));
  EXPECT_NE(DeltaHtml(cut, {}, options).find(fmt::format("The first 40 of {} are listed", whole.counts.new_flags)),
            std::string::npos);

  // Issues beyond the limit are counted in one line per scan.
  DeltaBuilder few("A", "B", 2);
  for (const std::string& i : a.issues) few.AddIssueA(i);
  for (const std::string& i : b.issues) few.AddIssueB(i);
  EXPECT_EQ(few.Finish().issues,
            (std::vector<std::string>{"A: a1", "A: a2", "A: 1 more files that could not be read", "B: b1"}));
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
