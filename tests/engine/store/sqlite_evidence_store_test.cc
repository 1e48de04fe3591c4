// The EvidenceStore conformance suite on SQLite, plus what only SQLite does:
// a put is a SAVEPOINT, so a failed put inside a caller's transaction undoes
// itself alone and the caller's transaction goes on.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/store/evidence_store.h"
#include "tests/engine/store/evidence_store_conformance.h"
#include "tests/test_util.h"

namespace clearbid::testing {

/// A fresh SQLite file per test; every Open() is a new connection to it.
class SqliteEvidenceStoreFactory {
 public:
  SqliteEvidenceStoreFactory() : path_(TempDir("evidence-store") + "/clearbid.db") {}

  Result<std::unique_ptr<EvidenceStore>> Open() {
    ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path_));
    connections_.push_back(std::move(db));
    return EvidenceStore::Open(connections_.back().get());
  }

  Status InCallerTransaction(bool commit, const std::function<void()>& body) {
    if (connections_.empty()) return Status::Internal("no store opened");
    Transaction tx(*connections_.back());
    RETURN_IF_ERROR(tx.status());
    body();
    return commit ? tx.Commit() : Status::Ok();
  }

 private:
  std::string path_;
  std::vector<std::unique_ptr<Database>> connections_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, EvidenceStoreConformance,
                               ::testing::Types<SqliteEvidenceStoreFactory>);

namespace {

TEST(SqliteEvidenceStoreTest, AFailedPutInsideACallersTransactionUndoesItselfOnly) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto store = EvidenceStore::Open(db->get());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  // A supply-chain entry the database refuses, after the disclosure row is written.
  ASSERT_TRUE((*db)
                  ->Exec("CREATE TRIGGER refuse_bad BEFORE INSERT ON evidence_disclosure_entries "
                         "WHEN NEW.ref = 'BAD' BEGIN SELECT RAISE(ABORT, 'refused'); END")
                  .ok());
  SupplierDisclosure bad = ConformanceDisclosure();
  bad.disclosure_id = "D-BAD";
  bad.supply_chain.entries[0].ref = "BAD";
  {
    Transaction tx(**db);
    ASSERT_TRUE(tx.status().ok());
    ASSERT_TRUE((*store)->PutDisclosure(ConformanceDisclosure(), "{\"x\":1}", "f", 1).ok());
    EXPECT_FALSE((*store)->PutDisclosure(bad, "{\"x\":2}", "f", 2).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  auto counts = (*store)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->disclosures, 1);  // the good one; nothing of the bad one
  EXPECT_EQ(counts->disclosure_entries, 1);
  auto list = (*store)->DisclosuresFor("PT-NIPPC", "505678901");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].disclosure_id, "D-1");
}

}  // namespace
}  // namespace clearbid::testing
