// WalCheckpointer: the writer's WAL stays bounded while it writes, everything
// reaches the database file by Stop(), and a reader that pins the WAL does
// not block the writer. BulkJournal: a rollback journal only for a lone
// connection, WAL mode again after it.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>

#include "engine/store/sqlite_db.h"
#include "engine/store/wal_checkpointer.h"
#include "tests/test_util.h"

namespace clearbid::testing {
namespace {

int64_t FileSize(const std::string& path) {
  std::error_code ec;
  auto n = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<int64_t>(n);
}

// Writes `transactions` transactions of 16 rows of 4 KB each; returns the
// largest WAL size seen after a commit.
int64_t Write(Database& db, int transactions, const std::string& wal) {
  auto ins = db.Prepare("INSERT INTO t(v) VALUES (?)");
  EXPECT_TRUE(ins.ok());
  const std::string value(4096, 'x');
  int64_t largest = 0;
  for (int t = 0; t < transactions; ++t) {
    Transaction tx(db);
    EXPECT_TRUE(tx.status().ok());
    for (int i = 0; i < 16; ++i) {
      ins->Reset();
      ins->Bind(1, value);
      EXPECT_TRUE(ins->Run().ok());
    }
    EXPECT_TRUE(tx.Commit().ok());
    largest = std::max(largest, FileSize(wal));
  }
  return largest;
}

int64_t Rows(const std::string& path) {
  auto db = Database::Open(path);
  EXPECT_TRUE(db.ok());
  auto q = (*db)->Prepare("SELECT count(*) FROM t");
  EXPECT_TRUE(q.ok());
  auto row = q->Step();
  EXPECT_TRUE(row.ok() && *row);
  return q->ColumnInt(0);
}

TEST(WalCheckpointerTest, KeepsTheWalBoundedAndCopiesEverything) {
  const std::string path = TempDir("wal_checkpointer") + "/a.db";
  auto db = Database::Open(path);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)").ok());
  WalCheckpointer::Options options;
  options.max_wal_bytes = 256 << 10;
  auto c = WalCheckpointer::Start(db->get(), options);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_NE(*c, nullptr);
  // 200 transactions of about 70 KB: 14 MB through a WAL kept under 1 MB
  // (SQLite's own automatic checkpoints would let it reach about 4 MB).
  const int64_t largest = Write(**db, 200, path + "-wal");
  EXPECT_LT(largest, int64_t{1} << 20);
  ASSERT_TRUE((*c)->Stop().ok());
  EXPECT_EQ(FileSize(path + "-wal"), 0);  // truncated: every frame is in the database file
  EXPECT_GT(FileSize(path), int64_t{200} * 16 * 4096);
  EXPECT_EQ(Rows(path), 200 * 16);
  EXPECT_TRUE((*c)->Stop().ok());  // a second Stop is harmless
}

TEST(WalCheckpointerTest, AReaderHoldingTheWalDoesNotBlockTheWriter) {
  const std::string path = TempDir("wal_checkpointer") + "/b.db";
  auto db = Database::Open(path);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)").ok());
  Write(**db, 1, path + "-wal");
  auto reader = Database::Open(path);
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE((*reader)->Exec("BEGIN").ok());
  auto q = (*reader)->Prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(q.ok());
  ASSERT_TRUE(q->Step().ok());
  EXPECT_EQ(q->ColumnInt(0), 16);
  WalCheckpointer::Options options;
  options.max_wal_bytes = 64 << 10;
  auto c = WalCheckpointer::Start(db->get(), options);
  ASSERT_TRUE(c.ok());
  Write(**db, 50, path + "-wal");  // returns: the writer does not wait for the pinned frames
  q = (*reader)->Prepare("SELECT count(*) FROM t");  // the reader still sees its snapshot
  ASSERT_TRUE(q.ok());
  ASSERT_TRUE(q->Step().ok());
  EXPECT_EQ(q->ColumnInt(0), 16);
  q->Reset();
  ASSERT_TRUE((*reader)->Exec("COMMIT").ok());
  ASSERT_TRUE((*c)->Stop().ok());
  EXPECT_EQ(Rows(path), 51 * 16);
}

TEST(WalCheckpointerTest, NothingToDoWithoutAWal) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto c = WalCheckpointer::Start(db->get());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, nullptr);
}

std::string Pragma(Database& db, const std::string& sql) {
  auto q = db.Prepare(sql);
  EXPECT_TRUE(q.ok());
  auto row = q->Step();
  EXPECT_TRUE(row.ok() && *row);
  return std::string(q->ColumnView(0));
}

TEST(BulkJournalTest, WritesThroughARollbackJournalThenReturnsToWal) {
  const std::string path = TempDir("bulk_journal") + "/a.db";
  auto db = Database::Open(path);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)").ok());
  ASSERT_EQ(Pragma(**db, "PRAGMA journal_mode"), "wal");
  auto j = BulkJournal::Start(db->get());
  ASSERT_TRUE(j.ok()) << j.status().ToString();
  ASSERT_NE(*j, nullptr);
  EXPECT_EQ(Pragma(**db, "PRAGMA journal_mode"), "truncate");
  EXPECT_EQ(Pragma(**db, "PRAGMA synchronous"), "2");  // FULL
  const int64_t largest_wal = Write(**db, 20, path + "-wal");
  EXPECT_EQ(largest_wal, 0);  // nothing went through a WAL
  EXPECT_EQ(Pragma(**db, "PRAGMA journal_mode"), "truncate");
  ASSERT_TRUE((*j)->Stop().ok());
  EXPECT_EQ(Rows(path), 20 * 16);
  EXPECT_EQ(Pragma(**db, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(Pragma(**db, "PRAGMA synchronous"), "1");  // NORMAL
  EXPECT_TRUE((*j)->Stop().ok());  // a second Stop is harmless
  Write(**db, 1, path + "-wal");
  EXPECT_EQ(Rows(path), 21 * 16);
}

TEST(BulkJournalTest, KeepsTheWalWhenAnotherConnectionIsOpen) {
  const std::string path = TempDir("bulk_journal") + "/b.db";
  auto db = Database::Open(path);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)").ok());
  Write(**db, 1, path + "-wal");
  auto other = Database::Open(path);  // idle, but open
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(Rows(path), 16);
  auto j = BulkJournal::Start(db->get());
  ASSERT_TRUE(j.ok()) << j.status().ToString();
  EXPECT_EQ(*j, nullptr);
  EXPECT_EQ(Pragma(**db, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(Pragma(**db, "PRAGMA synchronous"), "1");
  Write(**db, 1, path + "-wal");  // the busy timeout is the connection's again
  EXPECT_EQ(Pragma(**db, "PRAGMA busy_timeout"), Pragma(**other, "PRAGMA busy_timeout"));
}

TEST(BulkJournalTest, NothingToDoWithoutAWal) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto j = BulkJournal::Start(db->get());
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(*j, nullptr);
}

}  // namespace
}  // namespace clearbid::testing
