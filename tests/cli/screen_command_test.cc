// clearbid screen and clearbid rules on the worked example: the bid whose
// subcontractor charges recruitment fees and holds passports.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "tests/test_util.h"

namespace clearbid {
namespace {

using clearbid::testing::RunCommand;

std::string Examples() { return std::string(CLEARBID_SOURCE_DIR) + "/data/examples"; }

std::string ScreenCommand(const std::string& extra) {
  return std::string(CLEARBID_BINARY) + " screen --no-store --as-of 2026-11-25 --rules " + CLEARBID_SOURCE_DIR +
         "/rules/core " + Examples() + "/ocds/bid-example.json " + Examples() + "/disclosures " + Examples() +
         "/audits " + extra;
}

TEST(ScreenCommandTest, WorkedExampleIsCriticalWithCitations) {
  std::string out;
  ASSERT_EQ(RunCommand(ScreenCommand("--json"), &out), 0) << out;
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["schema"], "clearbid.assessment/1.0");
  EXPECT_EQ(j["band"], "critical");
  bool fees = false, documents = false;
  for (const auto& party : j["parties"]) {
    for (const auto& f : party["findings"]) {
      if (f["status"] != "flagged") continue;
      EXPECT_FALSE(f["legal_basis"].empty()) << f["rule"];
      EXPECT_FALSE(f["evidence"].empty()) << f["rule"];
      std::string rule = f["rule"];
      fees |= rule == "LR-13";
      documents |= rule == "LR-14" && f["zero_tolerance"] == true;
    }
  }
  EXPECT_TRUE(fees);
  EXPECT_TRUE(documents);
}

TEST(ScreenCommandTest, SameInputsSameBytes) {
  std::string a, b;
  ASSERT_EQ(RunCommand(ScreenCommand("--json"), &a), 0);
  ASSERT_EQ(RunCommand(ScreenCommand("--json"), &b), 0);
  EXPECT_EQ(a, b);
  EXPECT_GT(a.size(), 1000u);
}

// Against a store's lists, the index kept beside the store (as a scan keeps
// it) serves the next screen of the same lists: the same answer, whether it
// was read, built, or built again because the file was damaged.
TEST(ScreenCommandTest, ListIndexKeptBesideTheStoreGivesTheSameAnswer) {
  namespace fs = std::filesystem;
  const std::string dir = clearbid::testing::TempDir("screen-snapshot");
  const std::string db = dir + "/s.db";
  std::ofstream(dir + "/national.csv") << "id,name,country,reason,listed_until\n"
                                          "ND-17,Texteis Atlantico Lda,PT,fraudulent practice,\n";
  std::string out;
  ASSERT_EQ(RunCommand(std::string(CLEARBID_BINARY) + " lists import --db " + db +
                           " --as-of 2026-11-01 --format csv --name national " + dir + "/national.csv 2>&1",
                       &out),
            0)
      << out;
  const std::string screen = std::string(CLEARBID_BINARY) + " screen --db " + db +
                             " --json --as-of 2026-11-25 --rules " + CLEARBID_SOURCE_DIR + "/rules/core " +
                             Examples() + "/ocds/bid-example.json " + Examples() + "/disclosures " + Examples() +
                             "/audits";
  std::string built, read, rebuilt;
  ASSERT_EQ(RunCommand(screen, &built), 0) << built;
  EXPECT_NE(built.find("ND-17"), std::string::npos) << "the listed subcontractor should match";
  // The index, and the lists it holds (for a later scan against changed lists).
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(db + ".match-index")) {
    if (e.path().extension() != ".lists") files.push_back(e.path());
  }
  ASSERT_EQ(files.size(), 1u);
  ASSERT_EQ(files[0].extension(), ".idx");
  EXPECT_TRUE(fs::exists(fs::path(files[0]).replace_extension(".lists")));
  const auto written = fs::last_write_time(files[0]);
  ASSERT_EQ(RunCommand(screen, &read), 0) << read;
  EXPECT_EQ(read, built);
  EXPECT_EQ(fs::last_write_time(files[0]), written) << "read, not written again";
  std::ofstream(files[0], std::ios::trunc) << "damaged";
  ASSERT_EQ(RunCommand(screen, &rebuilt), 0) << rebuilt;
  EXPECT_EQ(rebuilt, built);
  EXPECT_GT(fs::file_size(files[0]), 100u);
  fs::remove_all(dir);
}

TEST(ScreenCommandTest, WithoutEvidenceRulesAreInsufficientDataNotClear) {
  std::string out;
  ASSERT_EQ(RunCommand(std::string(CLEARBID_BINARY) + " screen --no-store --json --as-of 2026-11-25 --rules " +
                           CLEARBID_SOURCE_DIR + "/rules/core " + Examples() + "/ocds/bid-example.json",
                       &out),
            0);
  auto j = nlohmann::json::parse(out);
  for (const auto& party : j["parties"]) {
    for (const auto& f : party["findings"]) {
      if (std::string(f["rule"]) == "LR-13") {
        EXPECT_EQ(f["status"], "insufficient_data");
      }
    }
    EXPECT_NE(party["band"], "low") << "a party with no evidence must not look low-risk";
  }
}

TEST(RulesCommandTest, LintPassesOnTheShippedPackAndFailsOnABrokenOne) {
  std::string out;
  EXPECT_EQ(RunCommand(std::string(CLEARBID_BINARY) + " rules lint " + CLEARBID_SOURCE_DIR + "/rules/core", &out), 0)
      << out;
  std::string dir = clearbid::testing::TempDir("broken-pack");
  std::ofstream(dir + "/pack.toml") << "[pack]\nid = \"broken\"\nversion = \"0\"\n";
  std::ofstream(dir + "/rules.toml") << "[[rule]]\nid = \"X-1\"\ntitle = \"t\"\ncategory = \"blacklist\"\n"
                                        "severity = \"high\"\nweight = 5\naction = \"exclude\"\n"
                                        "when = \"lists.confirmed_match == 3\"\n"
                                        "legal_basis = [{ standard = \"ILO C29\", article = \"Art. 2\" }]\n";
  int rc = RunCommand(std::string(CLEARBID_BINARY) + " rules lint " + dir + " 2>&1", &out);
  EXPECT_EQ(rc, 1);
  EXPECT_NE(out.find(dir + "/rules.toml:8:"), std::string::npos) << out;
  EXPECT_NE(out.find("cannot compare a boolean with a number"), std::string::npos) << out;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace clearbid
