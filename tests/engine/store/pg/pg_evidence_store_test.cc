// The EvidenceStore conformance suite on PostgreSQL, plus what only
// PostgreSQL does: equal evidence digests as on SQLite, text it cannot hold
// is replaced, and a failed put spoils the caller's transaction.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/store/pg/pg_list_evidence_stores.h"
#include "tests/engine/store/evidence_store_conformance.h"
#include "tests/engine/store/pg/pg_icu_database.h"
#include "tests/engine/store/pg/pg_test_env.h"

namespace clearbid::testing {

/// A fresh database per test; every Open() is a new connection to it.
class PostgresEvidenceStoreFactory {
 public:
  Result<std::unique_ptr<EvidenceStore>> Open() {
    ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> conn, db_.Connect());
    connections_.push_back(std::move(conn));
    return OpenPostgresEvidenceStore(connections_.back().get());
  }

  Status InCallerTransaction(bool commit, const std::function<void()>& body) {
    if (connections_.empty()) return Status::Internal("no store opened");
    PgTransaction tx(*connections_.back());
    RETURN_IF_ERROR(tx.status());
    body();
    return commit ? tx.Commit() : Status::Ok();
  }

  const PgTestDatabase& db() const { return db_; }

 private:
  PgTestDatabase db_;  // declared first: dropped after the connections close
  std::vector<std::unique_ptr<PgConnection>> connections_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, EvidenceStoreConformance,
                               ::testing::Types<PostgresEvidenceStoreFactory>);

namespace {

/// Puts the same varied evidence into `store`. Keys differ in case ("a" <
/// "B" linguistically, "B" < "a" byte-wise), so the order of rows shows.
void PutSampleEvidence(EvidenceStore& store) {
  const char* const kKeys[] = {"a", "B", "c"};
  for (int p = 0; p < 6; ++p) {
    SupplierDisclosure d = ConformanceDisclosure();
    d.party.scheme = p % 2 ? "GB-COH" : "PT-NIPPC";
    d.party.id = kKeys[p % 3] + std::to_string(p);
    for (int k = 0; k < 3; ++k) {
      d.disclosure_id = std::string("D-") + kKeys[k] + std::to_string(p);
      d.submitted = "2026-0" + std::to_string(k + 1) + "-01";
      SupplyChainEntry extra = ConformanceDisclosure().supply_chain.entries[0];
      extra.ref = kKeys[k];
      extra.name = "Site Ünïcode " + std::to_string(k);
      d.supply_chain.entries.push_back(extra);
      ASSERT_TRUE(
          store.PutDisclosure(d, "{\"d\":\"" + d.disclosure_id + d.party.id + "\"}", "d.json", p * 10 + k)
              .ok());
    }
    AuditReport a = ConformanceAudit();
    a.audited_party.scheme = d.party.scheme;
    a.audited_party.id = d.party.id;
    a.audit_id = std::string("AUD-") + kKeys[(p + 1) % 3];
    a.findings[1].code = "nc-02";  // after "NC-01" byte-wise, before it linguistically
    if (p % 2) a.findings.pop_back();
    ASSERT_TRUE(store.PutAudit(a, "{\"a\":" + std::to_string(p) + "}", "a.json", p).ok());
  }
}

/// Puts the sample into a PostgreSQL store on `conn` and an SQLite one:
/// digests, party digests and counts must be equal.
void ExpectTheSameDigestsAsSqlite(PgConnection* conn) {
  auto pg = OpenPostgresEvidenceStore(conn);
  ASSERT_TRUE(pg.ok()) << pg.status().ToString();
  auto sqlite_db = Database::Open(":memory:");
  ASSERT_TRUE(sqlite_db.ok());
  auto sqlite = EvidenceStore::Open(sqlite_db->get());
  ASSERT_TRUE(sqlite.ok());
  PutSampleEvidence(**pg);
  PutSampleEvidence(**sqlite);

  auto pg_digest = (*pg)->ContentDigest();
  auto sqlite_digest = (*sqlite)->ContentDigest();
  ASSERT_TRUE(pg_digest.ok()) << pg_digest.status().ToString();
  ASSERT_TRUE(sqlite_digest.ok());
  EXPECT_EQ(*pg_digest, *sqlite_digest);
  auto pg_parties = (*pg)->DigestsByParty();
  auto sqlite_parties = (*sqlite)->DigestsByParty();
  ASSERT_TRUE(pg_parties.ok()) << pg_parties.status().ToString();
  ASSERT_TRUE(sqlite_parties.ok());
  EXPECT_EQ(pg_parties->size(), 6u);
  EXPECT_EQ(*pg_parties, *sqlite_parties);
  auto pg_counts = (*pg)->Counts();
  auto sqlite_counts = (*sqlite)->Counts();
  ASSERT_TRUE(pg_counts.ok() && sqlite_counts.ok());
  EXPECT_EQ(pg_counts->disclosure_entries, sqlite_counts->disclosure_entries);
  EXPECT_EQ(pg_counts->findings, sqlite_counts->findings);
  EXPECT_EQ(pg_counts->open_findings, sqlite_counts->open_findings);
  std::vector<std::string> pg_order, sqlite_order;
  ASSERT_TRUE((*pg)
                  ->ForEachDisclosure([&](const StoredDisclosure& d) {
                    pg_order.push_back(d.party_id + "/" + d.disclosure_id);
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_TRUE((*sqlite)
                  ->ForEachDisclosure([&](const StoredDisclosure& d) {
                    sqlite_order.push_back(d.party_id + "/" + d.disclosure_id);
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(pg_order, sqlite_order);

  // A change on one side only shows.
  AuditReport a = ConformanceAudit();
  a.audit_id = "AUD-NEW";
  ASSERT_TRUE((*pg)->PutAudit(a, "{}", "x", 1).ok());
  EXPECT_NE(*(*pg)->ContentDigest(), *sqlite_digest);
}

TEST(PostgresEvidenceStoreTest, EqualEvidenceDigestsAsOnSqlite) {
  REQUIRE_POSTGRES();
  PgTestDatabase db;
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  ExpectTheSameDigestsAsSqlite(conn->get());
}

TEST(PostgresEvidenceStoreTest, EqualDigestsWhateverTheDatabaseCollation) {
  REQUIRE_POSTGRES();
  PgIcuDatabase db("clearbid_icu_evidence");
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  ExpectTheSameDigestsAsSqlite(conn->get());
}

TEST(PostgresEvidenceStoreTest, TextPostgresCannotHoldIsReplacedNotRefused) {
  REQUIRE_POSTGRES();
  PostgresEvidenceStoreFactory factory;
  auto store = factory.Open();
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  SupplierDisclosure d = ConformanceDisclosure();
  d.party.name = "T\xEAxteis";                                        // Latin-1
  static const char kJson[] = "{\"n\":\"T\xEAxteis\",\"z\":\"\0\"}";  // Latin-1 and a NUL byte
  const std::string json(kJson, sizeof(kJson) - 1);
  auto put = (*store)->PutDisclosure(d, json, "latin1.csv", 2);
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  EXPECT_EQ(*put, EvidenceChange::kInserted);
  // The digest is of the document as given: putting it again changes nothing.
  auto again = (*store)->PutDisclosure(d, json, "latin1.csv", 2);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, EvidenceChange::kUnchanged);
  auto back = (*store)->DisclosuresFor("PT-NIPPC", "505678901");
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0].json, "{\"n\":\"T\xEF\xBF\xBDxteis\",\"z\":\"\xEF\xBF\xBD\"}");
  EXPECT_EQ((*back)[0].digest, ContentHash(json));
}

TEST(PostgresEvidenceStoreTest, AFailedPutSpoilsTheCallersTransaction) {
  REQUIRE_POSTGRES();
  PostgresEvidenceStoreFactory factory;
  auto store = factory.Open();
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto conn = factory.db().Connect();
  ASSERT_TRUE(conn.ok());
  // A supply-chain entry the database refuses, after the disclosure row is written.
  ASSERT_TRUE((*conn)
                  ->Script("CREATE FUNCTION refuse_bad() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                           "IF NEW.ref = 'BAD' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$; "
                           "CREATE TRIGGER refuse_bad BEFORE INSERT ON evidence_disclosure_entries "
                           "FOR EACH ROW EXECUTE FUNCTION refuse_bad()")
                  .ok());
  SupplierDisclosure bad = ConformanceDisclosure();
  bad.disclosure_id = "D-BAD";
  bad.supply_chain.entries[0].ref = "BAD";
  Status committed = factory.InCallerTransaction(true, [&] {
    EXPECT_TRUE((*store)->PutDisclosure(ConformanceDisclosure(), "{\"x\":1}", "f", 1).ok());
    EXPECT_FALSE((*store)->PutDisclosure(bad, "{\"x\":2}", "f", 2).ok());
  });
  EXPECT_FALSE(committed.ok());
  auto counts = (*store)->Counts();
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->disclosures, 0);  // nothing of the transaction is kept
  // On its own, the failed put keeps nothing either, and the good one goes in.
  EXPECT_FALSE((*store)->PutDisclosure(bad, "{\"x\":2}", "f", 2).ok());
  EXPECT_EQ(*(*store)->PutDisclosure(ConformanceDisclosure(), "{\"x\":1}", "f", 1),
            EvidenceChange::kInserted);
  counts = (*store)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->disclosures, 1);
  EXPECT_EQ((*conn)->SchemaVersion("evidence").value(), 1);
}

TEST(PostgresEvidenceStoreTest, RefusesAMissingConnection) {
  EXPECT_EQ(OpenPostgresEvidenceStore(nullptr).status().code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace clearbid::testing
