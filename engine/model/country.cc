#include "engine/model/country.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/matching/embedded_data.h"

namespace clearbid {

namespace {

constexpr size_t kMaxInputBytes = 256;
constexpr size_t kMinFuzzyKeyBytes = 5;

bool IsStopword(std::string_view w) {
  static const std::unordered_set<std::string_view> kStop = {
      "the", "of",      "republic", "rep",     "kingdom",    "state",        "peoples",
      "islamic", "arab", "federal", "bolivarian", "plurinational", "socialist", "and"};
  return kStop.count(w) > 0;
}

std::string FoldAscii(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (c == '\'' || c == '`') continue;
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(c);
    } else {
      out.push_back(' ');
    }
  }
  return out;
}

/// NFD without marks, lower case, apostrophes dropped, other punctuation as spaces.
std::string FoldUnicode(std::string_view name) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  icu::UnicodeString decomposed = U_SUCCESS(status) ? nfd->normalize(text, status) : text;
  if (U_FAILURE(status)) decomposed = text;
  icu::UnicodeString folded;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    int8_t type = static_cast<int8_t>(u_charType(c));
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_COMBINING_SPACING_MARK) continue;
    if (c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == '`') continue;
    if (u_isalnum(c)) {
      folded.append(u_tolower(c));
    } else {
      folded.append(static_cast<UChar32>(' '));
    }
  }
  std::string utf8;
  folded.toUTF8String(utf8);
  return utf8;
}

/// Folds a name to a matching key (ASCII names skip ICU), removes stopwords
/// and sorts the words.
std::string Key(std::string_view name) {
  bool ascii = std::all_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  std::string utf8 = ascii ? FoldAscii(name) : FoldUnicode(name);
  std::vector<std::string_view> words;
  std::string_view rest = utf8;
  while (!rest.empty()) {
    size_t start = rest.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    size_t end = std::min(rest.find(' '), rest.size());
    std::string_view w = rest.substr(0, end);
    rest.remove_prefix(end);
    if (!IsStopword(w)) words.push_back(w);
  }
  std::sort(words.begin(), words.end());
  std::string key;
  for (std::string_view w : words) {
    if (!key.empty()) key.push_back(' ');
    key.append(w);
  }
  return key;
}

/// Levenshtein distance, giving up (returning limit + 1) beyond `limit`.
size_t EditDistance(std::string_view a, std::string_view b, size_t limit) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  return out;
}

struct CountryTable {
  std::unordered_map<std::string, std::string> alpha2_name;  // alpha2 -> ISO short name
  std::unordered_map<std::string, std::string> alpha3;       // alpha3 -> alpha2
  std::unordered_map<std::string, std::string> by_key;       // folded name key -> alpha2
  std::vector<std::pair<std::string, std::string>> keys;     // (key, alpha2) for typo search
};

const CountryTable& Table() {
  static const CountryTable table = [] {
    CountryTable t;
    std::string_view text = EmbeddedDataFile("countries.tsv");
    while (!text.empty()) {
      size_t eol = std::min(text.find('\n'), text.size());
      std::string_view line = text.substr(0, eol);
      text.remove_prefix(std::min(eol + 1, text.size()));
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string_view> cols;
      while (true) {
        size_t tab = line.find('\t');
        cols.push_back(line.substr(0, tab));
        if (tab == std::string_view::npos) break;
        line.remove_prefix(tab + 1);
      }
      if (cols.size() < 3) continue;
      std::string a2(cols[0]);
      t.alpha2_name.emplace(a2, std::string(cols[2]));
      t.alpha3.emplace(std::string(cols[1]), a2);
      for (size_t i = 2; i < cols.size(); ++i) {
        std::string key = Key(cols[i]);
        if (key.empty()) continue;
        // First writer wins: an ISO name is listed before variants.
        if (t.by_key.emplace(key, a2).second) t.keys.emplace_back(key, a2);
      }
    }
    return t;
  }();
  return table;
}

bool AllAsciiLetters(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

std::string CountryCode(std::string_view name_or_code) {
  std::string_view in = Trim(name_or_code);
  if (in.empty() || in.size() > kMaxInputBytes) return "";
  const CountryTable& t = Table();
  if (AllAsciiLetters(in) && in.size() == 2) {
    std::string code = Upper(in);
    if (t.alpha2_name.count(code)) return code;
  }
  if (AllAsciiLetters(in) && in.size() == 3) {
    auto it = t.alpha3.find(Upper(in));
    if (it != t.alpha3.end()) return it->second;
  }
  std::string key = Key(in);
  if (key.empty()) return "";
  auto it = t.by_key.find(key);
  if (it != t.by_key.end()) return it->second;
  if (key.size() < kMinFuzzyKeyBytes) return "";
  std::string found;
  for (const auto& [k, code] : t.keys) {
    if (EditDistance(key, k, 1) > 1) continue;
    if (!found.empty() && found != code) return "";  // ambiguous typo
    found = code;
  }
  return found;
}

std::string CountryName(std::string_view alpha2) {
  const CountryTable& t = Table();
  auto it = t.alpha2_name.find(Upper(Trim(alpha2)));
  return it == t.alpha2_name.end() ? std::string() : it->second;
}

}  // namespace clearbid
