#pragma once
// A social-compliance audit report (format "clearbid.audit/1.0"): who audited
// which site of which party, under which standard and scope, the structured
// findings (tagged with the ILO forced-labour indicators, with severity, status
// and corrective-action dates) and the narrative kept verbatim for the rule
// engine's text patterns. docs/formats/audit-report.md documents every field.
// Unknown is not "no": tri-state facts are std::optional<bool>.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/disclosure.h"
#include "engine/model/organization.h"

namespace clearbid {

inline constexpr std::string_view kAuditFormat = "clearbid.audit/1.0";

/// The 11 ILO indicators of forced labour (ILO, 2012), in the ILO's order;
/// numbered ILO-FL-01 .. ILO-FL-11.
enum class IloIndicator : uint8_t {
  kAbuseOfVulnerability,
  kDeception,
  kRestrictionOfMovement,
  kIsolation,
  kPhysicalAndSexualViolence,
  kIntimidationAndThreats,
  kRetentionOfIdentityDocuments,
  kWithholdingOfWages,
  kDebtBondage,
  kAbusiveWorkingAndLivingConditions,
  kExcessiveOvertime,
};
inline constexpr int kIloIndicatorCount = 11;
/// "retention_of_identity_documents" etc.
std::string_view IloIndicatorCode(IloIndicator i);
/// "ILO-FL-07" etc.
std::string IloIndicatorNumber(IloIndicator i);
/// Accepts the code or the number ("ILO-FL-07").
std::optional<IloIndicator> ParseIloIndicator(std::string_view code);

/// Ordered: a larger value is more severe.
enum class FindingSeverity : uint8_t { kObservation, kMinor, kMajor, kCritical, kZeroTolerance };
std::string_view FindingSeverityCode(FindingSeverity s);
std::optional<FindingSeverity> ParseFindingSeverity(std::string_view code);

/// Topic of a finding, independent of the audit standard's own numbering.
enum class FindingCategory : uint8_t {
  kForcedLabour,
  kChildLabour,
  kRecruitmentFees,
  kIdentityDocuments,
  kWages,
  kWorkingHours,
  kHealthSafety,
  kHousing,
  kFreedomOfAssociation,
  kDiscrimination,
  kSubcontracting,
  kManagementSystems,
  kOther,
};
std::string_view FindingCategoryCode(FindingCategory c);
std::optional<FindingCategory> ParseFindingCategory(std::string_view code);

struct Auditor {
  std::string firm;           // required
  std::string accreditation;  // e.g. "APSCA member 21700123", "amfori BSCI approved"
  std::string lead_auditor;
  /// "third_party", "second_party" (the buyer), "first_party" (self-assessment).
  std::string independence;
};

struct AuditScope {
  /// "SMETA 4-pillar", "SMETA 2-pillar", "amfori BSCI", "SA8000", "RBA VAP", "other".
  std::string standard;
  std::optional<bool> forced_labour_in_scope;
  std::optional<bool> recruitment_in_scope;
  std::optional<bool> subcontractors_in_scope;
  std::optional<bool> dormitories_in_scope;
  /// "announced", "semi_announced", "unannounced".
  std::string announcement;
  std::optional<int64_t> workers_on_site;
  std::optional<int64_t> workers_interviewed;
};

struct AuditFinding {
  std::string code;  // required; the auditor's finding number ("NC-3", "BSCI-PA10.2")
  std::string title;
  std::optional<FindingCategory> category;
  std::optional<IloIndicator> ilo_indicator;
  FindingSeverity severity = FindingSeverity::kObservation;  // required
  CapStatus status = CapStatus::kOpen;                        // required
  std::string description;
  std::string cap_due;              // YYYY-MM-DD
  std::string cap_verified_closed;  // YYYY-MM-DD
};

struct AuditReport {
  std::string format;    // "clearbid.audit/1.0"
  std::string audit_id;  // required
  Auditor auditor;       // firm required
  std::string date;      // required, YYYY-MM-DD (last day on site)
  std::string report_date;
  /// The site audited: name and country required.
  std::string site_name;
  Address site_address;
  EvidenceParty site_identifier;  // scheme/id of the site, when it has one
  std::string site_ref;           // the disclosure's supply-chain ref, when known
  EvidenceParty audited_party;    // required: scheme, id (name optional)
  std::string ocid;
  AuditScope scope;
  /// amfori BSCI A-E, or the standard's overall rating, as written.
  std::string rating;
  std::vector<AuditFinding> findings;
  /// Free text kept verbatim (no trimming, no normalisation).
  std::string narrative;
  std::string narrative_language;

  /// The most severe finding whose status is not closed; nullopt when none.
  std::optional<FindingSeverity> MaxOpenSeverity() const;
  int64_t OpenFindingCount() const;
};

}  // namespace clearbid
