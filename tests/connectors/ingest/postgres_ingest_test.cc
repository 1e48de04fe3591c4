// Ingest into PostgreSQL: the real OCDS data of ../shared/data/ocds gives the
// same store as on SQLite (equal counts, equal content digests, equal
// summaries), and re-ingesting it changes nothing. Runs in the ctest entry
// connectors_postgres (tests/CMakeLists.txt), with the throwaway cluster of
// tests/engine/store/pg/pg_test_env.h.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "connectors/ingest/ingester.h"
#include "engine/store/pg/pg_list_evidence_stores.h"
#include "engine/store/pg/pg_process_store.h"
#include "tests/engine/store/pg/pg_test_env.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

namespace fs = std::filesystem;

struct Stores {
  std::unique_ptr<ProcessStore> processes;
  std::unique_ptr<EvidenceStore> evidence;
  std::unique_ptr<TransactionSource> transactions;
};

IngestSummary IngestInto(Stores& s, const std::vector<std::string>& paths) {
  IngestSummary summary;
  IngestOptions options;
  options.jobs = 2;
  options.transaction_releases = 500;  // several transactions
  Status status = Ingest(paths, s.transactions.get(), s.processes.get(), s.evidence.get(), options, &summary);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return summary;
}

void ExpectEqualCounts(const StoreCounts& a, const StoreCounts& b) {
  EXPECT_EQ(a.releases, b.releases);
  EXPECT_EQ(a.processes, b.processes);
  EXPECT_EQ(a.parties, b.parties);
  EXPECT_EQ(a.process_parties, b.process_parties);
  EXPECT_EQ(a.items, b.items);
  EXPECT_EQ(a.source_files, b.source_files);
}

std::string DigestOf(ProcessStore& store) {
  auto digest = store.ContentDigest();
  EXPECT_TRUE(digest.ok()) << digest.status().ToString();
  return digest.ok() ? *digest : std::string();
}

/// The process and evidence stores on SQLite `db` and on PostgreSQL `conn`.
void OpenBoth(Database* db, PgConnection* conn, Stores* sqlite, Stores* pg) {
  auto sqlite_processes = OpenSqliteProcessStore(db);
  ASSERT_TRUE(sqlite_processes.ok()) << sqlite_processes.status().ToString();
  sqlite->processes = std::move(sqlite_processes).value();
  auto sqlite_evidence = EvidenceStore::Open(db);
  ASSERT_TRUE(sqlite_evidence.ok()) << sqlite_evidence.status().ToString();
  sqlite->evidence = std::move(sqlite_evidence).value();
  sqlite->transactions = SqliteTransactions(db);
  auto pg_processes = OpenPostgresProcessStore(conn);
  ASSERT_TRUE(pg_processes.ok()) << pg_processes.status().ToString();
  pg->processes = std::move(pg_processes).value();
  auto pg_evidence = OpenPostgresEvidenceStore(conn);
  ASSERT_TRUE(pg_evidence.ok()) << pg_evidence.status().ToString();
  pg->evidence = std::move(pg_evidence).value();
  pg->transactions = PostgresTransactions(conn);
}

TEST(PostgresIngestTest, RealOcdsDataGivesTheSameStoreAsSqlite) {
  REQUIRE_SHARED_DATA();
  const std::string ocds = testing::SharedDataDir() + "/ocds";
  if (!fs::is_directory(ocds + "/real")) GTEST_SKIP() << ocds << "/real is absent: real-data test skipped";
  REQUIRE_POSTGRES();
  const std::vector<std::string> paths = {ocds + "/real", ocds + "/fictional"};

  auto sqlite_db = Database::Open(testing::TempDir("pg-ingest") + "/store.db");
  ASSERT_TRUE(sqlite_db.ok()) << sqlite_db.status().ToString();
  testing::PgTestDatabase pg_db;
  auto conn = pg_db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  Stores sqlite, pg;
  ASSERT_NO_FATAL_FAILURE(OpenBoth(sqlite_db->get(), conn->get(), &sqlite, &pg));

  IngestSummary on_sqlite = IngestInto(sqlite, paths);
  IngestSummary on_pg = IngestInto(pg, paths);
  EXPECT_GT(on_pg.store.processes, 700);  // the real data holds 716 processes
  ExpectEqualCounts(on_pg.store, on_sqlite.store);
  EXPECT_EQ(on_pg.releases, on_sqlite.releases);
  EXPECT_EQ(on_pg.releases_new, on_sqlite.releases_new);
  EXPECT_EQ(on_pg.releases_updated, on_sqlite.releases_updated);
  EXPECT_EQ(on_pg.processes_changed, on_sqlite.processes_changed);
  EXPECT_EQ(on_pg.rejected, on_sqlite.rejected);
  EXPECT_EQ(on_pg.errors.size(), on_sqlite.errors.size());
  const std::string digest = DigestOf(*pg.processes);
  EXPECT_EQ(digest, DigestOf(*sqlite.processes));
  auto pg_evidence_digest = pg.evidence->ContentDigest();
  auto sqlite_evidence_digest = sqlite.evidence->ContentDigest();
  ASSERT_TRUE(pg_evidence_digest.ok() && sqlite_evidence_digest.ok());
  EXPECT_EQ(*pg_evidence_digest, *sqlite_evidence_digest);

  // Every process reads back the same.
  auto ocids = pg.processes->Ocids();
  ASSERT_TRUE(ocids.ok()) << ocids.status().ToString();
  for (const std::string& ocid : *ocids) {
    auto a = pg.processes->ProcessJson(ocid);
    auto b = sqlite.processes->ProcessJson(ocid);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(*a, *b) << ocid;
  }

  // Ingesting the same data again into PostgreSQL changes nothing.
  IngestSummary again = IngestInto(pg, paths);
  EXPECT_EQ(again.releases_new, 0u);
  EXPECT_EQ(again.releases_updated, 0u);
  EXPECT_EQ(again.processes_changed, 0u);
  EXPECT_EQ(DigestOf(*pg.processes), digest);
}

// Cardinal's malformed fixtures: bad input stops neither backend, and both
// take and reject the same documents.
TEST(PostgresIngestTest, MalformedFixturesAreTakenAndRejectedAsOnSqlite) {
  REQUIRE_SHARED_DATA();
  const std::string base = testing::SharedDataDir() + "/cardinal/tests/fixtures";
  if (!fs::is_directory(base)) GTEST_SKIP() << base << " is absent: real-data test skipped";
  REQUIRE_POSTGRES();
  std::vector<std::string> files;
  for (const char* sub : {"/coverage", "/prepare"}) {
    for (const auto& e : fs::directory_iterator(base + sub)) {
      if (e.path().extension() == ".jsonl") files.push_back(e.path().string());
    }
  }
  auto sqlite_db = Database::Open(":memory:");
  ASSERT_TRUE(sqlite_db.ok());
  testing::PgTestDatabase pg_db;
  auto conn = pg_db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  Stores sqlite, pg;
  ASSERT_NO_FATAL_FAILURE(OpenBoth(sqlite_db->get(), conn->get(), &sqlite, &pg));
  IngestSummary on_sqlite = IngestInto(sqlite, files);
  IngestSummary on_pg = IngestInto(pg, files);
  EXPECT_GT(on_pg.store.processes, 0);
  ExpectEqualCounts(on_pg.store, on_sqlite.store);
  EXPECT_EQ(on_pg.rejected, on_sqlite.rejected);
  EXPECT_EQ(on_pg.errors.size(), on_sqlite.errors.size());
  EXPECT_EQ(DigestOf(*pg.processes), DigestOf(*sqlite.processes));
}

}  // namespace
}  // namespace clearbid
