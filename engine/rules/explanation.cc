#include "engine/rules/explanation.h"

#include <array>
#include <string>
#include <string_view>

#include <fmt/compile.h>
#include <fmt/format.h>

namespace clearbid {
namespace {

// Explanations run for every flagged and insufficient_data finding of every
// party, so each line is formatted in one pass with a format string compiled
// at build time and moved into its evidence item; optional parts are passed
// as (prefix, value) pairs, both empty when the part is absent, rather than
// built as temporary strings.

void Add(std::vector<EvidenceItem>* out, const char* kind, std::string text, std::string source,
         int64_t begin = -1, int64_t end = -1) {
  out->emplace_back(kind, std::move(text), std::move(source), begin, end);
}

void ExplainListMatches(FactId id, const PartyEvidence& pe, std::vector<EvidenceItem>* out) {
  for (const ListMatchEvidence& m : pe.matches) {
    if (m.decision == "dismissed") continue;
    const bool chain = m.subject != "party";
    if ((id == FactId::kListsChainMatch) != chain) continue;
    if (!m.is_match && !m.identifier_match && m.decision != "confirmed") continue;
    Add(out, "list_match",
        fmt::format(
            FMT_COMPILE("{}{} \"{}\" ~ {} entry {} \"{}\" (list version {}): score {:.2f}{}{}{}{}; {}"),
            chain ? "supply-chain " : "party", chain ? std::string_view(m.subject) : "", m.query_name, m.list,
            m.entry_id, m.entry_name, m.list_version, m.score, m.identifier_match ? ", identifier match" : "",
            m.decision.empty() ? "" : ", reviewer: ", m.decision, m.entry_active ? "" : ", entry inactive",
            m.explanation),
        fmt::format(FMT_COMPILE("{}/{}"), m.list, m.entry_id));
  }
}

// Whether audit finding `f` is behind the value of fact `id`.
bool AuditFindingIsRelevant(FactId id, const AuditFinding& f) {
  const bool open = f.status != CapStatus::kClosed;
  switch (id) {
    case FactId::kAuditOpenZeroTolerance:
      return open && f.severity == FindingSeverity::kZeroTolerance;
    case FactId::kAuditOpenCritical:
      return open && f.severity == FindingSeverity::kCritical;
    case FactId::kAuditOpenMajor:
      return open && f.severity == FindingSeverity::kMajor;
    case FactId::kAuditOpenChildLabour:
      return open && f.category == FindingCategory::kChildLabour;
    case FactId::kAuditOpenForcedLabourIndicators:
      return open && f.ilo_indicator.has_value();
    case FactId::kAuditOpenCategories:
      return open && f.category.has_value();
    case FactId::kAuditOverdueCaps:
      return open && !f.cap_due.empty();
    case FactId::kAuditVerifiedClosedSevere:
      return !open && f.severity >= FindingSeverity::kCritical && !f.cap_verified_closed.empty();
    default:
      return false;
  }
}

// "ILO-FL-07": IloIndicatorNumber formats the number; each is formatted once.
std::string_view IloNumber(IloIndicator indicator) {
  static const std::array<std::string, kIloIndicatorCount> kNumbers = [] {
    std::array<std::string, kIloIndicatorCount> numbers;
    for (int i = 0; i < kIloIndicatorCount; ++i)
      numbers[i] = IloIndicatorNumber(static_cast<IloIndicator>(i));
    return numbers;
  }();
  return kNumbers[static_cast<size_t>(indicator)];
}

void ExplainAuditFindings(FactId id, const PartyEvidence& pe, std::vector<EvidenceItem>* out) {
  for (const AuditReport& a : pe.audits) {
    for (const AuditFinding& f : a.findings) {
      if (!AuditFindingIsRelevant(id, f)) continue;
      std::string_view cap_prefix, cap_date;
      if (!f.cap_verified_closed.empty()) {
        cap_prefix = "; CAP verified closed ";
        cap_date = f.cap_verified_closed;
      } else if (!f.cap_due.empty()) {
        cap_prefix = "; CAP due ";
        cap_date = f.cap_due;
      }
      Add(out, "audit_finding",
          fmt::format(FMT_COMPILE("audit {} ({}, {}) at {}: finding {} [{}{}{}] {}: {}{}{}"), a.audit_id,
                      a.auditor.firm, a.date, a.site_name, f.code, FindingSeverityCode(f.severity),
                      f.ilo_indicator ? ", " : "", f.ilo_indicator ? IloNumber(*f.ilo_indicator) : "",
                      CapStatusCode(f.status), f.title.empty() ? f.description : f.title, cap_prefix,
                      cap_date),
          fmt::format(FMT_COMPILE("{}/{}"), a.audit_id, f.code));
    }
  }
}

void ExplainNarrativeHits(const std::vector<NarrativeHit>& hits, std::vector<EvidenceItem>* out) {
  for (const NarrativeHit& h : hits) {
    Add(out, "narrative", fmt::format(FMT_COMPILE("[{}] …{}…"), h.indicator, h.snippet),
        fmt::format(FMT_COMPILE("{}#{}"), h.audit_id, h.pattern_id), static_cast<int64_t>(h.begin),
        static_cast<int64_t>(h.end));
  }
}

// What labour practices `p` state that make fact `id` true, as a statement
// and an optional cost bearer; an empty statement when they state nothing.
struct PracticeStatement {
  std::string_view text;
  std::string_view bearer;
};

PracticeStatement StatementFor(FactId id, const LabourPractices& p) {
  auto worker_pays = [](const std::optional<CostBearer>& b) {
    return b && (*b == CostBearer::kWorker || *b == CostBearer::kShared);
  };
  switch (id) {
    case FactId::kRecruitWorkerPaidFees:
      if (worker_pays(p.recruitment_fees_paid_by))
        return {"recruitment fees paid by: ", CostBearerCode(*p.recruitment_fees_paid_by)};
      break;
    case FactId::kRecruitWorkerPaidCosts:
      if (worker_pays(p.related_costs_paid_by))
        return {"related costs paid by: ", CostBearerCode(*p.related_costs_paid_by)};
      break;
    case FactId::kRecruitDocumentsRetained:
      if (p.identity_documents_retained == true) return {"identity documents retained", ""};
      break;
    case FactId::kRecruitContractLanguage:
      if (p.contracts_in_worker_language == false) return {"contracts not in the workers' language", ""};
      break;
    default:
      break;
  }
  return {};
}

void ExplainPractices(FactId id, const SupplierDisclosure& d, std::vector<EvidenceItem>* out) {
  // "disclosure D-1 (2026-03-15): <who>: <statement>", <who> given as its
  // compiled format string and values.
  auto add = [&](const PracticeStatement& s, const auto& who_format, const auto&... who) {
    fmt::memory_buffer line;
    fmt::format_to(fmt::appender(line), FMT_COMPILE("disclosure {} ({}): "), d.disclosure_id, d.submitted);
    fmt::format_to(fmt::appender(line), who_format, who...);
    fmt::format_to(fmt::appender(line), FMT_COMPILE(": {}{}"), s.text, s.bearer);
    Add(out, "disclosure", fmt::to_string(line), d.disclosure_id);
  };
  if (PracticeStatement s = StatementFor(id, d.recruitment.practices); !s.text.empty())
    add(s, FMT_COMPILE("the supplier's own workforce"));
  for (const RecruitmentAgency& a : d.recruitment.agencies) {
    if (PracticeStatement s = StatementFor(id, a.practices); !s.text.empty())
      add(s, FMT_COMPILE("agency {} {}"), a.ref, a.name);
  }
  for (const SupplyChainEntry& e : d.supply_chain.entries) {
    if (PracticeStatement s = StatementFor(id, e.practices); !s.text.empty())
      add(s, FMT_COMPILE("{} {} {} (tier {})"), ChainRoleCode(e.role), e.ref, e.name, e.tier.value_or(0));
  }
}

void ExplainAgencyLicences(const SupplierDisclosure& d, std::vector<EvidenceItem>* out) {
  for (const RecruitmentAgency& a : d.recruitment.agencies) {
    if (a.licensed != false && a.licence.valid_until.empty()) continue;
    const bool until = !a.licence.valid_until.empty();
    Add(out, "disclosure",
        fmt::format(FMT_COMPILE("agency {} {} ({}): licensed {}{}{}"), a.ref, a.name, a.country,
                    a.licensed ? (*a.licensed ? "yes" : "no") : "not stated",
                    until ? ", licence valid until " : "", a.licence.valid_until),
        d.disclosure_id);
  }
}

void ExplainGoodsRisk(FactId id, const ProcessEvidence& ev, const PartyEvidence& pe,
                      std::vector<EvidenceItem>* out) {
  if (pe.party_index >= ev.goods_risk.size()) return;
  for (const GoodsRisk& g : ev.goods_risk[pe.party_index]) {
    if (!(id == FactId::kContextDolForcedLabour ? g.forced_labour : g.child_labour)) continue;
    Add(out, "fact",
        fmt::format(FMT_COMPILE("item {} maps to \"{}\", listed for {} ({})"), g.item_code, g.good, g.country,
                    g.forced_labour ? (g.child_labour ? "forced and child labour" : "forced labour")
                                    : "child labour"),
        "goods-table");
  }
}

}  // namespace

void ExplainFact(FactId id, const FactSet& facts, const ProcessEvidence& ev, const PartyEvidence* pe,
                 const std::vector<NarrativeHit>& hits, std::vector<EvidenceItem>* out) {
  const FactInfo& info = GetFactInfo(id);
  std::string line;
  line.reserve(info.name.size() + 16);
  line.append(info.name);
  line.append(" = ");
  facts[id].AppendTo(info.type, &line);
  Add(out, "fact", std::move(line), "");
  if (!pe) return;
  switch (id) {
    case FactId::kListsConfirmedMatch:
    case FactId::kListsPossibleMatch:
    case FactId::kListsChainMatch:
    case FactId::kListsBestScore:
      ExplainListMatches(id, *pe, out);
      break;
    case FactId::kAuditOpenZeroTolerance:
    case FactId::kAuditOpenCritical:
    case FactId::kAuditOpenMajor:
    case FactId::kAuditOpenChildLabour:
    case FactId::kAuditOpenForcedLabourIndicators:
    case FactId::kAuditOpenCategories:
    case FactId::kAuditOverdueCaps:
    case FactId::kAuditVerifiedClosedSevere:
      ExplainAuditFindings(id, *pe, out);
      break;
    case FactId::kNarrativeIndicators:
      ExplainNarrativeHits(hits, out);
      break;
    case FactId::kRecruitWorkerPaidFees:
    case FactId::kRecruitWorkerPaidCosts:
    case FactId::kRecruitDocumentsRetained:
    case FactId::kRecruitContractLanguage:
      if (pe->disclosure) ExplainPractices(id, *pe->disclosure, out);
      break;
    case FactId::kRecruitUnlicensedAgency:
      if (pe->disclosure) ExplainAgencyLicences(*pe->disclosure, out);
      break;
    case FactId::kContextDolForcedLabour:
    case FactId::kContextDolChildLabour:
      ExplainGoodsRisk(id, ev, *pe, out);
      break;
    default:
      break;
  }
}

void ListMissingEvidence(const Condition& condition, const FactSet& facts,
                         std::vector<MissingEvidence>* out) {
  size_t unknown = 0;
  for (FactId id : condition.facts()) unknown += !facts[id].known;
  out->reserve(out->size() + unknown);
  for (FactId id : condition.facts()) {
    if (facts[id].known) continue;
    const FactInfo& info = GetFactInfo(id);
    out->push_back({std::string(info.name), std::string(info.source)});
  }
}

}  // namespace clearbid
