// The ScanStore and FlagStore conformance suites on PostgreSQL, plus what
// only PostgreSQL has: the migration record, stores inside a caller's
// PgTransaction, claims from separate processes.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "engine/store/pg/pg_scan_flag_stores.h"
#include "tests/engine/store/flag_store_conformance.h"
#include "tests/engine/store/pg/pg_test_env.h"
#include "tests/engine/store/scan_store_conformance.h"

namespace clearbid::testing {

/// A fresh database per test; every Open() is a new connection to it.
template <typename Store>
class PostgresStoreFactory {
 public:
  Result<std::unique_ptr<Store>> Open() {
    ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> conn, db_.Connect());
    connections_.push_back(std::move(conn));
    if constexpr (std::is_same_v<Store, ScanStore>) {
      return OpenPostgresScanStore(connections_.back().get());
    } else {
      return OpenPostgresFlagStore(connections_.back().get());
    }
  }

  const PgTestDatabase& db() const { return db_; }

 private:
  PgTestDatabase db_;  // declared first: dropped after the connections close
  std::vector<std::unique_ptr<PgConnection>> connections_;
};

using PostgresScanStoreFactory = PostgresStoreFactory<ScanStore>;
using PostgresFlagStoreFactory = PostgresStoreFactory<FlagStore>;

INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, ScanStoreConformance, ::testing::Types<PostgresScanStoreFactory>);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, FlagStoreConformance, ::testing::Types<PostgresFlagStoreFactory>);

namespace {

constexpr int64_t kT0 = 1764072000;

TEST(PostgresScanFlagStoreTest, MigrationsAreRecordedWithSQLitesVersionsOnce) {
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  for (int round = 0; round < 2; ++round) {
    ASSERT_TRUE(OpenPostgresScanStore(conn->get()).ok());
    ASSERT_TRUE(OpenPostgresFlagStore(conn->get()).ok());
  }
  auto scans = (*conn)->SchemaVersion("scans");
  auto flags = (*conn)->SchemaVersion("flags");
  ASSERT_TRUE(scans.ok() && flags.ok());
  EXPECT_EQ(*scans, 10);
  EXPECT_EQ(*flags, 1);
  auto rows = (*conn)->Exec("SELECT count(*) FROM schema_migrations WHERE component IN ('scans', 'flags')");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->Text(0, 0), "11");
  // Stored assessments are compressed with lz4 when the server has it.
  auto lz4 = (*conn)->Exec(
      "SELECT 'lz4' = ANY (enumvals) FROM pg_settings WHERE name = 'default_toast_compression'");
  ASSERT_TRUE(lz4.ok()) << lz4.status().ToString();
  auto method = (*conn)->Exec(
      "SELECT attcompression FROM pg_attribute WHERE attrelid = 'assessments'::regclass AND attname = 'json'");
  ASSERT_TRUE(method.ok()) << method.status().ToString();
  EXPECT_EQ(method->Text(0, 0), lz4->Bool(0, 0) ? "l" : "");
}

TEST(PostgresScanFlagStoreTest, ScoresReadBackBitForBitWhateverTheServersFloatDigits) {
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  {
    auto admin = db.Connect();
    ASSERT_TRUE(admin.ok()) << admin.status().ToString();
    ASSERT_TRUE((*admin)
                    ->Script("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET extra_float_digits = 0', "
                             "current_database()); END $$")
                    .ok());
  }
  auto conn = db.Connect();  // a new session: the database default applies before Open's own setting
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  auto store = OpenPostgresScanStore(conn->get());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  const double third = 1.0 / 3.0;
  ASSERT_TRUE((*store)->PutAssessment({"ocds-1", "fp", "s", "low", third, "{}"}).ok());
  auto got = (*store)->GetAssessment("ocds-1");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->score, third);  // bit for bit, not 0.333333333333333
}

TEST(PostgresScanFlagStoreTest, WritesBelongToTheCallersTransactionButClaimsDoNot) {
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  auto scans = OpenPostgresScanStore(conn->get());
  auto flags = OpenPostgresFlagStore(conn->get());
  ASSERT_TRUE(scans.ok() && flags.ok());
  ScanRecord spec;
  spec.as_of = "2025-11-25";
  spec.out_dir = "/o";
  PartyFlag flag;
  flag.ocid = "o1";
  flag.party_id = "p1";
  flag.band = Band::kHigh;
  FlagFilter any;
  any.min_band = Band::kLow;
  {
    PgTransaction tx(**conn);
    ASSERT_TRUE(tx.status().ok());
    auto scan = (*scans)->CreateScan(spec);
    ASSERT_TRUE(scan.ok()) << scan.status().ToString();
    ASSERT_TRUE((*scans)->AddItems(scan->scan_id, {{"o1", "f", ItemState::kPending}}).ok());
    ASSERT_TRUE((*flags)->Put("o1", {flag}).ok());
    auto claimed = (*scans)->ClaimItems(scan->scan_id, "w1", 10, kT0, 60);
    EXPECT_FALSE(claimed.ok());
  }  // rolled back
  auto running = (*scans)->RunningScan();
  ASSERT_TRUE(running.ok()) << running.status().ToString();
  EXPECT_FALSE(running->has_value());
  auto n = (*flags)->Count(any);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0);
  {
    PgTransaction tx(**conn);
    auto scan = (*scans)->CreateScan(spec);
    ASSERT_TRUE(scan.ok());
    ASSERT_TRUE((*scans)->AddItems(scan->scan_id, {{"o1", "f", ItemState::kPending}}).ok());
    ASSERT_TRUE((*flags)->Put("o1", {flag}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  n = (*flags)->Count(any);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  auto claimed = (*scans)->ClaimItems("2025-11-25", "w1", 10, kT0, 60);
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  EXPECT_EQ(claimed->size(), 1u);
}

// Scan workers are processes: three of them, each on its own connection,
// claim batches until none is left and write what they got to a pipe.
TEST(PostgresScanFlagStoreTest, WorkerProcessesClaimEveryItemExactlyOnce) {
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  auto setup_conn = db.Connect();
  ASSERT_TRUE(setup_conn.ok()) << setup_conn.status().ToString();
  auto setup = OpenPostgresScanStore(setup_conn->get());
  ASSERT_TRUE(setup.ok()) << setup.status().ToString();
  ScanRecord spec;
  spec.as_of = "2025-11-25";
  spec.out_dir = "/o";
  auto scan = (*setup)->CreateScan(spec);
  ASSERT_TRUE(scan.ok());
  constexpr int kItems = 600;
  std::vector<ScanItem> items;
  for (int i = 0; i < kItems; ++i) items.push_back({"ocds-" + std::to_string(1000 + i), "f", ItemState::kPending});
  ASSERT_TRUE((*setup)->AddItems(scan->scan_id, items).ok());

  constexpr int kWorkers = 3;
  int pipes[kWorkers][2];
  pid_t pids[kWorkers];
  for (int w = 0; w < kWorkers; ++w) {
    ASSERT_EQ(pipe(pipes[w]), 0);
    pids[w] = fork();
    ASSERT_GE(pids[w], 0);
    if (pids[w] == 0) {
      close(pipes[w][0]);
      int rc = 0;
      auto conn = PgConnection::Open(db.url());
      if (!conn.ok()) _exit(2);
      auto store = OpenPostgresScanStore(conn->get());
      if (!store.ok()) _exit(3);
      std::string out;
      for (;;) {
        auto batch = (*store)->ClaimItems(scan->scan_id, "worker-" + std::to_string(w), 5, kT0, 600);
        if (!batch.ok()) {
          rc = 4;
          break;
        }
        if (batch->empty()) break;
        for (const ScanItem& item : *batch) out += item.ocid + "\n";
      }
      size_t off = 0;
      while (off < out.size()) {
        ssize_t n = write(pipes[w][1], out.data() + off, out.size() - off);
        if (n <= 0) _exit(5);
        off += static_cast<size_t>(n);
      }
      close(pipes[w][1]);
      _exit(rc);
    }
    close(pipes[w][1]);
  }
  std::vector<std::string> all;
  for (int w = 0; w < kWorkers; ++w) {
    std::string text;
    char buf[4096];
    ssize_t n;
    while ((n = read(pipes[w][0], buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
    close(pipes[w][0]);
    int status = 0;
    ASSERT_EQ(waitpid(pids[w], &status, 0), pids[w]);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "worker " << w << " status " << status;
    for (size_t pos = 0; pos < text.size();) {
      size_t end = text.find('\n', pos);
      all.push_back(text.substr(pos, end - pos));
      pos = end + 1;
    }
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end()) << "an item was claimed twice";
  EXPECT_EQ(all.size(), static_cast<size_t>(kItems));
  auto left = (*setup)->ClaimItems(scan->scan_id, "late", 10, kT0, 600);
  ASSERT_TRUE(left.ok());
  EXPECT_TRUE(left->empty());
}

}  // namespace
}  // namespace clearbid::testing
