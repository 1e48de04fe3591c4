// The ScanStore conformance suite on SQLite, plus what only SQLite has: the
// upgrade of a database made before claims existed (migration 2) and
// ClaimItems() inside a caller's Transaction.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/store/scan_store.h"
#include "tests/engine/store/scan_store_conformance.h"
#include "tests/test_util.h"

namespace clearbid::testing {

/// A fresh SQLite file per test; every Open() is a new connection to it.
class SqliteScanStoreFactory {
 public:
  SqliteScanStoreFactory() : path_(TempDir("scan-store") + "/clearbid.db") {}

  Result<std::unique_ptr<ScanStore>> Open() {
    ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path_));
    connections_.push_back(std::move(db));
    return ScanStore::Open(connections_.back().get());
  }

 private:
  std::string path_;
  std::vector<std::unique_ptr<Database>> connections_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, ScanStoreConformance, ::testing::Types<SqliteScanStoreFactory>);

namespace {

constexpr int64_t kT0 = 1764072000;

// The "scans" schema as version 1 created it, before claims.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE scans (
  scan_id TEXT PRIMARY KEY, sequence INTEGER NOT NULL UNIQUE, as_of TEXT NOT NULL, mode TEXT NOT NULL,
  pack_version TEXT NOT NULL, lists_fingerprint TEXT NOT NULL, out_dir TEXT NOT NULL, status TEXT NOT NULL,
  processes INTEGER NOT NULL DEFAULT 0, assessed INTEGER NOT NULL DEFAULT 0, reused INTEGER NOT NULL DEFAULT 0);
CREATE TABLE scan_items (
  scan_id TEXT NOT NULL, ocid TEXT NOT NULL, fingerprint TEXT NOT NULL, state INTEGER NOT NULL,
  PRIMARY KEY (scan_id, ocid)) WITHOUT ROWID;
CREATE TABLE assessments (
  ocid TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, scan_id TEXT NOT NULL, band TEXT NOT NULL,
  score REAL NOT NULL, json TEXT NOT NULL);
)sql";

TEST(SqliteScanStoreTest, DatabaseFromBeforeClaimsIsUpgradedAndKeepsItsScan) {
  auto db = Database::Open(TempDir("scan-store-v1") + "/clearbid.db");
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_TRUE((*db)->Migrate("scans", {{1, kVersion1}}).ok());
  ASSERT_TRUE((*db)
                  ->Exec("INSERT INTO scans VALUES ('2025-11-24', 1, '2025-11-24', 'full', 'core@1', 'l', '/o/2025-11-24',"
                         " 'running', 3, 0, 0);"
                         "INSERT INTO scan_items VALUES ('2025-11-24', 'o1', 'f1', 1), ('2025-11-24', 'o2', 'f2', 0),"
                         " ('2025-11-24', 'o3', 'f3', 2);")
                  .ok());

  auto store = ScanStore::Open(db->get());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto version = (*db)->SchemaVersion("scans");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 10);
  auto running = (*store)->RunningScan();
  ASSERT_TRUE(running.ok());
  ASSERT_TRUE(running->has_value());
  EXPECT_EQ((*running)->scan_id, "2025-11-24");
  EXPECT_EQ((*running)->carried_over, (std::array<int64_t, 4>{0, 0, 0, 0}));
  // An incremental scan's look-up of a stored fingerprint (the store's query) reads the index alone.
  auto plan = (*db)->Prepare("EXPLAIN QUERY PLAN SELECT fingerprint, band FROM assessments INDEXED BY assessments_fingerprint WHERE ocid = 'o1'");
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  std::string steps;
  for (;;) {
    auto row = plan->Step();
    ASSERT_TRUE(row.ok());
    if (!*row) break;
    steps += plan->ColumnText(3) + "\n";
  }
  EXPECT_NE(steps.find("COVERING INDEX assessments_fingerprint"), std::string::npos) << steps;
  // The old items are unclaimed: the not-done ones can be claimed at once.
  auto claimed = (*store)->ClaimItems("2025-11-24", "w1", 10, kT0, 60);
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  ASSERT_EQ(claimed->size(), 2u);
  EXPECT_EQ((*claimed)[0].ocid, "o2");
  EXPECT_EQ((*claimed)[1].ocid, "o3");
  EXPECT_EQ((*claimed)[1].state, ItemState::kReuse);
  // Opening again applies nothing more.
  auto again = ScanStore::Open(db->get());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
}

// Version 9 kept the memo's rows under their lists' fingerprint; version 10
// keeps them under a memo number. Each fingerprint's screenings survive.
TEST(SqliteScanStoreTest, ScreeningMemoOfVersion9KeepsEachFingerprintsScreenings) {
  auto db = Database::Open(TempDir("scan-store-v9") + "/clearbid.db");
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_TRUE(ScanStore::Open(db->get()).ok());
  // Back to version 9's memo table, holding two fingerprints.
  ASSERT_TRUE((*db)
                  ->Exec("DROP TABLE screening_memo_rows; DROP TABLE screening_memo_lists;"
                         "CREATE TABLE screening_memo (fingerprint TEXT NOT NULL, query_key TEXT NOT NULL,"
                         " matches TEXT NOT NULL, PRIMARY KEY (fingerprint, query_key)) WITHOUT ROWID;"
                         "INSERT INTO screening_memo VALUES ('fp-b', 'k2', '[2]'), ('fp-b', 'k1', '[1]'),"
                         " ('fp-a', 'k1', '[\"a\"]');"
                         "DELETE FROM schema_migrations WHERE component = 'scans' AND version = 10;")
                  .ok());
  auto store = ScanStore::Open(db->get());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(*(*db)->SchemaVersion("scans"), 10);
  auto read = [&](const std::string& fp) {
    std::vector<std::string> out;
    EXPECT_TRUE((*store)
                    ->ForEachScreening(fp, [&](const std::string& k, const std::string& m) {
                      out.push_back(k + "=" + m);
                      return Status::Ok();
                    })
                    .ok());
    return out;
  };
  EXPECT_EQ(read("fp-a"), (std::vector<std::string>{"k1=[\"a\"]"}));
  EXPECT_EQ(read("fp-b"), (std::vector<std::string>{"k1=[1]", "k2=[2]"}));
  auto old = (*db)->Prepare("SELECT count(*) FROM sqlite_master WHERE name = 'screening_memo'");
  ASSERT_TRUE(old.ok());
  ASSERT_TRUE(*old->Step());
  EXPECT_EQ(old->ColumnInt(0), 0);
  // The moved memo replaces the other's.
  ASSERT_TRUE((*store)->MoveScreenings("fp-a", "fp-b").ok());
  EXPECT_EQ(read("fp-b"), (std::vector<std::string>{"k1=[\"a\"]"}));
}

TEST(SqliteScanStoreTest, ClaimInsideACallersTransactionIsRefusedAndLeavesItUsable) {
  auto db = Database::Open(TempDir("scan-store-tx") + "/clearbid.db");
  ASSERT_TRUE(db.ok());
  auto store = ScanStore::Open(db->get());
  ASSERT_TRUE(store.ok());
  ScanRecord spec;
  spec.as_of = "2025-11-25";
  spec.out_dir = "/o";
  Transaction tx(**db);
  ASSERT_TRUE(tx.status().ok());
  auto scan = (*store)->CreateScan(spec);
  ASSERT_TRUE(scan.ok()) << scan.status().ToString();
  ASSERT_TRUE((*store)->AddItems(scan->scan_id, {{"o1", "f", ItemState::kPending}}).ok());
  auto claimed = (*store)->ClaimItems(scan->scan_id, "w1", 10, kT0, 60);
  EXPECT_FALSE(claimed.ok());
  ASSERT_TRUE(tx.Commit().ok());
  auto count = (*store)->CountItems(scan->scan_id, std::nullopt);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);
  claimed = (*store)->ClaimItems(scan->scan_id, "w1", 10, kT0, 60);
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  EXPECT_EQ(claimed->size(), 1u);
}

}  // namespace
}  // namespace clearbid::testing

namespace clearbid {
namespace {

TEST(SqliteScanStoreTest, AssessmentsAreStoredCompressedAndOlderTextRowsStillRead) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto store = ScanStore::Open(db->get());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  std::string json = "{\"findings\":[";
  for (int i = 0; i < 400; ++i) json += "{\"rule\":\"THB-" + std::to_string(i % 17) + "\",\"status\":\"raised\"},";
  json += "{}]}";
  ASSERT_TRUE((*store)->PutAssessment({"ocds-big", "fp", "2026-11-25", "high", 0.5, json}).ok());
  auto q = (*db)->Prepare("SELECT typeof(json), length(json) FROM assessments WHERE ocid = 'ocds-big'");
  ASSERT_TRUE(q.ok());
  ASSERT_TRUE(*q->Step());
  EXPECT_EQ(q->ColumnText(0), "blob");
  EXPECT_LT(q->ColumnInt(1) * 4, static_cast<int64_t>(json.size()));
  auto got = (*store)->GetAssessment("ocds-big");
  ASSERT_TRUE(got.ok() && got->has_value()) << got.status().ToString();
  EXPECT_EQ((*got)->json, json);
  // A row written before migration 8 (text) reads as it was.
  ASSERT_TRUE((*db)->Exec("INSERT INTO assessments VALUES ('ocds-old', 'fp', '2026-11-24', 'low', 0, '{\"old\":1}')").ok());
  auto old = (*store)->GetAssessment("ocds-old");
  ASSERT_TRUE(old.ok() && old->has_value());
  EXPECT_EQ((*old)->json, "{\"old\":1}");
  // A damaged compressed row is an error naming the process, not a crash.
  ASSERT_TRUE((*db)->Exec("UPDATE assessments SET json = substr(json, 1, 20) WHERE ocid = 'ocds-big'").ok());
  auto damaged = (*store)->GetAssessment("ocds-big");
  ASSERT_FALSE(damaged.ok());
  EXPECT_EQ(damaged.status().code(), Status::Code::kCorruption);
  EXPECT_NE(damaged.status().message().find("ocds-big"), std::string::npos) << damaged.status().ToString();
}

}  // namespace
}  // namespace clearbid
