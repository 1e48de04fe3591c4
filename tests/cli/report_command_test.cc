// clearbid report end to end: a contract summary of a stored process
// assessed on demand, and the delta between two scans.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "tests/test_util.h"

namespace clearbid {
namespace {

namespace fs = std::filesystem;
using clearbid::testing::ReadFile;
using clearbid::testing::RunCommand;

const std::string kBin = CLEARBID_BINARY;
const std::string kRules = std::string(" --rules ") + CLEARBID_SOURCE_DIR + "/rules/core";

TEST(ReportCommandTest, ContractSummaryOfAStoredProcess) {
  std::string dir = clearbid::testing::TempDir("report-cli");
  std::string db = dir + "/s.db";
  std::string out;
  ASSERT_EQ(RunCommand(kBin + " ingest --db " + db + " " + CLEARBID_SOURCE_DIR + "/data/examples", &out), 0) << out;
  ASSERT_EQ(RunCommand(kBin + " report ocds-cbex01-2026-000042 --format json --as-of 2026-11-25 --db " + db + kRules +
                           " --out " + dir + "/summary.json",
                       &out),
            0)
      << out;
  auto j = nlohmann::json::parse(ReadFile(dir + "/summary.json"));
  EXPECT_EQ(j["assessment"]["band"], "critical") << j.dump().substr(0, 400);
  ASSERT_EQ(RunCommand(kBin + " report ocds-cbex01-2026-000042 --format html --as-of 2026-11-25 --db " + db + kRules +
                           " --out " + dir + "/summary.html",
                       &out),
            0);
  std::string html = ReadFile(dir + "/summary.html");
  EXPECT_NE(html.find("LR-14"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);  // self-contained, no scripts
  // No external requests (the SVG namespace URI is a name, not a request).
  for (const char* ref : {"src=\"http", "href=\"http", "<link", "url(http", "@import"})
    EXPECT_EQ(html.find(ref), std::string::npos) << ref;
  // An unknown process is a clear failure.
  EXPECT_EQ(RunCommand(kBin + " report ocds-no-such --db " + db + kRules + " 2>&1", &out), 1);
  EXPECT_NE(out.find("ocds-no-such"), std::string::npos);
  fs::remove_all(dir);
}

TEST(ReportCommandTest, DeltaBetweenTwoScans) {
  std::string dir = clearbid::testing::TempDir("report-delta");
  std::string db = dir + "/s.db";
  std::string out;
  ASSERT_EQ(RunCommand(kBin + " generate --processes 10 --seed 3 --out " + dir + "/gen.jsonl", &out), 0);
  ASSERT_EQ(RunCommand(kBin + " ingest --db " + db + " " + dir + "/gen.jsonl", &out), 0);
  ASSERT_EQ(RunCommand(kBin + " scan --db " + db + " --out " + dir + "/scans --as-of 2026-11-25" + kRules + " 2>/dev/null",
                       &out),
            0);
  ASSERT_EQ(RunCommand(kBin + " ingest --db " + db + " " + CLEARBID_SOURCE_DIR + "/data/examples", &out), 0);
  ASSERT_EQ(RunCommand(kBin + " scan --db " + db + " --out " + dir + "/scans --as-of 2026-11-26" + kRules + " 2>/dev/null",
                       &out),
            0);
  ASSERT_EQ(RunCommand(kBin + " report --delta " + dir + "/scans/2026-11-25 " + dir + "/scans/2026-11-26 --format json" +
                           " --out " + dir + "/delta.json",
                       &out),
            0)
      << out;
  std::string text = ReadFile(dir + "/delta.json");
  EXPECT_NE(text.find("ocds-cbex01-2026-000042"), std::string::npos);  // the new, critical process
  auto j = nlohmann::json::parse(text);
  EXPECT_TRUE(j.is_object());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace clearbid
