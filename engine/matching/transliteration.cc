#include "engine/matching/transliteration.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <array>
#include <memory>
#include <mutex>

namespace clearbid {
namespace {

enum Transform { kGeneric = 0, kRussianBgn = 1, kUkrainianBgn = 2, kLatinAscii = 3, kTransformCount = 4 };

constexpr std::array<const char*, kTransformCount> kTransformIds = {
    "Any-Latin; Latin-ASCII",
    "Russian-Latin/BGN; Any-Latin; Latin-ASCII",
    "Ukrainian-Latin/BGN; Any-Latin; Latin-ASCII",
    "Latin-ASCII",
};
constexpr std::array<const char*, 3> kLabels = {"latin", "ru-bgn", "uk-bgn"};

// Prototypes are created once; each thread uses its own clones because
// icu::Transliterator::transliterate is not safe for concurrent use.
struct Prototypes {
  std::array<std::unique_ptr<icu::Transliterator>, kTransformCount> transforms;
};

const Prototypes& GetPrototypes() {
  static const Prototypes* prototypes = [] {
    auto* p = new Prototypes();
    for (int i = 0; i < kTransformCount; ++i) {
      UErrorCode status = U_ZERO_ERROR;
      p->transforms[i].reset(
          icu::Transliterator::createInstance(kTransformIds[i], UTRANS_FORWARD, status));
      if (U_FAILURE(status)) p->transforms[i].reset();
    }
    return p;
  }();
  return *prototypes;
}

icu::Transliterator* ThreadTransform(int which) {
  thread_local std::array<std::unique_ptr<icu::Transliterator>, kTransformCount> clones;
  if (!clones[which]) {
    static std::mutex clone_mutex;  // clone() reads shared rule data; keep it simple
    std::lock_guard<std::mutex> lock(clone_mutex);
    const auto& proto = GetPrototypes().transforms[which];
    if (proto) clones[which].reset(proto->clone());
  }
  return clones[which].get();
}

const icu::Normalizer2* CaseFolder() {
  static const icu::Normalizer2* folder = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    return U_FAILURE(status) ? nullptr : n;
  }();
  return folder;
}

bool IsAscii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// Middle dots separate words in CJK and katakana names; BGN inserts U+00B7
// inside words to mark digraph breaks, which must not split them.
void SplitSourceMiddleDots(icu::UnicodeString& s) {
  static constexpr std::array<char16_t, 4> kDots = {u'\u00B7', u'\u30FB', u'\uFF65', u'\u2027'};
  for (int32_t i = 0; i < s.length(); ++i) {
    for (char16_t d : kDots)
      if (s.charAt(i) == d) s.setCharAt(i, u' ');
  }
}

std::string RemoveBgnDots(std::string text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) == 0xC2 && i + 1 < text.size() &&
        static_cast<unsigned char>(text[i + 1]) == 0xB7) {
      ++i;
      continue;
    }
    out.push_back(text[i]);
  }
  return out;
}

}  // namespace

std::vector<RomanisedForm> RomaniseName(std::string_view utf8) {
  std::vector<RomanisedForm> forms;
  if (IsAscii(utf8)) {
    std::string lower(utf8);
    for (char& c : lower)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    forms.push_back({"ascii", std::move(lower)});
    return forms;
  }
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  if (const icu::Normalizer2* folder = CaseFolder()) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString folded = folder->normalize(text, status);
    if (U_SUCCESS(status)) text = folded;
  }
  SplitSourceMiddleDots(text);
  bool cyrillic = false, other_script = false, syllabic = false;
  for (int32_t i = 0; i < text.length();) {
    UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    if (!u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &status);
    if (script == USCRIPT_CYRILLIC) {
      cyrillic = true;
    } else if (script != USCRIPT_LATIN && script != USCRIPT_COMMON && script != USCRIPT_INHERITED) {
      other_script = true;
      if (script == USCRIPT_HAN || script == USCRIPT_HANGUL) syllabic = true;
    }
  }
  auto add = [&forms](std::string_view label, icu::UnicodeString s, icu::Transliterator* t) {
    if (t) t->transliterate(s);
    std::string out = RemoveBgnDots(ToUtf8(s));
    for (const auto& f : forms)
      if (f.text == out) return;
    forms.push_back({label, std::move(out)});
  };
  if (cyrillic) {
    add(kLabels[kRussianBgn], text, ThreadTransform(kRussianBgn));
    add(kLabels[kUkrainianBgn], text, ThreadTransform(kUkrainianBgn));
    add(kLabels[kGeneric], text, ThreadTransform(kGeneric));
  } else if (other_script) {
    add(kLabels[kGeneric], text, ThreadTransform(kGeneric));
    for (auto& f : forms) f.syllabic = syllabic;
  } else {
    add("ascii", text, ThreadTransform(kLatinAscii));
  }
  return forms;
}

NameCharClass ClassifyNameChar(char32_t c) {
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) return NameCharClass::kWordChar;
    if (c == '\'' || c == '`') return NameCharClass::kDropped;
    return NameCharClass::kSeparator;
  }
  UChar32 u = static_cast<UChar32>(c);
  switch (u_charType(u)) {
    case U_MODIFIER_LETTER:
    case U_MODIFIER_SYMBOL:
    case U_NON_SPACING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_FORMAT_CHAR:
      return NameCharClass::kDropped;
    default:
      break;
  }
  if (c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x02B9 || c == 0x00B4) return NameCharClass::kDropped;
  if (u_isalnum(u)) return NameCharClass::kWordChar;
  return NameCharClass::kSeparator;
}

}  // namespace clearbid
