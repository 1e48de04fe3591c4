// Issue 8, must-show 2: one scan split between several processes through
// PostgreSQL. The process that starts the scan and three `clearbid scan
// --worker` processes share it; one worker is killed (SIGKILL) in the middle
// of a batch, holding a claim. The others take its items over when the lease
// expires, and the scan folder ends byte for byte equal to the folder of a
// single-process scan of the same data on SQLite.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/store/pg/pg_connection.h"
#include "tests/engine/store/pg/pg_test_env.h"
#include "tests/test_util.h"

namespace clearbid::testing {
namespace {

namespace fs = std::filesystem;

const std::string kBin = CLEARBID_BINARY;
const std::string kRules = std::string(" --rules ") + CLEARBID_SOURCE_DIR + "/rules/core";

std::map<std::string, std::string> FolderFiles(const fs::path& folder) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(folder)) {
    if (e.is_regular_file()) files[fs::relative(e.path(), folder).string()] = ReadFile(e.path().string());
  }
  return files;
}

// Loads the same inputs into `db` (a SQLite file or a PostgreSQL URL).
void LoadStore(const std::string& db, const std::string& dir) {
  std::string out;
  ASSERT_EQ(RunCommand(kBin + " ingest --db '" + db + "' " + dir + "/gen.jsonl " + CLEARBID_SOURCE_DIR +
                           "/data/examples 2>&1",
                       &out),
            0)
      << out;
  ASSERT_EQ(RunCommand(kBin + " lists import --db '" + db + "' --format csv --name national " + dir +
                           "/national.csv 2>&1",
                       &out),
            0)
      << out;
}

std::string ScanArgs(const std::string& db, const std::string& out) {
  return " scan --db '" + db + "' --out " + out + " --as-of 2026-11-25 --batch 4 --jobs 1" + kRules;
}

struct ProcessRun {
  int rc = -1;
  std::string out;
};

TEST(ScanWorkersPostgresTest, ThreeWorkersOneKilledEqualASingleProcessScan) {
  PgTestDatabase database;
  if (database.url().empty()) return;  // skipped or failed in the constructor
  const std::string url = database.url();
  const std::string dir = TempDir("scan-workers");
  std::string out;
  // Enough processes that a worker joining up to a poll (200 ms) after the
  // scan starts still finds work: participants claim a batch ahead.
  ASSERT_EQ(RunCommand(kBin + " generate --processes 1500 --seed 17 --out " + dir + "/gen.jsonl", &out), 0) << out;
  {
    // Names the generator uses, so that some parties match.
    std::ofstream csv(dir + "/national.csv");
    csv << "id,name,country,reason\n"
           "ND-17,Texteis Atlantico Lda,PT,fraudulent practice\n"
           "ND-18,Uniformes do Norte SA,PT,forced labour finding\n";
  }

  // The reference: one process, SQLite.
  LoadStore(dir + "/ref.db", dir);
  ASSERT_EQ(RunCommand(kBin + ScanArgs(dir + "/ref.db", dir + "/ref") + " 2>&1", &out), 0) << out;
  const auto reference = FolderFiles(dir + "/ref/2026-11-25");
  ASSERT_EQ(reference.count("summary.json"), 1u);
  for (const char* name : {"rules.json", "portfolio.json", "portfolio.html"}) ASSERT_EQ(reference.count(name), 1u) << name;
  size_t process_files = 0;
  for (const auto& [name, bytes] : reference) process_files += name.rfind("processes/", 0) == 0 && name.size() > 5 &&
                                                               name.compare(name.size() - 5, 5, ".json") == 0;
  ASSERT_EQ(process_files, 1u + 1500u) << "1,500 generated processes and the example bid";

  // The same data on PostgreSQL, scanned by four processes.
  LoadStore(url, dir);
  const std::string shared = dir + "/shared";
  std::vector<ProcessRun> workers(3);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < workers.size(); ++i) {
    // Worker 0 dies (kill -9) after writing the files of its first batch,
    // before recording it done: its claims (that batch and the one it
    // claimed ahead, when there was one) stay until the lease ends. (Its
    // first batch, not its second: participants claim a batch ahead while
    // they write one, so a worker that joins late may get only one.)
    const std::string env = i == 0 ? "CLEARBID_SCAN_KILL_AT=files:1 " : "";
    const std::string cmd = env + kBin + ScanArgs(url, shared) + " --worker --worker-name w" + std::to_string(i) +
                            " --lease 5 --wait 60 2>&1";
    threads.emplace_back([&workers, i, cmd] { workers[i].rc = RunCommand(cmd, &workers[i].out); });
  }
  ProcessRun starter;
  starter.rc = RunCommand(kBin + ScanArgs(url, shared) + " --lease 5 --worker-name starter 2>&1", &starter.out);
  for (std::thread& t : threads) t.join();

  ASSERT_EQ(starter.rc, 0) << starter.out;
  EXPECT_NE(workers[0].rc, 0) << "worker 0 should have been killed: " << workers[0].out;
  int helped = 0;
  for (size_t i = 1; i < workers.size(); ++i) {
    EXPECT_EQ(workers[i].rc, 0) << workers[i].out;
    EXPECT_NE(workers[i].out.find("worker left scan 2026-11-25"), std::string::npos) << workers[i].out;
    helped += workers[i].out.find(": 0 processes assessed here") == std::string::npos;
  }
  EXPECT_GE(helped, 1) << "the workers should have taken part of the scan";

  const auto split = FolderFiles(shared + "/2026-11-25");
  for (const auto& [name, bytes] : split) EXPECT_EQ(name.find(".tmp"), std::string::npos) << name;
  EXPECT_EQ(split.size(), reference.size());
  for (const auto& [name, bytes] : reference) {
    ASSERT_EQ(split.count(name), 1u) << name;
    EXPECT_EQ(split.at(name), bytes) << name;
  }

  // Nothing lost or duplicated in the store: one done item and one assessment
  // (by this scan) per process, and no temporary file left in the folder.
  auto conn = PgConnection::Open(url);
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  auto rows = (*conn)->Exec(
      "SELECT (SELECT count(*) FROM scan_items WHERE scan_id = '2026-11-25'),"
      " (SELECT count(*) FROM scan_items WHERE scan_id = '2026-11-25' AND state = 1),"
      " (SELECT count(*) FROM assessments WHERE scan_id = '2026-11-25'),"
      " (SELECT count(*) FROM assessments),"
      " (SELECT status FROM scans WHERE scan_id = '2026-11-25')");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->Text(0, 0), "1501");
  EXPECT_EQ(rows->Text(0, 1), "1501");
  EXPECT_EQ(rows->Text(0, 2), "1501");
  EXPECT_EQ(rows->Text(0, 3), "1501");
  EXPECT_EQ(rows->Text(0, 4), "complete");
}

TEST(ScanWorkersPostgresTest, AWorkerWithAnotherRulePackOrWithoutTheFolderIsRefused) {
  PgTestDatabase database;
  if (database.url().empty()) return;
  const std::string url = database.url();
  const std::string dir = TempDir("scan-worker-refused");
  std::string out;
  ASSERT_EQ(RunCommand(kBin + " generate --processes 20 --seed 3 --out " + dir + "/gen.jsonl", &out), 0) << out;
  ASSERT_EQ(RunCommand(kBin + " ingest --db '" + url + "' " + dir + "/gen.jsonl 2>&1", &out), 0) << out;
  // A scan left running (the starter killed once it created the scan).
  EXPECT_NE(RunCommand("CLEARBID_SCAN_KILL_AT=created:1 " + kBin + ScanArgs(url, dir + "/scans") + " 2>&1", &out), 0);
  // Another rule pack: a copy of the core pack with another version.
  const std::string rules = dir + "/rules";
  ASSERT_EQ(RunCommand("cp -r " + std::string(CLEARBID_SOURCE_DIR) + "/rules/core " + rules +
                           " && sed -i 's/^version = .*/version = \"9.9.9-test\"/' " + rules + "/pack.toml 2>&1",
                       &out),
            0)
      << out;
  int rc = RunCommand(kBin + " scan --db '" + url + "' --out " + dir + "/scans --as-of 2026-11-25 --rules " + rules +
                          " --worker --wait 0 2>&1",
                      &out);
  EXPECT_NE(rc, 0) << out;
  EXPECT_NE(out.find("finish the scan with the same"), std::string::npos) << out;
  // The same pack, but the scan folder is not there (the shared folder not mounted).
  std::filesystem::rename(dir + "/scans", dir + "/elsewhere");
  rc = RunCommand(kBin + ScanArgs(url, dir + "/scans") + " --worker --wait 0 2>&1", &out);
  EXPECT_NE(rc, 0) << out;
  EXPECT_NE(out.find("not visible on this host"), std::string::npos) << out;
}

TEST(ScanWorkerTest, AWorkerOnSqliteIsRefusedWithAReason) {
  const std::string dir = TempDir("scan-worker-sqlite");
  std::string out;
  int rc = RunCommand(kBin + ScanArgs(dir + "/x.db", dir + "/scans") + " --worker 2>&1", &out);
  EXPECT_NE(rc, 0);
  EXPECT_NE(out.find("PostgreSQL"), std::string::npos) << out;
}

TEST(ScanWorkersPostgresTest, AWorkerWithNoScanToJoinLeavesAfterItsWait) {
  PgTestDatabase database;
  if (database.url().empty()) return;
  const std::string dir = TempDir("scan-worker-idle");
  std::string out;
  ASSERT_EQ(RunCommand(kBin + ScanArgs(database.url(), dir + "/scans") + " --worker --wait 0 2>&1", &out), 0) << out;
  EXPECT_NE(out.find("no running scan to join"), std::string::npos) << out;
}

}  // namespace
}  // namespace clearbid::testing
