// A store made by the first schema of the SQLite process store (version 1:
// rowid tables, indexes by party key and item code) migrates to the current
// one with every row kept: the same ContentDigest as a store written afresh
// with the same contents, and it takes writes afterwards.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/store/process_store.h"
#include "tests/engine/store/process_store_conformance.h"
#include "tests/test_util.h"

namespace clearbid::testing {
namespace {

// The "processes" schema as version 1 created it (frozen here on purpose).
const char kSchemaV1[] = R"sql(
CREATE TABLE source_files (sha256 TEXT PRIMARY KEY, path TEXT NOT NULL, bytes INTEGER NOT NULL);
CREATE TABLE releases (
  id INTEGER PRIMARY KEY, ocid TEXT NOT NULL, release_id TEXT NOT NULL, date TEXT NOT NULL,
  compiled INTEGER NOT NULL, digest TEXT NOT NULL, json TEXT NOT NULL, source_file TEXT NOT NULL,
  source_line INTEGER NOT NULL, UNIQUE (ocid, release_id, digest));
CREATE TABLE processes (
  ocid TEXT PRIMARY KEY, digest TEXT NOT NULL, release_count INTEGER NOT NULL, compiled_json TEXT, date TEXT,
  ocds_version TEXT, buyer_name TEXT, procurement_method TEXT, main_category TEXT, tender_amount REAL,
  tender_currency TEXT, n_parties INTEGER NOT NULL, n_items INTEGER NOT NULL, n_bids INTEGER NOT NULL,
  n_awards INTEGER NOT NULL);
CREATE TABLE parties (
  party_key TEXT PRIMARY KEY, name TEXT NOT NULL, scheme TEXT NOT NULL, identifier TEXT NOT NULL,
  country TEXT NOT NULL);
CREATE TABLE process_parties (
  ocid TEXT NOT NULL, party_id TEXT NOT NULL, party_key TEXT NOT NULL, name TEXT NOT NULL, roles TEXT NOT NULL,
  tier INTEGER NOT NULL, country TEXT NOT NULL, PRIMARY KEY (ocid, party_id));
CREATE INDEX process_parties_by_key ON process_parties(party_key);
CREATE TABLE process_items (
  ocid TEXT NOT NULL, seq INTEGER NOT NULL, stage TEXT NOT NULL, scheme TEXT NOT NULL, code TEXT NOT NULL,
  description TEXT NOT NULL, PRIMARY KEY (ocid, seq));
CREATE INDEX process_items_by_code ON process_items(scheme, code);
)sql";

// Fills a store: three processes sharing a supplier, one compiled from two releases.
void Fill(ProcessStore& store) {
  ASSERT_TRUE(store.RecordSourceFile("ab12", "in/a.jsonl", 42).ok());
  for (const char* ocid : {"ocds-m-1", "ocds-m-2", "ocds-m-3"}) {
    ASSERT_TRUE(store.PutRelease(ConformanceRelease(ocid, "r1", "2025-01-01", "{\"ocid\":\"x\"}")).ok());
    ContractingProcess p = ConformanceProcess(ocid);
    p.parties[0].name = std::string("Buyer of ") + ocid;
    p.parties[0].identifier.id = std::string("50000000") + ocid[7];
    std::string compiled = "{\"compiled\":true}";
    auto put = store.PutProcess(p, std::string("d-") + ocid, 2, ocid[7] == '2' ? &compiled : nullptr);
    ASSERT_TRUE(put.ok()) << put.status().ToString();
  }
}

TEST(SqliteProcessStoreMigrationTest, VersionOneStoreMigratesWithEveryRow) {
  const std::string dir = TempDir("process_store_migration");
  // The reference: a store written with the current schema.
  auto fresh_db = Database::Open(dir + "/fresh.db");
  ASSERT_TRUE(fresh_db.ok());
  auto fresh = OpenSqliteProcessStore(fresh_db->get());
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  Fill(**fresh);
  auto want = (*fresh)->ContentDigest();
  ASSERT_TRUE(want.ok());

  // A version 1 store holding the same rows (copied table by table).
  const std::string old_path = dir + "/old.db";
  {
    auto db = Database::Open(old_path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Migrate("processes", {{1, kSchemaV1}}).ok());
    ASSERT_TRUE((*db)->Exec("ATTACH DATABASE '" + dir + "/fresh.db' AS fresh").ok());
    for (const char* table : {"source_files", "releases", "processes", "parties", "process_parties", "process_items"}) {
      Status s = (*db)->Exec(std::string("INSERT INTO main.") + table + " SELECT * FROM fresh." + table);
      ASSERT_TRUE(s.ok()) << table << ": " << s.ToString();
    }
    ASSERT_TRUE((*db)->Exec("DETACH DATABASE fresh").ok());
    auto version = (*db)->SchemaVersion("processes");
    ASSERT_TRUE(version.ok());
    ASSERT_EQ(*version, 1);
  }

  auto db = Database::Open(old_path);
  ASSERT_TRUE(db.ok());
  auto store = OpenSqliteProcessStore(db->get());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto version = (*db)->SchemaVersion("processes");
  ASSERT_TRUE(version.ok());
  EXPECT_GE(*version, 2);
  auto got = (*store)->ContentDigest();
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, *want);
  auto counts = (*store)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->processes, 3);
  EXPECT_EQ(counts->parties, 4);  // three buyers, one shared supplier
  EXPECT_EQ(counts->process_parties, 6);
  EXPECT_EQ(counts->items, 12);

  // The new shape: keyed tables without rowid, no unused indexes, party
  // appearances and items packed (version 4) behind views of their names.
  auto q = (*db)->Prepare(
      "SELECT name, type, sql FROM sqlite_master WHERE name IN ('parties', 'process_parties', 'process_items',"
      " 'process_rows', 'process_parties_by_key', 'process_items_by_code', 'parties_v2', 'process_parties_v2',"
      " 'process_items_v2') ORDER BY name");
  ASSERT_TRUE(q.ok());
  std::vector<std::string> names;
  for (;;) {
    auto row = q->Step();
    ASSERT_TRUE(row.ok());
    if (!*row) break;
    names.push_back(q->ColumnText(0) + " " + q->ColumnText(1));
    if (q->ColumnText(1) == "table") {
      EXPECT_NE(q->ColumnText(2).find("WITHOUT ROWID"), std::string::npos) << q->ColumnText(0);
    }
  }
  EXPECT_EQ(names, (std::vector<std::string>{"parties table", "process_items view", "process_parties view",
                                             "process_rows table"}));

  // And it works as a store: a changed process replaces its rows.
  ContractingProcess changed = ConformanceProcess("ocds-m-1");
  changed.parties.pop_back();
  auto put = (*store)->PutProcess(changed, "d-changed", 3, nullptr);
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  EXPECT_TRUE(*put);
  counts = (*store)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->process_parties, 5);
  auto again = (*store)->PutProcess(changed, "d-changed", 3, nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
}

// The "processes" schema as version 2 left it (frozen here on purpose).
const char kSchemaV2[] = R"sql(
CREATE TABLE source_files (sha256 TEXT PRIMARY KEY, path TEXT NOT NULL, bytes INTEGER NOT NULL);
CREATE TABLE releases (
  id INTEGER PRIMARY KEY, ocid TEXT NOT NULL, release_id TEXT NOT NULL, date TEXT NOT NULL,
  compiled INTEGER NOT NULL, digest TEXT NOT NULL, json TEXT NOT NULL, source_file TEXT NOT NULL,
  source_line INTEGER NOT NULL, UNIQUE (ocid, release_id, digest));
CREATE TABLE processes (
  ocid TEXT PRIMARY KEY, digest TEXT NOT NULL, release_count INTEGER NOT NULL, compiled_json TEXT, date TEXT,
  ocds_version TEXT, buyer_name TEXT, procurement_method TEXT, main_category TEXT, tender_amount REAL,
  tender_currency TEXT, n_parties INTEGER NOT NULL, n_items INTEGER NOT NULL, n_bids INTEGER NOT NULL,
  n_awards INTEGER NOT NULL);
CREATE TABLE parties (
  party_key TEXT PRIMARY KEY, name TEXT NOT NULL, scheme TEXT NOT NULL, identifier TEXT NOT NULL,
  country TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE process_parties (
  ocid TEXT NOT NULL, party_id TEXT NOT NULL, party_key TEXT NOT NULL, name TEXT NOT NULL, roles TEXT NOT NULL,
  tier INTEGER NOT NULL, country TEXT NOT NULL, PRIMARY KEY (ocid, party_id)) WITHOUT ROWID;
CREATE TABLE process_items (
  ocid TEXT NOT NULL, seq INTEGER NOT NULL, stage TEXT NOT NULL, scheme TEXT NOT NULL, code TEXT NOT NULL,
  description TEXT NOT NULL, PRIMARY KEY (ocid, seq)) WITHOUT ROWID;
)sql";

// The plan SQLite picks for `sql`, its lines joined with '|'.
std::string QueryPlan(Database& db, const std::string& sql) {
  auto q = db.Prepare("EXPLAIN QUERY PLAN " + sql);
  EXPECT_TRUE(q.ok()) << q.status().ToString();
  if (!q.ok()) return "";
  std::string plan;
  for (;;) {
    auto row = q->Step();
    EXPECT_TRUE(row.ok());
    if (!row.ok() || !*row) break;
    plan += q->ColumnText(3) + "|";
  }
  return plan;
}

// A version 2 store gets the index on processes(ocid, digest), with every row
// kept: a pass over every process (ForEachProcess) then reads the ocids and
// digests from the index alone, and the party appearances in key order,
// without a temporary b-tree.
TEST(SqliteProcessStoreMigrationTest, VersionTwoStoreGetsTheIndexOfPassesOverEveryProcess) {
  const std::string dir = TempDir("process_store_migration_v2");
  auto fresh_db = Database::Open(dir + "/fresh.db");
  ASSERT_TRUE(fresh_db.ok());
  auto fresh = OpenSqliteProcessStore(fresh_db->get());
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  Fill(**fresh);
  auto want = (*fresh)->ContentDigest();
  ASSERT_TRUE(want.ok());
  using Row = std::pair<std::string, std::vector<std::string>>;
  auto pass = [](ProcessStore& store) {
    std::vector<Row> rows;
    Status s = store.ForEachProcess(
        [&](const std::string& ocid, const std::string& digest, const std::vector<std::string>& keys) {
          rows.push_back({ocid + " " + digest, keys});
          return Status::Ok();
        });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return rows;
  };
  const std::vector<Row> want_rows = pass(**fresh);
  ASSERT_EQ(want_rows.size(), 3u);

  const std::string old_path = dir + "/old.db";
  {
    auto db = Database::Open(old_path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Migrate("processes", {{2, kSchemaV2}}).ok());
    ASSERT_TRUE((*db)->Exec("ATTACH DATABASE '" + dir + "/fresh.db' AS fresh").ok());
    for (const char* table : {"source_files", "releases", "processes", "parties", "process_parties", "process_items"}) {
      Status s = (*db)->Exec(std::string("INSERT INTO main.") + table + " SELECT * FROM fresh." + table);
      ASSERT_TRUE(s.ok()) << table << ": " << s.ToString();
    }
    ASSERT_TRUE((*db)->Exec("DETACH DATABASE fresh").ok());
    EXPECT_EQ(QueryPlan(**db, "SELECT ocid, digest FROM processes ORDER BY ocid").find("COVERING INDEX"),
              std::string::npos);
  }

  auto db = Database::Open(old_path);
  ASSERT_TRUE(db.ok());
  auto store = OpenSqliteProcessStore(db->get());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto version = (*db)->SchemaVersion("processes");
  ASSERT_TRUE(version.ok());
  EXPECT_GE(*version, 3);
  auto got = (*store)->ContentDigest();
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, *want);
  EXPECT_EQ(pass(**store), want_rows);

  // The two scans a pass merges (restated here): neither reads the
  // processes table nor sorts.
  const std::string processes_plan = QueryPlan(**db, "SELECT ocid, digest FROM processes ORDER BY ocid");
  EXPECT_NE(processes_plan.find("COVERING INDEX processes_by_ocid_digest"), std::string::npos) << processes_plan;
  const std::string parties_plan = QueryPlan(**db, "SELECT ocid, parties FROM process_rows ORDER BY ocid");
  EXPECT_EQ(parties_plan.find("TEMP B-TREE"), std::string::npos) << parties_plan;
  EXPECT_EQ(parties_plan.find("SEARCH"), std::string::npos) << parties_plan;

  // And the index follows writes: a changed digest is what the next pass sees.
  auto put = (*store)->PutProcess(ConformanceProcess("ocds-m-2"), "d-changed", 3, nullptr);
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  std::vector<Row> rows = pass(**store);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].first, "ocds-m-2 d-changed");
  EXPECT_EQ(rows[1].second, (std::vector<std::string>{"PT-NIPC/500000000", "PT-NIPC/505678901"}));
}

// The "processes" schema as version 3 left it: version 2 and the index.
const std::string kSchemaV3 = std::string(kSchemaV2) + "CREATE INDEX processes_by_ocid_digest ON processes(ocid, digest);";

// A version 3 store, its party appearances and items a row each, gets them
// packed one row per process (version 4) with every row kept: the same
// ContentDigest and pass as a store written afresh, the same rows through
// the views of the old tables' names, text of any kind byte for byte, and
// it takes writes afterwards.
TEST(SqliteProcessStoreMigrationTest, VersionThreeStorePacksAppearancesAndItems) {
  const std::string dir = TempDir("process_store_migration_v3");
  auto fresh_db = Database::Open(dir + "/fresh.db");
  ASSERT_TRUE(fresh_db.ok());
  auto fresh = OpenSqliteProcessStore(fresh_db->get());
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  Fill(**fresh);
  // Text JSON escapes, and text that is not UTF-8, in both kinds of rows.
  ContractingProcess odd = ConformanceProcess("ocds-m-4");
  odd.parties[1].name = "Quote \" back\\slash \x01 tab\t caf\xE9 \xE4\xB8\xAD";
  odd.parties[1].roles = {"supplier", "sub/contractor"};
  odd.tender.items[0].description = "line\nbreak \"x\" \x7F";
  ASSERT_TRUE((*fresh)->PutProcess(odd, "d-odd", 1, nullptr).ok());
  auto want = (*fresh)->ContentDigest();
  ASSERT_TRUE(want.ok());
  using Row = std::pair<std::string, std::vector<std::string>>;
  auto pass = [](ProcessStore& store) {
    std::vector<Row> rows;
    Status s = store.ForEachProcess(
        [&](const std::string& ocid, const std::string& digest, const std::vector<std::string>& keys) {
          rows.push_back({ocid + " " + digest, keys});
          return Status::Ok();
        });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return rows;
  };
  const std::vector<Row> want_rows = pass(**fresh);
  ASSERT_EQ(want_rows.size(), 4u);
  // Every appearance and item through the views, as text.
  auto dump = [](Database& db) {
    std::string out;
    for (const char* sql : {"SELECT ocid, party_id, party_key, name, roles, tier, typeof(tier), country"
                            " FROM process_parties ORDER BY ocid, party_id",
                            "SELECT ocid, seq, typeof(seq), stage, scheme, code, description FROM process_items"
                            " ORDER BY ocid, seq"}) {
      auto q = db.Prepare(sql);
      EXPECT_TRUE(q.ok()) << q.status().ToString();
      if (!q.ok()) return out;
      for (;;) {
        auto row = q->Step();
        EXPECT_TRUE(row.ok());
        if (!row.ok() || !*row) break;
        for (int c = 0; c < q->ColumnCount(); ++c) out += q->ColumnText(c) + "|";
        out += "\n";
      }
    }
    return out;
  };
  const std::string want_dump = dump(**fresh_db);
  EXPECT_NE(want_dump.find("Quote \" back\\slash \x01 tab\t caf\xE9 \xE4\xB8\xAD|supplier,sub/contractor|1|integer|"),
            std::string::npos)
      << want_dump;

  const std::string old_path = dir + "/old.db";
  {
    auto db = Database::Open(old_path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Migrate("processes", {{3, kSchemaV3}}).ok());
    ASSERT_TRUE((*db)->Exec("ATTACH DATABASE '" + dir + "/fresh.db' AS fresh").ok());
    for (const char* table : {"source_files", "releases", "processes", "parties", "process_parties", "process_items"}) {
      Status s = (*db)->Exec(std::string("INSERT INTO main.") + table + " SELECT * FROM fresh." + table);
      ASSERT_TRUE(s.ok()) << table << ": " << s.ToString();
    }
    ASSERT_TRUE((*db)->Exec("DETACH DATABASE fresh").ok());
    EXPECT_EQ(dump(**db), want_dump);  // the old tables hold the same rows
  }

  auto db = Database::Open(old_path);
  ASSERT_TRUE(db.ok());
  auto store = OpenSqliteProcessStore(db->get());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto version = (*db)->SchemaVersion("processes");
  ASSERT_TRUE(version.ok());
  EXPECT_GE(*version, 4);
  auto got = (*store)->ContentDigest();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, *want);
  EXPECT_EQ(pass(**store), want_rows);
  EXPECT_EQ(dump(**db), want_dump);
  auto counts = (*store)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->process_parties, 8);
  EXPECT_EQ(counts->items, 16);
  auto packed = (*db)->Prepare("SELECT count(*) FROM process_rows");
  ASSERT_TRUE(packed.ok());
  ASSERT_TRUE(packed->Step().ok());
  EXPECT_EQ(packed->ColumnInt(0), 4);

  // Putting the same state again changes nothing; a changed one is stored.
  auto same = (*store)->PutProcess(odd, "d-odd", 1, nullptr);
  ASSERT_TRUE(same.ok());
  EXPECT_FALSE(*same);
  odd.parties.pop_back();
  auto put = (*store)->PutProcess(odd, "d-odd-2", 2, nullptr);
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  EXPECT_TRUE(*put);
  counts = (*store)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->process_parties, 7);
  std::vector<Row> rows = pass(**store);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[3].first, "ocds-m-4 d-odd-2");
  EXPECT_EQ(rows[3].second, (std::vector<std::string>{"PT-NIPC/500000000"}));
}

}  // namespace
}  // namespace clearbid::testing
