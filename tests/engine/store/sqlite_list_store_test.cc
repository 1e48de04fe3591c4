// The ListStore conformance suite on SQLite, plus what only SQLite does:
// plain text columns keep the bytes they were given, and the store works on
// an in-memory database.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/store/list_store.h"
#include "tests/engine/store/list_store_conformance.h"
#include "tests/test_util.h"

namespace clearbid::testing {

/// A fresh SQLite file per test; every Open() is a new connection to it.
class SqliteListStoreFactory {
 public:
  SqliteListStoreFactory() : path_(TempDir("list-store") + "/clearbid.db") {}

  Result<std::unique_ptr<ListStore>> Open() {
    ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path_));
    connections_.push_back(std::move(db));
    return ListStore::Open(connections_.back().get());
  }

 private:
  std::string path_;
  std::vector<std::unique_ptr<Database>> connections_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, ListStoreConformance, ::testing::Types<SqliteListStoreFactory>);

namespace {

TEST(SqliteListStoreTest, PlainTextColumnsKeepInvalidUtf8AsGiven) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto store = ListStore::Open(db->get());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ListEntry e;
  e.entry_id = "1";
  e.name = "Caf\xE9";
  e.aliases = {"Caf\xE9 Latin-1"};
  ListVersion v;
  v.name = "csv";
  v.format = "csv";
  ASSERT_TRUE((*store)->AddVersion(v, {e}, FixedClock(0)).ok());
  auto back = (*store)->LoadActiveEntries();
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0].name, "Caf\xE9");                        // as given
  EXPECT_EQ((*back)[0].aliases[0], "Caf\xEF\xBF\xBD Latin-1");  // JSON: replaced
}

// Rows imported before digests were stored (schema 1) have none: their
// stamps carry the digest of the entry read whole, and the delta is the same.
TEST(SqliteListStoreTest, RowsWithoutAStoredDigestAreStampedFromTheWholeEntry) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto store = ListStore::Open(db->get());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  std::vector<ListEntry> entries;
  for (int i = 0; i < 50; ++i) {
    ListEntry e;
    e.entry_id = "e" + std::to_string(i);
    e.name = "Company " + std::to_string(i);
    e.aliases = {"Alias " + std::to_string(i)};
    e.listed_until = i % 3 ? "" : "2026-06-30";
    entries.push_back(std::move(e));
  }
  ListVersion v;
  v.name = "csv";
  v.format = "csv";
  auto added = (*store)->AddVersion(v, entries, FixedClock(0));
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  auto stamps = [&] {
    std::map<std::string, std::string> out;
    EXPECT_TRUE((*store)
                    ->ForEachVersionStamp(added->id,
                                          [&](const ListEntryStamp& st) {
                                            out[st.entry_id] = st.digest + "|" + st.listed_until;
                                            return Status::Ok();
                                          })
                    .ok());
    return out;
  };
  const auto stored = stamps();
  ASSERT_EQ(stored.size(), entries.size());
  EXPECT_EQ(stored.at("e3"), ListEntryDigest(entries[3]) + "|2026-06-30");
  ASSERT_TRUE((*db)->Exec("UPDATE list_entries SET digest = NULL WHERE entry_id > 'e2'").ok());
  EXPECT_EQ(stamps(), stored);
}

}  // namespace
}  // namespace clearbid::testing
