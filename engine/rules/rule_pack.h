#pragma once
// A rule pack: rules as data (TOML files in a folder, see docs/rules.md),
// loaded and validated with file:line errors, so that a compliance officer
// can edit them without recompiling.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/result.h"
#include "engine/rules/condition.h"

namespace clearbid {

enum class RuleCategory : uint8_t { kBlacklist, kDueDiligence, kLabourRecruitment, kContext, kIntegrity };
enum class Severity : uint8_t { kInfo, kLow, kMedium, kHigh, kCritical };
enum class Action : uint8_t { kNone, kRequestDocuments, kRequireCap, kEscalate, kExclude };
enum class RuleSubject : uint8_t { kParty, kProcess };

std::string_view RuleCategoryCode(RuleCategory c);
std::string_view SeverityCode(Severity s);
std::string_view ActionCode(Action a);

/// Where a rule's obligation comes from: a seed line range, or a primary
/// standard and article.
struct LegalBasis {
  std::string seed;        // seed file name, e.g. "001_f5fb0d52df27a55c.txt"
  std::string lines;       // "1350" or "1348-1356"
  std::string standard;    // e.g. "ILO C181", "FAR 52.222-50"
  std::string article;     // e.g. "Art. 7(1)", "(b)(3)"
  std::string quote;       // optional short quotation
  /// "001_f5fb0d52df27a55c.txt:1350" or "ILO C181 Art. 7(1)".
  std::string Citation() const;
};

struct Rule {
  std::string id;
  std::string title;
  std::string description;
  RuleCategory category = RuleCategory::kDueDiligence;
  RuleSubject subject = RuleSubject::kParty;
  Severity severity = Severity::kMedium;
  double weight = 0;
  /// Flagged means critical whatever the sum (confirmed exclusion, child or forced labour, document retention).
  bool zero_tolerance = false;
  Condition when;
  std::optional<Condition> applies_when;
  /// Roles (OCDS codes) the rule applies to; empty = every assessed party.
  std::vector<std::string> roles;
  std::optional<double> min_value;  // applies only to processes of at least this value
  std::vector<std::string> item_code_prefixes;  // applies only when an item code starts so ("CPV:18")
  std::vector<std::string> countries;           // applies only to parties in these countries
  std::vector<std::string> procurement_methods;
  Action action = Action::kNone;
  std::string action_text;
  std::vector<LegalBasis> legal_basis;
  /// A verified-closed corrective action lowers the finding: weight × factor.
  std::optional<Condition> mitigated_when;
  double mitigation_factor = 1.0;
  std::string file;  // where it was defined
  int64_t line = 0;
};

/// A regular expression over audit narratives that indicates an ILO
/// forced-labour indicator.
struct TextPattern {
  std::string id;
  std::string indicator;  // ILO indicator code
  std::string language;   // "en", "ru", …
  std::string regex;      // RE2 syntax
  std::string file;
  int64_t line = 0;
};

struct Scoring {
  double band_medium = 25;
  double band_high = 50;
  double band_critical = 75;
  /// Factor applied to a party's score in the contract score, by tier (last repeats).
  std::vector<double> tier_factors = {1.0, 1.0, 0.9, 0.8};
  /// When a process has no flagged rules but some insufficient_data, the band is at least this.
  std::string insufficient_data_floor = "medium";
};

struct RulePack {
  std::string id;
  std::string version;
  std::string title;
  std::string folder;
  Scoring scoring;
  std::vector<std::string> high_risk_cpv_prefixes;
  std::vector<std::string> high_risk_unspsc_prefixes;
  std::vector<Rule> rules;
  std::vector<TextPattern> patterns;
};

/// One problem in a pack, located.
struct PackIssue {
  std::string file;
  int64_t line = 0;
  std::string reason;
  std::string ToString() const;
};

/// Loads every *.toml of `folder` (sorted; "pack.toml" holds the header).
/// Returns the pack when it is valid; otherwise `issues` lists every problem
/// found (not just the first) and the result is an error.
Result<RulePack> LoadRulePack(const std::string& folder, std::vector<PackIssue>* issues);

}  // namespace clearbid
