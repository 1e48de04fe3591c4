// clearbid match in each mode, run as a user would; JSON shapes of
// docs/formats/match-output.md, and the worked example: a party of
// data/examples/ocds/bid-example.json on a small generic CSV list.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/store/match_store.h"
#include "engine/store/sqlite_db.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

std::string Clearbid(const std::string& args) { return std::string(CLEARBID_BINARY) + " " + args; }

void Write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::vector<nlohmann::json> JsonLines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

/// A store with one small generic list (two firms, one person).
std::string ListStoreWithNational(const std::string& dir) {
  std::string db = dir + "/clearbid.db";
  Write(dir + "/national.csv",
        "id,name,aliases,country,identifiers,schema\n"
        "N1,CONFECOES SUL LDA,,PT,,company\n"
        "N2,ТОВ «Бриз Одеса»,Briz Odesa TOV,UA,UA-EDR:12345678,company\n"
        "N3,\"Shcherbina, Olena\",,UA,,person\n");
  std::string out;
  EXPECT_EQ(testing::RunCommand(Clearbid("lists import --format csv --as-of 2025-06-01 --db " + db + " " +
                                         dir + "/national.csv"),
                                &out),
            0)
      << out;
  return db;
}

void ExpectMatchShape(const nlohmann::json& m) {
  for (const char* key : {"list", "entry_id", "name", "explanation"}) EXPECT_TRUE(m[key].is_string()) << key;
  EXPECT_TRUE(m["score"].is_number());
  EXPECT_TRUE(m["match"].is_boolean());
  EXPECT_TRUE(m["list_version"].is_number_integer());
}

TEST(MatchCommandTest, SingleNameJsonAndText) {
  std::string dir = testing::TempDir("cli-match");
  std::string db = ListStoreWithNational(dir);
  std::string out;
  ASSERT_EQ(
      testing::RunCommand(
          Clearbid("match \"Briz Odessa LLC\" --country ua --json --as-of 2025-06-01 --db " + db), &out),
      0)
      << out;
  nlohmann::json j = nlohmann::json::parse(out);
  EXPECT_EQ(j["query"], "Briz Odessa LLC");
  EXPECT_EQ(j["country"], "UA");
  ASSERT_EQ(j["lists"].size(), 1u);
  EXPECT_EQ(j["lists"][0].get<std::string>().rfind("national v1 sha256:", 0), 0u);
  ASSERT_FALSE(j["matches"].empty());
  ExpectMatchShape(j["matches"][0]);
  EXPECT_EQ(j["matches"][0]["entry_id"], "N2");
  EXPECT_EQ(j["matches"][0]["list"], "national");
  EXPECT_TRUE(j["matches"][0]["match"].get<bool>());
  // The index was kept beside the store; the next match reads it (the same answers).
  EXPECT_TRUE(std::filesystem::exists(db + ".match-index"));
  std::string again;
  ASSERT_EQ(
      testing::RunCommand(
          Clearbid("match \"Briz Odessa LLC\" --country ua --json --as-of 2025-06-01 --db " + db), &again),
      0);
  EXPECT_EQ(again, out);

  ASSERT_EQ(testing::RunCommand(Clearbid("match \"Olena Shcherbina\" --as-of 2025-06-01 --db " + db), &out),
            0);
  EXPECT_NE(out.find("match: yes"), std::string::npos) << out;
  EXPECT_NE(out.find("N3"), std::string::npos) << out;
  EXPECT_NE(out.find("clearbid-names-1"), std::string::npos) << out;
}

TEST(MatchCommandTest, NamesFileOneObjectPerLineBadRowsExitThree) {
  std::string dir = testing::TempDir("cli-match");
  std::string db = ListStoreWithNational(dir);
  Write(dir + "/names.csv",
        "id,name,country,identifier\n"
        "q1,Confeções Sul Lda.,PT,\n"
        "q2,Sea Breeze Holdings,UA,UA-EDR:1234-5678\n"
        "q3,,PT,\n"
        "q4,Completely Unrelated Name\n"
        "q5,Nobody Known,,\n");
  std::string out;
  int rc = testing::RunCommand(
      Clearbid("match --names " + dir + "/names.csv --top 2 --json --as-of 2025-06-01 --db " + db + " 2>" +
               dir + "/err.txt"),
      &out);
  EXPECT_EQ(rc, 3) << out;
  std::string err = testing::ReadFile(dir + "/err.txt");
  EXPECT_NE(err.find("names.csv:4: empty name"), std::string::npos) << err;
  EXPECT_NE(err.find("names.csv:5:"), std::string::npos) << err;
  auto lines = JsonLines(out);
  ASSERT_EQ(lines.size(), 3u) << out;
  EXPECT_EQ(lines[0]["id"], "q1");
  ASSERT_FALSE(lines[0]["matches"].empty());
  EXPECT_LE(lines[0]["matches"].size(), 2u);
  ExpectMatchShape(lines[0]["matches"][0]);
  EXPECT_EQ(lines[0]["matches"][0]["entry_id"], "N1");
  EXPECT_TRUE(lines[0]["matches"][0]["match"].get<bool>());
  EXPECT_EQ(lines[1]["id"], "q2");
  ASSERT_FALSE(lines[1]["matches"].empty());
  EXPECT_EQ(lines[1]["matches"][0]["entry_id"], "N2");
  EXPECT_TRUE(lines[1]["matches"][0]["identifier_match"].get<bool>());
  EXPECT_EQ(lines[2]["id"], "q5");
  for (const auto& m : lines[2]["matches"]) EXPECT_FALSE(m["match"].get<bool>());
}

TEST(MatchCommandTest, PairsFileScoresWithoutAStore) {
  std::string dir = testing::TempDir("cli-match");
  Write(dir + "/pairs.csv",
        "name1,name2,schema\n"
        "ООО Ромашка,Romashka OOO,company\n"
        "Shcherbina,Щербина,person\n"
        "Leasing 3 LLC,Leasing 6 LLC,company\n"
        "only one field\n");
  std::string out;
  int rc =
      testing::RunCommand(Clearbid("match --pairs " + dir + "/pairs.csv --json 2>" + dir + "/err.txt"), &out);
  EXPECT_EQ(rc, 3);
  EXPECT_NE(testing::ReadFile(dir + "/err.txt").find("pairs.csv:5:"), std::string::npos);
  auto lines = JsonLines(out);
  ASSERT_EQ(lines.size(), 3u) << out;
  EXPECT_EQ(lines[0]["name1"], "ООО Ромашка");
  EXPECT_EQ(lines[0]["name2"], "Romashka OOO");
  EXPECT_TRUE(lines[0]["score"].is_number());
  EXPECT_TRUE(lines[0]["match"].get<bool>());
  EXPECT_TRUE(lines[1]["match"].get<bool>());
  EXPECT_FALSE(lines[2]["match"].get<bool>());
  EXPECT_EQ(lines[0].size(), 4u);
}

TEST(MatchCommandTest, UsageErrors) {
  std::string out;
  EXPECT_EQ(testing::RunCommand(Clearbid("match 2>&1"), &out), 2) << out;
  EXPECT_EQ(testing::RunCommand(Clearbid("match Name --parties 2>&1"), &out), 2) << out;
  std::string dir = testing::TempDir("cli-match");
  EXPECT_EQ(testing::RunCommand(Clearbid("match Name --db " + dir + "/none.db 2>&1"), &out), 1) << out;
}

// The worked example: a party of the bid example is on a national list; the
// party scan stores the match with the list version it used, and a second
// run changes nothing.
TEST(MatchCommandTest, PartiesOfTheBidExampleAreMatchedAndStored) {
  std::string dir = testing::TempDir("cli-match");
  std::string db = ListStoreWithNational(dir);
  std::string examples = std::string(CLEARBID_SOURCE_DIR) + "/data/examples";
  std::string out;
  ASSERT_EQ(testing::RunCommand(Clearbid("ingest --db " + db + " " + examples + "/ocds/bid-example.json " +
                                         examples + "/disclosures/uniformes-norte-2026.json 2>&1"),
                                &out),
            0)
      << out;
  ASSERT_EQ(testing::RunCommand(Clearbid("match --parties --json --as-of 2025-06-01 --db " + db), &out), 0)
      << out;
  nlohmann::json j = nlohmann::json::parse(out);
  EXPECT_GE(j["parties"].get<int>(), 5);
  EXPECT_GT(j["disclosure_subjects"].get<int>(), 0);
  EXPECT_EQ(j["screened"], j["subjects"]);
  EXPECT_EQ(j["subjects_with_results"], 1);
  EXPECT_EQ(j["alerts"], 1);

  {  // the store is closed before clearbid runs again
    auto database = Database::Open(db);
    ASSERT_TRUE(database.ok());
    auto store = MatchStore::Open(database->get());
    ASSERT_TRUE(store.ok());
    auto results = (*store)->ResultsFor("PT-NIPPC/513000777");
    ASSERT_TRUE(results.ok());
    ASSERT_EQ(results->size(), 1u);
    const StoredMatch& m = (*results)[0];
    EXPECT_EQ(m.subject, "party");
    EXPECT_EQ(m.match.list, "national");
    EXPECT_EQ(m.match.list_version, 1);
    EXPECT_EQ(m.match.entry_id, "N1");
    EXPECT_EQ(m.match.query_name, "Confeções Sul, Lda.");
    EXPECT_TRUE(m.match.is_match);
    EXPECT_EQ(m.algorithm, "clearbid-names-1");
    EXPECT_NE(m.match.explanation.find("CONFECOES SUL LDA"), std::string::npos) << m.match.explanation;
  }

  ASSERT_EQ(testing::RunCommand(Clearbid("match --parties --json --as-of 2025-06-01 --db " + db), &out), 0)
      << out;
  nlohmann::json again = nlohmann::json::parse(out);
  EXPECT_EQ(again["screened"], 0);
  EXPECT_EQ(again["unchanged"], j["subjects"]);
}

}  // namespace
}  // namespace clearbid
