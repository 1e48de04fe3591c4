#pragma once
// Explainable pairwise name scoring (docs/matching.md): token alignment with
// length-aware fuzzy token similarity, compound and initial handling, penalties
// for substituted parts, number disagreement and legal-form conflicts.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/matching/name_analysis.h"

namespace clearbid {

/// Version of the scoring algorithm; stored with every hit so scores can be
/// reproduced. Bump whenever weights, tables or rules change results.
inline constexpr std::string_view kMatchAlgorithmVersion = "clearbid-names-1";

/// THE threshold: a name (or entity) score at or above it is a match/alert.
inline constexpr double kMatchThreshold = 0.85;

/// One feature's contribution to a score; contributions add up to the score.
struct FeatureContribution {
  /// "name_similarity" (the aligned ratio; detail = alignment), "no_substantive_match",
  /// "single_name_part", "patronymic_reversal", "number_mismatch", "number_one_sided",
  /// "legal_form_conflict".
  std::string feature;
  double value = 0;     // signed contribution
  std::string detail;   // human-readable evidence
};

struct MatchScore {
  double score = 0;  // in [0, 1]
  std::string query_name;
  std::string list_name;
  /// The romanised token forms that produced the score, e.g. "ooo romashka".
  std::string query_form;
  std::string list_form;
  /// Token alignment, e.g. "vladimir=vladimir putin~pudin(0.80) +vladimirovich".
  std::string alignment;
  std::vector<FeatureContribution> features;
  std::string_view algorithm = kMatchAlgorithmVersion;

  bool is_match() const { return score >= kMatchThreshold; }
};

/// Scores a query name against a list name. The schema selects person or
/// organisation rules (numbers, legal forms, generic words). Symmetric up to
/// tie-breaking. Thread-safe.
MatchScore ScoreNames(std::string_view query_name, std::string_view list_name, EntitySchema schema);

/// Same on names analysed beforehand with AnalyseName().
MatchScore ScoreAnalysedNames(const AnalysedName& query, const AnalysedName& listed, EntitySchema schema);

/// ScoreAnalysedNames(...).score without building the explanation (the hot
/// path of MatchIndex).
double ScoreAnalysedNamesValue(const AnalysedName& query, const AnalysedName& listed, EntitySchema schema);

/// A query name prepared for scoring against many listed names: what the
/// scoring of a pair needs of the query alone (the parts of each form that
/// take part, their weights, their words' code-point lengths and letter sets,
/// the runs of adjacent parts that may be written as one word on the other
/// side, and those runs' joined text and folding key, measured, made on first
/// use) is made once instead of once per pair of forms.
/// Refers to `name`, which must outlive it unchanged. Not thread-safe (the
/// joined runs are made lazily): one thread at a time.
class PreparedName {
 public:
  explicit PreparedName(const AnalysedName& name);
  ~PreparedName();
  PreparedName(PreparedName&&) noexcept;
  PreparedName& operator=(PreparedName&&) noexcept;

  const AnalysedName& name() const { return *name_; }

 private:
  friend double ScoreAnalysedNamesValue(const PreparedName& query, const AnalysedName& listed,
                                        EntitySchema schema);
  struct Forms;
  const AnalysedName* name_;
  std::unique_ptr<Forms> forms_;
};

/// ScoreAnalysedNamesValue(query.name(), listed, schema), to the last bit.
double ScoreAnalysedNamesValue(const PreparedName& query, const AnalysedName& listed, EntitySchema schema);

/// The most ScoreAnalysedNamesValue(query, listed, schema) can give, for any
/// schema, from the names' numbers and legal forms alone (their number or
/// legal-form disagreement lowers whatever their words give): 1 when they
/// agree. Costs no token comparison: a caller that wants only scores of at
/// least some bar skips the pairs whose ceiling is under it.
double NameScoreCeiling(const AnalysedName& query, const AnalysedName& listed);

/// Similarity of two single tokens in [0, 1] (text and skeleton edit distance
/// with a length-aware edit budget; 0 when over budget). Exposed for tests.
double TokenSimilarity(const NameToken& a, const NameToken& b);

}  // namespace clearbid
