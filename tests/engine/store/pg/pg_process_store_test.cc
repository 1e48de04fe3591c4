// The ProcessStore conformance suite on PostgreSQL, plus what only
// PostgreSQL does: equal contents digest as on SQLite (REAL amounts included,
// whatever the database's collation), and text it cannot hold is replaced.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store/pg/pg_process_store.h"
#include "engine/store/pg/pg_text.h"
#include "engine/store/store_transaction.h"
#include "tests/engine/store/pg/pg_icu_database.h"
#include "tests/engine/store/pg/pg_store_factory.h"
#include "tests/engine/store/pg/pg_test_env.h"
#include "tests/engine/store/process_store_conformance.h"

namespace clearbid::testing {

using PostgresProcessStoreFactory = PostgresStoreFactory<ProcessStore, &OpenPostgresProcessStore>;

INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, ProcessStoreConformance, ::testing::Types<PostgresProcessStoreFactory>);

namespace {

/// Tender amounts whose text SQLite renders in every way it has: integral
/// ("1000.0"), 15 significant digits, exponents, halfway cases, infinities,
/// NaN (stored as NULL), none; and a spread of random doubles.
std::vector<std::optional<double>> SampleAmounts() {
  std::vector<std::optional<double>> out = {1000.0,
                                            0.1,
                                            1.0 / 3,
                                            -0.0,
                                            0.0,
                                            -1.5,
                                            1e15,
                                            1e14,
                                            999999999999999.9,
                                            1e20,
                                            1e-5,
                                            2.5e-05,
                                            123456789012.345,
                                            68671946647424.75,
                                            363906024702964.5,
                                            9007199254740993.0,
                                            std::numeric_limits<double>::max(),
                                            std::numeric_limits<double>::denorm_min(),
                                            std::numeric_limits<double>::infinity(),
                                            -std::numeric_limits<double>::infinity(),
                                            std::nan(""),
                                            std::nullopt};
  std::mt19937_64 rng(20261125);
  for (int i = 0; i < 150; ++i) {
    uint64_t bits = rng();
    double v = 0;
    std::memcpy(&v, &bits, sizeof v);
    if (!std::isnan(v)) out.push_back(v);
    out.push_back(std::round(std::uniform_real_distribution<double>(0, 1e13)(rng)) / 100);
  }
  return out;
}

/// The same processes, releases and files, with the sample amounts.
void PutSample(ProcessStore& store, TransactionSource& transactions) {
  auto tx = transactions.Begin();
  ASSERT_TRUE(tx.ok()) << tx.status().ToString();
  const std::vector<std::optional<double>> amounts = SampleAmounts();
  // Ocids that sort differently byte-wise and linguistically.
  const char* const kTails[] = {"a", "B", "\xC3\xA9", "Z", "1"};
  for (size_t i = 0; i < amounts.size(); ++i) {
    const std::string ocid = std::string("ocds-x-") + kTails[i % 5] + std::to_string(i);
    ASSERT_TRUE(store.PutRelease(ConformanceRelease(ocid, "r", "2025-01-01", "{\"i\":" + std::to_string(i) + "}"))
                    .ok());
    ContractingProcess p = ConformanceProcess(ocid);
    p.tender.value.amount = amounts[i];
    p.parties.push_back(ConformanceParty("o", std::string("Org ") + kTails[i % 5], "", "", "PT", {"payee"}, 2));
    const std::string compiled = "{\"c\":" + std::to_string(i) + "}";
    auto put = store.PutProcess(p, "digest-" + std::to_string(i), 1, i % 2 ? &compiled : nullptr);
    ASSERT_TRUE(put.ok()) << put.status().ToString();
    ASSERT_TRUE(store.RecordSourceFile("sha-" + std::to_string(i % 7), "/in/" + ocid, static_cast<int64_t>(i)).ok());
  }
  ASSERT_TRUE((*tx)->Commit().ok());
}

void ExpectTheSameStoreAsSqlite(PgConnection* conn) {
  auto pg = OpenPostgresProcessStore(conn);
  ASSERT_TRUE(pg.ok()) << pg.status().ToString();
  auto sqlite_db = Database::Open(":memory:");
  ASSERT_TRUE(sqlite_db.ok());
  auto sqlite = OpenSqliteProcessStore(sqlite_db->get());
  ASSERT_TRUE(sqlite.ok()) << sqlite.status().ToString();
  PutSample(**pg, *PostgresTransactions(conn));
  PutSample(**sqlite, *SqliteTransactions(sqlite_db->get()));

  auto pg_digest = (*pg)->ContentDigest();
  auto sqlite_digest = (*sqlite)->ContentDigest();
  ASSERT_TRUE(pg_digest.ok()) << pg_digest.status().ToString();
  ASSERT_TRUE(sqlite_digest.ok()) << sqlite_digest.status().ToString();
  EXPECT_EQ(*pg_digest, *sqlite_digest);

  auto pg_counts = (*pg)->Counts();
  auto sqlite_counts = (*sqlite)->Counts();
  ASSERT_TRUE(pg_counts.ok() && sqlite_counts.ok());
  EXPECT_EQ(pg_counts->releases, sqlite_counts->releases);
  EXPECT_EQ(pg_counts->processes, sqlite_counts->processes);
  EXPECT_EQ(pg_counts->parties, sqlite_counts->parties);
  EXPECT_EQ(pg_counts->process_parties, sqlite_counts->process_parties);
  EXPECT_EQ(pg_counts->items, sqlite_counts->items);
  EXPECT_EQ(pg_counts->source_files, sqlite_counts->source_files);

  auto pg_ocids = (*pg)->Ocids();
  auto sqlite_ocids = (*sqlite)->Ocids();
  ASSERT_TRUE(pg_ocids.ok() && sqlite_ocids.ok());
  EXPECT_EQ(*pg_ocids, *sqlite_ocids);
  std::vector<std::string> pg_rows, sqlite_rows;
  auto collect = [](std::vector<std::string>* out) {
    return [out](const std::string& ocid, const std::string& digest, const std::vector<std::string>& keys) {
      std::string row = ocid + "|" + digest;
      for (const std::string& k : keys) row += "|" + k;
      out->push_back(row);
      return Status::Ok();
    };
  };
  ASSERT_TRUE((*pg)->ForEachProcess(collect(&pg_rows)).ok());
  ASSERT_TRUE((*sqlite)->ForEachProcess(collect(&sqlite_rows)).ok());
  EXPECT_EQ(pg_rows, sqlite_rows);
  std::vector<std::string> pg_parties, sqlite_parties;
  auto collect_parties = [](std::vector<std::string>* out) {
    return [out](const std::string& key, const std::string& name, const std::string& scheme, const std::string& id,
                 const std::string& country) {
      out->push_back(key + "|" + name + "|" + scheme + "|" + id + "|" + country);
      return Status::Ok();
    };
  };
  ASSERT_TRUE((*pg)->ForEachParty(collect_parties(&pg_parties)).ok());
  ASSERT_TRUE((*sqlite)->ForEachParty(collect_parties(&sqlite_parties)).ok());
  EXPECT_EQ(pg_parties, sqlite_parties);
  auto pg_releases = (*pg)->ReleasesOf("ocds-x-B1");
  ASSERT_TRUE(pg_releases.ok());
  ASSERT_EQ(pg_releases->size(), 1u);
  EXPECT_EQ((*pg_releases)[0].json, "{\"i\":1}");

  // A change of one amount on one side only shows.
  ContractingProcess p = ConformanceProcess("ocds-x-a0");
  p.tender.value.amount = 1000.0000000001;
  ASSERT_TRUE((*pg)->PutProcess(p, "changed", 1, nullptr).ok());
  EXPECT_NE(*(*pg)->ContentDigest(), *sqlite_digest);
}

TEST(PostgresProcessStoreTest, EqualContentsDigestAsOnSqlite) {
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  ExpectTheSameStoreAsSqlite(conn->get());
}

TEST(PostgresProcessStoreTest, EqualDigestsWhateverTheDatabaseCollation) {
  REQUIRE_POSTGRES();
  PgIcuDatabase db("clearbid_icu_processes");
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  ExpectTheSameStoreAsSqlite(conn->get());
}

TEST(PostgresProcessStoreTest, TextTheServerCannotHoldIsReplaced) {
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  auto store = OpenPostgresProcessStore(conn->get());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  StoredRelease r = ConformanceRelease(std::string("ocds-\0-caf\xE9", 11), "r1", "2025-01-01", "{}");
  r.source_file = "/in/caf\xE9.json";
  ASSERT_TRUE((*store)->PutRelease(r).ok());
  auto ocids_before = (*store)->ReleasesOf(std::string("ocds-\0-caf\xE9", 11));
  ASSERT_TRUE(ocids_before.ok());
  ASSERT_EQ(ocids_before->size(), 1u);
  EXPECT_EQ((*ocids_before)[0].ocid, "ocds-\xEF\xBF\xBD-caf\xEF\xBF\xBD");
  EXPECT_EQ((*ocids_before)[0].source_file, "/in/caf\xEF\xBF\xBD.json");
  // Found under the replaced text too: it is the stored ocid.
  auto same = (*store)->ReleasesOf("ocds-\xEF\xBF\xBD-caf\xEF\xBF\xBD");
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->size(), 1u);
}

TEST(PostgresProcessStoreTest, OpeningTwiceMigratesOnce) {
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  auto a = OpenPostgresProcessStore(conn->get());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE((*a)->PutRelease(ConformanceRelease("ocds-x-1", "r1", "2025-01-01", "{}")).ok());
  auto other = db.Connect();
  ASSERT_TRUE(other.ok());
  auto b = OpenPostgresProcessStore(other->get());
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  auto counts = (*b)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->releases, 1);
  auto version = (*other)->SchemaVersion("processes");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 1);
  EXPECT_EQ(OpenPostgresProcessStore(nullptr).status().code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace clearbid::testing
