#pragma once
// The conformance suite of EvidenceStore (engine/store/evidence_store.h):
// every implementation (SQLite, PostgreSQL) must pass it unchanged.
//
// A type-parameterised suite: a backend instantiates it with its factory,
//   INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, EvidenceStoreConformance,
//   ::testing::Types<SqliteEvidenceStoreFactory>);
// in one .cc. The factory is a struct with:
//   Factory();  // a fresh, empty database for one test
//   /// A new connection to that database and a store on it. The factory owns
//   /// the connections and outlives the stores.
//   Result<std::unique_ptr<EvidenceStore>> Open();
//   /// Runs `body` inside a transaction of the caller's own (the backend's
//   /// transaction type) on the connection of the store opened last, then
//   /// commits it when `commit`, else rolls it back.
//   Status InCallerTransaction(bool commit, const std::function<void()>& body);

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/base/digest.h"
#include "engine/store/evidence_store.h"

namespace clearbid::testing {

/// A disclosure of PT-NIPPC/505678901 with one tier-2 site and one withheld audit.
inline SupplierDisclosure ConformanceDisclosure() {
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

/// An audit of PT-NIPPC/514223344: one open zero-tolerance finding, one closed critical one.
inline AuditReport ConformanceAudit() {
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

template <typename Factory>
class EvidenceStoreConformance : public ::testing::Test {
 protected:
  /// A store on a new connection; nullptr (and a failure) when it cannot open.
  std::unique_ptr<EvidenceStore> Open() {
    Result<std::unique_ptr<EvidenceStore>> store = factory_.Open();
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  static int64_t Disclosures(EvidenceStore& store) {
    auto counts = store.Counts();
    EXPECT_TRUE(counts.ok()) << counts.status().ToString();
    return counts.ok() ? counts->disclosures : -1;
  }

  Factory factory_;
};

TYPED_TEST_SUITE_P(EvidenceStoreConformance);

TYPED_TEST_P(EvidenceStoreConformance, ReputtingTheSameDocumentChangesNothingAndAChangedOneReplaces) {
  SupplierDisclosure d = ConformanceDisclosure();
  AuditReport a = ConformanceAudit();
  // The store does not interpret the JSON; any stable text stands for the canonical rendering.
  const std::string d_json = R"({"format":"clearbid.disclosure/1.0","disclosure_id":"D-1","v":1})";
  const std::string a_json = R"({"format":"clearbid.audit/1.0","audit_id":"AUD-1","v":1})";
  std::string digest_after_first;
  {
    auto store = this->Open();
    ASSERT_NE(store, nullptr);
    auto r1 = store->PutDisclosure(d, d_json, "d.json", 1);
    ASSERT_TRUE(r1.ok()) << r1.status().ToString();
    EXPECT_EQ(*r1, EvidenceChange::kInserted);
    auto r2 = store->PutAudit(a, a_json, "a.json", 1);
    ASSERT_TRUE(r2.ok()) << r2.status().ToString();
    EXPECT_EQ(*r2, EvidenceChange::kInserted);
    auto digest = store->ContentDigest();
    ASSERT_TRUE(digest.ok()) << digest.status().ToString();
    digest_after_first = *digest;
  }
  // Another connection: same documents, nothing changes (the source location
  // of an unchanged document is not rewritten).
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto same_d = store->PutDisclosure(d, d_json, "elsewhere.json", 9);
  ASSERT_TRUE(same_d.ok()) << same_d.status().ToString();
  EXPECT_EQ(*same_d, EvidenceChange::kUnchanged);
  auto same_a = store->PutAudit(a, a_json, "elsewhere.json", 9);
  ASSERT_TRUE(same_a.ok()) << same_a.status().ToString();
  EXPECT_EQ(*same_a, EvidenceChange::kUnchanged);
  EXPECT_EQ(*store->ContentDigest(), digest_after_first);
  auto counts = store->Counts();
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->disclosures, 1);
  EXPECT_EQ(counts->disclosure_entries, 1);
  EXPECT_EQ(counts->audits, 1);
  EXPECT_EQ(counts->findings, 2);
  EXPECT_EQ(counts->open_findings, 1);

  auto disclosures = store->DisclosuresFor("PT-NIPPC", "505678901");
  ASSERT_TRUE(disclosures.ok()) << disclosures.status().ToString();
  ASSERT_EQ(disclosures->size(), 1u);
  const StoredDisclosure& sd = (*disclosures)[0];
  EXPECT_EQ(sd.party_scheme, "PT-NIPPC");
  EXPECT_EQ(sd.party_id, "505678901");
  EXPECT_EQ(sd.disclosure_id, "D-1");
  EXPECT_EQ(sd.submitted, "2026-10-15");
  EXPECT_EQ(sd.ocid, "");
  EXPECT_EQ(sd.digest, ContentHash(d_json));
  EXPECT_EQ(sd.json, d_json);
  EXPECT_EQ(sd.source_file, "d.json");
  EXPECT_EQ(sd.source_line, 1);

  auto audits = store->AuditsFor("PT-NIPPC", "514223344");
  ASSERT_TRUE(audits.ok()) << audits.status().ToString();
  ASSERT_EQ(audits->size(), 1u);
  const StoredAudit& sa = (*audits)[0];
  EXPECT_EQ(sa.audit_id, "AUD-1");
  EXPECT_EQ(sa.audit_date, "2026-09-12");
  EXPECT_EQ(sa.site_name, "Fábrica Vale do Ave");
  EXPECT_EQ(sa.site_country, "PT");
  EXPECT_EQ(sa.standard, "SMETA 4-pillar");
  EXPECT_EQ(sa.max_open_severity, "zero_tolerance");
  EXPECT_EQ(sa.open_findings, 1);
  EXPECT_EQ(sa.forced_labour_in_scope, std::optional<bool>(true));
  EXPECT_EQ(sa.digest, ContentHash(a_json));
  EXPECT_EQ(sa.json, a_json);
  EXPECT_EQ(sa.source_file, "a.json");

  // The CAP is verified closed: the changed report replaces the old one and its findings.
  a.findings[0].status = CapStatus::kClosed;
  a.findings[0].cap_verified_closed = "2026-10-10";
  a.findings.pop_back();
  a.scope.forced_labour_in_scope.reset();
  const std::string a_json2 = R"({"format":"clearbid.audit/1.0","audit_id":"AUD-1","v":2})";
  auto replaced = store->PutAudit(a, a_json2, "a2.json", 3);
  ASSERT_TRUE(replaced.ok()) << replaced.status().ToString();
  EXPECT_EQ(*replaced, EvidenceChange::kReplaced);
  EXPECT_NE(*store->ContentDigest(), digest_after_first);
  counts = store->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->audits, 1);
  EXPECT_EQ(counts->findings, 1);
  EXPECT_EQ(counts->open_findings, 0);
  audits = store->AuditsFor("PT-NIPPC", "514223344");
  ASSERT_TRUE(audits.ok());
  ASSERT_EQ(audits->size(), 1u);
  EXPECT_EQ((*audits)[0].max_open_severity, "");
  EXPECT_EQ((*audits)[0].open_findings, 0);
  EXPECT_EQ((*audits)[0].forced_labour_in_scope, std::nullopt);
  EXPECT_EQ((*audits)[0].json, a_json2);
  EXPECT_EQ((*audits)[0].source_file, "a2.json");
  EXPECT_EQ((*audits)[0].source_line, 3);

  // A changed disclosure without supply-chain entries drops the old ones.
  d.supply_chain.entries.clear();
  d.ocid = "ocds-abc-1";
  auto replaced_d = store->PutDisclosure(d, R"({"v":2})", "d2.json", 2);
  ASSERT_TRUE(replaced_d.ok()) << replaced_d.status().ToString();
  EXPECT_EQ(*replaced_d, EvidenceChange::kReplaced);
  counts = store->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->disclosures, 1);
  EXPECT_EQ(counts->disclosure_entries, 0);
  disclosures = store->DisclosuresFor("PT-NIPPC", "505678901");
  ASSERT_TRUE(disclosures.ok());
  ASSERT_EQ(disclosures->size(), 1u);
  EXPECT_EQ((*disclosures)[0].ocid, "ocds-abc-1");
  EXPECT_EQ((*disclosures)[0].source_file, "d2.json");
}

TYPED_TEST_P(EvidenceStoreConformance, LoadsByPartyNewestFirst) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  SupplierDisclosure older = ConformanceDisclosure();
  older.disclosure_id = "D-0";
  older.submitted = "2025-10-01";
  SupplierDisclosure newer = ConformanceDisclosure();
  SupplierDisclosure same_day = ConformanceDisclosure();
  same_day.disclosure_id = "C-9";  // same submission date as D-1: by id
  SupplierDisclosure other = ConformanceDisclosure();
  other.party.id = "999";
  ASSERT_TRUE(store->PutDisclosure(older, "{\"d\":0}", "f", 1).ok());
  ASSERT_TRUE(store->PutDisclosure(newer, "{\"d\":1}", "f", 2).ok());
  ASSERT_TRUE(store->PutDisclosure(same_day, "{\"d\":3}", "f", 4).ok());
  ASSERT_TRUE(store->PutDisclosure(other, "{\"d\":2}", "f", 3).ok());
  auto list = store->DisclosuresFor("PT-NIPPC", "505678901");
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].disclosure_id, "C-9");
  EXPECT_EQ((*list)[1].disclosure_id, "D-1");
  EXPECT_EQ((*list)[2].disclosure_id, "D-0");
  EXPECT_EQ((*list)[2].source_line, 1);
  auto nobody = store->DisclosuresFor("PT-NIPPC", "nobody");
  ASSERT_TRUE(nobody.ok());
  EXPECT_TRUE(nobody->empty());

  AuditReport first = ConformanceAudit();
  first.audit_id = "AUD-0";
  first.date = "2025-01-01";
  AuditReport second = ConformanceAudit();
  ASSERT_TRUE(store->PutAudit(first, "{\"a\":0}", "f", 5).ok());
  ASSERT_TRUE(store->PutAudit(second, "{\"a\":1}", "f", 6).ok());
  auto audits = store->AuditsFor("PT-NIPPC", "514223344");
  ASSERT_TRUE(audits.ok()) << audits.status().ToString();
  ASSERT_EQ(audits->size(), 2u);
  EXPECT_EQ((*audits)[0].audit_id, "AUD-1");
  EXPECT_EQ((*audits)[1].audit_id, "AUD-0");
  auto no_audits = store->AuditsFor("PT-NIPPC", "505678901");
  ASSERT_TRUE(no_audits.ok());
  EXPECT_TRUE(no_audits->empty());
}

TYPED_TEST_P(EvidenceStoreConformance, RejectsDocumentsWithoutKeys) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  SupplierDisclosure d = ConformanceDisclosure();
  d.party.scheme.clear();
  auto r1 = store->PutDisclosure(d, "{}", "f", 1);
  ASSERT_FALSE(r1.ok());
  EXPECT_EQ(r1.status().code(), Status::Code::kInvalidArgument);
  d = ConformanceDisclosure();
  d.disclosure_id.clear();
  EXPECT_FALSE(store->PutDisclosure(d, "{}", "f", 1).ok());
  AuditReport a = ConformanceAudit();
  a.audit_id.clear();
  auto r2 = store->PutAudit(a, "{}", "f", 1);
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.status().code(), Status::Code::kInvalidArgument);
  a = ConformanceAudit();
  a.audited_party.id.clear();
  EXPECT_FALSE(store->PutAudit(a, "{}", "f", 1).ok());
  auto counts = store->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->disclosures, 0);
  EXPECT_EQ(counts->audits, 0);
}

TYPED_TEST_P(EvidenceStoreConformance, PutNestsInsideACallersTransaction) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  // Not committed: rolled back with the caller's transaction.
  ASSERT_TRUE(this->factory_
                  .InCallerTransaction(false,
                                       [&] {
                                         auto r = store->PutDisclosure(ConformanceDisclosure(), "{\"x\":1}",
                                                                       "f", 1);
                                         EXPECT_TRUE(r.ok()) << r.status().ToString();
                                       })
                  .ok());
  EXPECT_EQ(this->Disclosures(*store), 0);
  ASSERT_TRUE(this->factory_
                  .InCallerTransaction(true,
                                       [&] {
                                         auto r = store->PutDisclosure(ConformanceDisclosure(), "{\"x\":1}",
                                                                       "f", 1);
                                         EXPECT_TRUE(r.ok()) << r.status().ToString();
                                         auto a = store->PutAudit(ConformanceAudit(), "{\"y\":1}", "f", 2);
                                         EXPECT_TRUE(a.ok()) << a.status().ToString();
                                       })
                  .ok());
  EXPECT_EQ(this->Disclosures(*store), 1);
  // Seen from another connection: it was committed.
  auto other = this->Open();
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(this->Disclosures(*other), 1);
  auto counts = other->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->audits, 1);
}

TYPED_TEST_P(EvidenceStoreConformance, ForEachDisclosureStreamsEveryDocumentInKeyOrder) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  // Enough documents to need several pages of any paged reader; put in an
  // order that is not the key order.
  constexpr int kParties = 9, kPerParty = 50;
  std::vector<std::string> expected;
  for (int p = kParties - 1; p >= 0; --p) {
    for (int i = 0; i < kPerParty; ++i) {
      SupplierDisclosure d = ConformanceDisclosure();
      d.party.scheme = p % 2 == 0 ? "PT-NIPPC" : "GB-COH";
      d.party.id = "P" + std::to_string(p);
      d.disclosure_id = "D-" + std::to_string(1000 + i);
      d.supply_chain.entries.clear();
      ASSERT_TRUE(store->PutDisclosure(d, "{\"n\":" + std::to_string(p * 1000 + i) + "}", "f", i).ok());
      expected.push_back(d.party.scheme + "/" + d.party.id + "/" + d.disclosure_id);
    }
  }
  std::sort(expected.begin(), expected.end());
  std::vector<std::string> seen;
  Status st = store->ForEachDisclosure([&](const StoredDisclosure& d) {
    seen.push_back(d.party_scheme + "/" + d.party_id + "/" + d.disclosure_id);
    EXPECT_EQ(d.digest, ContentHash(d.json));
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(seen, expected);

  // The first error of the callback stops the walk and is returned.
  int calls = 0;
  st = store->ForEachDisclosure([&](const StoredDisclosure&) {
    return ++calls == 3 ? Status::ResourceExhausted("enough") : Status::Ok();
  });
  EXPECT_EQ(st.code(), Status::Code::kResourceExhausted);
  EXPECT_EQ(calls, 3);
}

TYPED_TEST_P(EvidenceStoreConformance, PartyDigestsChangeWithTheirOwnEvidenceOnly) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto empty = store->DigestsByParty();
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_TRUE(empty->empty());

  SupplierDisclosure d = ConformanceDisclosure();
  AuditReport a = ConformanceAudit();
  ASSERT_TRUE(store->PutDisclosure(d, "{\"v\":1}", "f", 1).ok());
  ASSERT_TRUE(store->PutAudit(a, "{\"v\":1}", "f", 2).ok());
  auto before = store->DigestsByParty();
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->size(), 2u);
  ASSERT_EQ(before->count("PT-NIPPC/505678901"), 1u);
  ASSERT_EQ(before->count("PT-NIPPC/514223344"), 1u);

  // A second disclosure of the first party changes its digest only.
  SupplierDisclosure d2 = ConformanceDisclosure();
  d2.disclosure_id = "D-2";
  ASSERT_TRUE(store->PutDisclosure(d2, "{\"v\":2}", "f", 3).ok());
  auto after = store->DigestsByParty();
  ASSERT_TRUE(after.ok());
  EXPECT_NE(after->at("PT-NIPPC/505678901"), before->at("PT-NIPPC/505678901"));
  EXPECT_EQ(after->at("PT-NIPPC/514223344"), before->at("PT-NIPPC/514223344"));
  // Re-putting unchanged documents changes nothing.
  ASSERT_EQ(*store->PutAudit(a, "{\"v\":1}", "g", 9), EvidenceChange::kUnchanged);
  auto again = store->DigestsByParty();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *after);
  // A changed audit changes its party's digest.
  ASSERT_EQ(*store->PutAudit(a, "{\"v\":2}", "g", 9), EvidenceChange::kReplaced);
  auto changed = store->DigestsByParty();
  ASSERT_TRUE(changed.ok());
  EXPECT_NE(changed->at("PT-NIPPC/514223344"), after->at("PT-NIPPC/514223344"));
  EXPECT_EQ(changed->at("PT-NIPPC/505678901"), after->at("PT-NIPPC/505678901"));
}

TYPED_TEST_P(EvidenceStoreConformance, RepeatedEntryRefsAndFindingCodesKeepTheLast) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  SupplierDisclosure d = ConformanceDisclosure();
  SupplyChainEntry again = d.supply_chain.entries[0];
  again.name = "Second site of the same ref";
  again.tier.reset();
  d.supply_chain.entries.push_back(again);
  ASSERT_TRUE(store->PutDisclosure(d, "{\"d\":1}", "f", 1).ok());
  AuditReport a = ConformanceAudit();
  AuditFinding repeated = a.findings[0];
  repeated.status = CapStatus::kClosed;
  a.findings.push_back(repeated);
  ASSERT_TRUE(store->PutAudit(a, "{\"a\":1}", "f", 2).ok());
  auto counts = store->Counts();
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->disclosure_entries, 1);
  EXPECT_EQ(counts->findings, 2);
  EXPECT_EQ(counts->open_findings, 0);  // NC-01's last row is closed; OBS-1 closed
}

REGISTER_TYPED_TEST_SUITE_P(EvidenceStoreConformance,
                            ReputtingTheSameDocumentChangesNothingAndAChangedOneReplaces,
                            LoadsByPartyNewestFirst, RejectsDocumentsWithoutKeys,
                            PutNestsInsideACallersTransaction,
                            ForEachDisclosureStreamsEveryDocumentInKeyOrder,
                            PartyDigestsChangeWithTheirOwnEvidenceOnly,
                            RepeatedEntryRefsAndFindingCodesKeepTheLast);

}  // namespace clearbid::testing
