// The MatchStore conformance suite on SQLite, plus what only SQLite does:
// Open() is the SQLite store, and a failed PutScreening() inside the caller's
// transaction leaves that transaction usable (a SAVEPOINT).

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store/match_store.h"
#include "engine/store/store_transaction.h"
#include "tests/engine/store/match_store_conformance.h"
#include "tests/engine/store/sqlite_store_factory.h"
#include "tests/test_util.h"

namespace clearbid::testing {

using SqliteMatchStoreFactory = SqliteStoreFactory<MatchStore, &OpenSqliteMatchStore>;

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, MatchStoreConformance, ::testing::Types<SqliteMatchStoreFactory>);

namespace {

TEST(SqliteMatchStoreTest, OpenIsTheSqliteStore) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto a = MatchStore::Open(db->get());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  auto put = (*a)->PutScreening(ConformanceSubject("k", "party", "Name"), "fp", "names-1",
                                {ConformanceResult("national", 1, "e", 0.9)});
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  // A second store on the same connection sees the same rows (migrations ran once).
  auto b = OpenSqliteMatchStore(db->get());
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  auto counts = (*b)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->results, 1);
  auto version = (*db)->SchemaVersion("matches");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 1);
  EXPECT_EQ(OpenSqliteMatchStore(nullptr).status().code(), Status::Code::kInvalidArgument);
}

TEST(SqliteMatchStoreTest, AFailedScreeningLeavesTheCallersTransactionGoingOn) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto store = OpenSqliteMatchStore(db->get());
  ASSERT_TRUE(store.ok());
  auto transactions = SqliteTransactions(db->get());
  auto tx = transactions->Begin();
  ASSERT_TRUE(tx.ok()) << tx.status().ToString();
  ASSERT_TRUE((*store)->PutScreening(ConformanceSubject("k1", "party", "One"), "fp", "names-1",
                                     {ConformanceResult("national", 1, "a", 0.9)})
                  .ok());
  // A result refused half way: the savepoint is rolled back, the
  // transaction goes on.
  ASSERT_TRUE((*db)->Exec("CREATE TRIGGER refuse BEFORE INSERT ON match_results WHEN NEW.entry_id = 'bad'"
                          " BEGIN SELECT RAISE(ABORT, 'refused'); END")
                  .ok());
  auto bad = (*store)->PutScreening(ConformanceSubject("k2", "party", "Two"), "fp", "names-1",
                                    {ConformanceResult("national", 1, "good", 0.9),
                                     ConformanceResult("national", 1, "bad", 0.8)});
  EXPECT_FALSE(bad.ok());
  ASSERT_TRUE((*tx)->Commit().ok());
  auto counts = (*store)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->screenings, 1);
  EXPECT_EQ(counts->results, 1);
  auto two = (*store)->ResultsFor("k2");
  ASSERT_TRUE(two.ok());
  EXPECT_TRUE(two->empty());
}

}  // namespace
}  // namespace clearbid::testing
