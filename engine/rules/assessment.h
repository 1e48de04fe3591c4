#pragma once
// Assessments: what the rule engine concludes about each party of a process
// and about the process, every finding with its status, evidence, legal basis
// and recommended action.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/rules/rule_pack.h"

namespace clearbid {

/// Every rule answers one of these per subject. insufficient_data is never
/// reported as clear.
enum class RuleStatus : uint8_t { kFlagged, kClear, kInsufficientData, kNotApplicable };
enum class Band : uint8_t { kLow, kMedium, kHigh, kCritical };

std::string_view RuleStatusCode(RuleStatus s);
std::string_view BandCode(Band b);
std::optional<Band> ParseBand(std::string_view code);

struct EvidenceItem {
  /// "fact", "list_match", "audit_finding", "narrative", "disclosure".
  std::string kind;
  std::string text;
  /// For narrative hits: the audit and byte offsets of the matched text.
  std::string source;
  int64_t begin = -1;
  int64_t end = -1;
};

struct MissingEvidence {
  std::string fact;
  std::string supplied_by;
};

struct Finding {
  std::string rule_id;
  std::string title;
  RuleCategory category = RuleCategory::kDueDiligence;
  Severity severity = Severity::kMedium;
  RuleStatus status = RuleStatus::kNotApplicable;
  bool zero_tolerance = false;
  bool mitigated = false;
  /// Points this finding adds to the score (flagged only; after mitigation).
  double contribution = 0;
  Action action = Action::kNone;
  std::string action_text;
  std::vector<LegalBasis> legal_basis;
  std::vector<EvidenceItem> evidence;
  std::vector<MissingEvidence> missing;
  std::string condition;
};

struct PartyAssessment {
  std::string party_id;
  std::string name;
  std::string identifier;  // "scheme/id" or empty
  std::vector<std::string> roles;
  int tier = -1;
  std::string country;
  double score = 0;
  Band band = Band::kLow;
  std::string band_reason;
  std::vector<Finding> findings;  // one per applicable party rule, in rule-id order
  int64_t flagged = 0, insufficient = 0, clear = 0, not_applicable = 0;
};

struct Contribution {
  std::string subject;  // party id, or "process"
  double score = 0;
  double factor = 1;
  double points = 0;
  std::string reason;
};

struct ProcessAssessment {
  std::string ocid;
  std::string as_of;
  std::string pack_id;
  std::string pack_version;
  std::string engine_version;
  double score = 0;
  Band band = Band::kLow;
  std::string band_reason;
  std::vector<PartyAssessment> parties;
  std::vector<Finding> process_findings;
  std::vector<Contribution> contributions;
  std::vector<std::string> list_versions;
  std::vector<std::string> input_digests;
};

}  // namespace clearbid
