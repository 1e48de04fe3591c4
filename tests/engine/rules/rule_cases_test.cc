// Data-driven rule cases: every file tests/rules/*.json (except base.json)
// lists cases, each a compact evidence description (a named base from
// base.json with a JSON merge patch, RFC 7386) and the status expected from
// each rule of the shipped pack rules/core. The driver also asserts that every
// rule of the pack has at least one flagged, one clear and one
// insufficient_data case, so a rule added without cases fails here.
// Format: tests/rules/README.md.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "engine/rules/assessor.h"
#include "engine/rules/rule_pack.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kCasesDir = CLEARBID_SOURCE_DIR "/tests/rules";
const std::string kPackDir = CLEARBID_SOURCE_DIR "/rules/core";
constexpr const char* kAsOf = "2026-11-25";

// A member object or array by reference (an empty one when absent), so that
// range-for never iterates a temporary.
const json& Member(const json& j, const char* key) {
  static const json kEmptyObject = json::object();
  if (!j.is_object() || !j.contains(key) || j[key].is_null()) return kEmptyObject;
  return j[key];
}

std::optional<bool> OptBool(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || j[key].is_null()) return std::nullopt;
  return j[key].get<bool>();
}

std::string Str(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || j[key].is_null()) return "";
  return j[key].get<std::string>();
}

std::optional<CostBearer> Bearer(const json& j, const char* key) {
  std::string s = Str(j, key);
  if (s.empty()) return std::nullopt;
  auto b = ParseCostBearer(s);
  if (!b) throw std::runtime_error("unknown cost bearer " + s);
  return b;
}

LabourPractices PracticesFromJson(const json& j) {
  LabourPractices p;
  if (!j.is_object()) return p;
  p.recruitment_fees_paid_by = Bearer(j, "fees");
  p.related_costs_paid_by = Bearer(j, "costs");
  p.identity_documents_retained = OptBool(j, "documents_retained");
  p.contracts_in_worker_language = OptBool(j, "contracts_in_worker_language");
  if (j.contains("migrant_workers_share") && !j["migrant_workers_share"].is_null())
    p.migrant_workers_share = j["migrant_workers_share"].get<double>();
  return p;
}

SupplierDisclosure DisclosureFromJson(const json& j, const Party& party) {
  SupplierDisclosure d;
  d.format = std::string(kDisclosureFormat);
  d.disclosure_id = "D-" + party.id;
  d.submitted = Str(j, "submitted");
  d.party = {party.identifier.scheme, party.identifier.id, party.name, party.address.country};
  const json& pol = Member(j, "policy");
  d.policy.exists = OptBool(pol, "exists");
  d.policy.covers_subcontractors = OptBool(pol, "covers_subcontractors");
  d.policy.prohibits_worker_paid_fees = OptBool(pol, "prohibits_worker_paid_fees");
  d.policy.prohibits_document_retention = OptBool(pol, "prohibits_document_retention");
  d.policy.references_ilo_core_conventions = OptBool(pol, "references_ilo_core_conventions");
  const json& dd = Member(j, "due_diligence");
  d.due_diligence.process_exists = OptBool(dd, "process_exists");
  d.due_diligence.risk_assessment = OptBool(dd, "risk_assessment");
  d.due_diligence.compliance_plan = OptBool(dd, "compliance_plan");
  d.due_diligence.subcontractor_monitoring = OptBool(dd, "subcontractor_monitoring");
  d.due_diligence.remediation_procedure = OptBool(dd, "remediation_procedure");
  const json& sc = Member(j, "supply_chain");
  d.supply_chain.complete = OptBool(sc, "complete");
  if (sc.contains("tiers_mapped") && !sc["tiers_mapped"].is_null()) d.supply_chain.tiers_mapped = sc["tiers_mapped"].get<int64_t>();
  for (const auto& [ref, e] : Member(sc, "entries").items()) {
    if (e.is_null()) continue;
    SupplyChainEntry entry;
    entry.ref = ref;
    auto role = ParseChainRole(e.value("role", "site"));
    if (!role) throw std::runtime_error("unknown chain role in " + ref);
    entry.role = *role;
    if (e.contains("tier")) entry.tier = e["tier"].get<int64_t>();
    entry.name = e.value("name", ref);
    entry.address.country = Str(e, "country");
    entry.address.street_address = Str(e, "street");
    entry.address.locality = Str(e, "locality");
    entry.practices = PracticesFromJson(Member(e, "practices"));
    d.supply_chain.entries.push_back(std::move(entry));
  }
  const json& rec = Member(j, "recruitment");
  d.recruitment.uses_agencies = OptBool(rec, "uses_agencies");
  d.recruitment.practices = PracticesFromJson(Member(rec, "practices"));
  for (const auto& [ref, a] : Member(rec, "agencies").items()) {
    if (a.is_null()) continue;
    RecruitmentAgency agency;
    agency.ref = ref;
    agency.name = a.value("name", ref);
    agency.country = Str(a, "country");
    agency.licensed = OptBool(a, "licensed");
    agency.licence.valid_until = Str(a, "valid_until");
    agency.practices = PracticesFromJson(Member(a, "practices"));
    d.recruitment.agencies.push_back(std::move(agency));
  }
  const json& gr = Member(j, "grievance");
  d.grievance.exists = OptBool(gr, "exists");
  d.grievance.open_to_supply_chain_workers = OptBool(gr, "open_to_supply_chain_workers");
  for (const auto& [id, a] : Member(j, "audits").items()) {
    if (a.is_null()) continue;
    AuditReference ref;
    ref.audit_id = id;
    ref.report_provided = OptBool(a, "report_provided");
    d.audits.push_back(std::move(ref));
  }
  return d;
}

AuditReport AuditFromJson(const std::string& id, const json& j, const Party& party) {
  AuditReport a;
  a.format = std::string(kAuditFormat);
  a.audit_id = id;
  a.auditor.firm = j.value("firm", "Example Audits Ltd");
  a.auditor.independence = Str(j, "independence");
  a.date = Str(j, "date");
  a.site_name = j.value("site", party.name + " main site");
  a.site_address.country = party.address.country;
  a.audited_party = {party.identifier.scheme, party.identifier.id, party.name, party.address.country};
  a.scope.forced_labour_in_scope = OptBool(j, "forced_labour_in_scope");
  a.narrative = Str(j, "narrative");
  for (const auto& [code, f] : Member(j, "findings").items()) {
    if (f.is_null()) continue;
    AuditFinding fi;
    fi.code = code;
    fi.title = f.value("title", code);
    auto sev = ParseFindingSeverity(f.value("severity", "minor"));
    auto status = ParseCapStatus(f.value("status", "open"));
    if (!sev || !status) throw std::runtime_error("bad severity or status in finding " + code);
    fi.severity = *sev;
    fi.status = *status;
    if (f.contains("category")) {
      fi.category = ParseFindingCategory(f["category"].get<std::string>());
      if (!fi.category) throw std::runtime_error("bad category in finding " + code);
    }
    if (f.contains("ilo")) {
      fi.ilo_indicator = ParseIloIndicator(f["ilo"].get<std::string>());
      if (!fi.ilo_indicator) throw std::runtime_error("bad ILO indicator in finding " + code);
    }
    fi.cap_due = Str(f, "cap_due");
    fi.cap_verified_closed = Str(f, "cap_verified_closed");
    a.findings.push_back(std::move(fi));
  }
  return a;
}

ProcessEvidence EvidenceFromJson(const json& j) {
  ProcessEvidence ev;
  ContractingProcess& p = ev.process;
  const json& pj = Member(j, "process");
  p.ocid = pj.value("ocid", "ocds-test-0001");
  if (pj.contains("value") && !pj["value"].is_null()) p.tender.value.amount = pj["value"].get<double>();
  p.tender.procurement_method = Str(pj, "method");
  p.tender.award_criteria = Str(pj, "award_criteria");
  p.tender.award_criteria_details = Str(pj, "award_criteria_details");
  for (const auto& code : Member(pj, "items")) {
    std::string c = code.get<std::string>();
    size_t colon = c.find(':');
    Item item;
    item.id = std::to_string(p.tender.items.size() + 1);
    item.classification.scheme = c.substr(0, colon);
    item.classification.id = c.substr(colon + 1);
    p.tender.items.push_back(std::move(item));
  }
  ev.bid_screening = j.value("bid_screening", false);
  ev.goods_table_loaded = j.value("goods_table", false);
  Award award;
  award.id = "award-1";
  for (const auto& [id, pt] : Member(j, "parties").items()) {
    if (pt.is_null()) continue;
    Party party;
    party.id = id;
    party.name = pt.value("name", "Party " + id);
    for (const auto& r : Member(pt, "roles")) party.AddRole(r.get<std::string>());
    party.tier = pt.value("tier", -1);
    party.address.country = Str(pt, "country");
    std::string ident = Str(pt, "identifier");
    if (!ident.empty()) {
      size_t slash = ident.find('/');
      party.identifier.scheme = ident.substr(0, slash);
      party.identifier.id = ident.substr(slash + 1);
    }
    if (party.HasRole(PartyRole::kSupplier)) award.suppliers.push_back({party.id, party.name});
    const size_t index = p.parties.size();
    p.parties.push_back(party);
    PartyEvidence pe;
    pe.party_index = index;
    pe.lists_screened = pt.value("screened", false);
    for (const json& m : Member(pt, "matches")) {
      ListMatchEvidence lm;
      lm.list = m.value("list", "worldbank");
      lm.list_version = 1;
      lm.entry_id = m.value("entry_id", "E-1");
      lm.entry_name = m.value("entry_name", party.name);
      lm.query_name = party.name;
      lm.subject = m.value("subject", "party");
      lm.score = m.value("score", 0.0);
      lm.is_match = m.value("is_match", false);
      lm.identifier_match = m.value("identifier_match", false);
      lm.entry_active = m.value("active", true);
      lm.decision = m.value("decision", "");
      pe.matches.push_back(std::move(lm));
    }
    if (pt.contains("disclosure") && !pt["disclosure"].is_null())
      pe.disclosure = DisclosureFromJson(pt["disclosure"], party);
    for (const auto& [aid, a] : Member(pt, "audits").items()) {
      if (!a.is_null()) pe.audits.push_back(AuditFromJson(aid, a, party));
    }
    ev.parties.push_back(std::move(pe));
    std::vector<GoodsRisk> goods;
    for (const json& g : Member(pt, "goods")) {
      goods.push_back({g.value("good", ""), g.value("country", party.address.country), g.value("child", false),
                       g.value("forced", false), g.value("item_code", "")});
    }
    ev.goods_risk.push_back(std::move(goods));
  }
  if (pj.value("awarded", true) && !award.suppliers.empty()) p.awards.push_back(std::move(award));
  return ev;
}

json ReadJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  return json::parse(in, nullptr, true, /*ignore_comments=*/true);
}

struct Case {
  std::string file;
  std::string name;
  json evidence;
  json expect;
  json spec;
};

std::vector<Case> LoadCases() {
  json bases = ReadJson(kCasesDir + "/base.json").at("bases");
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(kCasesDir)) {
    if (e.path().extension() == ".json" && e.path().filename() != "base.json") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<Case> cases;
  for (const std::string& f : files) {
    json doc = ReadJson(f);
    for (const json& c : doc.at("cases")) {
      Case k;
      k.file = fs::path(f).filename().string();
      k.name = c.at("name").get<std::string>();
      k.evidence = bases.at(c.value("base", "clean"));
      if (c.contains("patch")) k.evidence.merge_patch(c["patch"]);
      // "party_patch" is a merge patch of one party (the case's "party", default s1).
      if (c.contains("party_patch")) k.evidence["parties"][c.value("party", "s1")].merge_patch(c["party_patch"]);
      k.expect = Member(c, "expect");
      k.spec = c;
      cases.push_back(std::move(k));
    }
  }
  return cases;
}

class RuleCasesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::vector<PackIssue> issues;
    auto pack = LoadRulePack(kPackDir, &issues);
    for (const PackIssue& i : issues) ADD_FAILURE() << i.ToString();
    ASSERT_TRUE(pack.ok()) << pack.status().message();
    pack_ = new RulePack(std::move(pack).value());
    auto assessor = Assessor::Create(pack_);
    ASSERT_TRUE(assessor.ok()) << assessor.status().message();
    assessor_ = assessor.value().release();
  }
  static void TearDownTestSuite() {
    delete assessor_;
    delete pack_;
    assessor_ = nullptr;
    pack_ = nullptr;
  }
  static RulePack* pack_;
  static Assessor* assessor_;
};
RulePack* RuleCasesTest::pack_ = nullptr;
Assessor* RuleCasesTest::assessor_ = nullptr;

const Finding* FindFinding(const std::vector<Finding>& findings, const std::string& id) {
  for (const Finding& f : findings) {
    if (f.rule_id == id) return &f;
  }
  return nullptr;
}

TEST_F(RuleCasesTest, EveryCaseGivesTheExpectedStatuses) {
  ASSERT_NE(assessor_, nullptr);
  std::vector<Case> cases = LoadCases();
  ASSERT_GE(cases.size(), 100u);
  std::map<std::string, const Rule*> rules;
  for (const Rule& r : pack_->rules) rules[r.id] = &r;
  std::map<std::string, std::set<std::string>> covered;  // rule -> statuses seen in expectations
  int64_t checks = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file + ": " + c.name);
    ProcessEvidence ev = EvidenceFromJson(c.evidence);
    ProcessAssessment pa = assessor_->Assess(ev, AssessOptions{.as_of = kAsOf});
    const std::string party_id = c.spec.value("party", "");
    const PartyAssessment* party = nullptr;
    for (const PartyAssessment& p : pa.parties) {
      if (party_id.empty() ? party == nullptr : p.party_id == party_id) party = &p;
    }
    for (const auto& [rule_id, want] : c.expect.items()) {
      auto it = rules.find(rule_id);
      if (it == rules.end()) {
        ADD_FAILURE() << "expectation for unknown rule " << rule_id;
        continue;
      }
      const bool process_rule = it->second->subject == RuleSubject::kProcess;
      const Finding* f = nullptr;
      if (process_rule) {
        f = FindFinding(pa.process_findings, rule_id);
      } else if (party) {
        f = FindFinding(party->findings, rule_id);
      }
      ASSERT_NE(f, nullptr) << "no finding for " << rule_id << (party ? "" : " (no assessed party)");
      EXPECT_EQ(RuleStatusCode(f->status), want.get<std::string>()) << rule_id << ": " << f->condition();
      covered[rule_id].insert(want.get<std::string>());
      ++checks;
    }
    if (c.spec.contains("others")) {
      // Every party rule not listed in expect must have this status (or be not applicable).
      const std::string others = c.spec["others"].get<std::string>();
      ASSERT_NE(party, nullptr);
      for (const Finding& f : party->findings) {
        if (c.expect.contains(f.rule_id) || f.status == RuleStatus::kNotApplicable) continue;
        EXPECT_EQ(RuleStatusCode(f.status), others) << f.rule_id << ": " << f.condition();
        ++checks;
      }
    }
    if (c.spec.contains("band")) {
      ASSERT_NE(party, nullptr);
      EXPECT_EQ(BandCode(party->band), c.spec["band"].get<std::string>()) << party->band_reason;
    }
    if (c.spec.contains("process_band")) {
      EXPECT_EQ(BandCode(pa.band), c.spec["process_band"].get<std::string>()) << pa.band_reason;
    }
    if (c.spec.contains("process_score")) {
      EXPECT_DOUBLE_EQ(pa.score, c.spec["process_score"].get<double>()) << pa.band_reason;
    }
    if (c.spec.contains("score")) {
      ASSERT_NE(party, nullptr);
      EXPECT_DOUBLE_EQ(party->score, c.spec["score"].get<double>());
    }
    if (c.spec.contains("band_reason")) {
      ASSERT_NE(party, nullptr);
      EXPECT_EQ(party->band_reason, c.spec["band_reason"].get<std::string>());
    }
    // "evidence_contains": {rule: text}: some evidence line of the party finding contains the text.
    for (const auto& [rule_id, text] : Member(c.spec, "evidence_contains").items()) {
      ASSERT_NE(party, nullptr);
      const Finding* f = FindFinding(party->findings, rule_id);
      ASSERT_NE(f, nullptr) << rule_id;
      bool found = false;
      for (const EvidenceItem& e : f->evidence) found |= e.text.find(text.get<std::string>()) != std::string::npos;
      EXPECT_TRUE(found) << rule_id << " evidence lacks \"" << text.get<std::string>() << "\"";
    }
    for (const auto& id : Member(c.spec, "mitigated")) {
      ASSERT_NE(party, nullptr);
      const Finding* f = FindFinding(party->findings, id.get<std::string>());
      ASSERT_NE(f, nullptr);
      EXPECT_TRUE(f->mitigated) << id;
    }
  }
  EXPECT_GT(checks, 300);
  // Coverage: every rule of the pack has flagged, clear and insufficient_data cases.
  for (const Rule& r : pack_->rules) {
    for (const char* status : {"flagged", "clear", "insufficient_data"}) {
      EXPECT_TRUE(covered[r.id].count(status)) << "rule " << r.id << " (" << r.file << ") has no " << status << " case";
    }
  }
  std::cout << "[ rule cases ] " << cases.size() << " cases, " << checks << " status checks, " << pack_->rules.size()
            << " rules\n";
}

// Same inputs, same pack: the same assessment (determinism), checked on every case.
TEST_F(RuleCasesTest, AssessmentIsDeterministic) {
  ASSERT_NE(assessor_, nullptr);
  for (const Case& c : LoadCases()) {
    ProcessEvidence ev = EvidenceFromJson(c.evidence);
    ProcessAssessment a = assessor_->Assess(ev, AssessOptions{.as_of = kAsOf});
    ProcessAssessment b = assessor_->Assess(ev, AssessOptions{.as_of = kAsOf});
    ASSERT_EQ(a.parties.size(), b.parties.size()) << c.name;
    EXPECT_EQ(a.score, b.score) << c.name;
    for (size_t i = 0; i < a.parties.size(); ++i) {
      ASSERT_EQ(a.parties[i].findings.size(), b.parties[i].findings.size());
      for (size_t k = 0; k < a.parties[i].findings.size(); ++k) {
        EXPECT_EQ(a.parties[i].findings[k].status, b.parties[i].findings[k].status);
        EXPECT_EQ(a.parties[i].findings[k].evidence.size(), b.parties[i].findings[k].evidence.size());
      }
    }
  }
}

}  // namespace
}  // namespace clearbid
