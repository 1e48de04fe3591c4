#pragma once
// The assessor: evaluates a rule pack over the evidence of a process and
// scores each party and the process. Deterministic: the same evidence, pack
// and as-of date give the same assessment, byte for byte once serialised.

#include <memory>
#include <string>

#include "engine/rules/assessment.h"
#include "engine/rules/evidence.h"
#include "engine/rules/facts.h"
#include "engine/rules/rule_catalogue.h"
#include "engine/rules/rule_pack.h"
#include "engine/rules/text_patterns.h"

namespace clearbid {

inline constexpr std::string_view kEngineVersion = "clearbid-rules/1.0";

struct AssessOptions {
  /// Assessment date, YYYY-MM-DD, from the injected clock.
  std::string as_of;
  /// Build evidence and missing-evidence explanations (off only for raw throughput).
  bool explain = true;
};

/// Immutable after construction; Assess is thread-safe.
class Assessor {
 public:
  /// `pack` must outlive the assessor. The assessments it makes do not depend
  /// on either: their findings share the rules' texts (RuleTexts), which the
  /// assessor copies from the pack here, once.
  static Result<std::unique_ptr<Assessor>> Create(const RulePack* pack);

  ProcessAssessment Assess(const ProcessEvidence& evidence, const AssessOptions& options) const;
  /// One party (index into evidence.parties).
  PartyAssessment AssessParty(const ProcessEvidence& evidence, size_t party, const AssessOptions& options) const;

  /// Whether a party of the process is assessed (suppliers, or tenderers when
  /// screening bids or before an award; supply-chain roles always).
  static bool IsAssessed(const ContractingProcess& process, const Party& party, bool bid_screening);

  const RulePack& pack() const { return *pack_; }
  /// The pack's rule catalogue (the texts every finding shares).
  const std::shared_ptr<const RuleCatalogue>& catalogue() const { return catalogue_; }

 private:
  explicit Assessor(const RulePack* pack) : pack_(pack) {}
  /// Fills `out`, a default-constructed finding, with `rule`'s answer.
  void Evaluate(const Rule& rule, const ProcessEvidence& ev, const PartyEvidence* pe, const FactSet& facts,
                const std::vector<NarrativeHit>& hits, const AssessOptions& options, uint32_t party_mask,
                Finding* out) const;
  Band BandFor(double score) const;
  /// One rule's texts for its findings: `checked` (title and condition) for
  /// clear and not_applicable ones, `called_for` (also the action and legal
  /// basis) for flagged and insufficient_data ones.
  struct SharedTexts {
    std::shared_ptr<const RuleTexts> checked;
    std::shared_ptr<const RuleTexts> called_for;
  };
  const RulePack* pack_;
  std::vector<uint32_t> role_masks_;  // per rule, parallel to pack_->rules
  std::vector<SharedTexts> texts_;    // per rule, parallel to pack_->rules
  std::shared_ptr<const RuleCatalogue> catalogue_;
  std::unique_ptr<PatternScanner> scanner_;
};

}  // namespace clearbid
