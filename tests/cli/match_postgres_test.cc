// clearbid match --parties on a PostgreSQL store (issue 8): the same parties,
// disclosures and list as on SQLite give the same counts and the same stored
// results, and a second run changes nothing.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/store/match_store.h"
#include "engine/store/pg/pg_match_store.h"
#include "engine/store/sqlite_db.h"
#include "tests/engine/store/pg/pg_test_env.h"
#include "tests/test_util.h"

namespace clearbid::testing {
namespace {

const std::string kBin = CLEARBID_BINARY;
const std::string kSource = CLEARBID_SOURCE_DIR;

void LoadStore(const std::string& db, const std::string& list) {
  const std::string examples = kSource + "/data/examples";
  std::string out;
  ASSERT_EQ(RunCommand(kBin + " ingest --db '" + db + "' " + examples + "/ocds/bid-example.json " + examples +
                           "/disclosures/uniformes-norte-2026.json 2>&1",
                       &out),
            0)
      << out;
  ASSERT_EQ(RunCommand(kBin + " lists import --db '" + db + "' --format csv --as-of 2025-06-01 " + list + " 2>&1",
                       &out),
            0)
      << out;
}

nlohmann::json MatchParties(const std::string& db) {
  std::string out;
  EXPECT_EQ(RunCommand(kBin + " match --parties --json --as-of 2025-06-01 --threads 2 --db '" + db + "'", &out), 0)
      << out;
  nlohmann::json j = nlohmann::json::parse(out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << out;
  if (j.is_object()) j.erase("db");
  return j;
}

/// Every stored result of `party_key`, one line each, in the store's order.
std::vector<std::string> Rows(MatchStore& store, const std::string& party_key) {
  auto results = store.ResultsFor(party_key);
  EXPECT_TRUE(results.ok()) << results.status().ToString();
  std::vector<std::string> out;
  if (!results.ok()) return out;
  for (const StoredMatch& m : *results) {
    out.push_back(m.subject + "|" + m.lists_fingerprint + "|" + m.algorithm + "|" + m.match.list + "|" +
                  std::to_string(m.match.list_version) + "|" + m.match.entry_id + "|" + m.match.query_name + "|" +
                  std::to_string(m.match.score) + "|" + m.match.explanation);
  }
  return out;
}

TEST(PostgresMatchCommandTest, PartiesAreMatchedAndStoredAsOnSqlite) {
  PgTestDatabase database;
  if (database.url().empty()) return;  // skipped or failed in the constructor
  const std::string dir = TempDir("pg-match");
  const std::string list = dir + "/national.csv";
  {
    std::ofstream csv(list, std::ios::binary);
    csv << "id,name,aliases,country,identifiers,schema\n"
           "N1,CONFECOES SUL LDA,,PT,,company\n"
           "N3,\"Shcherbina, Olena\",,UA,,person\n";
  }
  const std::string sqlite = dir + "/clearbid.db";
  LoadStore(sqlite, list);
  LoadStore(database.url(), list);

  const nlohmann::json on_sqlite = MatchParties(sqlite);
  const nlohmann::json on_pg = MatchParties(database.url());
  EXPECT_EQ(on_sqlite["alerts"], 1) << on_sqlite.dump();
  EXPECT_GT(on_sqlite["disclosure_subjects"].get<int>(), 0);
  EXPECT_EQ(on_pg, on_sqlite);

  // The same results stored on both.
  auto sqlite_db = Database::Open(sqlite);
  ASSERT_TRUE(sqlite_db.ok());
  auto sqlite_store = OpenSqliteMatchStore(sqlite_db->get());
  auto conn = database.Connect();
  ASSERT_TRUE(sqlite_store.ok() && conn.ok());
  auto pg_store = OpenPostgresMatchStore(conn->get());
  ASSERT_TRUE(pg_store.ok()) << pg_store.status().ToString();
  const std::vector<std::string> rows = Rows(**sqlite_store, "PT-NIPPC/513000777");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(Rows(**pg_store, "PT-NIPPC/513000777"), rows);
  auto a = (*sqlite_store)->Counts();
  auto b = (*pg_store)->Counts();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->screenings, b->screenings);
  EXPECT_EQ(a->results, b->results);

  // Again: nothing is screened.
  const nlohmann::json again = MatchParties(database.url());
  EXPECT_EQ(again["screened"], 0);
  EXPECT_EQ(again["unchanged"], on_pg["subjects"]);
}

}  // namespace
}  // namespace clearbid::testing
