#pragma once
// The fact catalogue: every named fact a rule condition can use, how it is
// derived from the evidence, and what document supplies it when it is
// unknown. Facts are three-valued: a fact the evidence does not establish is
// Unknown, and a rule that depends on it answers insufficient_data, never
// clear. docs/rules.md lists the catalogue; `clearbid rules facts` prints it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/evidence.h"

namespace clearbid {

enum class FactType : uint8_t { kBool, kNumber, kText, kList };

// X(id, "name", type, "what supplies it")
#define CLEARBID_FACTS(X)                                                                                         \
  X(kPartyRoles, "party.roles", kList, "the OCDS release (parties[].roles)")                                  \
  X(kPartyTier, "party.tier", kNumber, "the OCDS release roles or the supplier's supply-chain map")           \
  X(kPartyCountry, "party.country", kText, "parties[].address.countryName in the OCDS release")                \
  X(kPartyHasIdentifier, "party.has_identifier", kBool, "parties[].identifier in the OCDS release")           \
  X(kProcessValue, "process.value", kNumber, "tender.value.amount in the OCDS release")                        \
  X(kProcessMethod, "process.procurement_method", kText, "tender.procurementMethod in the OCDS release")       \
  X(kProcessItemCodes, "process.item_codes", kList, "tender.items[].classification (CPV, UNSPSC)")             \
  X(kProcessAwardCriteriaText, "process.award_criteria_text", kText,                                           \
    "tender.awardCriteria / awardCriteriaDetails in the OCDS release")                                         \
  X(kListsScreened, "lists.screened", kBool, "screening against imported exclusion lists (clearbid lists import)") \
  X(kListsConfirmedMatch, "lists.confirmed_match", kBool,                                                      \
    "list screening: an identifier match or a reviewer-confirmed name match")                                  \
  X(kListsPossibleMatch, "lists.possible_match", kBool, "list screening: a name match above the threshold")    \
  X(kListsChainMatch, "lists.chain_match", kBool,                                                              \
    "list screening of the supply-chain entries and agencies in the supplier disclosure")                      \
  X(kListsBestScore, "lists.best_score", kNumber, "list screening")                                            \
  X(kDisclosurePresent, "disclosure.present", kBool, "a supplier disclosure (docs/formats/supplier-disclosure.md)") \
  X(kDisclosureAgeDays, "disclosure.age_days", kNumber, "the disclosure's submitted date")                     \
  X(kPolicyExists, "policy.exists", kBool, "disclosure policy.exists")                                         \
  X(kPolicyCoversSubcontractors, "policy.covers_subcontractors", kBool, "disclosure policy.covers_subcontractors") \
  X(kPolicyProhibitsFees, "policy.prohibits_worker_paid_fees", kBool, "disclosure policy.prohibits_worker_paid_fees") \
  X(kPolicyProhibitsRetention, "policy.prohibits_document_retention", kBool,                                   \
    "disclosure policy.prohibits_document_retention")                                                          \
  X(kPolicyIloCore, "policy.references_ilo_core_conventions", kBool,                                           \
    "disclosure policy.references_ilo_core_conventions")                                                       \
  X(kDdProcessExists, "due_diligence.process_exists", kBool, "disclosure due_diligence.process_exists")        \
  X(kDdRiskAssessment, "due_diligence.risk_assessment", kBool, "disclosure due_diligence.risk_assessment")     \
  X(kDdCompliancePlan, "due_diligence.compliance_plan", kBool, "disclosure due_diligence.compliance_plan")     \
  X(kDdMonitoring, "due_diligence.subcontractor_monitoring", kBool,                                            \
    "disclosure due_diligence.subcontractor_monitoring")                                                       \
  X(kDdRemediation, "due_diligence.remediation_procedure", kBool, "disclosure due_diligence.remediation_procedure") \
  X(kChainComplete, "supply_chain.complete", kBool, "disclosure supply_chain.complete")                        \
  X(kChainEntries, "supply_chain.entries", kNumber, "disclosure supply_chain.entries")                         \
  X(kChainSites, "supply_chain.sites", kNumber, "disclosure supply_chain.entries with role site")             \
  X(kChainSitesMissingAddress, "supply_chain.sites_missing_address", kNumber,                                  \
    "disclosure supply_chain.entries[].address (street, locality, country)")                                   \
  X(kChainMaxTier, "supply_chain.max_tier", kNumber, "disclosure supply_chain.entries[].tier")                 \
  X(kRecruitUsesAgencies, "recruitment.uses_agencies", kBool, "disclosure recruitment.uses_agencies")          \
  X(kRecruitAgencies, "recruitment.agencies", kNumber, "disclosure recruitment.agencies")                      \
  X(kRecruitUnlicensedAgency, "recruitment.unlicensed_agency", kBool,                                          \
    "disclosure recruitment.agencies[].licensed and licence validity")                                         \
  X(kRecruitUndisclosedAgencies, "recruitment.undisclosed_agencies", kBool,                                    \
    "disclosure recruitment.uses_agencies with recruitment.agencies listed")                                   \
  X(kRecruitWorkerPaidFees, "recruitment.worker_paid_fees", kBool,                                             \
    "disclosure recruitment practices (recruitment_fees_paid_by) of the supplier, its chain and its agencies") \
  X(kRecruitWorkerPaidCosts, "recruitment.worker_paid_related_costs", kBool,                                   \
    "disclosure recruitment practices (related_costs_paid_by) of the supplier, its chain and its agencies")    \
  X(kRecruitDocumentsRetained, "recruitment.documents_retained", kBool,                                        \
    "disclosure recruitment practices (identity_documents_retained) of the supplier, its chain and its agencies") \
  X(kRecruitContractLanguage, "recruitment.contracts_not_in_worker_language", kBool,                          \
    "disclosure recruitment practices (contracts_in_worker_language)")                                         \
  X(kGrievanceExists, "grievance.exists", kBool, "disclosure grievance.exists")                                \
  X(kGrievanceSupplyChain, "grievance.open_to_supply_chain_workers", kBool,                                   \
    "disclosure grievance.open_to_supply_chain_workers")                                                       \
  X(kAuditsDeclared, "audits.declared", kNumber, "disclosure audits[]")                                        \
  X(kAuditsWithheld, "audits.withheld", kNumber, "disclosure audits[].report_provided")                        \
  X(kAuditReports, "audit.reports", kNumber, "audit reports (docs/formats/audit-report.md)")                   \
  X(kAuditLatestAgeDays, "audit.latest_age_days", kNumber, "an audit report's date")                           \
  X(kAuditForcedLabourScope, "audit.forced_labour_in_scope", kBool, "the latest audit report's scope")         \
  X(kAuditIndependent, "audit.independent", kBool, "the latest audit report's auditor.independence")           \
  X(kAuditOpenZeroTolerance, "audit.open_zero_tolerance", kNumber, "audit report findings (status, severity)") \
  X(kAuditOpenCritical, "audit.open_critical", kNumber, "audit report findings (status, severity)")            \
  X(kAuditOpenMajor, "audit.open_major", kNumber, "audit report findings (status, severity)")                  \
  X(kAuditVerifiedClosedSevere, "audit.verified_closed_severe", kNumber,                                       \
    "audit report findings closed with a verified corrective action plan")                                     \
  X(kAuditOverdueCaps, "audit.overdue_caps", kNumber, "audit report findings (cap_due, status)")               \
  X(kAuditOpenChildLabour, "audit.open_child_labour", kNumber, "audit report findings (category child_labour)") \
  X(kAuditOpenForcedLabourIndicators, "audit.open_forced_labour_indicators", kList,                            \
    "audit report findings (ilo_indicator, status)")                                                           \
  X(kAuditOpenCategories, "audit.open_finding_categories", kList,                                             \
    "audit report findings (category, status)")                                                                \
  X(kWorkforceMigrantShare, "workforce.migrant_share", kNumber,                                                 \
    "disclosure recruitment.practices.migrant_workers_share (the supplier's own workforce)")                   \
  X(kNarrativeIndicators, "narrative.indicators", kList, "audit report narratives (text patterns)")           \
  X(kContextDolForcedLabour, "context.dol_forced_labour_goods", kBool,                                         \
    "a goods reference table (DOL list) and the items' classification codes")                                  \
  X(kContextDolChildLabour, "context.dol_child_labour_goods", kBool,                                           \
    "a goods reference table (DOL list) and the items' classification codes")                                  \
  X(kContextHighRiskSector, "context.high_risk_sector", kBool, "the items' CPV or UNSPSC codes")

enum class FactId : uint16_t {
#define CLEARBID_FACT_ENUM(id, name, type, source) id,
  CLEARBID_FACTS(CLEARBID_FACT_ENUM)
#undef CLEARBID_FACT_ENUM
      kCount
};
inline constexpr size_t kFactCount = static_cast<size_t>(FactId::kCount);

struct FactInfo {
  FactId id;
  std::string_view name;
  FactType type;
  std::string_view source;  // what supplies it
};
const FactInfo& GetFactInfo(FactId id);
std::optional<FactId> FindFact(std::string_view name);

/// A three-valued fact value.
struct FactValue {
  bool known = false;
  bool boolean = false;
  double number = 0;
  std::string text;
  std::vector<std::string> list;

  static FactValue Unknown() { return {}; }
  static FactValue Bool(bool b) {
    FactValue v;
    v.known = true;
    v.boolean = b;
    return v;
  }
  static FactValue Number(double n) {
    FactValue v;
    v.known = true;
    v.number = n;
    return v;
  }
  static FactValue Text(std::string s) {
    FactValue v;
    v.known = true;
    v.text = std::move(s);
    return v;
  }
  static FactValue List(std::vector<std::string> l) {
    FactValue v;
    v.known = true;
    v.list = std::move(l);
    return v;
  }
  /// "true", "3", "\"UA\"", "[a, b]" or "unknown".
  std::string ToString(FactType type) const;
  /// Appends ToString(type) to `out` (no temporary string).
  void AppendTo(FactType type, std::string* out) const;
};

/// Facts about one party of a process, indexed by FactId.
struct FactSet {
  FactValue values[kFactCount];
  const FactValue& operator[](FactId id) const { return values[static_cast<size_t>(id)]; }
  FactValue& operator[](FactId id) { return values[static_cast<size_t>(id)]; }
};

/// Text-pattern hit in an audit narrative (ILO indicator, snippet, offsets).
struct NarrativeHit {
  std::string audit_id;
  std::string indicator;   // ILO indicator code
  std::string pattern_id;
  size_t begin = 0;        // byte offsets in the narrative
  size_t end = 0;
  std::string snippet;
};

/// Scans audit narratives; implemented by the text-pattern set (RE2).
class NarrativeScanner {
 public:
  virtual ~NarrativeScanner() = default;
  virtual void Scan(const AuditReport& audit, std::vector<NarrativeHit>* hits) const = 0;
};

struct FactOptions {
  /// The assessment date (YYYY-MM-DD) from the injected clock: ages and
  /// licence validity are computed against it, never the wall clock.
  std::string as_of;
  /// CPV divisions / UNSPSC segments treated as high-risk sectors (not owned; may be null).
  const std::vector<std::string>* high_risk_cpv_prefixes = nullptr;
  const std::vector<std::string>* high_risk_unspsc_prefixes = nullptr;
  const NarrativeScanner* scanner = nullptr;
};

/// Derives every fact for party `pe` of `ev`. `hits` (optional) receives the
/// narrative hits behind narrative.indicators.
void ExtractFacts(const ProcessEvidence& ev, const PartyEvidence& pe, const FactOptions& options, FactSet* facts,
                  std::vector<NarrativeHit>* hits);

/// Days from `from` to `to` (YYYY-MM-DD prefixes); nullopt when either is not a date.
std::optional<int64_t> DaysBetween(std::string_view from, std::string_view to);

}  // namespace clearbid
