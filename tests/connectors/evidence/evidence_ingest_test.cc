// Examples read by the connectors and stored: ingesting them twice leaves the
// evidence store identical; the worked example is found by party.

#include <gtest/gtest.h>

#include "connectors/evidence/audit_reader.h"
#include "connectors/evidence/disclosure_reader.h"
#include "connectors/evidence/evidence_writer.h"
#include "connectors/ocds/ocds_reader.h"
#include "engine/store/evidence_store.h"
#include "tests/connectors/evidence/evidence_test_util.h"

namespace clearbid {
namespace {

using testing::ExampleFiles;
using testing::Padded;

struct Tally {
  int inserted = 0, unchanged = 0, replaced = 0;
  void Add(EvidenceChange c) {
    (c == EvidenceChange::kInserted ? inserted : c == EvidenceChange::kUnchanged ? unchanged : replaced)++;
  }
};

Tally IngestExamples(EvidenceStore* store) {
  Tally t;
  for (const auto& f : ExampleFiles("disclosures", ".json")) {
    Padded p(testing::ReadFile(f));
    SupplierDisclosure d;
    std::vector<InputIssue> errors;
    EXPECT_TRUE(ReadDisclosureJson(p.view(), f, 1, &d, &errors).ok()) << f;
    auto r = store->PutDisclosure(d, DisclosureToJson(d), f, 1);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (r.ok()) t.Add(*r);
  }
  // The CSV flavour of a JSON example is the same document: unchanged.
  for (const auto& f : ExampleFiles("disclosures", ".csv")) {
    SupplierDisclosure d;
    std::vector<InputIssue> errors;
    EXPECT_TRUE(ReadDisclosureCsvFile(f, &d, &errors).ok()) << f;
    auto r = store->PutDisclosure(d, DisclosureToJson(d), f, 1);
    EXPECT_TRUE(r.ok());
    if (r.ok()) t.Add(*r);
  }
  for (const auto& f : ExampleFiles("audits", ".json")) {
    Padded p(testing::ReadFile(f));
    AuditReport a;
    std::vector<InputIssue> errors;
    EXPECT_TRUE(ReadAuditJson(p.view(), f, 1, &a, &errors).ok()) << f;
    auto r = store->PutAudit(a, AuditToJson(a), f, 1);
    EXPECT_TRUE(r.ok());
    if (r.ok()) t.Add(*r);
  }
  return t;
}

TEST(EvidenceIngestTest, ExamplesTwiceGiveAnIdenticalStore) {
  std::string path = testing::TempDir("evidence-ingest") + "/clearbid.db";
  auto db = Database::Open(path);
  ASSERT_TRUE(db.ok());
  auto store = EvidenceStore::Open(db->get());
  ASSERT_TRUE(store.ok());
  size_t json_disclosures = ExampleFiles("disclosures", ".json").size();
  size_t csv_disclosures = ExampleFiles("disclosures", ".csv").size();
  size_t audits = ExampleFiles("audits", ".json").size();

  Tally first = IngestExamples(store->get());
  EXPECT_EQ(first.inserted, static_cast<int>(json_disclosures + audits));
  EXPECT_EQ(first.unchanged, static_cast<int>(csv_disclosures));
  EXPECT_EQ(first.replaced, 0);
  auto digest = (*store)->ContentDigest();
  auto counts = (*store)->Counts();
  ASSERT_TRUE(digest.ok() && counts.ok());

  Tally second = IngestExamples(store->get());
  EXPECT_EQ(second.inserted, 0);
  EXPECT_EQ(second.replaced, 0);
  EXPECT_EQ(second.unchanged, static_cast<int>(json_disclosures + csv_disclosures + audits));
  EXPECT_EQ(*(*store)->ContentDigest(), *digest);
  EXPECT_EQ((*store)->Counts()->disclosures, counts->disclosures);
  EXPECT_EQ((*store)->Counts()->findings, counts->findings);

  // The worked example: the subcontractor's audit has an open zero-tolerance finding,
  // and the stored JSON reads back to the same model.
  auto stored = (*store)->AuditsFor("PT-NIPPC", "514223344");
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ((*stored)[0].max_open_severity, "zero_tolerance");
  Padded p((*stored)[0].json);
  AuditReport a;
  std::vector<InputIssue> errors;
  ASSERT_TRUE(ReadAuditJson(p.view(), "stored", 1, &a, &errors).ok());
  EXPECT_EQ(AuditToJson(a), (*stored)[0].json);
  auto disclosures = (*store)->DisclosuresFor("PT-NIPPC", "505678901");
  ASSERT_TRUE(disclosures.ok());
  ASSERT_EQ(disclosures->size(), 1u);
  EXPECT_EQ((*disclosures)[0].ocid, "ocds-cbex01-2026-000042");
}

// The OCDS example names the worked example's supplier, subcontractor and site
// with the identifiers the disclosure and the audit use.
TEST(EvidenceIngestTest, OcdsExampleMatchesTheEvidenceParties) {
  std::string path = testing::ExamplesDir() + "/ocds/bid-example.json";
  Padded p(testing::ReadFile(path));
  EXPECT_EQ(DetectEvidence(p.view()), EvidenceKind::kNone);
  OcdsReader reader;
  OcdsReadResult result;
  reader.Read(p.view(), path, 1, &result);
  ASSERT_TRUE(result.errors.empty()) << result.errors[0].reason;
  ASSERT_EQ(result.releases.size(), 1u);
  const ContractingProcess& process = result.releases[0].process;
  EXPECT_EQ(process.ocid, "ocds-cbex01-2026-000042");

  Padded dp(testing::ReadFile(testing::ExamplesDir() + "/disclosures/textil-atlantico-2026.json"));
  SupplierDisclosure d;
  std::vector<InputIssue> errors;
  ASSERT_TRUE(ReadDisclosureJson(dp.view(), "d", 1, &d, &errors).ok());
  EXPECT_EQ(d.ocid, process.ocid);
  const SupplyChainEntry* sub = d.FindEntry("SUB1");
  const SupplyChainEntry* site = d.FindEntry("S2");
  ASSERT_TRUE(sub && site);

  auto find = [&](const std::string& scheme, const std::string& id) -> const Party* {
    for (const auto& party : process.parties) {
      if (party.identifier.scheme == scheme && party.identifier.id == id) return &party;
    }
    return nullptr;
  };
  const Party* supplier = find(d.party.scheme, d.party.id);
  ASSERT_NE(supplier, nullptr);
  EXPECT_TRUE(supplier->HasRole(PartyRole::kSupplier));
  const Party* subcontractor = find(sub->identifier.scheme, sub->identifier.id);
  ASSERT_NE(subcontractor, nullptr);
  EXPECT_TRUE(subcontractor->HasRole(PartyRole::kSubcontractor));
  const Party* site_party = find(site->identifier.scheme, site->identifier.id);
  ASSERT_NE(site_party, nullptr);
  EXPECT_TRUE(site_party->HasRole(PartyRole::kSite));
  for (const auto& f : ExampleFiles("disclosures", ".json")) {
    Padded fp(testing::ReadFile(f));
    SupplierDisclosure other;
    ASSERT_TRUE(ReadDisclosureJson(fp.view(), f, 1, &other, &errors).ok()) << f;
    const Party* tenderer = find(other.party.scheme, other.party.id);
    ASSERT_NE(tenderer, nullptr) << f;
    EXPECT_TRUE(tenderer->HasRole(PartyRole::kTenderer)) << f;
  }
}

}  // namespace
}  // namespace clearbid
