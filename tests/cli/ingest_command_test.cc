// The clearbid binary end to end: ingest's JSON summary and exit codes.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "tests/test_util.h"

namespace clearbid {
namespace {

namespace fs = std::filesystem;
using clearbid::testing::RunCommand;

TEST(IngestCommandTest, JsonSummaryNamesEveryBadFileAndExitsThree) {
  std::string dir = clearbid::testing::TempDir("ingest-cli");
  std::ofstream(dir + "/good.jsonl") << R"({"ocid":"ocds-t-1","id":"1","date":"2024-01-01","tender":{"title":"A"}})"
                                     << "\n";
  std::ofstream(dir + "/empty.json");
  std::ofstream(dir + "/truncated.json") << "{\"releases\": [{\"ocid\": \"x\"";
  std::ofstream(dir + "/bad-type.json") << R"({"ocid":"ocds-t-2","id":"1","parties":[{"id":"p","name":["x"]}]})";
  std::string out;
  int rc = RunCommand(std::string(CLEARBID_BINARY) + " ingest --json --db " + dir + "/s.db " + dir + " 2>/dev/null", &out);
  EXPECT_EQ(rc, 3);
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["files"], 4);
  EXPECT_EQ(j["store"]["processes"], 2);  // the bad-type release is kept, its bad field dropped
  std::set<std::string> files;
  for (const auto& e : j["errors"]) {
    files.insert(fs::path(e["file"].get<std::string>()).filename().string());
    EXPECT_FALSE(e["reason"].get<std::string>().empty());
    EXPECT_TRUE(e.contains("line"));
  }
  EXPECT_EQ(files, (std::set<std::string>{"empty.json", "truncated.json", "bad-type.json"}));

  // Everything valid: exit 0; the same input again changes nothing.
  fs::remove(dir + "/empty.json");
  fs::remove(dir + "/truncated.json");
  fs::remove(dir + "/bad-type.json");
  rc = RunCommand(std::string(CLEARBID_BINARY) + " ingest --json --db " + dir + "/s.db " + dir + "/good.jsonl", &out);
  EXPECT_EQ(rc, 0);
  j = nlohmann::json::parse(out);
  EXPECT_EQ(j["releases_unchanged"], 1);
  EXPECT_EQ(j["errors"].size(), 0u);
  fs::remove_all(dir);
}

// The journal mode in a SQLite file's header (byte 18: 1 rollback journal,
// 2 WAL), read without opening a connection (which would set WAL mode).
int HeaderJournalVersion(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  char header[20] = {};
  f.read(header, sizeof header);
  return f ? header[18] : -1;
}

TEST(IngestCommandTest, ExclusiveLoadStoresTheSameAndLeavesTheStoreInWalMode) {
  std::string dir = clearbid::testing::TempDir("ingest-cli-exclusive");
  std::ofstream(dir + "/a.jsonl")
      << R"({"ocid":"ocds-t-1","id":"1","date":"2024-01-01","parties":[{"id":"s","name":"Acme","roles":["supplier"]}]})"
      << "\n"
      << R"({"ocid":"ocds-t-2","id":"1","date":"2024-01-02","tender":{"title":"B"}})" << "\n";
  std::string wal_out, exclusive_out;
  ASSERT_EQ(RunCommand(std::string(CLEARBID_BINARY) + " ingest --json --db " + dir + "/w.db " + dir + "/a.jsonl",
                       &wal_out), 0);
  ASSERT_EQ(RunCommand(std::string(CLEARBID_BINARY) + " ingest --json --exclusive --db " + dir + "/x.db " + dir +
                           "/a.jsonl", &exclusive_out), 0);
  auto w = nlohmann::json::parse(wal_out);
  auto x = nlohmann::json::parse(exclusive_out);
  EXPECT_EQ(x["store"], w["store"]);
  EXPECT_EQ(x["releases_new"], 2);
  EXPECT_EQ(HeaderJournalVersion(dir + "/x.db"), 2);  // WAL mode again
  EXPECT_FALSE(fs::exists(dir + "/x.db-journal"));
  // Again, exclusively: nothing changes.
  ASSERT_EQ(RunCommand(std::string(CLEARBID_BINARY) + " ingest --json --exclusive --db " + dir + "/x.db " + dir +
                           "/a.jsonl", &exclusive_out), 0);
  x = nlohmann::json::parse(exclusive_out);
  EXPECT_EQ(x["releases_unchanged"], 2);
  EXPECT_EQ(x["processes_changed"], 0);
  EXPECT_EQ(x["store"], w["store"]);
  EXPECT_EQ(HeaderJournalVersion(dir + "/x.db"), 2);
  fs::remove_all(dir);
}

TEST(IngestCommandTest, MissingPathIsAFailure) {
  std::string out;
  int rc = RunCommand(std::string(CLEARBID_BINARY) + " ingest --db /tmp/never-created.db /no/such/path 2>&1", &out);
  EXPECT_EQ(rc, 1);
  EXPECT_NE(out.find("/no/such/path"), std::string::npos);
}

TEST(IngestCommandTest, UnknownFlagIsAUsageError) {
  std::string out;
  EXPECT_EQ(RunCommand(std::string(CLEARBID_BINARY) + " ingest --no-such-flag x 2>&1", &out), 2);
}

}  // namespace
}  // namespace clearbid
