// Assessor: scoring, bands, zero-tolerance override, mitigation by a
// verified-closed corrective action, the insufficient-data floor, rule
// applicability filters and the contract-level aggregation by tier.

#include "engine/rules/assessor.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/test_util.h"

namespace clearbid {
namespace {

const char kPack[] = R"([pack]
id = "t"
version = "0.1"
[scoring]
band_medium = 25
band_high = 50
band_critical = 75
tier_factors = [1.0, 1.0, 0.5]
insufficient_data_floor = "medium"
)";

const char kRules[] = R"toml(
[[rule]]
id = "ZT"
title = "Documents retained"
category = "labour-recruitment"
severity = "critical"
weight = 10
zero_tolerance = true
when = "recruitment.documents_retained"
action = "escalate"
legal_basis = [{ standard = "FAR 52.222-50", article = "(b)(1)(iv)" }]
mitigation = { when = "audit.verified_closed_severe > 0", factor = 0.2 }

[[rule]]
id = "W30"
title = "No policy"
category = "due-diligence"
severity = "medium"
weight = 30
when = "policy.exists == false"
roles = ["supplier", "subcontractor"]
action = "require_cap"
legal_basis = [{ seed = "001_f5fb0d52df27a55c.txt", lines = "1355" }]

[[rule]]
id = "HIGH"
title = "Grievance"
category = "due-diligence"
severity = "high"
weight = 20
when = "grievance.exists == false"
action = "require_cap"
legal_basis = [{ seed = "003_dd7bb0c92ee0d386.txt", lines = "129" }]

[[rule]]
id = "BIG"
title = "Only large contracts in BD by open procedure with garments"
category = "context"
severity = "low"
weight = 1
when = "policy.exists == false"
min_value = 1000000
countries = ["BD"]
procurement_methods = ["open"]
item_codes = ["CPV:18"]
action = "none"
legal_basis = [{ standard = "ILO C29", article = "Art. 2(1)" }]

[[rule]]
id = "PROC"
title = "Process rule"
category = "integrity"
subject = "process"
severity = "medium"
weight = 7
when = 'not matches(process.award_criteria_text, "(?i)ILO")'
action = "none"
legal_basis = [{ seed = "001_f5fb0d52df27a55c.txt", lines = "1353" }]
)toml";

class AssessorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = testing::TempDir("assessor-pack");
    std::ofstream(dir + "/pack.toml") << kPack;
    std::ofstream(dir + "/rules.toml") << kRules;
    auto pack = LoadRulePack(dir, nullptr);
    ASSERT_TRUE(pack.ok()) << pack.status().message();
    pack_ = std::move(pack).value();
    auto a = Assessor::Create(&pack_);
    ASSERT_TRUE(a.ok());
    assessor_ = std::move(a).value();
  }

  // One process with a supplier (tier 1) and a subcontractor (tier 2).
  ProcessEvidence Evidence() {
    ProcessEvidence ev;
    ev.process.ocid = "ocds-t-1";
    ev.process.tender.value.amount = 2000000;
    ev.process.tender.procurement_method = "open";
    ev.process.tender.award_criteria_details = "Price only";
    Item item;
    item.classification = {"CPV", "18100000-0", ""};
    ev.process.tender.items.push_back(item);
    for (const char* role : {"supplier", "subcontractor"}) {
      Party p;
      p.id = role;
      p.name = std::string("The ") + role;
      p.AddRole(role);
      p.tier = p.id == "supplier" ? 1 : 2;
      p.address.country = "BD";
      PartyEvidence pe;
      pe.party_index = ev.process.parties.size();
      SupplierDisclosure d;
      d.disclosure_id = "D";
      d.submitted = "2026-01-01";
      d.policy.exists = true;
      d.grievance.exists = true;
      d.recruitment.practices.identity_documents_retained = false;
      pe.disclosure = d;
      ev.process.parties.push_back(p);
      ev.parties.push_back(pe);
    }
    Award award;
    award.suppliers.push_back({"supplier", "The supplier"});
    ev.process.awards.push_back(award);
    return ev;
  }

  const Finding& FindingOf(const PartyAssessment& pa, const std::string& id) {
    for (const Finding& f : pa.findings) {
      if (f.rule_id == id) return f;
    }
    static Finding none;
    ADD_FAILURE() << "no finding " << id;
    return none;
  }

  RulePack pack_;
  std::unique_ptr<Assessor> assessor_;
  AssessOptions options_{.as_of = "2026-11-25"};
};

TEST_F(AssessorTest, CleanPartiesAreLow) {
  ProcessAssessment a = assessor_->Assess(Evidence(), options_);
  ASSERT_EQ(a.parties.size(), 2u);
  EXPECT_EQ(a.parties[0].band, Band::kLow);
  EXPECT_EQ(a.parties[0].score, 0);
  EXPECT_EQ(a.pack_version, "0.1");
  ASSERT_EQ(a.process_findings.size(), 1u);
  EXPECT_EQ(a.process_findings[0].status, RuleStatus::kFlagged);
  EXPECT_EQ(a.score, 7);
  EXPECT_EQ(a.band, Band::kLow);
}

TEST_F(AssessorTest, ZeroToleranceOverridesTheScore) {
  ProcessEvidence ev = Evidence();
  ev.parties[1].disclosure->recruitment.practices.identity_documents_retained = true;
  ProcessAssessment a = assessor_->Assess(ev, options_);
  const PartyAssessment& sub = a.parties[1];
  EXPECT_EQ(sub.score, 10);
  EXPECT_EQ(sub.band, Band::kCritical);
  EXPECT_EQ(sub.band_reason, "zero-tolerance override: ZT");
  EXPECT_EQ(FindingOf(sub, "ZT").status, RuleStatus::kFlagged);
  EXPECT_FALSE(FindingOf(sub, "ZT").evidence.empty());
  // The contract takes the worst party band, and explains it.
  EXPECT_EQ(a.band, Band::kCritical);
  EXPECT_NE(a.band_reason.find("party subcontractor"), std::string::npos) << a.band_reason;
}

TEST_F(AssessorTest, VerifiedClosedCapMitigatesAndLiftsTheOverride) {
  ProcessEvidence ev = Evidence();
  ev.parties[1].disclosure->recruitment.practices.identity_documents_retained = true;
  AuditReport audit;
  audit.audit_id = "A1";
  audit.date = "2026-05-01";
  AuditFinding f;
  f.code = "NC-1";
  f.severity = FindingSeverity::kCritical;
  f.status = CapStatus::kClosed;
  f.cap_verified_closed = "2026-07-01";
  audit.findings.push_back(f);
  ev.parties[1].audits.push_back(audit);
  PartyAssessment sub = assessor_->AssessParty(ev, 1, options_);
  const Finding& zt = FindingOf(sub, "ZT");
  EXPECT_EQ(zt.status, RuleStatus::kFlagged);
  EXPECT_TRUE(zt.mitigated);
  EXPECT_DOUBLE_EQ(zt.contribution, 2);
  EXPECT_EQ(sub.score, 2);
  EXPECT_EQ(sub.band, Band::kLow);
}

TEST_F(AssessorTest, InsufficientDataRaisesTheBandToTheFloor) {
  ProcessEvidence ev = Evidence();
  ev.parties[0].disclosure->grievance.exists.reset();
  PartyAssessment pa = assessor_->AssessParty(ev, 0, options_);
  EXPECT_EQ(FindingOf(pa, "HIGH").status, RuleStatus::kInsufficientData);
  ASSERT_EQ(FindingOf(pa, "HIGH").missing.size(), 1u);
  EXPECT_EQ(FindingOf(pa, "HIGH").missing[0].fact, "grievance.exists");
  EXPECT_EQ(pa.score, 0);
  EXPECT_EQ(pa.band, Band::kMedium);
  EXPECT_NE(pa.band_reason.find("insufficient_data"), std::string::npos);
}

TEST_F(AssessorTest, ApplicabilityFilters) {
  ProcessEvidence ev = Evidence();
  ev.parties[0].disclosure->policy.exists = false;
  EXPECT_EQ(FindingOf(assessor_->AssessParty(ev, 0, options_), "BIG").status, RuleStatus::kFlagged);
  ProcessEvidence small = ev;
  small.process.tender.value.amount = 10000;
  EXPECT_EQ(FindingOf(assessor_->AssessParty(small, 0, options_), "BIG").status, RuleStatus::kNotApplicable);
  ProcessEvidence other_country = ev;
  other_country.process.parties[0].address.country = "DE";
  EXPECT_EQ(FindingOf(assessor_->AssessParty(other_country, 0, options_), "BIG").status, RuleStatus::kNotApplicable);
  ProcessEvidence limited = ev;
  limited.process.tender.procurement_method = "limited";
  EXPECT_EQ(FindingOf(assessor_->AssessParty(limited, 0, options_), "BIG").status, RuleStatus::kNotApplicable);
  ProcessEvidence food = ev;
  food.process.tender.items[0].classification.id = "15000000";
  EXPECT_EQ(FindingOf(assessor_->AssessParty(food, 0, options_), "BIG").status, RuleStatus::kNotApplicable);
  // Roles: a recruitment agency is assessed, but W30 applies to suppliers and subcontractors only.
  ProcessEvidence agency = ev;
  agency.process.parties[0].roles = {"recruitmentAgency"};
  EXPECT_EQ(FindingOf(assessor_->AssessParty(agency, 0, options_), "W30").status, RuleStatus::kNotApplicable);
}

TEST_F(AssessorTest, ContractScoreWeighsPartiesByTier) {
  ProcessEvidence ev = Evidence();
  ev.parties[1].disclosure->policy.exists = false;    // W30 on the tier-2 subcontractor
  ev.parties[1].disclosure->grievance.exists = false;  // HIGH too: 50 points
  ProcessAssessment a = assessor_->Assess(ev, options_);
  EXPECT_EQ(a.parties[1].score, 51);  // W30 + HIGH + BIG
  EXPECT_EQ(a.parties[1].band, Band::kHigh);
  ASSERT_GE(a.contributions.size(), 3u);
  EXPECT_EQ(a.contributions[1].subject, "subcontractor");
  EXPECT_DOUBLE_EQ(a.contributions[1].factor, 0.5);
  EXPECT_DOUBLE_EQ(a.contributions[1].points, 25.5);
  EXPECT_EQ(a.contributions.back().subject, "process");
  EXPECT_DOUBLE_EQ(a.score, 32.5);  // best party contribution + process rules
  EXPECT_EQ(a.band, Band::kHigh);   // the worst party band wins over the score band
}

TEST_F(AssessorTest, FindingsShareTheRulesTextsAndKeepThemAfterThePackIsGone) {
  ProcessEvidence ev = Evidence();
  ev.parties[0].disclosure->policy.exists = false;  // W30 flagged for both parties
  ev.parties[1].disclosure->policy.exists = false;
  ProcessAssessment a = assessor_->Assess(ev, options_);
  ASSERT_EQ(a.parties.size(), 2u);
  // One RuleTexts per rule and kind, shared by every finding of that rule.
  EXPECT_EQ(FindingOf(a.parties[0], "W30").texts, FindingOf(a.parties[1], "W30").texts);
  EXPECT_EQ(FindingOf(a.parties[0], "HIGH").texts, FindingOf(a.parties[1], "HIGH").texts);

  assessor_.reset();
  pack_ = RulePack{};
  const Finding& flagged = FindingOf(a.parties[0], "W30");
  ASSERT_EQ(flagged.status, RuleStatus::kFlagged);
  EXPECT_EQ(flagged.title(), "No policy");
  EXPECT_EQ(flagged.condition(), "policy.exists == false");
  ASSERT_EQ(flagged.legal_basis().size(), 1u);
  EXPECT_EQ(flagged.legal_basis()[0].Citation(), "001_f5fb0d52df27a55c.txt:1355");
  // A clear finding says what was checked, without the action and legal basis.
  const Finding& clear = FindingOf(a.parties[0], "HIGH");
  ASSERT_EQ(clear.status, RuleStatus::kClear);
  EXPECT_EQ(clear.title(), "Grievance");
  EXPECT_EQ(clear.condition(), "grievance.exists == false");
  EXPECT_TRUE(clear.legal_basis().empty());
}

TEST_F(AssessorTest, WithoutExplanationsFindingsHaveNoTexts) {
  ProcessEvidence ev = Evidence();
  ev.parties[0].disclosure->policy.exists = false;
  AssessOptions off = options_;
  off.explain = false;
  PartyAssessment pa = assessor_->AssessParty(ev, 0, off);
  const Finding& f = FindingOf(pa, "W30");
  EXPECT_EQ(f.status, RuleStatus::kFlagged);
  EXPECT_EQ(f.texts, nullptr);
  EXPECT_EQ(f.title(), "");
  EXPECT_TRUE(f.legal_basis().empty());
}

TEST_F(AssessorTest, TenderersOnlyWhenScreeningBids) {
  ProcessEvidence ev = Evidence();
  Party t;
  t.id = "bidder";
  t.AddRole("tenderer");
  ev.process.parties.push_back(t);
  PartyEvidence pe;
  pe.party_index = 2;
  ev.parties.push_back(pe);
  EXPECT_EQ(assessor_->Assess(ev, options_).parties.size(), 2u);
  ev.bid_screening = true;
  EXPECT_EQ(assessor_->Assess(ev, options_).parties.size(), 3u);
}

}  // namespace
}  // namespace clearbid
