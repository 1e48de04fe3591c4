#include "engine/rules/facts.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <iterator>

#include <fmt/compile.h>
#include <fmt/format.h>

namespace clearbid {
namespace {

constexpr std::array<FactInfo, kFactCount> kFacts = {{
#define CLEARBID_FACT_INFO(id, name, type, source) {FactId::id, name, FactType::type, source},
    CLEARBID_FACTS(CLEARBID_FACT_INFO)
#undef CLEARBID_FACT_INFO
}};

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<int64_t> ParseDay(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  for (size_t i : {0, 1, 2, 3}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    y = y * 10 + (s[i] - '0');
  }
  for (size_t i : {5, 6}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    m = m * 10 + (s[i] - '0');
  }
  for (size_t i : {8, 9}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    d = d * 10 + (s[i] - '0');
  }
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  return DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

// Three-valued "any": true when any known true, false when all known false,
// unknown otherwise (including when there is nothing to look at).
class AnyOf {
 public:
  void Add(std::optional<bool> v) {
    if (!v) {
      unknown_ = true;
    } else if (*v) {
      true_ = true;
    } else {
      false_ = true;
    }
  }
  /// Sets `v` (reset to unknown beforehand) to the three-valued "any".
  void SetOn(FactValue& v) const {
    if (true_ || (false_ && !unknown_)) {
      v.known = true;
      v.boolean = true_;
    }
  }

 private:
  bool true_ = false, false_ = false, unknown_ = false;
};

// ExtractFacts resets every value to unknown once per party, then sets each
// fact in place, so that the strings and lists of a reused FactSet keep their
// capacity (no temporaries, no allocation once warm).
void SetBool(FactValue& v, bool b) {
  v.known = true;
  v.boolean = b;
}
void SetNumber(FactValue& v, double n) {
  v.known = true;
  v.number = n;
}
void SetText(FactValue& v, std::string_view text) {
  v.known = true;
  v.text.assign(text);
}
void SetOptional(FactValue& v, const std::optional<bool>& b) {
  if (b) SetBool(v, *b);
}
void SortUnique(std::vector<std::string>& list) {
  std::sort(list.begin(), list.end());
  list.erase(std::unique(list.begin(), list.end()), list.end());
}

std::optional<bool> WorkerPays(const std::optional<CostBearer>& b) {
  if (!b) return std::nullopt;
  return *b == CostBearer::kWorker || *b == CostBearer::kShared;
}

std::optional<bool> Negate(const std::optional<bool>& b) {
  if (!b) return std::nullopt;
  return !*b;
}

bool StartsWithAny(std::string_view code, const std::vector<std::string>* prefixes) {
  if (!prefixes) return false;
  for (const std::string& p : *prefixes) {
    if (code.compare(0, p.size(), p) == 0) return true;
  }
  return false;
}

}  // namespace

const FactInfo& GetFactInfo(FactId id) { return kFacts[static_cast<size_t>(id)]; }

std::optional<FactId> FindFact(std::string_view name) {
  for (const FactInfo& f : kFacts) {
    if (f.name == name) return f.id;
  }
  return std::nullopt;
}

std::string FactValue::ToString(FactType type) const {
  std::string out;
  AppendTo(type, &out);
  return out;
}

void FactValue::AppendTo(FactType type, std::string* out) const {
  if (!known) {
    out->append("unknown");
    return;
  }
  switch (type) {
    case FactType::kBool: out->append(boolean ? "true" : "false"); return;
    case FactType::kNumber:
      // Most numbers are counts and days: integers print the same as the
      // shortest double form ("3", not "3.0") and an integer is cheaper to
      // format. Below 1e15 the double form is never exponential.
      if (number == std::trunc(number) && std::fabs(number) < 1e15 && !std::signbit(number)) {
        fmt::format_to(std::back_inserter(*out), FMT_COMPILE("{}"), static_cast<int64_t>(number));
      } else {
        fmt::format_to(std::back_inserter(*out), FMT_COMPILE("{}"), number);
      }
      return;
    case FactType::kText:
      out->push_back('"');
      out->append(text);
      out->push_back('"');
      return;
    case FactType::kList:
      out->push_back('[');
      for (size_t i = 0; i < list.size(); ++i) {
        if (i > 0) out->append(", ");
        out->append(list[i]);
      }
      out->push_back(']');
      return;
  }
  out->append("?");
}

std::optional<int64_t> DaysBetween(std::string_view from, std::string_view to) {
  auto a = ParseDay(from);
  auto b = ParseDay(to);
  if (!a || !b) return std::nullopt;
  return *b - *a;
}

void ExtractFacts(const ProcessEvidence& ev, const PartyEvidence& pe, const FactOptions& options, FactSet* facts,
                  std::vector<NarrativeHit>* hits) {
  FactSet& f = *facts;
  for (FactValue& v : f.values) {  // keep the buffers' capacity
    v.known = false;
    v.boolean = false;
    v.number = 0;
    v.text.clear();
    v.list.clear();
  }
  const ContractingProcess& proc = ev.process;
  const Party& party = proc.parties[pe.party_index];

  // Party and process.
  f[FactId::kPartyRoles].list.assign(party.roles.begin(), party.roles.end());
  f[FactId::kPartyRoles].known = true;
  if (party.tier >= 0) SetNumber(f[FactId::kPartyTier], party.tier);
  if (!party.address.country.empty()) SetText(f[FactId::kPartyCountry], party.address.country);
  SetBool(f[FactId::kPartyHasIdentifier], !party.identifier.id.empty());
  if (proc.tender.value.amount) SetNumber(f[FactId::kProcessValue], *proc.tender.value.amount);
  if (!proc.tender.procurement_method.empty())
    SetText(f[FactId::kProcessMethod], proc.tender.procurement_method);
  std::vector<std::string>& codes = f[FactId::kProcessItemCodes].list;
  auto add_codes = [&](const std::vector<Item>& items) {
    for (const Item& item : items) {
      if (!item.classification.id.empty())
        codes.push_back(item.classification.scheme + ":" + item.classification.id);
      for (const Classification& c : item.additional_classifications) codes.push_back(c.scheme + ":" + c.id);
    }
  };
  add_codes(proc.tender.items);
  for (const Award& a : proc.awards) add_codes(a.items);
  for (const Contract& c : proc.contracts) add_codes(c.items);
  SortUnique(codes);
  if (!codes.empty()) {
    bool high_risk = false;
    for (const std::string& c : codes) {
      std::string_view code = c;
      if (code.rfind("CPV:", 0) == 0) high_risk |= StartsWithAny(code.substr(4), options.high_risk_cpv_prefixes);
      if (code.rfind("UNSPSC:", 0) == 0)
        high_risk |= StartsWithAny(code.substr(7), options.high_risk_unspsc_prefixes);
    }
    SetBool(f[FactId::kContextHighRiskSector], high_risk);
    f[FactId::kProcessItemCodes].known = true;
  }
  std::string& criteria = f[FactId::kProcessAwardCriteriaText].text;
  criteria.assign(proc.tender.award_criteria);
  if (!proc.tender.award_criteria_details.empty()) {
    if (!criteria.empty()) criteria += "\n";
    criteria += proc.tender.award_criteria_details;
  }
  f[FactId::kProcessAwardCriteriaText].known = !criteria.empty();

  // Goods × country context.
  if (ev.goods_table_loaded && pe.party_index < ev.goods_risk.size()) {
    bool fl = false, cl = false;
    for (const GoodsRisk& g : ev.goods_risk[pe.party_index]) {
      fl |= g.forced_labour;
      cl |= g.child_labour;
    }
    SetBool(f[FactId::kContextDolForcedLabour], fl);
    SetBool(f[FactId::kContextDolChildLabour], cl);
  }

  // Exclusion lists.
  SetBool(f[FactId::kListsScreened], pe.lists_screened);
  if (pe.lists_screened) {
    bool confirmed = false, possible = false, chain = false;
    double best = 0;
    for (const ListMatchEvidence& m : pe.matches) {
      if (m.decision == "dismissed" || !m.entry_active) continue;
      const bool own = m.subject == "party";
      if (own) best = std::max(best, m.score);
      const bool strong = m.identifier_match || m.decision == "confirmed";
      if (own && strong) confirmed = true;
      if (own && m.is_match) possible = true;
      if (!own && (m.is_match || strong)) chain = true;
    }
    SetBool(f[FactId::kListsConfirmedMatch], confirmed);
    SetBool(f[FactId::kListsPossibleMatch], possible);
    SetNumber(f[FactId::kListsBestScore], best);
    // Chain screening is only meaningful when a disclosure names a chain.
    if (pe.disclosure) SetBool(f[FactId::kListsChainMatch], chain);
  }

  // Supplier disclosure.
  SetBool(f[FactId::kDisclosurePresent], pe.disclosure.has_value());
  if (pe.disclosure) {
    const SupplierDisclosure& d = *pe.disclosure;
    if (auto age = DaysBetween(d.submitted, options.as_of)) SetNumber(f[FactId::kDisclosureAgeDays], *age);
    SetOptional(f[FactId::kPolicyExists], d.policy.exists);
    SetOptional(f[FactId::kPolicyCoversSubcontractors], d.policy.covers_subcontractors);
    SetOptional(f[FactId::kPolicyProhibitsFees], d.policy.prohibits_worker_paid_fees);
    SetOptional(f[FactId::kPolicyProhibitsRetention], d.policy.prohibits_document_retention);
    SetOptional(f[FactId::kPolicyIloCore], d.policy.references_ilo_core_conventions);
    SetOptional(f[FactId::kDdProcessExists], d.due_diligence.process_exists);
    SetOptional(f[FactId::kDdRiskAssessment], d.due_diligence.risk_assessment);
    SetOptional(f[FactId::kDdCompliancePlan], d.due_diligence.compliance_plan);
    SetOptional(f[FactId::kDdMonitoring], d.due_diligence.subcontractor_monitoring);
    SetOptional(f[FactId::kDdRemediation], d.due_diligence.remediation_procedure);

    const SupplyChainMap& chain = d.supply_chain;
    SetOptional(f[FactId::kChainComplete], chain.complete);
    int64_t sites = 0, missing = 0, max_tier = 0;
    for (const SupplyChainEntry& e : chain.entries) {
      if (e.role == ChainRole::kSite) {
        ++sites;
        if (e.address.country.empty() || (e.address.street_address.empty() && e.address.locality.empty())) ++missing;
      }
      if (e.tier) max_tier = std::max(max_tier, *e.tier);
    }
    // An empty map is only known to be empty when the supplier says it is complete.
    if (!chain.entries.empty() || chain.complete) {
      SetNumber(f[FactId::kChainEntries], static_cast<double>(chain.entries.size()));
      SetNumber(f[FactId::kChainSites], static_cast<double>(sites));
      SetNumber(f[FactId::kChainSitesMissingAddress], static_cast<double>(missing));
      if (chain.tiers_mapped) max_tier = std::max(max_tier, *chain.tiers_mapped);
      SetNumber(f[FactId::kChainMaxTier], static_cast<double>(max_tier));
    }

    const Recruitment& r = d.recruitment;
    SetOptional(f[FactId::kRecruitUsesAgencies], r.uses_agencies);
    if (r.uses_agencies || !r.agencies.empty())
      SetNumber(f[FactId::kRecruitAgencies], static_cast<double>(r.agencies.size()));
    if (r.uses_agencies) {
      SetBool(f[FactId::kRecruitUndisclosedAgencies], *r.uses_agencies && r.agencies.empty());
    }
    AnyOf unlicensed;
    for (const RecruitmentAgency& a : r.agencies) {
      std::optional<bool> bad = Negate(a.licensed);
      if (a.licensed.value_or(false) && !a.licence.valid_until.empty()) {
        auto left = DaysBetween(options.as_of, a.licence.valid_until);
        if (left && *left < 0) bad = true;  // licence expired at the assessment date
      }
      unlicensed.Add(bad);
    }
    if (r.uses_agencies == false && r.agencies.empty()) unlicensed.Add(false);
    unlicensed.SetOn(f[FactId::kRecruitUnlicensedAgency]);

    if (r.practices.migrant_workers_share)
      SetNumber(f[FactId::kWorkforceMigrantShare], *r.practices.migrant_workers_share);

    AnyOf fees, costs, retained, language;
    auto add_practices = [&](const LabourPractices& p) {
      fees.Add(WorkerPays(p.recruitment_fees_paid_by));
      costs.Add(WorkerPays(p.related_costs_paid_by));
      retained.Add(p.identity_documents_retained);
      language.Add(Negate(p.contracts_in_worker_language));
    };
    add_practices(r.practices);
    for (const RecruitmentAgency& a : r.agencies) add_practices(a.practices);
    // Chain entries: only a stated practice counts; silence about an entry is
    // not evidence either way (the supplier's own answer covers the gap).
    for (const SupplyChainEntry& e : chain.entries) {
      const LabourPractices& p = e.practices;
      if (p.recruitment_fees_paid_by) fees.Add(WorkerPays(p.recruitment_fees_paid_by));
      if (p.related_costs_paid_by) costs.Add(WorkerPays(p.related_costs_paid_by));
      if (p.identity_documents_retained) retained.Add(p.identity_documents_retained);
      if (p.contracts_in_worker_language) language.Add(Negate(p.contracts_in_worker_language));
    }
    fees.SetOn(f[FactId::kRecruitWorkerPaidFees]);
    costs.SetOn(f[FactId::kRecruitWorkerPaidCosts]);
    retained.SetOn(f[FactId::kRecruitDocumentsRetained]);
    language.SetOn(f[FactId::kRecruitContractLanguage]);

    SetOptional(f[FactId::kGrievanceExists], d.grievance.exists);
    SetOptional(f[FactId::kGrievanceSupplyChain], d.grievance.open_to_supply_chain_workers);
    SetNumber(f[FactId::kAuditsDeclared], static_cast<double>(d.audits.size()));
    int64_t withheld = 0;
    for (const AuditReference& a : d.audits) withheld += a.report_provided == false;
    SetNumber(f[FactId::kAuditsWithheld], static_cast<double>(withheld));
  }

  // Audit reports.
  SetNumber(f[FactId::kAuditReports], static_cast<double>(pe.audits.size()));
  if (!pe.audits.empty()) {
    const AuditReport* latest = &pe.audits[0];
    for (const AuditReport& a : pe.audits) {
      if (a.date > latest->date || (a.date == latest->date && a.audit_id > latest->audit_id)) latest = &a;
    }
    if (auto age = DaysBetween(latest->date, options.as_of)) SetNumber(f[FactId::kAuditLatestAgeDays], *age);
    SetOptional(f[FactId::kAuditForcedLabourScope], latest->scope.forced_labour_in_scope);
    if (!latest->auditor.independence.empty())
      SetBool(f[FactId::kAuditIndependent], latest->auditor.independence == "third_party");
    int64_t zt = 0, crit = 0, major = 0, closed_severe = 0, overdue = 0, child = 0;
    std::vector<std::string>& indicators = f[FactId::kAuditOpenForcedLabourIndicators].list;
    std::vector<std::string>& categories = f[FactId::kAuditOpenCategories].list;
    for (const AuditReport& a : pe.audits) {
      for (const AuditFinding& fi : a.findings) {
        const bool open = fi.status != CapStatus::kClosed;
        const bool severe = fi.severity >= FindingSeverity::kCritical;
        if (!open) {
          if (severe && !fi.cap_verified_closed.empty()) ++closed_severe;
          continue;
        }
        zt += fi.severity == FindingSeverity::kZeroTolerance;
        crit += fi.severity == FindingSeverity::kCritical;
        major += fi.severity == FindingSeverity::kMajor;
        child += fi.category == FindingCategory::kChildLabour;
        if (!fi.cap_due.empty()) {
          auto left = DaysBetween(options.as_of, fi.cap_due);
          if (left && *left < 0) ++overdue;
        }
        if (fi.ilo_indicator) indicators.emplace_back(IloIndicatorCode(*fi.ilo_indicator));
        if (fi.category) categories.emplace_back(FindingCategoryCode(*fi.category));
      }
    }
    SetNumber(f[FactId::kAuditOpenZeroTolerance], static_cast<double>(zt));
    SetNumber(f[FactId::kAuditOpenCritical], static_cast<double>(crit));
    SetNumber(f[FactId::kAuditOpenMajor], static_cast<double>(major));
    SetNumber(f[FactId::kAuditVerifiedClosedSevere], static_cast<double>(closed_severe));
    SetNumber(f[FactId::kAuditOverdueCaps], static_cast<double>(overdue));
    SetNumber(f[FactId::kAuditOpenChildLabour], static_cast<double>(child));
    SortUnique(indicators);
    f[FactId::kAuditOpenForcedLabourIndicators].known = true;
    SortUnique(categories);
    f[FactId::kAuditOpenCategories].known = true;

    if (options.scanner) {
      std::vector<NarrativeHit> local;
      std::vector<NarrativeHit>& out = hits ? *hits : local;
      size_t before = out.size();
      bool any_narrative = false;
      for (const AuditReport& a : pe.audits) {
        if (a.narrative.empty()) continue;
        any_narrative = true;
        options.scanner->Scan(a, &out);
      }
      if (any_narrative) {
        std::vector<std::string>& found = f[FactId::kNarrativeIndicators].list;
        for (size_t i = before; i < out.size(); ++i) found.push_back(out[i].indicator);
        SortUnique(found);
        f[FactId::kNarrativeIndicators].known = true;
      }
    }
  }
}

}  // namespace clearbid
