#pragma once
// The rule catalogue: what a finding shows that depends on its rule alone,
// not on the data (category, severity, zero tolerance, action, and the texts:
// title, condition, recommended action and legal basis).
//
// A scan of a million processes would otherwise repeat these in every finding
// (about 900 bytes of a finding's 1 KB; 70 KB per process). The compact form of
// an assessment (reports/assessment_writer.h) keeps each finding's rule id,
// status and what the data decided (contribution, mitigation, evidence,
// missing facts); the catalogue, written once per scan (rules.json) and kept
// in the scan store per rule-pack version, gives the rest back, so that a
// compact assessment read with its catalogue is the very assessment the
// assessor made.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "engine/rules/assessment.h"
#include "engine/rules/rule_pack.h"

namespace clearbid {

inline constexpr std::string_view kRuleCatalogueSchema = "clearbid.rule-catalogue/1.0";

class RuleCatalogue {
 public:
  /// One rule's defaults. `checked` (title and condition) is what clear and
  /// not_applicable findings show, `called_for` (also the action text and
  /// legal basis) what flagged and insufficient_data findings show.
  struct Entry {
    std::string rule_id;
    RuleCategory category = RuleCategory::kDueDiligence;
    Severity severity = Severity::kMedium;
    bool zero_tolerance = false;
    Action action = Action::kNone;
    std::shared_ptr<const RuleTexts> checked;
    std::shared_ptr<const RuleTexts> called_for;

    /// The texts a finding with `status` shows.
    const std::shared_ptr<const RuleTexts>& TextsFor(RuleStatus status) const {
      return status == RuleStatus::kFlagged || status == RuleStatus::kInsufficientData ? called_for : checked;
    }
  };

  /// The catalogue of a loaded pack: every rule, in the pack's order.
  static std::shared_ptr<const RuleCatalogue> FromPack(const RulePack& pack);
  /// Reads ToJson's form back. Errors name `source` and the bad field.
  static Result<std::shared_ptr<const RuleCatalogue>> FromJson(std::string_view json, std::string_view source);

  /// One JSON document (schema kRuleCatalogueSchema), keys in a fixed order:
  /// the same catalogue gives the same bytes.
  std::string ToJson() const;

  const std::string& pack_id() const { return pack_id_; }
  const std::string& pack_version() const { return pack_version_; }
  /// "id@version", as scans record the pack.
  std::string PackKey() const { return pack_id_ + "@" + pack_version_; }
  const std::vector<Entry>& entries() const { return entries_; }
  /// The entry of `rule_id`, or null.
  const Entry* Find(std::string_view rule_id) const;

 private:
  RuleCatalogue() = default;
  void Index();

  std::string pack_id_, pack_version_;
  std::vector<Entry> entries_;
  std::map<std::string, size_t, std::less<>> by_id_;
};

/// Fills what a compact finding leaves out: the rule's category, severity,
/// zero tolerance, action and texts from `catalogue`, and each missing fact's
/// `supplied_by`. NotFound when the rule (or a fact) is unknown; the finding
/// is then left as it was.
Status CompleteFinding(const RuleCatalogue& catalogue, Finding* finding);

}  // namespace clearbid
