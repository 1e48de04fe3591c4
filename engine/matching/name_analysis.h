#pragma once
// Name analysis: turns a name as published (any script) into romanised,
// tagged tokens ready for comparison and indexing.
//
// Pipeline (docs/matching.md): NFKC + case folding -> romanisation (several
// forms for Cyrillic) -> tokenisation (apostrophes join, other punctuation
// splits, dotted initials "A.B.C." join) -> phrase tagging with the embedded
// tables data/legal_forms.tsv and data/name_words.tsv (legal forms, titles,
// particles, generic organisation words, number words, synonyms) -> a folding
// key ("skeleton") per token.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/matching/transliteration.h"
#include "engine/model/list_entry.h"

namespace clearbid {

enum class TokenKind : uint8_t {
  kName,       // substantive name part
  kInitial,    // single letter (people) or dotted initial
  kStop,       // particle / connective ("of", "al", "bin"); text is the canonical particle
  kTitle,      // honorific or position ("mr", "president", "mv"); ignored by scoring
  kGeneric,    // low-information organisation word ("group", "trading")
  kLegalForm,  // legal form; text is the form code (OOO, GMBH), legal_class the family
  kNumber,     // number; text is the decimal value
};

struct NameToken {
  /// The romanised lower-case word as written (several words of one legal form
  /// or particle are joined without space); synonyms give their canonical
  /// word ("mohamed" -> "mohammed"); numbers their decimal value.
  std::string text;
  /// Comparison key: Skeleton(text) for words and initials; the canonical
  /// particle for kStop ("ibn" -> "bin"); the form code for kLegalForm
  /// ("OOO", "GMBH"); the value for kNumber; empty for kTitle.
  std::string skeleton;
  TokenKind kind = TokenKind::kName;
  uint8_t legal_class = 0;  // kLegalForm: index of the class (LLC, JSC, ...)
};

/// The tokens of one romanised rendering of a name.
struct NameForm {
  std::string_view label;  // "ascii", "latin", "ru-bgn", "uk-bgn" (static strings)
  /// Romanised Han or Hangul syllables: compared exactly (see RomanisedForm).
  bool syllabic = false;
  std::vector<NameToken> tokens;
};

struct AnalysedName {
  std::string original;
  EntitySchema schema = EntitySchema::kUnknown;
  /// At least one form for any non-empty name; Cyrillic names have up to three.
  std::vector<NameForm> forms;
  /// Numbers in the name (digits, number words, ordinals, Roman numerals in
  /// organisation names), sorted; identical across forms.
  std::vector<std::string> numbers;
  /// Legal-form classes present, sorted, unique.
  std::vector<uint8_t> legal_classes;
};

/// True for organisation-like schemas (company, organisation, vessel, aircraft).
bool IsOrganisationSchema(EntitySchema schema);

/// Names longer than this many bytes are truncated before analysis, and only
/// the first kMaxNameWords words are kept (bounds the cost of a comparison).
inline constexpr size_t kMaxNameBytes = 1024;
inline constexpr size_t kMaxNameWords = 64;

/// Analyses one name. Deterministic; thread-safe. Empty or punctuation-only
/// names yield no forms.
AnalysedName AnalyseName(std::string_view name, EntitySchema schema);

/// AnalyseName(name, schema) with the romanisation given: `forms` must be
/// RomaniseName(name), and `name` at most kMaxNameBytes long. Lets a caller
/// romanise (ICU, which serialises its transliterators across threads) apart
/// from the rest of the analysis.
AnalysedName AnalyseRomanisedName(std::string_view name, EntitySchema schema, std::vector<RomanisedForm> forms);

/// Folding key that makes common romanisation variants equal (documented in
/// docs/matching.md): digits inside words read as letters (ig0r -> igor);
/// word-initial x/hs -> s; shch/sch/sh -> s, ch/tsch -> c, zh -> z, kh -> h, gh -> g, ph -> f, th -> t,
/// ts/tz/cz -> c, ck/q/c -> k, dzh/dj -> j... then y/j -> i, w -> v, z -> s,
/// ou/oo -> u, ie/ee -> i, x -> ks, and runs of the same letter collapse.
/// Input is lower-case ASCII; other text is returned unchanged.
std::string Skeleton(std::string_view token);

/// Name of a legal-form class index ("LLC", "JSC", ...); "" when out of range.
std::string_view LegalClassName(uint8_t legal_class);

}  // namespace clearbid
