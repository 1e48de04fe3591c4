// The libpqxx adapter: errors come back as Status values (never exceptions),
// parameters stay data, transactions roll back, migrations apply once.

#include "engine/store/pg/pg_connection.h"

#include <gtest/gtest.h>

#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/engine/store/pg/pg_test_env.h"

namespace clearbid::testing {
namespace {

TEST(PostgresConnectionTest, OpenRefusesWhatIsNotAPostgresUrl) {
  for (const std::string& url : {std::string(), std::string("host=127.0.0.1 dbname=x"),
                                 std::string("sqlite:///tmp/x.db"), std::string("/tmp/clearbid.db"),
                                 "postgresql://" + std::string(5000, 'h')}) {
    auto conn = PgConnection::Open(url);
    ASSERT_FALSE(conn.ok()) << url.substr(0, 40);
    EXPECT_EQ(conn.status().code(), Status::Code::kInvalidArgument) << conn.status().ToString();
  }
}

TEST(PostgresConnectionTest, UnreachableServerIsAnIoErrorWithoutThePassword) {
  // Port 1 on loopback: nothing listens there; the connection is refused.
  auto conn = PgConnection::Open("postgresql://someone:s3cret-pw@127.0.0.1:1/clearbid");
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.status().code(), Status::Code::kIoError) << conn.status().ToString();
  EXPECT_EQ(conn.status().message().find("s3cret-pw"), std::string::npos) << conn.status().ToString();
  auto bad_port = PgConnection::Open("postgresql://someone@127.0.0.1:notaport/clearbid");
  ASSERT_FALSE(bad_port.ok());
  EXPECT_EQ(bad_port.status().code(), Status::Code::kIoError) << bad_port.status().ToString();
}

TEST(PostgresConnectionTest, ParametersStayDataAndComeBackExactly) {
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  PgConnection& c = **conn;
  ASSERT_TRUE(c.Script("CREATE TABLE t (k TEXT PRIMARY KEY, n BIGINT, note TEXT)").ok());
  ASSERT_TRUE(c.Prepare("put", "INSERT INTO t(k, n, note) VALUES ($1, $2, $3)").ok());
  const std::string hostile = "x'); DROP TABLE t; --";
  const int64_t big = std::numeric_limits<int64_t>::max(), small = std::numeric_limits<int64_t>::min();
  auto put = c.Run("put", {hostile, big, PgParam::Null()});
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  EXPECT_EQ(put->affected(), 1);
  ASSERT_TRUE(c.Run("put", {"ünïcode \"quoted\" | $1", small, "note"}).ok());

  auto rows = c.Exec("SELECT k, n, note FROM t ORDER BY n");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(rows->columns(), 3);
  EXPECT_EQ(rows->Text(0, 0), "ünïcode \"quoted\" | $1");
  EXPECT_EQ(rows->Int(0, 1).value(), small);
  EXPECT_EQ(rows->Text(1, 0), hostile);
  EXPECT_EQ(rows->Int(1, 1).value(), big);
  EXPECT_TRUE(rows->IsNull(1, 2));
  EXPECT_EQ(rows->Text(1, 2), "");
  EXPECT_EQ(rows->Int(1, 0).status().code(), Status::Code::kCorruption);
  EXPECT_EQ(rows->Int(1, 2).status().code(), Status::Code::kCorruption);
}

TEST(PostgresConnectionTest, ErrorsAreStatusesAndTheConnectionGoesOn) {
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok());
  PgConnection& c = **conn;
  ASSERT_TRUE(c.Script("CREATE TABLE t (k TEXT PRIMARY KEY)").ok());
  ASSERT_TRUE(c.Exec("INSERT INTO t VALUES ($1)", {"a"}).ok());

  auto dup = c.Exec("INSERT INTO t VALUES ($1)", {"a"});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), Status::Code::kAlreadyExists) << dup.status().ToString();
  EXPECT_NE(dup.status().message().find("23505"), std::string::npos);

  auto syntax = c.Exec("SELEC 1");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.status().code(), Status::Code::kIoError);
  EXPECT_NE(syntax.status().message().find("syntax"), std::string::npos) << syntax.status().ToString();

  auto nul = c.Exec("INSERT INTO t VALUES ($1)", {std::string("a\0b", 3)});
  ASSERT_FALSE(nul.ok());
  EXPECT_EQ(nul.status().code(), Status::Code::kInvalidArgument);
  auto not_utf8 = c.Exec("INSERT INTO t VALUES ($1)", {std::string("\xFF\xFE")});
  ASSERT_FALSE(not_utf8.ok());
  EXPECT_EQ(not_utf8.status().code(), Status::Code::kInvalidArgument) << not_utf8.status().ToString();

  EXPECT_FALSE(c.Run("never_prepared").ok());
  EXPECT_FALSE(c.Prepare("bad", "SELECT FROM WHERE").ok() && c.Run("bad").ok());
  // Two statements are refused where one parameterised statement is expected.
  EXPECT_FALSE(c.Exec("SELECT 1; SELECT 2").ok());

  auto count = c.Exec("SELECT count(*) FROM t");
  ASSERT_TRUE(count.ok()) << count.status().ToString();
  EXPECT_EQ(count->Int(0, 0).value(), 1);
}

TEST(PostgresConnectionTest, TransactionsCommitRollBackAndSpoilOnError) {
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  auto conn = db.Connect();
  auto other = db.Connect();
  ASSERT_TRUE(conn.ok());
  ASSERT_TRUE(other.ok());
  PgConnection& c = **conn;
  ASSERT_TRUE(c.Script("CREATE TABLE t (k TEXT PRIMARY KEY)").ok());
  auto count = [&]() { return (*other)->Exec("SELECT count(*) FROM t").value().Int(0, 0).value(); };
  {
    PgTransaction tx(c);
    ASSERT_TRUE(tx.status().ok());
    EXPECT_TRUE(c.in_transaction());
    ASSERT_TRUE(c.Exec("INSERT INTO t VALUES ($1)", {"kept"}).ok());
    EXPECT_EQ(count(), 0);  // not yet visible to another connection
    PgTransaction nested(c);
    EXPECT_EQ(nested.status().code(), Status::Code::kInternal);
    ASSERT_TRUE(tx.Commit().ok());
  }
  EXPECT_FALSE(c.in_transaction());
  EXPECT_EQ(count(), 1);
  {
    PgTransaction tx(c);
    ASSERT_TRUE(c.Exec("INSERT INTO t VALUES ($1)", {"dropped"}).ok());
  }  // no Commit: rolled back
  EXPECT_EQ(count(), 1);
  {
    PgTransaction tx(c);
    ASSERT_TRUE(c.Exec("INSERT INTO t VALUES ($1)", {"spoilt"}).ok());
    EXPECT_EQ(c.Exec("INSERT INTO t VALUES ($1)", {"kept"}).status().code(), Status::Code::kAlreadyExists);
    // Later statements and the commit report the first failure.
    EXPECT_EQ(c.Exec("SELECT 1").status().code(), Status::Code::kAlreadyExists);
    Status commit = tx.Commit();
    EXPECT_EQ(commit.code(), Status::Code::kAlreadyExists) << commit.ToString();
    EXPECT_FALSE(tx.Commit().ok());
  }
  EXPECT_EQ(count(), 1);
  EXPECT_TRUE(c.Exec("SELECT 1").ok());
}

TEST(PostgresConnectionTest, MigrationsApplyOnceInOrderAndAFailedOneLeavesNothing) {
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok());
  PgConnection& c = **conn;
  EXPECT_EQ(c.SchemaVersion("demo").value(), 0);
  std::vector<Migration> v1 = {{1, "CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (1);"}};
  ASSERT_TRUE(c.Migrate("demo", v1).ok());
  ASSERT_TRUE(c.Migrate("demo", v1).ok());  // applied once
  EXPECT_EQ(c.SchemaVersion("demo").value(), 1);
  EXPECT_EQ(c.Exec("SELECT count(*) FROM a").value().Int(0, 0).value(), 1);

  std::vector<Migration> v3 = v1;
  v3.push_back({2, "ALTER TABLE a ADD COLUMN y TEXT NOT NULL DEFAULT '';"});
  v3.push_back({3, "CREATE TABLE b (x INTEGER); SELECT no_such_function();"});
  Status failed = c.Migrate("demo", v3);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.message().find("no_such_function"), std::string::npos) << failed.ToString();
  EXPECT_EQ(c.SchemaVersion("demo").value(), 2);  // 2 applied, 3 rolled back whole
  EXPECT_FALSE(c.Exec("SELECT count(*) FROM b").ok());
  EXPECT_TRUE(c.Exec("SELECT y FROM a").ok());

  EXPECT_EQ(c.Migrate("other", {{2, "SELECT 1"}, {1, "SELECT 1"}}).code(), Status::Code::kInternal);
  EXPECT_EQ(c.SchemaVersion("other").value(), 0);
}

TEST(PostgresConnectionTest, ConcurrentMigrationsApplyEachVersionOnce) {
  // Several servers starting at once against a new database.
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  std::vector<Migration> migrations = {{1, "CREATE TABLE runs (n INTEGER); INSERT INTO runs VALUES (1);"},
                                       {2, "INSERT INTO runs VALUES (2);"}};
  constexpr int kStarters = 4;
  std::vector<std::unique_ptr<PgConnection>> conns;
  for (int i = 0; i < kStarters; ++i) {
    auto conn = db.Connect();
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    conns.push_back(std::move(conn).value());
  }
  std::vector<Status> results(kStarters);
  std::vector<std::thread> threads;
  for (int i = 0; i < kStarters; ++i) {
    threads.emplace_back([&, i] { results[i] = conns[i]->Migrate("race", migrations); });
  }
  for (std::thread& t : threads) t.join();
  for (const Status& s : results) EXPECT_TRUE(s.ok()) << s.ToString();
  auto rows = conns[0]->Exec("SELECT n FROM runs ORDER BY n");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(rows->Text(0, 0), "1");
  EXPECT_EQ(rows->Text(1, 0), "2");
  EXPECT_EQ(conns[0]->SchemaVersion("race").value(), 2);
}

}  // namespace
}  // namespace clearbid::testing
