#pragma once
// A supplier's evidence disclosure (format "clearbid.disclosure/1.0"):
// what a supplier declares about its trafficking / labour-exploitation
// prevention, modelled on the FAR 52.222-50 compliance plan, the Slavery &
// Trafficking Risk Template and the OSCE procurement recommendations
// (seed 001 lines 1348-1356). Plain data; docs/formats/supplier-disclosure.md
// is the reference for every field.
//
// Unknown is not "no": every yes/no fact is a std::optional<bool> (nullopt =
// not stated, false = declared no), every enum is optional, every text or date
// field is empty when not stated. The rule engine answers insufficient_data
// on an unknown fact.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/organization.h"

namespace clearbid {

inline constexpr std::string_view kDisclosureFormat = "clearbid.disclosure/1.0";

/// A party of the OCDS world: identifier scheme + id (org-id.guide, e.g.
/// "PT-NIPPC" / "505678901"), plus the name and country it was given.
struct EvidenceParty {
  std::string scheme;
  std::string id;
  std::string name;
  /// ISO 3166-1 alpha-2, upper case; empty when not stated.
  std::string country;
  bool has_key() const { return !scheme.empty() && !id.empty(); }
  /// "scheme/id", the key evidence is stored and joined under.
  std::string Key() const { return scheme + "/" + id; }
};

/// Who bears recruitment fees or related costs (ILO definition of recruitment
/// fees and related costs, 2019).
enum class CostBearer : uint8_t { kEmployer, kWorker, kShared, kNoneCharged };
std::string_view CostBearerCode(CostBearer b);
std::optional<CostBearer> ParseCostBearer(std::string_view code);

/// Recruitment and employment practices, stated for the disclosing party's own
/// workforce, for one supply-chain entry or for one recruitment agency.
struct LabourPractices {
  std::optional<CostBearer> recruitment_fees_paid_by;
  /// Travel, visas and permits, medical checks, training, lodging on arrival.
  std::optional<CostBearer> related_costs_paid_by;
  std::optional<bool> identity_documents_retained;
  std::optional<bool> contracts_in_worker_language;
  std::optional<bool> written_contracts;
  /// Share of migrant workers, 0..1.
  std::optional<double> migrant_workers_share;
  /// Workers' languages (BCP 47 tags such as "ne", "pt").
  std::vector<std::string> worker_languages;
};

/// THB / labour-exploitation prevention policy (seed 001:1355; FAR 52.222-50(h)).
struct PreventionPolicy {
  std::optional<bool> exists;
  std::string adopted;  // YYYY-MM-DD
  std::string scope;
  std::optional<bool> covers_subcontractors;
  std::optional<bool> covers_recruitment_agencies;
  std::optional<bool> prohibits_worker_paid_fees;
  std::optional<bool> prohibits_document_retention;
  std::optional<bool> references_ilo_core_conventions;
  std::string url;
};

/// Human-rights due diligence and compliance plan (seed 001:1354, 1356; FAR 52.222-50(h)).
struct DueDiligence {
  std::optional<bool> process_exists;
  std::string description;
  std::optional<bool> risk_assessment;
  std::string last_reviewed;  // YYYY-MM-DD
  std::optional<bool> compliance_plan;
  std::optional<bool> awareness_training;
  std::optional<bool> subcontractor_monitoring;
  std::optional<bool> remediation_procedure;
};

/// One organisation or place of the disclosed supply chain.
enum class ChainRole : uint8_t { kSubcontractor, kSupplier, kSite };
std::string_view ChainRoleCode(ChainRole r);
std::optional<ChainRole> ParseChainRole(std::string_view code);

struct SupplyChainEntry {
  /// Local reference, unique within the disclosure ("S1"); agencies and audits point to it.
  std::string ref;
  ChainRole role = ChainRole::kSite;
  /// 1 = the disclosing party's own sites and direct subcontractors, 2 = theirs, ...
  std::optional<int64_t> tier;
  std::string name;
  /// "factory", "farm", "warehouse", "construction_site", "vessel", "office", "other"; free text allowed.
  std::string site_type;
  EvidenceParty identifier;  // scheme/id of the entry itself (name/country unused)
  Address address;
  /// The organisation this entry works for or belongs to.
  EvidenceParty parent;
  std::vector<std::string> products;
  std::vector<std::string> cpv;
  std::optional<int64_t> workers;
  LabourPractices practices;
};

struct SupplyChainMap {
  /// The supplier declares the map complete for the contract's scope.
  std::optional<bool> complete;
  std::optional<int64_t> tiers_mapped;
  std::vector<SupplyChainEntry> entries;
};

struct RecruitmentLicence {
  std::string number;
  std::string issuer;
  std::string valid_from;   // YYYY-MM-DD
  std::string valid_until;  // YYYY-MM-DD
};

struct RecruitmentAgency {
  std::string ref;
  std::string name;
  EvidenceParty identifier;
  std::string country;
  std::optional<bool> licensed;
  RecruitmentLicence licence;
  /// Refs of the supply-chain entries it supplies workers to ("self" = the disclosing party).
  std::vector<std::string> supplies;
  std::vector<std::string> origin_countries;
  LabourPractices practices;
};

struct Recruitment {
  std::optional<bool> uses_agencies;
  LabourPractices practices;  // the disclosing party's own workforce
  std::vector<RecruitmentAgency> agencies;
};

struct GrievanceChannel {
  std::optional<bool> exists;
  std::vector<std::string> channels;  // "hotline", "union", "email", "app", "box", ...
  std::vector<std::string> languages;
  std::optional<bool> anonymous;
  std::optional<bool> third_party_operated;
  std::optional<bool> open_to_supply_chain_workers;
  std::optional<bool> non_retaliation;
};

/// An audit the supplier says exists; the report itself may be withheld.
struct AuditReference {
  std::string audit_id;
  std::string site_ref;
  std::string auditor;
  std::string date;  // YYYY-MM-DD
  std::string standard;
  std::optional<bool> forced_labour_in_scope;
  /// false = the supplier states the audit exists but does not provide the report.
  std::optional<bool> report_provided;
  std::string withheld_reason;
};

enum class CapStatus : uint8_t { kOpen, kInProgress, kClosed };
std::string_view CapStatusCode(CapStatus s);
std::optional<CapStatus> ParseCapStatus(std::string_view code);

struct CorrectiveActionPlan {
  std::string cap_id;
  std::string audit_id;
  std::string finding_code;
  std::string description;
  std::optional<CapStatus> status;
  std::string due;              // YYYY-MM-DD
  std::string verified_closed;  // YYYY-MM-DD
  std::string verified_by;
};

struct SupplierDisclosure {
  std::string format;         // "clearbid.disclosure/1.0"
  std::string disclosure_id;  // required
  std::string submitted;      // required, YYYY-MM-DD
  EvidenceParty party;        // required: scheme, id, name, country
  std::string ocid;           // optional: the process it was submitted for
  std::string language;
  PreventionPolicy policy;
  DueDiligence due_diligence;
  SupplyChainMap supply_chain;
  Recruitment recruitment;
  GrievanceChannel grievance;
  std::vector<AuditReference> audits;
  std::vector<CorrectiveActionPlan> corrective_action_plans;
  std::string notes;

  const SupplyChainEntry* FindEntry(std::string_view ref) const;
  /// Deepest declared tier, 0 when no entry states one.
  int64_t MaxTier() const;
};

}  // namespace clearbid
