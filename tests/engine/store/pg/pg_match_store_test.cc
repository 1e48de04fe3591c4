// The MatchStore conformance suite on PostgreSQL, plus what only PostgreSQL
// has: the migration record, the same results in the same order as SQLite
// whatever the database's collation, a failed screening inside the caller's
// transaction, and screenings of one subject from two connections at once.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "engine/store/pg/pg_match_store.h"
#include "engine/store/pg/pg_text.h"
#include "engine/store/store_transaction.h"
#include "tests/engine/store/match_store_conformance.h"
#include "tests/engine/store/pg/pg_icu_database.h"
#include "tests/engine/store/pg/pg_store_factory.h"
#include "tests/engine/store/pg/pg_test_env.h"

namespace clearbid::testing {

using PostgresMatchStoreFactory = PostgresStoreFactory<MatchStore, &OpenPostgresMatchStore>;

INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, MatchStoreConformance, ::testing::Types<PostgresMatchStoreFactory>);

namespace {

/// The same screenings, with names, lists and ids that sort differently
/// byte-wise and linguistically.
void PutSample(MatchStore& store) {
  const char* const kTails[] = {"a", "B", "\xC3\xA9", "Z", "1"};
  for (int i = 0; i < 40; ++i) {
    const std::string tail = kTails[i % 5];
    const MatchSubject s = ConformanceSubject("PT-NIPC/" + std::to_string(i % 3), i % 4 ? tail + "ref" : "party",
                                              "Name " + tail + std::to_string(i), "PT", "", "");
    std::vector<ListMatchEvidence> results;
    for (int j = 0; j < i % 4; ++j) {
      results.push_back(ConformanceResult(kTails[(i + j) % 5] + std::string("list"), 1 + j % 2,
                                          kTails[j % 5] + std::to_string(j), 0.5 + 0.125 * ((i * j) % 3), j % 2));
    }
    auto put = store.PutScreening(s, i % 2 ? "fp-1" : "fp-2", "names-1", results);
    ASSERT_TRUE(put.ok()) << put.status().ToString();
  }
}

/// Every field of every result of `key`, one line each, in the store's order.
std::vector<std::string> Dump(MatchStore& store, const std::string& key) {
  auto results = store.ResultsFor(key);
  EXPECT_TRUE(results.ok()) << results.status().ToString();
  std::vector<std::string> out;
  if (!results.ok()) return out;
  for (const StoredMatch& m : *results) {
    out.push_back(m.party_key + "|" + m.subject + "|" + m.lists_fingerprint + "|" + m.algorithm + "|" +
                  m.match.list + "|" + std::to_string(m.match.list_version) + "|" + m.match.entry_id + "|" +
                  m.match.entry_name + "|" + m.match.query_name + "|" + std::to_string(DoubleBits(m.match.score)) +
                  "|" + std::to_string(m.match.is_match) + std::to_string(m.match.identifier_match) +
                  std::to_string(m.match.entry_active) + "|" + m.match.explanation);
  }
  return out;
}

void ExpectTheSameAsSqlite(PgConnection* conn) {
  auto pg = OpenPostgresMatchStore(conn);
  ASSERT_TRUE(pg.ok()) << pg.status().ToString();
  auto sqlite_db = Database::Open(":memory:");
  ASSERT_TRUE(sqlite_db.ok());
  auto sqlite = OpenSqliteMatchStore(sqlite_db->get());
  ASSERT_TRUE(sqlite.ok()) << sqlite.status().ToString();
  PutSample(**pg);
  PutSample(**sqlite);
  for (int k = 0; k < 3; ++k) {
    const std::string key = "PT-NIPC/" + std::to_string(k);
    const std::vector<std::string> rows = Dump(**sqlite, key);
    EXPECT_FALSE(rows.empty());
    EXPECT_EQ(Dump(**pg, key), rows) << key;
  }
  for (const char* fp : {"fp-1", "fp-2"}) {
    auto a = (*pg)->ScreenedDigests(fp);
    auto b = (*sqlite)->ScreenedDigests(fp);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(*a, *b);
  }
  auto a = (*pg)->Counts();
  auto b = (*sqlite)->Counts();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->screenings, b->screenings);
  EXPECT_EQ(a->results, b->results);
  EXPECT_EQ(a->alerts, b->alerts);
}

TEST(PostgresMatchStoreTest, TheSameResultsInTheSameOrderAsSqlite) {
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  ExpectTheSameAsSqlite(conn->get());
}

TEST(PostgresMatchStoreTest, TheSameOrderWhateverTheDatabaseCollation) {
  REQUIRE_POSTGRES();
  PgIcuDatabase db("clearbid_icu_matches");
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  ExpectTheSameAsSqlite(conn->get());
}

TEST(PostgresMatchStoreTest, OpeningTwiceMigratesOnceWithSQLitesVersion) {
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  auto a = OpenPostgresMatchStore(conn->get());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  auto other = db.Connect();
  ASSERT_TRUE(other.ok());
  auto b = OpenPostgresMatchStore(other->get());
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  auto version = (*other)->SchemaVersion("matches");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 1);
  auto rows = (*conn)->Exec("SELECT count(*) FROM schema_migrations WHERE component = 'matches'");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->Text(0, 0), "1");
  EXPECT_EQ(OpenPostgresMatchStore(nullptr).status().code(), Status::Code::kInvalidArgument);
}

TEST(PostgresMatchStoreTest, AFailedScreeningKeepsNothing) {
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  auto store = OpenPostgresMatchStore(conn->get());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  // The server refuses one result, after the screening row and another result were written.
  ASSERT_TRUE((*conn)
                  ->Script("CREATE FUNCTION refuse_bad() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                           " IF NEW.entry_id = 'bad' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$;"
                           " CREATE TRIGGER refuse BEFORE INSERT ON match_results FOR EACH ROW"
                           " EXECUTE FUNCTION refuse_bad()")
                  .ok());
  const std::vector<ListMatchEvidence> bad = {ConformanceResult("national", 1, "good", 0.9),
                                              ConformanceResult("national", 1, "bad", 0.8)};
  // On its own: its transaction is rolled back.
  EXPECT_FALSE((*store)->PutScreening(ConformanceSubject("k1", "party", "One"), "fp", "names-1", bad).ok());
  auto counts = (*store)->Counts();
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->screenings, 0);
  EXPECT_EQ(counts->results, 0);

  // Inside the caller's transaction: it spoils it, and the caller's earlier writes go too.
  auto transactions = PostgresTransactions(conn->get());
  {
    auto tx = transactions->Begin();
    ASSERT_TRUE(tx.ok()) << tx.status().ToString();
    ASSERT_TRUE((*store)->PutScreening(ConformanceSubject("k0", "party", "Zero"), "fp", "names-1",
                                       {ConformanceResult("national", 1, "z", 0.9)})
                    .ok());
    EXPECT_FALSE((*store)->PutScreening(ConformanceSubject("k1", "party", "One"), "fp", "names-1", bad).ok());
    EXPECT_FALSE((*tx)->Commit().ok());
  }
  counts = (*store)->Counts();
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->screenings, 0);
  EXPECT_EQ(counts->results, 0);
}

TEST(PostgresMatchStoreTest, ScreeningsOfOneSubjectFromTwoConnectionsDoNotInterleave) {
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  auto conn_a = db.Connect();
  auto conn_b = db.Connect();
  ASSERT_TRUE(conn_a.ok() && conn_b.ok());
  auto a = OpenPostgresMatchStore(conn_a->get());
  auto b = OpenPostgresMatchStore(conn_b->get());
  ASSERT_TRUE(a.ok() && b.ok());
  const MatchSubject first = ConformanceSubject("k", "party", "Name", "PT");
  MatchSubject second = first;
  second.country = "ES";

  // A writes its screening in a transaction it has not committed yet; B
  // screens the same subject with other inputs meanwhile. Whether B waits for
  // A's row or comes after A's commit, B's screening replaces A's whole.
  auto tx = PostgresTransactions(conn_a->get())->Begin();
  ASSERT_TRUE(tx.ok()) << tx.status().ToString();
  auto put_a = (*a)->PutScreening(first, "fp", "names-1",
                                  {ConformanceResult("national", 1, "a1", 0.9), ConformanceResult("national", 1, "a2", 0.8)});
  ASSERT_TRUE(put_a.ok()) << put_a.status().ToString();
  Result<MatchChange> put_b = Status::Internal("not run");
  std::thread other([&] {
    put_b = (*b)->PutScreening(second, "fp", "names-1", {ConformanceResult("national", 1, "b1", 0.7)});
  });
  Status committed = (*tx)->Commit();
  other.join();
  ASSERT_TRUE(committed.ok()) << committed.ToString();
  ASSERT_TRUE(put_b.ok()) << put_b.status().ToString();
  EXPECT_EQ(*put_b, MatchChange::kReplaced);
  auto results = (*a)->ResultsFor("k");
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->size(), 1u);
  EXPECT_EQ((*results)[0].match.entry_id, "b1");
  auto screened = (*a)->ScreenedDigests("fp");
  ASSERT_TRUE(screened.ok());
  EXPECT_EQ((*screened)[MatchStore::ScreeningKey(second)], MatchStore::InputDigest(second));
}

}  // namespace
}  // namespace clearbid::testing
