#pragma once
// ICU adapter: Unicode normalisation, case folding and script-aware
// romanisation of names. ICU objects stay inside transliteration.cc.

#include <string>
#include <string_view>
#include <vector>

namespace clearbid {

/// One romanised rendering of a name.
struct RomanisedForm {
  /// "ascii" (input was Latin), "latin" (ICU Any-Latin, ISO-9-like for
  /// Cyrillic), "ru-bgn" (BGN/PCGN Russian), "uk-bgn" (BGN/PCGN Ukrainian).
  std::string_view label;  // static string
  /// Lower-case text; Latin letters are ASCII (diacritics removed, ß -> ss).
  /// Letters ICU cannot romanise (e.g. Khmer) are kept, case-folded.
  std::string text;
  /// The source holds Han or Hangul: the romanisation is a sequence of
  /// syllables (pinyin, Revised Romanisation) that differ by one letter
  /// between unrelated names, so they are compared exactly.
  bool syllabic = false;
};

/// NFKC + Unicode case folding, then romanisation. Pure ASCII input takes a
/// fast path (ASCII lower-casing, no ICU). Text with Cyrillic letters yields
/// three forms (ru-bgn, uk-bgn, latin); other non-Latin scripts one ("latin");
/// identical renderings are merged. Invalid UTF-8 bytes become U+FFFD.
/// Thread-safe: transliterators are created once (~17 ms each) and cloned
/// once per thread.
std::vector<RomanisedForm> RomaniseName(std::string_view utf8);

/// Character class of a code point for tokenisation of romanised text.
enum class NameCharClass { kWordChar, kDropped, kSeparator };

/// Letters and digits are word characters; apostrophes, modifier letters and
/// combining marks are dropped (they join the word: "qa'ida" -> "qaida");
/// everything else separates words.
NameCharClass ClassifyNameChar(char32_t c);

}  // namespace clearbid
