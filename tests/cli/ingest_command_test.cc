// The clearbid binary end to end: ingest's JSON summary and exit codes.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "engine/store/process_store.h"
#include "engine/store/sqlite_db.h"
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

// The ContentDigest of the process store in a SQLite file (opened after
// every process writing it has ended).
std::string StoreDigest(const std::string& path) {
  auto db = Database::Open(path);
  if (!db.ok()) return "cannot open: " + db.status().message();
  auto store = ProcessStore::Open(db->get());
  if (!store.ok()) return "cannot open the store: " + store.status().message();
  auto digest = (*store)->ContentDigest();
  return digest.ok() ? *digest : "no digest: " + digest.status().message();
}

// A first load (a store without releases) goes through a rollback journal by
// default; killed part-way (kill -9), it leaves a hot journal that the next
// connection rolls back, and ingesting the same file again stores exactly
// what an uninterrupted load stores.
TEST(IngestCommandTest, KilledFirstLoadThenTheSameIngestStoresTheSameRows) {
  const std::string bin = CLEARBID_BINARY;
  std::string dir = clearbid::testing::TempDir("ingest-cli-killed");
  const std::string data = dir + "/d.jsonl";
  std::string out;
  // 12,000 processes (about 41 MB): three transactions of 5,000 releases.
  ASSERT_EQ(RunCommand(bin + " generate --processes 12000 --seed 7 --out " + data + " >/dev/null", &out), 0);
  std::string ref_out;
  ASSERT_EQ(RunCommand(bin + " ingest --json --db " + dir + "/ref.db " + data, &ref_out), 0);
  EXPECT_EQ(HeaderJournalVersion(dir + "/ref.db"), 2);  // WAL mode again after the load

  const std::string killed = dir + "/killed.db";
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    FILE* null = std::freopen("/dev/null", "w", stdout);
    (void)null;
    execl(bin.c_str(), bin.c_str(), "ingest", "--json", "--db", killed.c_str(), data.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  // Killed once the file holds more than the schema (a commit's pages are
  // being written or have been): the first of three transactions or later.
  bool ended_by_itself = false;
  for (;;) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      ended_by_itself = true;
      break;
    }
    std::error_code ec;
    const uintmax_t size = fs::file_size(killed, ec);
    if (!ec && size > (uintmax_t{4} << 20)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!ended_by_itself) {
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
  }
  if (ended_by_itself) GTEST_SKIP() << "the ingest ended before it was killed: nothing to check";
  // The load was in rollback-journal mode (a WAL-mode load keeps 2 here).
  EXPECT_EQ(HeaderJournalVersion(killed), 1);

  ASSERT_EQ(RunCommand(bin + " ingest --json --db " + killed + " " + data, &out), 0);
  auto again = nlohmann::json::parse(out);
  auto ref = nlohmann::json::parse(ref_out);
  EXPECT_EQ(again["releases_new"].get<int64_t>() + again["releases_unchanged"].get<int64_t>(), 12000);
  EXPECT_EQ(again["store"], ref["store"]);
  EXPECT_EQ(HeaderJournalVersion(killed), 2);
  EXPECT_FALSE(fs::exists(killed + "-journal"));
  EXPECT_EQ(StoreDigest(killed), StoreDigest(dir + "/ref.db"));
  fs::remove_all(dir);
}

TEST(IngestCommandTest, ExclusiveAndNoExclusiveTogetherAreAUsageError) {
  std::string out;
  EXPECT_EQ(RunCommand(std::string(CLEARBID_BINARY) + " ingest --exclusive --no-exclusive --db /tmp/never-created.db x"
                       " 2>&1", &out), 2);
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
