// clearbid lists import / clearbid lists, run as a user would.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "tests/test_util.h"

namespace clearbid {
namespace {

std::string Clearbid(const std::string& args) { return std::string(CLEARBID_BINARY) + " " + args; }

std::string ImportArgs(const char* format, const std::string& file, const std::string& db) {
  return std::string("lists import --json --as-of 2025-06-01 --format ") + format + " --db " + db + " " + file;
}

TEST(ListsCommandTest, ImportEveryRealListAndShowVersions) {
  REQUIRE_SHARED_DATA();
  std::string lists = testing::SharedDataDir() + "/lists";
  std::string db = testing::TempDir("cli-lists") + "/clearbid.db";
  struct Import {
    const char* format;
    std::string file;
    const char* name;
    int64_t entries;
  } imports[] = {
      {"worldbank", lists + "/worldbank_ineligible_firms.csv", "worldbank", 1285},
      {"ebrd", lists + "/ebrd_ineligible_firms.csv", "ebrd", 1322},
      {"ofac-csv", lists + "/ofac_sdn_legacy_csv", "ofac-sdn", 7379},
      {"un-xml", lists + "/un_sc_consolidated.xml", "un-sc", 1003},
      {"ftm", lists + "/ftm/yente_t1_entities.ftm.json", "opensanctions", 6},
      {"us-csl", lists + "/us_consolidated_screening_list_sample.csv", "us-csl", 115},
      {"bis-dpl", lists + "/us_bis_denied_persons.txt", "us-bis-dpl", 417},
  };
  for (const Import& imp : imports) {
    std::string out;
    int rc = testing::RunCommand(Clearbid(ImportArgs(imp.format, imp.file, db)), &out);
    ASSERT_EQ(rc, 0) << imp.format << ": " << out;
    nlohmann::json j = nlohmann::json::parse(out);
    ASSERT_EQ(j["imports"].size(), 1u);
    EXPECT_EQ(j["imports"][0]["name"], imp.name);
    EXPECT_EQ(j["imports"][0]["entries"], imp.entries);
    EXPECT_EQ(j["imports"][0]["skipped"], 0);
  }
  std::string out;
  ASSERT_EQ(testing::RunCommand(Clearbid("lists --json --as-of 2025-06-01 --db " + db), &out), 0) << out;
  nlohmann::json j = nlohmann::json::parse(out);
  ASSERT_EQ(j["versions"].size(), 7u);
  EXPECT_EQ(j["versions"][0]["name"], "worldbank");
  EXPECT_EQ(j["versions"][0]["active"], 1285 - 59);
  EXPECT_EQ(j["versions"][1]["active"], 1322 - 318);
  for (const auto& v : j["versions"]) EXPECT_TRUE(v["latest"].get<bool>());
  EXPECT_EQ(j["versions"][0]["file_sha256"].get<std::string>().size(), 64u);
}

TEST(ListsCommandTest, BadRowsExitThreeAndAreReported) {
  std::string dir = testing::TempDir("cli-lists");
  std::string csv = dir + "/national.csv";
  std::ofstream(csv) << "name,country,listed_until\nGood LLC,UA,\n,UA,\nOld LLC,MD,2020-01-01\nBad,UA,soon\n";
  std::string db = dir + "/clearbid.db";
  std::string out;
  int rc = testing::RunCommand(Clearbid("lists import --format csv --as-of 2025-01-01 --db " + db + " " + csv +
                                        " 2>&1"),
                               &out);
  EXPECT_EQ(rc, 3) << out;
  EXPECT_NE(out.find("imported national version 1"), std::string::npos) << out;
  EXPECT_NE(out.find("2 entries (1 active, 1 ended before 2025-01-01), 2 rows skipped"), std::string::npos) << out;
  EXPECT_NE(out.find(csv + ":3: empty name"), std::string::npos) << out;
  EXPECT_NE(out.find(csv + ":5: listed_until: unrecognised date \"soon\""), std::string::npos) << out;

  EXPECT_EQ(testing::RunCommand(Clearbid("lists import --format xlsx " + csv + " 2>&1"), &out), 2) << out;
  EXPECT_EQ(testing::RunCommand(Clearbid("lists import --format csv --db " + db + " " + dir + "/missing.csv 2>&1"),
                                &out),
            1)
      << out;
  EXPECT_NE(out.find("missing.csv: cannot open"), std::string::npos) << out;
  EXPECT_EQ(testing::RunCommand(Clearbid("lists --db " + db), &out), 0);
  EXPECT_NE(out.find("national"), std::string::npos) << out;
}

}  // namespace
}  // namespace clearbid
