// The FlagStore conformance suite on SQLite, plus Put() inside a caller's
// Transaction (the scan and the screen routes store assessments and flags
// together).

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/store/flag_store.h"
#include "tests/engine/store/flag_store_conformance.h"
#include "tests/test_util.h"

namespace clearbid::testing {

/// A fresh SQLite file per test; every Open() is a new connection to it.
class SqliteFlagStoreFactory {
 public:
  SqliteFlagStoreFactory() : path_(TempDir("flag-store") + "/clearbid.db") {}

  Result<std::unique_ptr<FlagStore>> Open() {
    ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path_));
    connections_.push_back(std::move(db));
    return FlagStore::Open(connections_.back().get());
  }

 private:
  std::string path_;
  std::vector<std::unique_ptr<Database>> connections_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, FlagStoreConformance, ::testing::Types<SqliteFlagStoreFactory>);

namespace {

PartyFlag OneFlag(const std::string& ocid) {
  PartyFlag f;
  f.ocid = ocid;
  f.party_id = "p1";
  f.party_key = "GB-COH/1";
  f.band = Band::kHigh;
  f.score = 80;
  return f;
}

TEST(SqliteFlagStoreTest, PutBelongsToTheCallersTransaction) {
  auto db = Database::Open(TempDir("flag-store-tx") + "/clearbid.db");
  ASSERT_TRUE(db.ok());
  auto store = FlagStore::Open(db->get());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  FlagFilter any;
  any.min_band = Band::kLow;
  {
    Transaction tx(**db);
    ASSERT_TRUE(tx.status().ok());
    ASSERT_TRUE((*store)->Put("o1", {OneFlag("o1")}).ok());
    // A refused Put changes nothing; the transaction goes on.
    EXPECT_FALSE((*store)->Put("o2", {OneFlag("o2"), OneFlag("o3")}).ok());
    auto n = (*store)->Count(any);
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(*n, 1);
  }  // rolled back
  auto n = (*store)->Count(any);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0);
  {
    Transaction tx(**db);
    ASSERT_TRUE((*store)->Put("o1", {OneFlag("o1")}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  n = (*store)->Count(any);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
}

}  // namespace
}  // namespace clearbid::testing
