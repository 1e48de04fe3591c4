#pragma once
// Explainable pairwise name scoring (docs/matching.md): token alignment with
// length-aware fuzzy token similarity, compound and initial handling, penalties
// for substituted parts, number disagreement and legal-form conflicts.

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
