// Explanations: the exact text of each kind of evidence line and of missing
// evidence, and the fact values as they print (numbers as fmt's shortest
// form, whatever path formats them). Assessments must keep the same bytes,
// so the expected lines are written out in full.

#include "engine/rules/explanation.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <limits>

namespace clearbid {
namespace {

std::vector<EvidenceItem> Explain(FactId id, const FactSet& facts, const ProcessEvidence& ev,
                                  const PartyEvidence* pe, const std::vector<NarrativeHit>& hits = {}) {
  std::vector<EvidenceItem> out;
  ExplainFact(id, facts, ev, pe, hits, &out);
  return out;
}

TEST(FactValueTest, PrintsEachTypeAndUnknown) {
  EXPECT_EQ(FactValue::Bool(true).ToString(FactType::kBool), "true");
  EXPECT_EQ(FactValue::Bool(false).ToString(FactType::kBool), "false");
  EXPECT_EQ(FactValue::Unknown().ToString(FactType::kNumber), "unknown");
  EXPECT_EQ(FactValue::Text("UA").ToString(FactType::kText), "\"UA\"");
  EXPECT_EQ(FactValue::List({"a", "b"}).ToString(FactType::kList), "[a, b]");
  EXPECT_EQ(FactValue::List({}).ToString(FactType::kList), "[]");
  EXPECT_EQ(FactValue::Number(3).ToString(FactType::kNumber), "3");
  EXPECT_EQ(FactValue::Number(-7).ToString(FactType::kNumber), "-7");
  EXPECT_EQ(FactValue::Number(0.25).ToString(FactType::kNumber), "0.25");
  EXPECT_EQ(FactValue::Number(-0.0).ToString(FactType::kNumber), "-0");
  EXPECT_EQ(FactValue::Number(1e16).ToString(FactType::kNumber), "1e+16");
}

TEST(FactValueTest, NumbersPrintAsFmtShortestForm) {
  const double values[] = {0,
                           1,
                           42,
                           -1,
                           365,
                           1e14 - 1,
                           1e15 - 1,
                           1e15,
                           1e15 + 2,
                           1e16,
                           1e21,
                           0.1,
                           2.5,
                           -0.5,
                           1e-7,
                           123456789.125,
                           -0.0,
                           std::numeric_limits<double>::infinity(),
                           std::numeric_limits<double>::max(),
                           std::numeric_limits<double>::quiet_NaN()};
  for (double v : values) {
    std::string appended = "x = ";
    FactValue::Number(v).AppendTo(FactType::kNumber, &appended);
    EXPECT_EQ(appended, "x = " + fmt::format("{}", v)) << v;
  }
}

TEST(ExplanationTest, FactLineAloneForProcessRules) {
  FactSet facts;
  facts[FactId::kProcessValue] = FactValue::Number(250000);
  ProcessEvidence ev;
  std::vector<EvidenceItem> lines = Explain(FactId::kProcessValue, facts, ev, nullptr);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].kind, "fact");
  EXPECT_EQ(lines[0].text, "process.value = 250000");
  EXPECT_EQ(lines[0].source, "");
  EXPECT_EQ(lines[0].begin, -1);
}

TEST(ExplanationTest, AuditFindingLines) {
  ProcessEvidence ev;
  PartyEvidence pe;
  AuditReport a;
  a.audit_id = "AU1";
  a.auditor.firm = "Audit firm";
  a.date = "2025-03-01";
  a.site_name = "Site A";
  AuditFinding held;
  held.code = "F1";
  held.title = "Passports held by the supervisor";
  held.severity = FindingSeverity::kCritical;
  held.status = CapStatus::kOpen;
  held.ilo_indicator = IloIndicator::kRetentionOfIdentityDocuments;
  held.cap_due = "2025-06-01";
  AuditFinding closed;  // closed: not behind an "open" fact
  closed.code = "F2";
  closed.severity = FindingSeverity::kCritical;
  closed.status = CapStatus::kClosed;
  closed.description = "Wages withheld";
  closed.cap_verified_closed = "2025-05-01";
  a.findings = {held, closed};
  pe.audits.push_back(a);
  FactSet facts;
  facts[FactId::kAuditOpenCritical] = FactValue::Number(1);
  facts[FactId::kAuditVerifiedClosedSevere] = FactValue::Number(1);

  std::vector<EvidenceItem> open = Explain(FactId::kAuditOpenCritical, facts, ev, &pe);
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0].text, "audit.open_critical = 1");
  EXPECT_EQ(open[1].kind, "audit_finding");
  EXPECT_EQ(
      open[1].text,
      "audit AU1 (Audit firm, 2025-03-01) at Site A: finding F1 [critical, ILO-FL-07] open: Passports held "
      "by the supervisor; CAP due 2025-06-01");
  EXPECT_EQ(open[1].source, "AU1/F1");

  std::vector<EvidenceItem> verified = Explain(FactId::kAuditVerifiedClosedSevere, facts, ev, &pe);
  ASSERT_EQ(verified.size(), 2u);
  EXPECT_EQ(verified[1].text,
            "audit AU1 (Audit firm, 2025-03-01) at Site A: finding F2 [critical] closed: Wages withheld; CAP "
            "verified closed 2025-05-01");
}

TEST(ExplanationTest, ListMatchLines) {
  ProcessEvidence ev;
  PartyEvidence pe;
  pe.lists_screened = true;
  ListMatchEvidence own;
  own.list = "worldbank";
  own.list_version = 3;
  own.entry_id = "W-1";
  own.entry_name = "ACME LTD";
  own.query_name = "Acme Ltd";
  own.score = 0.9349;
  own.is_match = true;
  own.identifier_match = true;
  own.decision = "confirmed";
  own.explanation = "same registration number";
  ListMatchEvidence chain = own;
  chain.subject = "S2";
  chain.identifier_match = false;
  chain.decision = "";
  chain.entry_active = false;
  chain.score = 0.8;
  ListMatchEvidence dismissed = own;
  dismissed.decision = "dismissed";
  pe.matches = {own, chain, dismissed};
  FactSet facts;
  facts[FactId::kListsConfirmedMatch] = FactValue::Bool(true);
  facts[FactId::kListsChainMatch] = FactValue::Bool(true);

  std::vector<EvidenceItem> party = Explain(FactId::kListsConfirmedMatch, facts, ev, &pe);
  ASSERT_EQ(party.size(), 2u);
  EXPECT_EQ(party[0].text, "lists.confirmed_match = true");
  EXPECT_EQ(party[1].kind, "list_match");
  EXPECT_EQ(
      party[1].text,
      "party \"Acme Ltd\" ~ worldbank entry W-1 \"ACME LTD\" (list version 3): score 0.93, identifier match, "
      "reviewer: confirmed; same registration number");
  EXPECT_EQ(party[1].source, "worldbank/W-1");

  std::vector<EvidenceItem> in_chain = Explain(FactId::kListsChainMatch, facts, ev, &pe);
  ASSERT_EQ(in_chain.size(), 2u);
  EXPECT_EQ(
      in_chain[1].text,
      "supply-chain S2 \"Acme Ltd\" ~ worldbank entry W-1 \"ACME LTD\" (list version 3): score 0.80, entry "
      "inactive; same registration number");
}

TEST(ExplanationTest, NarrativeHitLines) {
  ProcessEvidence ev;
  PartyEvidence pe;
  FactSet facts;
  facts[FactId::kNarrativeIndicators] = FactValue::List({"retention_of_identity_documents"});
  NarrativeHit hit;
  hit.audit_id = "AU1";
  hit.indicator = "retention_of_identity_documents";
  hit.pattern_id = "en-passport-held";
  hit.begin = 27;
  hit.end = 49;
  hit.snippet = "their passports were held";
  std::vector<EvidenceItem> lines = Explain(FactId::kNarrativeIndicators, facts, ev, &pe, {hit});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "narrative.indicators = [retention_of_identity_documents]");
  EXPECT_EQ(lines[1].kind, "narrative");
  EXPECT_EQ(lines[1].text, "[retention_of_identity_documents] …their passports were held…");
  EXPECT_EQ(lines[1].source, "AU1#en-passport-held");
  EXPECT_EQ(lines[1].begin, 27);
  EXPECT_EQ(lines[1].end, 49);
}

TEST(ExplanationTest, DisclosureLines) {
  ProcessEvidence ev;
  PartyEvidence pe;
  SupplierDisclosure d;
  d.disclosure_id = "D1";
  d.submitted = "2026-01-15";
  d.recruitment.practices.recruitment_fees_paid_by = CostBearer::kShared;
  RecruitmentAgency agency;
  agency.ref = "A1";
  agency.name = "Agency";
  agency.country = "UA";
  agency.licensed = false;
  agency.practices.recruitment_fees_paid_by = CostBearer::kEmployer;  // nothing to say
  RecruitmentAgency expiring = agency;
  expiring.ref = "A2";
  expiring.licensed = true;
  expiring.licence.valid_until = "2026-02-01";
  expiring.practices.recruitment_fees_paid_by = CostBearer::kWorker;
  d.recruitment.agencies = {agency, expiring};
  SupplyChainEntry site;
  site.ref = "E1";
  site.role = ChainRole::kSite;
  site.tier = 2;
  site.name = "Site 1";
  site.practices.recruitment_fees_paid_by = CostBearer::kWorker;
  site.practices.identity_documents_retained = true;
  d.supply_chain.entries = {site};
  pe.disclosure = d;
  FactSet facts;
  facts[FactId::kRecruitWorkerPaidFees] = FactValue::Bool(true);
  facts[FactId::kRecruitDocumentsRetained] = FactValue::Bool(true);
  facts[FactId::kRecruitUnlicensedAgency] = FactValue::Bool(true);

  std::vector<EvidenceItem> fees = Explain(FactId::kRecruitWorkerPaidFees, facts, ev, &pe);
  ASSERT_EQ(fees.size(), 4u);
  EXPECT_EQ(fees[1].kind, "disclosure");
  EXPECT_EQ(fees[1].text,
            "disclosure D1 (2026-01-15): the supplier's own workforce: recruitment fees paid by: shared");
  EXPECT_EQ(fees[1].source, "D1");
  EXPECT_EQ(fees[2].text, "disclosure D1 (2026-01-15): agency A2 Agency: recruitment fees paid by: worker");
  EXPECT_EQ(fees[3].text,
            "disclosure D1 (2026-01-15): site E1 Site 1 (tier 2): recruitment fees paid by: worker");

  std::vector<EvidenceItem> retained = Explain(FactId::kRecruitDocumentsRetained, facts, ev, &pe);
  ASSERT_EQ(retained.size(), 2u);
  EXPECT_EQ(retained[1].text,
            "disclosure D1 (2026-01-15): site E1 Site 1 (tier 2): identity documents retained");

  std::vector<EvidenceItem> licences = Explain(FactId::kRecruitUnlicensedAgency, facts, ev, &pe);
  ASSERT_EQ(licences.size(), 3u);
  EXPECT_EQ(licences[1].text, "agency A1 Agency (UA): licensed no");
  EXPECT_EQ(licences[2].text, "agency A2 Agency (UA): licensed yes, licence valid until 2026-02-01");
  EXPECT_EQ(licences[2].source, "D1");
}

TEST(ExplanationTest, GoodsRiskLines) {
  ProcessEvidence ev;
  ev.goods_table_loaded = true;
  ev.goods_risk = {
      {{"Cotton", "UZ", true, true, "CPV:18100000"}, {"Bricks", "UZ", true, false, "CPV:44111000"}}};
  PartyEvidence pe;
  FactSet facts;
  facts[FactId::kContextDolForcedLabour] = FactValue::Bool(true);
  std::vector<EvidenceItem> lines = Explain(FactId::kContextDolForcedLabour, facts, ev, &pe);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].text, "item CPV:18100000 maps to \"Cotton\", listed for UZ (forced and child labour)");
  EXPECT_EQ(lines[1].source, "goods-table");
}

TEST(ExplanationTest, MissingEvidenceInConditionOrder) {
  Result<Condition> c =
      Condition::Parse("grievance.exists == false or policy.exists == false or known(audit.reports)");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  FactSet facts;
  facts[FactId::kPolicyExists] = FactValue::Bool(true);
  std::vector<MissingEvidence> missing;
  ListMissingEvidence(*c, facts, &missing);
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_EQ(missing[0].fact, "grievance.exists");
  EXPECT_EQ(missing[0].supplied_by, "disclosure grievance.exists");
  EXPECT_EQ(missing[1].fact, "audit.reports");
  EXPECT_EQ(missing[1].supplied_by, "audit reports (docs/formats/audit-report.md)");
}

}  // namespace
}  // namespace clearbid
