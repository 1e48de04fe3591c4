#include "engine/store/evidence_store.h"

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace clearbid {
namespace {

SupplierDisclosure MakeDisclosure() {
  SupplierDisclosure d;
  d.format = std::string(kDisclosureFormat);
  d.disclosure_id = "D-1";
  d.submitted = "2026-10-15";
  d.party = {"PT-NIPPC", "505678901", "Têxteis Atlântico, Lda.", "PT"};
  d.policy.exists = true;
  d.grievance.exists = false;
  SupplyChainEntry site;
  site.ref = "S2";
  site.role = ChainRole::kSite;
  site.tier = 2;
  site.name = "Fábrica Vale do Ave";
  site.address.country = "PT";
  site.identifier = {"GLN", "5601234000024", "", ""};
  site.parent = {"PT-NIPPC", "514223344", "", ""};
  d.supply_chain.entries.push_back(site);
  AuditReference withheld;
  withheld.audit_id = "A-0";
  withheld.report_provided = false;
  d.audits.push_back(withheld);
  return d;
}

AuditReport MakeAudit() {
  AuditReport a;
  a.format = std::string(kAuditFormat);
  a.audit_id = "AUD-1";
  a.auditor.firm = "Exemplo Auditorias";
  a.date = "2026-09-12";
  a.site_name = "Fábrica Vale do Ave";
  a.site_address.country = "PT";
  a.audited_party = {"PT-NIPPC", "514223344", "", ""};
  a.scope.standard = "SMETA 4-pillar";
  a.scope.forced_labour_in_scope = true;
  AuditFinding zt;
  zt.code = "NC-01";
  zt.ilo_indicator = IloIndicator::kRetentionOfIdentityDocuments;
  zt.severity = FindingSeverity::kZeroTolerance;
  zt.status = CapStatus::kOpen;
  AuditFinding closed;
  closed.code = "OBS-1";
  closed.severity = FindingSeverity::kCritical;
  closed.status = CapStatus::kClosed;
  a.findings = {zt, closed};
  a.narrative = "Passports kept by the agency.";
  return a;
}

struct Opened {
  std::unique_ptr<Database> db;
  std::unique_ptr<EvidenceStore> store;
};

Opened Open(const std::string& path) {
  Opened o;
  auto db = Database::Open(path);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  o.db = std::move(db).value();
  auto store = EvidenceStore::Open(o.db.get());
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  o.store = std::move(store).value();
  return o;
}

TEST(EvidenceStoreTest, ReputtingTheSameDocumentChangesNothingAndAChangedOneReplaces) {
  std::string path = testing::TempDir("evidence-store") + "/clearbid.db";
  SupplierDisclosure d = MakeDisclosure();
  AuditReport a = MakeAudit();
  // The store does not interpret the JSON; any stable text stands for the canonical rendering.
  const std::string d_json = R"({"format":"clearbid.disclosure/1.0","disclosure_id":"D-1","v":1})";
  const std::string a_json = R"({"format":"clearbid.audit/1.0","audit_id":"AUD-1","v":1})";
  std::string digest_after_first;
  {
    Opened o = Open(path);
    auto r1 = o.store->PutDisclosure(d, d_json, "d.json", 1);
    ASSERT_TRUE(r1.ok()) << r1.status().ToString();
    EXPECT_EQ(*r1, EvidenceChange::kInserted);
    auto r2 = o.store->PutAudit(a, a_json, "a.json", 1);
    ASSERT_TRUE(r2.ok()) << r2.status().ToString();
    EXPECT_EQ(*r2, EvidenceChange::kInserted);
    auto digest = o.store->ContentDigest();
    ASSERT_TRUE(digest.ok());
    digest_after_first = *digest;
  }
  {
    // A second process opening the same file: same documents, nothing changes.
    Opened o = Open(path);
    EXPECT_EQ(*o.store->PutDisclosure(d, d_json, "elsewhere.json", 9), EvidenceChange::kUnchanged);
    EXPECT_EQ(*o.store->PutAudit(a, a_json, "elsewhere.json", 9), EvidenceChange::kUnchanged);
    EXPECT_EQ(*o.store->ContentDigest(), digest_after_first);
    auto counts = o.store->Counts();
    ASSERT_TRUE(counts.ok());
    EXPECT_EQ(counts->disclosures, 1);
    EXPECT_EQ(counts->disclosure_entries, 1);
    EXPECT_EQ(counts->audits, 1);
    EXPECT_EQ(counts->findings, 2);
    EXPECT_EQ(counts->open_findings, 1);

    auto audits = o.store->AuditsFor("PT-NIPPC", "514223344");
    ASSERT_TRUE(audits.ok());
    ASSERT_EQ(audits->size(), 1u);
    EXPECT_EQ((*audits)[0].max_open_severity, "zero_tolerance");
    EXPECT_EQ((*audits)[0].open_findings, 1);
    EXPECT_EQ((*audits)[0].forced_labour_in_scope, std::optional<bool>(true));
    EXPECT_EQ((*audits)[0].json, a_json);
    EXPECT_EQ((*audits)[0].source_file, "a.json");

    // The CAP is verified closed: the changed report replaces the old one.
    a.findings[0].status = CapStatus::kClosed;
    a.findings[0].cap_verified_closed = "2026-10-10";
    a.findings.pop_back();
    const std::string a_json2 = R"({"format":"clearbid.audit/1.0","audit_id":"AUD-1","v":2})";
    EXPECT_EQ(*o.store->PutAudit(a, a_json2, "a2.json", 3), EvidenceChange::kReplaced);
    EXPECT_NE(*o.store->ContentDigest(), digest_after_first);
    counts = o.store->Counts();
    EXPECT_EQ(counts->audits, 1);
    EXPECT_EQ(counts->findings, 1);
    EXPECT_EQ(counts->open_findings, 0);
    audits = o.store->AuditsFor("PT-NIPPC", "514223344");
    ASSERT_EQ(audits->size(), 1u);
    EXPECT_EQ((*audits)[0].max_open_severity, "");
    EXPECT_EQ((*audits)[0].json, a_json2);
    EXPECT_EQ((*audits)[0].source_file, "a2.json");
  }
}

TEST(EvidenceStoreTest, LoadsByPartyNewestFirst) {
  Opened o = Open(":memory:");
  SupplierDisclosure older = MakeDisclosure();
  older.disclosure_id = "D-0";
  older.submitted = "2025-10-01";
  SupplierDisclosure newer = MakeDisclosure();
  SupplierDisclosure other = MakeDisclosure();
  other.party.id = "999";
  ASSERT_TRUE(o.store->PutDisclosure(older, "{\"d\":0}", "f", 1).ok());
  ASSERT_TRUE(o.store->PutDisclosure(newer, "{\"d\":1}", "f", 2).ok());
  ASSERT_TRUE(o.store->PutDisclosure(other, "{\"d\":2}", "f", 3).ok());
  auto list = o.store->DisclosuresFor("PT-NIPPC", "505678901");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].disclosure_id, "D-1");
  EXPECT_EQ((*list)[1].disclosure_id, "D-0");
  EXPECT_EQ((*list)[1].source_line, 1);
  EXPECT_TRUE(o.store->DisclosuresFor("PT-NIPPC", "nobody")->empty());
}

TEST(EvidenceStoreTest, RejectsDocumentsWithoutKeys) {
  Opened o = Open(":memory:");
  SupplierDisclosure d = MakeDisclosure();
  d.party.scheme.clear();
  EXPECT_FALSE(o.store->PutDisclosure(d, "{}", "f", 1).ok());
  AuditReport a = MakeAudit();
  a.audit_id.clear();
  EXPECT_FALSE(o.store->PutAudit(a, "{}", "f", 1).ok());
  EXPECT_EQ(o.store->Counts()->disclosures, 0);
}

TEST(EvidenceStoreTest, PutNestsInsideACallersTransaction) {
  Opened o = Open(":memory:");
  {
    Transaction tx(*o.db);
    ASSERT_TRUE(tx.status().ok());
    ASSERT_TRUE(o.store->PutDisclosure(MakeDisclosure(), "{\"x\":1}", "f", 1).ok());
    // Not committed: rolled back with the caller's transaction.
  }
  EXPECT_EQ(o.store->Counts()->disclosures, 0);
  {
    Transaction tx(*o.db);
    ASSERT_TRUE(o.store->PutDisclosure(MakeDisclosure(), "{\"x\":1}", "f", 1).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  EXPECT_EQ(o.store->Counts()->disclosures, 1);
}

}  // namespace
}  // namespace clearbid
