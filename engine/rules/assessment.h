#pragma once
// Assessments: what the rule engine concludes about each party of a process
// and about the process, every finding with its status, evidence, legal basis
// and recommended action.

#include <cstdint>
#include <memory>
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

/// A rule's own texts as a finding shows them: what was checked (title and
/// condition) and, for a finding that calls for something (flagged or
/// insufficient_data), the recommended action and its legal basis.
///
/// Ownership: immutable once built and shared, never copied, through
/// `std::shared_ptr<const RuleTexts>`. The assessor builds two per rule when it
/// is created (one without action and legal basis, for clear and
/// not_applicable findings; one with them) and every finding it makes holds a
/// reference to one of them, so an assessment stays valid after the assessor
/// and the pack are gone. A finding read back from JSON holds its own.
struct RuleTexts {
  std::string title;
  std::string condition;
  std::string action_text;
  std::vector<LegalBasis> legal_basis;
  /// No texts: what a finding without texts shows (empty strings and list).
  static const RuleTexts kNone;
};

struct Finding {
  std::string rule_id;
  RuleCategory category = RuleCategory::kDueDiligence;
  Severity severity = Severity::kMedium;
  RuleStatus status = RuleStatus::kNotApplicable;
  bool zero_tolerance = false;
  bool mitigated = false;
  /// Points this finding adds to the score (flagged only; after mitigation).
  double contribution = 0;
  Action action = Action::kNone;
  /// The rule's texts, shared with the assessor that made the finding (see
  /// RuleTexts); null when explanations are off. Never edited in place: to
  /// change a finding's texts, point it at a new RuleTexts.
  std::shared_ptr<const RuleTexts> texts;
  std::vector<EvidenceItem> evidence;
  std::vector<MissingEvidence> missing;

  /// The texts, or RuleTexts::kNone when there are none; valid while this
  /// finding (or another holder of the same texts) keeps them.
  const RuleTexts& rule_texts() const { return texts ? *texts : RuleTexts::kNone; }
  const std::string& title() const { return rule_texts().title; }
  /// The rule's condition as written in the pack.
  const std::string& condition() const { return rule_texts().condition; }
  const std::string& action_text() const { return rule_texts().action_text; }
  const std::vector<LegalBasis>& legal_basis() const { return rule_texts().legal_basis; }
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
