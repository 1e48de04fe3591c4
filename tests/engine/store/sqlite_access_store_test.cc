// The AccessStore conformance suite on SQLite, plus a look at what the file
// keeps: digests only, never a token, session id or password.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/access/credentials.h"
#include "engine/store/access_store.h"
#include "tests/engine/store/access_store_conformance.h"
#include "tests/test_util.h"

namespace clearbid::testing {

/// A fresh SQLite file per test; every Open() is a new connection to it.
class SqliteAccessStoreFactory {
 public:
  SqliteAccessStoreFactory() : path_(TempDir("access-store") + "/clearbid.db") {}

  Result<std::unique_ptr<AccessStore>> Open(const Clock* clock) {
    ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path_));
    connections_.push_back(std::move(db));
    return OpenSqliteAccessStore(connections_.back().get(), clock, /*password_iterations=*/1000);
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::vector<std::unique_ptr<Database>> connections_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, AccessStoreConformance, ::testing::Types<SqliteAccessStoreFactory>);

namespace {

/// Every value of every row `query` gives, as text.
std::string AllText(Database& db, const char* query) {
  auto q = db.Prepare(query);
  EXPECT_TRUE(q.ok());
  std::string out;
  while (q.ok()) {
    auto row = q->Step();
    if (!row.ok() || !*row) break;
    for (int c = 0; c < q->ColumnCount(); ++c) out += q->ColumnText(c) + "\n";
  }
  return out;
}

TEST(SqliteAccessStoreTest, TheFileKeepsOnlyDigests) {
  SqliteAccessStoreFactory factory;
  FixedClock clock(1764072000);
  auto store = factory.Open(&clock);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  const std::string password = "a long enough secret";
  ASSERT_TRUE((*store)->AddUser("alice", Role::kAuditor, password).ok());
  auto token = (*store)->IssueToken("alice", "laptop");
  ASSERT_TRUE(token.ok());
  auto session = (*store)->CreateSession("alice", 600);
  ASSERT_TRUE(session.ok());

  auto db = Database::Open(factory.path());
  ASSERT_TRUE(db.ok());
  std::string everything =
      AllText(**db, "SELECT * FROM users") + AllText(**db, "SELECT * FROM api_tokens") +
                           AllText(**db, "SELECT * FROM sessions");
  EXPECT_EQ(everything.find(password), std::string::npos);
  EXPECT_EQ(everything.find(*token), std::string::npos);
  EXPECT_EQ(everything.find(session->id), std::string::npos);
  EXPECT_NE(everything.find(TokenDigest(*token)), std::string::npos);
  EXPECT_NE(everything.find(TokenDigest(session->id)), std::string::npos);
  EXPECT_NE(everything.find("pbkdf2-sha256$1000$"), std::string::npos);
  auto version = (*db)->SchemaVersion("access");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 1);
}

TEST(SqliteAccessStoreTest, ExpiredSessionsArePurgedAsNewOnesCome) {
  SqliteAccessStoreFactory factory;
  MutableClock clock(1764072000);
  auto store = factory.Open(&clock);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->AddUser("alice", Role::kAuditor, "").ok());
  ASSERT_TRUE((*store)->CreateSession("alice", 10).ok());
  clock.Advance(10);
  ASSERT_TRUE((*store)->CreateSession("alice", 10).ok());
  auto db = Database::Open(factory.path());
  ASSERT_TRUE(db.ok());
  auto q = (*db)->Prepare("SELECT count(*) FROM sessions");
  ASSERT_TRUE(q.ok());
  auto row = q->Step();
  ASSERT_TRUE(row.ok() && *row);
  EXPECT_EQ(q->ColumnInt(0), 1);
}

TEST(SqliteAccessStoreTest, RejectsZeroIterations) {
  SqliteAccessStoreFactory factory;
  FixedClock clock(1764072000);
  auto db = Database::Open(factory.path());
  ASSERT_TRUE(db.ok());
  auto store = OpenSqliteAccessStore(db->get(), &clock, 0);
  EXPECT_FALSE(store.ok());
}

}  // namespace
}  // namespace clearbid::testing
