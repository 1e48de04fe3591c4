#include "engine/rules/facts.h"

#include <algorithm>
#include <array>
#include <cstdio>

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
  FactValue Get() const {
    if (true_) return FactValue::Bool(true);
    if (false_ && !unknown_) return FactValue::Bool(false);
    return FactValue::Unknown();
  }

 private:
  bool true_ = false, false_ = false, unknown_ = false;
};

FactValue FromOptional(const std::optional<bool>& b) { return b ? FactValue::Bool(*b) : FactValue::Unknown(); }

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
  if (!known) return "unknown";
  switch (type) {
    case FactType::kBool: return boolean ? "true" : "false";
    case FactType::kNumber: return fmt::format("{}", number);
    case FactType::kText: return fmt::format("\"{}\"", text);
    case FactType::kList: return fmt::format("[{}]", fmt::join(list, ", "));
  }
  return "?";
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
  f[FactId::kPartyRoles] = FactValue::List(party.roles);
  if (party.tier >= 0) f[FactId::kPartyTier] = FactValue::Number(party.tier);
  if (!party.address.country.empty()) f[FactId::kPartyCountry] = FactValue::Text(party.address.country);
  f[FactId::kPartyHasIdentifier] = FactValue::Bool(!party.identifier.id.empty());
  if (proc.tender.value.amount) f[FactId::kProcessValue] = FactValue::Number(*proc.tender.value.amount);
  if (!proc.tender.procurement_method.empty())
    f[FactId::kProcessMethod] = FactValue::Text(proc.tender.procurement_method);
  std::vector<std::string> codes;
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
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  if (!codes.empty()) {
    bool high_risk = false;
    for (const std::string& c : codes) {
      std::string_view code = c;
      if (code.rfind("CPV:", 0) == 0) high_risk |= StartsWithAny(code.substr(4), options.high_risk_cpv_prefixes);
      if (code.rfind("UNSPSC:", 0) == 0)
        high_risk |= StartsWithAny(code.substr(7), options.high_risk_unspsc_prefixes);
    }
    f[FactId::kContextHighRiskSector] = FactValue::Bool(high_risk);
    f[FactId::kProcessItemCodes] = FactValue::List(std::move(codes));
  }
  std::string criteria = proc.tender.award_criteria;
  if (!proc.tender.award_criteria_details.empty()) {
    if (!criteria.empty()) criteria += "\n";
    criteria += proc.tender.award_criteria_details;
  }
  if (!criteria.empty()) f[FactId::kProcessAwardCriteriaText] = FactValue::Text(std::move(criteria));

  // Goods × country context.
  if (ev.goods_table_loaded && pe.party_index < ev.goods_risk.size()) {
    bool fl = false, cl = false;
    for (const GoodsRisk& g : ev.goods_risk[pe.party_index]) {
      fl |= g.forced_labour;
      cl |= g.child_labour;
    }
    f[FactId::kContextDolForcedLabour] = FactValue::Bool(fl);
    f[FactId::kContextDolChildLabour] = FactValue::Bool(cl);
  }

  // Exclusion lists.
  f[FactId::kListsScreened] = FactValue::Bool(pe.lists_screened);
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
    f[FactId::kListsConfirmedMatch] = FactValue::Bool(confirmed);
    f[FactId::kListsPossibleMatch] = FactValue::Bool(possible);
    f[FactId::kListsBestScore] = FactValue::Number(best);
    // Chain screening is only meaningful when a disclosure names a chain.
    if (pe.disclosure) f[FactId::kListsChainMatch] = FactValue::Bool(chain);
  }

  // Supplier disclosure.
  f[FactId::kDisclosurePresent] = FactValue::Bool(pe.disclosure.has_value());
  if (pe.disclosure) {
    const SupplierDisclosure& d = *pe.disclosure;
    if (auto age = DaysBetween(d.submitted, options.as_of)) f[FactId::kDisclosureAgeDays] = FactValue::Number(*age);
    f[FactId::kPolicyExists] = FromOptional(d.policy.exists);
    f[FactId::kPolicyCoversSubcontractors] = FromOptional(d.policy.covers_subcontractors);
    f[FactId::kPolicyProhibitsFees] = FromOptional(d.policy.prohibits_worker_paid_fees);
    f[FactId::kPolicyProhibitsRetention] = FromOptional(d.policy.prohibits_document_retention);
    f[FactId::kPolicyIloCore] = FromOptional(d.policy.references_ilo_core_conventions);
    f[FactId::kDdProcessExists] = FromOptional(d.due_diligence.process_exists);
    f[FactId::kDdRiskAssessment] = FromOptional(d.due_diligence.risk_assessment);
    f[FactId::kDdCompliancePlan] = FromOptional(d.due_diligence.compliance_plan);
    f[FactId::kDdMonitoring] = FromOptional(d.due_diligence.subcontractor_monitoring);
    f[FactId::kDdRemediation] = FromOptional(d.due_diligence.remediation_procedure);

    const SupplyChainMap& chain = d.supply_chain;
    f[FactId::kChainComplete] = FromOptional(chain.complete);
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
      f[FactId::kChainEntries] = FactValue::Number(static_cast<double>(chain.entries.size()));
      f[FactId::kChainSites] = FactValue::Number(static_cast<double>(sites));
      f[FactId::kChainSitesMissingAddress] = FactValue::Number(static_cast<double>(missing));
      if (chain.tiers_mapped) max_tier = std::max(max_tier, *chain.tiers_mapped);
      f[FactId::kChainMaxTier] = FactValue::Number(static_cast<double>(max_tier));
    }

    const Recruitment& r = d.recruitment;
    f[FactId::kRecruitUsesAgencies] = FromOptional(r.uses_agencies);
    if (r.uses_agencies || !r.agencies.empty())
      f[FactId::kRecruitAgencies] = FactValue::Number(static_cast<double>(r.agencies.size()));
    if (r.uses_agencies) {
      f[FactId::kRecruitUndisclosedAgencies] = FactValue::Bool(*r.uses_agencies && r.agencies.empty());
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
    f[FactId::kRecruitUnlicensedAgency] = unlicensed.Get();

    if (r.practices.migrant_workers_share)
      f[FactId::kWorkforceMigrantShare] = FactValue::Number(*r.practices.migrant_workers_share);

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
    f[FactId::kRecruitWorkerPaidFees] = fees.Get();
    f[FactId::kRecruitWorkerPaidCosts] = costs.Get();
    f[FactId::kRecruitDocumentsRetained] = retained.Get();
    f[FactId::kRecruitContractLanguage] = language.Get();

    f[FactId::kGrievanceExists] = FromOptional(d.grievance.exists);
    f[FactId::kGrievanceSupplyChain] = FromOptional(d.grievance.open_to_supply_chain_workers);
    f[FactId::kAuditsDeclared] = FactValue::Number(static_cast<double>(d.audits.size()));
    int64_t withheld = 0;
    for (const AuditReference& a : d.audits) withheld += a.report_provided == false;
    f[FactId::kAuditsWithheld] = FactValue::Number(static_cast<double>(withheld));
  }

  // Audit reports.
  f[FactId::kAuditReports] = FactValue::Number(static_cast<double>(pe.audits.size()));
  if (!pe.audits.empty()) {
    const AuditReport* latest = &pe.audits[0];
    for (const AuditReport& a : pe.audits) {
      if (a.date > latest->date || (a.date == latest->date && a.audit_id > latest->audit_id)) latest = &a;
    }
    if (auto age = DaysBetween(latest->date, options.as_of)) f[FactId::kAuditLatestAgeDays] = FactValue::Number(*age);
    f[FactId::kAuditForcedLabourScope] = FromOptional(latest->scope.forced_labour_in_scope);
    if (!latest->auditor.independence.empty())
      f[FactId::kAuditIndependent] = FactValue::Bool(latest->auditor.independence == "third_party");
    int64_t zt = 0, crit = 0, major = 0, closed_severe = 0, overdue = 0, child = 0;
    std::vector<std::string> indicators, categories;
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
    f[FactId::kAuditOpenZeroTolerance] = FactValue::Number(static_cast<double>(zt));
    f[FactId::kAuditOpenCritical] = FactValue::Number(static_cast<double>(crit));
    f[FactId::kAuditOpenMajor] = FactValue::Number(static_cast<double>(major));
    f[FactId::kAuditVerifiedClosedSevere] = FactValue::Number(static_cast<double>(closed_severe));
    f[FactId::kAuditOverdueCaps] = FactValue::Number(static_cast<double>(overdue));
    f[FactId::kAuditOpenChildLabour] = FactValue::Number(static_cast<double>(child));
    std::sort(indicators.begin(), indicators.end());
    indicators.erase(std::unique(indicators.begin(), indicators.end()), indicators.end());
    f[FactId::kAuditOpenForcedLabourIndicators] = FactValue::List(std::move(indicators));
    std::sort(categories.begin(), categories.end());
    categories.erase(std::unique(categories.begin(), categories.end()), categories.end());
    f[FactId::kAuditOpenCategories] = FactValue::List(std::move(categories));

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
        std::vector<std::string> found;
        for (size_t i = before; i < out.size(); ++i) found.push_back(out[i].indicator);
        std::sort(found.begin(), found.end());
        found.erase(std::unique(found.begin(), found.end()), found.end());
        f[FactId::kNarrativeIndicators] = FactValue::List(std::move(found));
      }
    }
  }
}

}  // namespace clearbid
