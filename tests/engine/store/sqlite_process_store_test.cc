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

// Party appearances and items go in multi-row INSERTs of up to 16 rows: a
// process with more keeps every row, in order.
TEST(SqliteProcessStoreTest, ManyPartiesAndItemsAreAllStored) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto store = OpenSqliteProcessStore(db->get());
  ASSERT_TRUE(store.ok());
  ContractingProcess p = ConformanceProcess("ocds-many-1");
  for (int i = 0; i < 35; ++i) {
    const std::string n = std::to_string(i);
    // Every fifth supplier is the same organisation under another party id.
    p.parties.push_back(ConformanceParty("s" + n, "Supplier " + n, "PT-NIPC", i % 5 ? "6" + n : "599", "PT",
                                         {"tenderer"}, 1));
    p.tender.items.push_back(ConformanceItem("CPV", "1810000" + std::to_string(i % 10), "Item " + n));
  }
  auto put = (*store)->PutProcess(p, "d", 1, nullptr, /*known_new=*/true);
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  auto counts = (*store)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->process_parties, 37);
  EXPECT_EQ(counts->parties, 2 + 28 + 1);
  EXPECT_EQ(counts->items, 4 + 35);
  auto q = (*db)->Prepare("SELECT group_concat(seq || ':' || description, '|') FROM"
                          " (SELECT seq, description FROM process_items WHERE ocid = 'ocds-many-1' ORDER BY seq)");
  ASSERT_TRUE(q.ok());
  ASSERT_TRUE(q->Step().ok());
  std::string want;
  std::vector<std::string> descriptions = {"Fardas", "Calçado"};
  for (int i = 0; i < 35; ++i) descriptions.push_back("Item " + std::to_string(i));
  descriptions.push_back("Fardas");
  descriptions.push_back("Calçado");
  for (size_t i = 0; i < descriptions.size(); ++i) want += (i ? "|" : "") + std::to_string(i) + ":" + descriptions[i];
  EXPECT_EQ(q->ColumnText(0), want);
}

}  // namespace
}  // namespace clearbid::testing
