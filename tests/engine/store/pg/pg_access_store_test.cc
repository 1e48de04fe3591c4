// The AccessStore conformance suite on PostgreSQL, plus a look at what the
// database keeps: digests only, never a token, session id or password.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/access/credentials.h"
#include "engine/store/pg/pg_stores.h"
#include "tests/engine/store/access_store_conformance.h"
#include "tests/engine/store/pg/pg_test_env.h"

namespace clearbid::testing {

/// A fresh database per test; every Open() is a new connection to it.
class PostgresAccessStoreFactory {
 public:
  Result<std::unique_ptr<AccessStore>> Open(const Clock* clock) {
    ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> conn, db_.Connect());
    connections_.push_back(std::move(conn));
    return OpenPostgresAccessStore(connections_.back().get(), clock, /*password_iterations=*/1000);
  }

  const PgTestDatabase& db() const { return db_; }

 private:
  PgTestDatabase db_;  // declared first: dropped after the connections close
  std::vector<std::unique_ptr<PgConnection>> connections_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, AccessStoreConformance, ::testing::Types<PostgresAccessStoreFactory>);

namespace {

constexpr int64_t kT0 = 1764072000;

/// Every value of every row of `table`, as text.
std::string AllText(PgConnection& conn, const std::string& query) {
  auto rows = conn.Exec(query);
  EXPECT_TRUE(rows.ok()) << rows.status().ToString();
  std::string out;
  if (!rows.ok()) return out;
  for (size_t r = 0; r < rows->size(); ++r) {
    for (int c = 0; c < rows->columns(); ++c) out += rows->Text(r, c) + "\n";
  }
  return out;
}

TEST(PostgresAccessStoreTest, TheDatabaseKeepsOnlyDigests) {
  REQUIRE_POSTGRES();
  PostgresAccessStoreFactory factory;
  FixedClock clock(kT0);
  auto store = factory.Open(&clock);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  const std::string password = "a long enough secret";
  ASSERT_TRUE((*store)->AddUser("alice", Role::kAuditor, password).ok());
  auto token = (*store)->IssueToken("alice", "laptop");
  ASSERT_TRUE(token.ok());
  auto session = (*store)->CreateSession("alice", 600);
  ASSERT_TRUE(session.ok());

  auto conn = factory.db().Connect();
  ASSERT_TRUE(conn.ok());
  std::string everything = AllText(**conn, "SELECT * FROM users") + AllText(**conn, "SELECT * FROM api_tokens") +
                           AllText(**conn, "SELECT * FROM sessions");
  EXPECT_EQ(everything.find(password), std::string::npos);
  EXPECT_EQ(everything.find(*token), std::string::npos);
  EXPECT_EQ(everything.find(session->id), std::string::npos);
  EXPECT_NE(everything.find(TokenDigest(*token)), std::string::npos);
  EXPECT_NE(everything.find(TokenDigest(session->id)), std::string::npos);
  EXPECT_NE(everything.find("pbkdf2-sha256$1000$"), std::string::npos);
  auto version = (*conn)->SchemaVersion("access");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 1);
}

TEST(PostgresAccessStoreTest, ExpiredSessionsArePurgedAsNewOnesCome) {
  REQUIRE_POSTGRES();
  PostgresAccessStoreFactory factory;
  MutableClock clock(kT0);
  auto store = factory.Open(&clock);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->AddUser("alice", Role::kAuditor, "").ok());
  ASSERT_TRUE((*store)->CreateSession("alice", 10).ok());
  clock.Advance(10);
  ASSERT_TRUE((*store)->CreateSession("alice", 10).ok());
  auto conn = factory.db().Connect();
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ(AllText(**conn, "SELECT count(*) FROM sessions"), "1\n");
}

TEST(PostgresAccessStoreTest, ReviewAndAccessStoresShareOneConnection) {
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  FixedClock clock(kT0);
  auto access = OpenPostgresAccessStore(conn->get(), &clock, 1000);
  ASSERT_TRUE(access.ok()) << access.status().ToString();
  auto review = OpenPostgresReviewStore(conn->get(), &clock);
  ASSERT_TRUE(review.ok()) << review.status().ToString();
  ASSERT_TRUE((*access)->AddUser("alice", Role::kAuditor, "").ok());
  ASSERT_TRUE((*review)->Record("cli", "user_added", "user:alice", R"({"role":"auditor"})").ok());
  auto users = (*access)->ListUsers();
  ASSERT_TRUE(users.ok());
  EXPECT_EQ(users->size(), 1u);
  EXPECT_EQ((*conn)->SchemaVersion("access").value(), 1);
  EXPECT_EQ((*conn)->SchemaVersion("review").value(), 1);
}

TEST(PostgresAccessStoreTest, RejectsZeroIterationsAndMissingArguments) {
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok());
  FixedClock clock(kT0);
  EXPECT_EQ(OpenPostgresAccessStore(conn->get(), &clock, 0).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(OpenPostgresAccessStore(nullptr, &clock).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(OpenPostgresAccessStore(conn->get(), nullptr).status().code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace clearbid::testing
