// The ReviewStore conformance suite on PostgreSQL, plus what only PostgreSQL
// has: the plpgsql append-only triggers, the migration record, text the
// server refuses, and writers in separate processes.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/store/pg/pg_stores.h"
#include "tests/engine/store/pg/pg_test_env.h"
#include "tests/engine/store/review_store_conformance.h"

namespace clearbid::testing {

/// A fresh database per test; every Open() is a new connection to it.
class PostgresReviewStoreFactory {
 public:
  Result<std::unique_ptr<ReviewStore>> Open(const Clock* clock) {
    ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> conn, db_.Connect());
    connections_.push_back(std::move(conn));
    return OpenPostgresReviewStore(connections_.back().get(), clock);
  }

  /// Raw SQL on a connection of its own, after dropping the append-only
  /// guard as a database owner would.
  Status TamperReason(int64_t seq, const std::string& reason) {
    return RawSql("DROP TRIGGER IF EXISTS audit_trail_no_update ON audit_trail",
                  "UPDATE audit_trail SET reason = $2 WHERE seq = $1", {seq, reason});
  }
  Status TamperDelete(int64_t seq) {
    return RawSql("DROP TRIGGER IF EXISTS audit_trail_no_delete ON audit_trail", "DELETE FROM audit_trail WHERE seq = $1",
                  {seq});
  }

  const PgTestDatabase& db() const { return db_; }

 private:
  Status RawSql(const std::string& unguard, const std::string& sql, const std::vector<PgParam>& params) {
    ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> conn, db_.Connect());
    RETURN_IF_ERROR(conn->Script(unguard));
    ASSIGN_OR_RETURN(PgRows changed, conn->Exec(sql, params));
    if (changed.affected() != 1) return Status::NotFound("no audit entry " + params[0].value().value_or(""));
    return Status::Ok();
  }

  PgTestDatabase db_;  // declared first: dropped after the connections close
  std::vector<std::unique_ptr<PgConnection>> connections_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, ReviewStoreConformance, ::testing::Types<PostgresReviewStoreFactory>);

namespace {

constexpr int64_t kT0 = 1764072000;

ReviewRequest PartyDecision(const std::string& key, const std::string& reason, const std::string& actor = "alice") {
  ReviewRequest r;
  r.kind = "party";
  r.key = key;
  r.action = ReviewAction::kConfirm;
  r.reason = reason;
  r.actor = actor;
  return r;
}

TEST(PostgresReviewStoreTest, TrailRefusesUpdateDeleteAndTruncateThroughSql) {
  REQUIRE_POSTGRES();
  PostgresReviewStoreFactory factory;
  FixedClock clock(kT0);
  auto store = factory.Open(&clock);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE((*store)->Decide(PartyDecision("p", "")).ok());
  auto conn = factory.db().Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  for (const char* sql : {"UPDATE audit_trail SET reason = 'x' WHERE seq = 1", "DELETE FROM audit_trail",
                          "TRUNCATE audit_trail"}) {
    Status s = (*conn)->Script(sql);
    EXPECT_FALSE(s.ok()) << sql;
    EXPECT_NE(s.message().find("append-only"), std::string::npos) << sql << ": " << s.ToString();
  }
  auto v = (*store)->Verify();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_TRUE(v->ok) << v->problem;
  EXPECT_EQ(v->entries, 1);
}

TEST(PostgresReviewStoreTest, MigrationIsRecordedOnceAndReopeningKeepsTheTrail) {
  REQUIRE_POSTGRES();
  PostgresReviewStoreFactory factory;
  FixedClock clock(kT0);
  std::string head;
  {
    auto store = factory.Open(&clock);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto e = (*store)->Record("cli", "user_added", "user:alice", "");
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    head = e->hash;
  }
  auto conn = factory.db().Connect();
  ASSERT_TRUE(conn.ok());
  auto version = (*conn)->SchemaVersion("review");
  ASSERT_TRUE(version.ok()) << version.status().ToString();
  EXPECT_EQ(*version, 1);
  auto store = OpenPostgresReviewStore(conn->get(), &clock);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto rows = (*conn)->Exec("SELECT count(*) FROM schema_migrations WHERE component = 'review'");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->Text(0, 0), "1");
  auto v = (*store)->Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok);
  EXPECT_EQ(v->head_hash, head);
}

TEST(PostgresReviewStoreTest, MissingHeadRowIsReportedAndNothingIsAppended) {
  REQUIRE_POSTGRES();
  PostgresReviewStoreFactory factory;
  FixedClock clock(kT0);
  auto store = factory.Open(&clock);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Record("cli", "user_added", "user:alice", "").ok());
  auto conn = factory.db().Connect();
  ASSERT_TRUE(conn.ok());
  ASSERT_TRUE((*conn)->Script("DELETE FROM audit_head").ok());
  auto v = (*store)->Verify();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), Status::Code::kCorruption);
  auto e = (*store)->Record("cli", "user_added", "user:bob", "");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), Status::Code::kCorruption);
  auto d = (*store)->Decide(PartyDecision("p", ""));
  ASSERT_FALSE(d.ok());
  auto trail = (*store)->Trail(0, 10);
  ASSERT_TRUE(trail.ok());
  EXPECT_EQ(trail->size(), 1u);
  auto state = (*store)->State("party", "p");
  ASSERT_TRUE(state.ok());
  EXPECT_FALSE(state->has_value());
}

TEST(PostgresReviewStoreTest, TextTheServerCannotHoldIsRefusedAndWritesNothing) {
  REQUIRE_POSTGRES();
  PostgresReviewStoreFactory factory;
  FixedClock clock(kT0);
  auto store = factory.Open(&clock);
  ASSERT_TRUE(store.ok());
  // A NUL byte (PostgreSQL text cannot hold one) and bytes that are not UTF-8.
  for (const std::string& reason : {std::string("before\0after", 12), std::string("caf\xC3", 4)}) {
    auto r = (*store)->Decide(PartyDecision("p", reason));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument) << r.status().ToString();
  }
  auto trail = (*store)->Trail(0, 10);
  ASSERT_TRUE(trail.ok());
  EXPECT_TRUE(trail->empty());
  // The store goes on working after the refused transactions.
  auto ok = (*store)->Decide(PartyDecision("p", "café"));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->seq, 1);
  auto v = (*store)->Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->problem;
}

TEST(PostgresReviewStoreTest, ConcurrentProcessesKeepOneChain) {
  // Two processes, each with its own connection, as two servers would be.
  constexpr int kPerWriter = 200;
  REQUIRE_POSTGRES();
  PostgresReviewStoreFactory factory;
  FixedClock clock(kT0);
  auto store = factory.Open(&clock);  // migrates before the writers start
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  std::vector<pid_t> children;
  for (int w = 1; w <= 2; ++w) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      // The child uses nothing of the parent's but the URL, and leaves with
      // _exit so that no parent object is destroyed twice.
      int failures = 0;
      auto conn = PgConnection::Open(factory.db().url());
      if (!conn.ok()) _exit(100);
      auto own = OpenPostgresReviewStore(conn->get(), &clock);
      if (!own.ok()) _exit(101);
      std::string actor = "writer-" + std::to_string(w);
      for (int i = 0; i < kPerWriter; ++i) {
        ReviewRequest r = PartyDecision("shared-" + std::to_string(i % 7), actor + " " + std::to_string(i), actor);
        r.action = i % 2 == 0 ? ReviewAction::kEscalate : ReviewAction::kConfirm;
        if (!(*own)->Decide(r).ok()) ++failures;
      }
      _exit(failures == 0 ? 0 : 1);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "writer process " << pid;
  }
  auto v = (*store)->Verify();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_TRUE(v->ok) << v->bad_seq << ": " << v->problem;
  EXPECT_EQ(v->entries, 2 * kPerWriter);
  auto trail = (*store)->Trail(0, 1000);
  ASSERT_TRUE(trail.ok());
  ASSERT_EQ(trail->size(), static_cast<size_t>(2 * kPerWriter));
  std::map<std::string, int> per_actor;
  std::map<std::string, std::string> last_state;
  for (size_t i = 0; i < trail->size(); ++i) {
    const AuditEntry& e = (*trail)[i];
    EXPECT_EQ(e.seq, static_cast<int64_t>(i) + 1);
    ++per_actor[e.actor];
    auto it = last_state.find(e.subject);
    EXPECT_EQ(e.old_state, it == last_state.end() ? "open" : it->second) << "entry " << e.seq;
    last_state[e.subject] = e.new_state;
  }
  EXPECT_EQ(per_actor["writer-1"], kPerWriter);
  EXPECT_EQ(per_actor["writer-2"], kPerWriter);
}

}  // namespace
}  // namespace clearbid::testing
