// The ReviewStore conformance suite on SQLite, plus what only SQLite has:
// the append-only triggers and the migration record.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/store/review_store.h"
#include "tests/engine/store/review_store_conformance.h"
#include "tests/test_util.h"

namespace clearbid::testing {

/// A fresh SQLite file per test; every Open() is a new connection to it.
class SqliteReviewStoreFactory {
 public:
  SqliteReviewStoreFactory() : path_(TempDir("review-store") + "/clearbid.db") {}

  Result<std::unique_ptr<ReviewStore>> Open(const Clock* clock) {
    ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path_));
    connections_.push_back(std::move(db));
    return OpenSqliteReviewStore(connections_.back().get(), clock);
  }

  /// Raw SQL through the sqlite3 C API, after dropping the append-only guard
  /// as an intruder with the file would.
  Status TamperReason(int64_t seq, const std::string& reason) {
    return RawSql("DROP TRIGGER IF EXISTS audit_trail_no_update", "UPDATE audit_trail SET reason = ?2 WHERE seq = ?1",
                  seq, reason);
  }
  Status TamperDelete(int64_t seq) {
    return RawSql("DROP TRIGGER IF EXISTS audit_trail_no_delete", "DELETE FROM audit_trail WHERE seq = ?1", seq, "");
  }

  const std::string& path() const { return path_; }

 private:
  Status RawSql(const char* unguard, const char* sql, int64_t seq, const std::string& text) {
    sqlite3* db = nullptr;
    if (sqlite3_open(path_.c_str(), &db) != SQLITE_OK) {
      sqlite3_close(db);
      return Status::IoError("cannot open " + path_);
    }
    std::unique_ptr<sqlite3, int (*)(sqlite3*)> closer(db, sqlite3_close);
    sqlite3_busy_timeout(db, 10000);
    if (sqlite3_exec(db, unguard, nullptr, nullptr, nullptr) != SQLITE_OK) return Status::IoError(sqlite3_errmsg(db));
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) return Status::IoError(sqlite3_errmsg(db));
    sqlite3_bind_int64(stmt, 1, seq);
    if (sqlite3_bind_parameter_count(stmt) >= 2) {
      sqlite3_bind_text(stmt, 2, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    }
    int rc = sqlite3_step(stmt);
    int changes = sqlite3_changes(db);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) return Status::IoError(sqlite3_errmsg(db));
    if (changes != 1) return Status::NotFound("no audit entry " + std::to_string(seq));
    return Status::Ok();
  }

  std::string path_;
  std::vector<std::unique_ptr<Database>> connections_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, ReviewStoreConformance, ::testing::Types<SqliteReviewStoreFactory>);

namespace {

TEST(SqliteReviewStoreTest, TrailRefusesUpdateAndDeleteThroughSql) {
  SqliteReviewStoreFactory factory;
  FixedClock clock(1764072000);
  auto store = factory.Open(&clock);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ReviewRequest r;
  r.kind = "party";
  r.key = "p";
  r.actor = "alice";
  ASSERT_TRUE((*store)->Decide(r).ok());
  auto db = Database::Open(factory.path());
  ASSERT_TRUE(db.ok());
  Status update = (*db)->Exec("UPDATE audit_trail SET reason = 'x' WHERE seq = 1");
  EXPECT_FALSE(update.ok());
  EXPECT_NE(update.message().find("append-only"), std::string::npos) << update.ToString();
  Status del = (*db)->Exec("DELETE FROM audit_trail");
  EXPECT_FALSE(del.ok());
  auto v = (*store)->Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->problem;
  EXPECT_EQ(v->entries, 1);
}

TEST(SqliteReviewStoreTest, MigrationIsRecordedAndReopeningKeepsTheTrail) {
  SqliteReviewStoreFactory factory;
  FixedClock clock(1764072000);
  std::string head;
  {
    auto store = factory.Open(&clock);
    ASSERT_TRUE(store.ok());
    auto e = (*store)->Record("cli", "user_added", "user:alice", "");
    ASSERT_TRUE(e.ok());
    head = e->hash;
  }
  auto db = Database::Open(factory.path());
  ASSERT_TRUE(db.ok());
  auto version = (*db)->SchemaVersion("review");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 1);
  auto store = OpenSqliteReviewStore(db->get(), &clock);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto v = (*store)->Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok);
  EXPECT_EQ(v->head_hash, head);
}

TEST(SqliteReviewStoreTest, MissingHeadRowIsReported) {
  SqliteReviewStoreFactory factory;
  FixedClock clock(1764072000);
  auto store = factory.Open(&clock);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Record("cli", "user_added", "user:alice", "").ok());
  auto db = Database::Open(factory.path());
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Exec("DELETE FROM audit_head").ok());
  auto v = (*store)->Verify();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), Status::Code::kCorruption);
  auto e = (*store)->Record("cli", "user_added", "user:bob", "");
  ASSERT_FALSE(e.ok());
  // Nothing was appended by the failed Record.
  auto trail = (*store)->Trail(0, 10);
  ASSERT_TRUE(trail.ok());
  EXPECT_EQ(trail->size(), 1u);
}

}  // namespace
}  // namespace clearbid::testing
