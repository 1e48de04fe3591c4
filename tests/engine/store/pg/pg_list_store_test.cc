// The ListStore conformance suite on PostgreSQL, plus what only PostgreSQL
// does: text it cannot hold is replaced, AddVersion joins a caller's
// transaction, and the same imports read back the same as from SQLite.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/store/pg/pg_list_evidence_stores.h"
#include "tests/engine/store/list_store_conformance.h"
#include "tests/engine/store/pg/pg_icu_database.h"
#include "tests/engine/store/pg/pg_test_env.h"

namespace clearbid::testing {

/// A fresh database per test; every Open() is a new connection to it.
class PostgresListStoreFactory {
 public:
  Result<std::unique_ptr<ListStore>> Open() {
    ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> conn, db_.Connect());
    connections_.push_back(std::move(conn));
    return OpenPostgresListStore(connections_.back().get());
  }

 private:
  PgTestDatabase db_;  // declared first: dropped after the connections close
  std::vector<std::unique_ptr<PgConnection>> connections_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, ListStoreConformance, ::testing::Types<PostgresListStoreFactory>);

namespace {

constexpr int64_t kT0 = 1764072000;

ListEntry Entry(std::string id, std::string name, int64_t line) {
  ListEntry e;
  e.entry_id = std::move(id);
  e.source = "csv";
  e.schema = EntitySchema::kOrganization;
  e.name = std::move(name);
  e.source_line = line;
  return e;
}

ListVersion Version(const std::string& name) {
  ListVersion v;
  v.name = name;
  v.format = "csv";
  v.file_sha256 = std::string(64, 'f');
  return v;
}

TEST(PostgresListStoreTest, TextPostgresCannotHoldIsReplacedNotRefused) {
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  auto store = OpenPostgresListStore(conn->get());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ListEntry e = Entry("id\xFF", std::string("Caf\xE9 with a NUL \0 byte", 22), 1);
  e.notes = "\xED\xA0\x80 surrogate";
  e.reason = "fine: ünïcödé ✓";
  auto v = (*store)->AddVersion(Version("latin\xE9"), {e}, FixedClock(kT0));
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->name, "latin\xE9");  // the returned copy is what was asked for
  auto back = (*store)->LoadActiveEntries();
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0].entry_id, "id\xEF\xBF\xBD");
  EXPECT_EQ((*back)[0].name, "Caf\xEF\xBF\xBD with a NUL \xEF\xBF\xBD byte");
  EXPECT_EQ((*back)[0].notes, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD surrogate");
  EXPECT_EQ((*back)[0].reason, "fine: ünïcödé ✓");
  auto versions = (*store)->Versions();
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 1u);
  EXPECT_EQ((*versions)[0].name, "latin\xEF\xBF\xBD");
}

TEST(PostgresListStoreTest, AddVersionJoinsACallersTransaction) {
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  auto store = OpenPostgresListStore(conn->get());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  {
    PgTransaction tx(**conn);
    ASSERT_TRUE(tx.status().ok());
    ASSERT_TRUE((*store)->AddVersion(Version("a"), {Entry("1", "A", 1)}, FixedClock(kT0)).ok());
    EXPECT_TRUE((*conn)->in_transaction());  // still the caller's
    // Rolled back with it.
  }
  auto versions = (*store)->Versions();
  ASSERT_TRUE(versions.ok());
  EXPECT_TRUE(versions->empty());
  {
    PgTransaction tx(**conn);
    ASSERT_TRUE((*store)->AddVersion(Version("a"), {Entry("1", "A", 1)}, FixedClock(kT0)).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  versions = (*store)->Versions();
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->size(), 1u);
  EXPECT_EQ((*conn)->SchemaVersion("lists").value(), 2);
}

TEST(PostgresListStoreTest, TheSameImportsReadBackAsFromSqlite) {
  REQUIRE_POSTGRES();
  PgTestDatabase pg_db;
  auto conn = pg_db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  auto pg = OpenPostgresListStore(conn->get());
  ASSERT_TRUE(pg.ok()) << pg.status().ToString();
  auto sqlite_db = Database::Open(":memory:");
  ASSERT_TRUE(sqlite_db.ok());
  auto sqlite = ListStore::Open(sqlite_db->get());
  ASSERT_TRUE(sqlite.ok());

  std::vector<ListEntry> first, second;
  for (int i = 0; i < 700; ++i) {
    ListEntry e = Entry("e" + std::to_string(i * 37 % 700), "Company " + std::to_string(i), i % 50);
    e.aliases = {"Alias " + std::to_string(i)};
    e.countries = {i % 2 ? "UA" : "PL"};
    e.listed_until = i % 3 == 0 ? "2025-01-01" : i % 3 == 1 ? "" : "2030-12-31";
    e.active = i % 11 != 0;
    e.identifiers = {{"REG", std::to_string(i), i % 5 ? "" : "Legal"}};
    (i % 4 == 0 ? second : first).push_back(std::move(e));
  }
  for (ListStore* store : {pg->get(), sqlite->get()}) {
    ASSERT_TRUE(store->AddVersion(Version("one"), first, FixedClock(kT0)).ok());
    ASSERT_TRUE(store->AddVersion(Version("Two"), second, FixedClock(kT0 + 1), {"x:1: why"}).ok());
    ASSERT_TRUE(store->AddVersion(Version("one"), first, FixedClock(kT0 + 2)).ok());
  }
  auto same = [](const std::vector<ListEntry>& a, const std::vector<ListEntry>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      ASSERT_EQ(a[i].entry_id, b[i].entry_id) << i;
      ASSERT_EQ(a[i].source_line, b[i].source_line) << i;
      ASSERT_EQ(a[i].list_version, b[i].list_version) << i;
      ASSERT_EQ(ListEntryDigest(a[i]), ListEntryDigest(b[i])) << i;
    }
  };
  for (const char* as_of : {"", "2026-01-01", "2031-01-01"}) {
    auto a = (*pg)->LoadActiveEntries(as_of);
    auto b = (*sqlite)->LoadActiveEntries(as_of);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    EXPECT_FALSE(a->empty());
    SCOPED_TRACE(as_of);
    same(*a, *b);
  }
  auto va = (*pg)->LatestVersions();
  auto vb = (*sqlite)->LatestVersions();
  ASSERT_TRUE(va.ok() && vb.ok());
  ASSERT_EQ(va->size(), vb->size());
  for (size_t i = 0; i < va->size(); ++i) {
    EXPECT_EQ((*va)[i].id, (*vb)[i].id);
    EXPECT_EQ((*va)[i].name, (*vb)[i].name);
    EXPECT_EQ((*va)[i].imported_at, (*vb)[i].imported_at);
    EXPECT_EQ((*va)[i].entry_count, (*vb)[i].entry_count);
    auto ea = (*pg)->LoadVersionEntries((*va)[i].id);
    auto eb = (*sqlite)->LoadVersionEntries((*vb)[i].id);
    ASSERT_TRUE(ea.ok() && eb.ok());
    same(*ea, *eb);
  }
}

TEST(PostgresListStoreTest, OrderIsByteWiseWhateverTheDatabaseCollation) {
  REQUIRE_POSTGRES();
  PgIcuDatabase db("clearbid_icu_lists");
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  // The database itself sorts linguistically.
  auto sorted = (*conn)->Exec("SELECT v FROM (VALUES ('Beta'), ('alpha')) AS t(v) ORDER BY v");
  ASSERT_TRUE(sorted.ok()) << sorted.status().ToString();
  ASSERT_EQ(sorted->Text(0, 0), "alpha");

  auto store = OpenPostgresListStore(conn->get());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  FixedClock clock(kT0);
  for (const char* name : {"alpha", "Zeta", "éclair", "Beta"}) {
    ASSERT_TRUE((*store)->AddVersion(Version(name), {Entry("x", "X", 1)}, clock).ok()) << name;
  }
  auto latest = (*store)->LatestVersions();
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  std::vector<std::string> names;
  for (const ListVersion& v : *latest) names.push_back(v.name);
  EXPECT_EQ(names, (std::vector<std::string>{"Beta", "Zeta", "alpha", "éclair"}));

  auto v = (*store)->AddVersion(
      Version("order"), {Entry("b", "B", 3), Entry("a", "A", 3), Entry("B", "UPPER", 3), Entry("é", "E", 3)},
      clock);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  auto entries = (*store)->LoadVersionEntries(v->id);
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  std::vector<std::string> ids;
  for (const ListEntry& e : *entries) ids.push_back(e.entry_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"B", "a", "b", "é"}));
}

TEST(PostgresListStoreTest, RefusesAMissingConnection) {
  EXPECT_EQ(OpenPostgresListStore(nullptr).status().code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace clearbid::testing
