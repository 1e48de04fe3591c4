#include "engine/matching/name_analysis.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>

#include "engine/matching/edit_distance.h"
#include "engine/matching/embedded_data.h"
#include "engine/matching/transliteration.h"

namespace clearbid {
namespace {

constexpr std::array<std::string_view, 12> kLegalClasses = {"", "LLC", "JSC", "PLC", "INC", "LP", "COOP",
                                                            "NPO", "SOLE", "STATE", "BRANCH", "TRUST"};

struct RawToken {
  std::string text;
  bool dot_after = false;     // separator after it contains '.' or '/'
  bool hyphen_after = false;  // separator after it contains '-'
};

void AppendUtf8(char32_t c, std::string& out) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

bool IsAsciiAlpha(char c) { return c >= 'a' && c <= 'z'; }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Splits romanised text into words; "&" becomes the word "and"; runs of single
// letters separated by dots or slashes ("a.b.c.", "a/s") join into one word.
std::vector<RawToken> Tokenise(std::string_view text) {
  std::vector<RawToken> raw;
  std::u32string cps = DecodeUtf8(text);
  std::string current;
  auto flush = [&]() {
    if (!current.empty()) {
      raw.push_back({std::move(current), false, false});
      current.clear();
    }
  };
  for (char32_t c : cps) {
    switch (ClassifyNameChar(c)) {
      case NameCharClass::kWordChar:
        if (c < 0x80) {
          char a = static_cast<char>(c);
          if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
          current.push_back(a);
        } else {
          AppendUtf8(c, current);
        }
        break;
      case NameCharClass::kDropped:
        break;
      case NameCharClass::kSeparator:
        flush();
        if (c == '&') {
          raw.push_back({"and", false, false});
        } else if (!raw.empty()) {
          if (c == '.' || c == '/') raw.back().dot_after = true;
          if (c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2013) raw.back().hyphen_after = true;
        }
        break;
    }
  }
  flush();
  std::vector<RawToken> joined;
  for (size_t i = 0; i < raw.size(); ++i) {
    RawToken t = std::move(raw[i]);
    bool single = Utf8Length(t.text) == 1 && !IsAsciiDigit(t.text[0]);
    while (single && t.dot_after && !t.hyphen_after && i + 1 < raw.size() && Utf8Length(raw[i + 1].text) == 1 &&
           !IsAsciiDigit(raw[i + 1].text[0])) {
      t.text += raw[i + 1].text;
      t.dot_after = raw[i + 1].dot_after;
      t.hyphen_after = raw[i + 1].hyphen_after;
      ++i;
    }
    joined.push_back(std::move(t));
  }
  return joined;
}

struct TableEntry {
  TokenKind kind = TokenKind::kName;
  std::string canonical;
  uint8_t legal_class = 0;
  bool synonym = false;
  bool numword = false;
};

struct NameTables {
  std::unordered_map<std::string, TableEntry> legal;  // key: skeletons joined by ' '
  std::unordered_map<std::string, TableEntry> words;  // key: texts joined by ' '
  size_t max_legal = 1;
  size_t max_words = 1;
};

std::vector<std::string_view> SplitChar(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    out.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string JoinWords(const std::vector<std::string>& words) {
  std::string key;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) key.push_back(' ');
    key += words[i];
  }
  return key;
}

// Legal forms are looked up by folding key, except short single words, which
// must match exactly ("ko" is a Korean surname, not "co").
std::string LegalKey(const std::string& word) {
  return Utf8Length(word) <= 3 ? "=" + word : Skeleton(word);
}

std::string LegalPhraseKey(const std::vector<std::string>& words) {
  if (words.size() == 1) return LegalKey(words[0]);
  std::string key;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) key.push_back(' ');
    key += Skeleton(words[i]);
  }
  return key;
}

// Each spelling is analysed like a name (all romanised forms) and registered
// under every resulting key; the first registration of a key wins.
template <typename KeyFn>
void Register(std::string_view spelling, const TableEntry& entry, KeyFn key_fn,
              std::unordered_map<std::string, TableEntry>& map, size_t& max_len) {
  for (const auto& form : RomaniseName(spelling)) {
    std::vector<RawToken> tokens = Tokenise(form.text);
    if (tokens.empty()) continue;
    std::vector<std::string> words;
    for (const auto& tok : tokens) words.push_back(tok.text);
    std::string key = key_fn(words);
    max_len = std::max(max_len, tokens.size());
    map.emplace(std::move(key), entry);
  }
}

const NameTables& Tables() {
  static const NameTables* tables = [] {
    auto* t = new NameTables();
    for (std::string_view line : SplitChar(EmbeddedDataFile("legal_forms.tsv"), '\n')) {
      if (line.empty() || line[0] == '#') continue;
      auto cols = SplitChar(line, '\t');
      if (cols.size() < 3) continue;
      TableEntry e;
      e.kind = TokenKind::kLegalForm;
      std::string_view cls = Trim(cols[0]);
      for (size_t i = 1; i < kLegalClasses.size(); ++i)
        if (kLegalClasses[i] == cls) e.legal_class = static_cast<uint8_t>(i);
      e.canonical = std::string(Trim(cols[1]));
      for (std::string_view sp : SplitChar(cols[2], '|'))
        if (!Trim(sp).empty()) Register(Trim(sp), e, LegalPhraseKey, t->legal, t->max_legal);
    }
    for (std::string_view line : SplitChar(EmbeddedDataFile("name_words.tsv"), '\n')) {
      if (line.empty() || line[0] == '#') continue;
      auto cols = SplitChar(line, '\t');
      if (cols.size() < 3) continue;
      std::string_view kind = Trim(cols[0]);
      TableEntry e;
      e.canonical = std::string(Trim(cols[1]));
      if (kind == "stop") {
        e.kind = TokenKind::kStop;
      } else if (kind == "title") {
        e.kind = TokenKind::kTitle;
      } else if (kind == "generic") {
        e.kind = TokenKind::kGeneric;
      } else if (kind == "numword") {
        e.kind = TokenKind::kNumber;
        e.numword = true;
      } else if (kind == "synonym") {
        e.kind = TokenKind::kName;
        e.synonym = true;
      } else {
        continue;
      }
      for (std::string_view sp : SplitChar(cols[2], '|'))
        if (!Trim(sp).empty())
          Register(Trim(sp), e, JoinWords, t->words, t->max_words);
    }
    return t;
  }();
  return *tables;
}

bool IsOrgLike(EntitySchema s) { return IsOrganisationSchema(s); }

bool KindAllowed(const TableEntry& e, EntitySchema schema, size_t pos, size_t len, size_t n,
                 const std::vector<RawToken>& tokens) {
  const bool person = schema == EntitySchema::kPerson;
  const bool org = IsOrgLike(schema);
  const bool single_letter = len == 1 && Utf8Length(tokens[pos].text) == 1;
  switch (e.kind) {
    case TokenKind::kTitle:
      return !(schema == EntitySchema::kCompany || schema == EntitySchema::kOrganization) && !single_letter;
    case TokenKind::kGeneric:
      return org || schema == EntitySchema::kUnknown;
    case TokenKind::kStop:
      // A person's name does not start with a particle: "Ben", "Van", "Al" are given names there.
      return !(person && (single_letter || pos == 0)) && n > len;
    case TokenKind::kNumber:
      if (person) return false;
      if (single_letter && pos == 0) return false;  // "L & H", "I. Smith Ltd": initials
      return n > len;
    case TokenKind::kLegalForm:
      // People carry no legal form ("Ho", "Sa" are name parts).
      if (n <= len || person) return false;
      if (schema == EntitySchema::kUnknown) return pos == 0 || pos + len == n;
      return true;
    default:
      return true;
  }
}

std::string StripLeadingZeros(std::string_view digits) {
  size_t i = 0;
  while (i + 1 < digits.size() && digits[i] == '0') ++i;
  return std::string(digits.substr(i));
}

// "ig0r", "sech1n": digits between letters are letter substitutions.
bool IsLeet(std::string_view t) {
  for (size_t i = 1; i + 1 < t.size(); ++i)
    if (IsAsciiDigit(t[i]) && IsAsciiAlpha(t[i - 1]) && (IsAsciiAlpha(t[i + 1]) || IsAsciiDigit(t[i + 1]))) {
      size_t j = i;
      while (j < t.size() && IsAsciiDigit(t[j])) ++j;
      if (j < t.size() && IsAsciiAlpha(t[j])) return true;
    }
  return false;
}

// skeleton: the comparison key; empty means Skeleton(text) for words and
// initials, and text itself for other kinds.
void PushToken(std::vector<NameToken>& out, std::string text, TokenKind kind, uint8_t legal_class = 0,
               std::string skeleton = {}) {
  NameToken t;
  t.kind = kind;
  t.legal_class = legal_class;
  if (!skeleton.empty()) {
    t.skeleton = std::move(skeleton);
  } else if (kind == TokenKind::kName || kind == TokenKind::kGeneric || kind == TokenKind::kInitial) {
    t.skeleton = Skeleton(text);
  } else if (kind != TokenKind::kTitle) {
    t.skeleton = text;
  }
  t.text = std::move(text);
  out.push_back(std::move(t));
}

std::string Surface(const std::vector<RawToken>& raw, size_t begin, size_t len) {
  std::string out = raw[begin].text;
  for (size_t k = begin + 1; k < begin + len; ++k) out += raw[k].text;
  return out;
}

std::vector<NameToken> Tag(const std::vector<RawToken>& raw, EntitySchema schema) {
  const NameTables& tables = Tables();
  std::vector<NameToken> out;
  const size_t n = raw.size();
  std::vector<std::string> skeletons(n), short_keys(n);
  for (size_t k = 0; k < n; ++k) {
    skeletons[k] = Skeleton(raw[k].text);
    short_keys[k] = Utf8Length(raw[k].text) <= 3 ? "=" + raw[k].text : skeletons[k];
  }
  size_t i = 0;
  while (i < n) {
    bool done = false;
    for (size_t len = std::min(tables.max_legal, n - i); len >= 1 && !done; --len) {
      std::string key = len == 1 ? short_keys[i] : skeletons[i];
      for (size_t k = 1; k < len; ++k) key += ' ' + skeletons[i + k];
      auto it = tables.legal.find(key);
      if (it != tables.legal.end() && KindAllowed(it->second, schema, i, len, n, raw)) {
        if (schema == EntitySchema::kPerson && len == 1 && Utf8Length(raw[i].text) == 1) break;
        PushToken(out, Surface(raw, i, len), TokenKind::kLegalForm, it->second.legal_class, it->second.canonical);
        i += len;
        done = true;
      }
    }
    if (done) continue;
    for (size_t len = std::min(tables.max_words, n - i); len >= 1 && !done; --len) {
      std::string key = raw[i].text;
      for (size_t k = 1; k < len; ++k) key += ' ' + raw[i + k].text;
      auto it = tables.words.find(key);
      if (it == tables.words.end()) continue;
      const TableEntry& e = it->second;
      if (e.synonym) {
        // A synonym may expand to several words ("u.s." -> "united states").
        for (std::string_view word : SplitChar(e.canonical, ' ')) {
          auto canon = tables.words.find(std::string(word));
          TokenKind kind = TokenKind::kName;
          if (canon != tables.words.end() && !canon->second.synonym &&
              KindAllowed(canon->second, schema, i, len, n, raw))
            kind = canon->second.kind;
          if (kind == TokenKind::kNumber || kind == TokenKind::kTitle) kind = TokenKind::kName;
          PushToken(out, std::string(word), kind);
        }
        i += len;
        done = true;
      } else if (KindAllowed(e, schema, i, len, n, raw)) {
        // Particles keep their spelling and compare by canonical; number words
        // become their value; generic words and titles stay as written.
        std::string surface = Surface(raw, i, len);
        if (e.kind == TokenKind::kStop) {
          PushToken(out, std::move(surface), e.kind, 0, e.canonical);
        } else if (e.kind == TokenKind::kNumber) {
          PushToken(out, e.canonical, e.kind);
        } else {
          PushToken(out, std::move(surface), e.kind);
        }
        i += len;
        done = true;
      }
    }
    if (done) continue;
    const std::string& text = raw[i].text;
    bool has_digit = std::any_of(text.begin(), text.end(), IsAsciiDigit);
    bool has_alpha = std::any_of(text.begin(), text.end(), [](char c) { return !IsAsciiDigit(c); });
    if (has_digit && !has_alpha) {
      PushToken(out, StripLeadingZeros(text), TokenKind::kNumber);
    } else if (has_digit && !IsLeet(text)) {
      size_t p = 0;
      while (p < text.size()) {
        size_t q = p;
        bool digit = IsAsciiDigit(text[p]);
        while (q < text.size() && IsAsciiDigit(text[q]) == digit) ++q;
        std::string part = text.substr(p, q - p);
        if (digit) {
          PushToken(out, StripLeadingZeros(part), TokenKind::kNumber);
        } else {
          PushToken(out, part, Utf8Length(part) == 1 ? TokenKind::kInitial : TokenKind::kName);
        }
        p = q;
      }
    } else if (Utf8Length(text) == 1 && !has_digit) {
      PushToken(out, text, TokenKind::kInitial);
    } else {
      PushToken(out, text, TokenKind::kName);
    }
    ++i;
  }
  // Tens followed by a unit add up: "forty four", "forty-four", "forty 4".
  std::vector<NameToken> merged;
  for (size_t k = 0; k < out.size(); ++k) {
    if (out[k].kind == TokenKind::kNumber && k + 1 < out.size() && out[k + 1].kind == TokenKind::kNumber &&
        out[k].text.size() == 2 && out[k].text[1] == '0' && out[k + 1].text.size() == 1 && out[k + 1].text != "0") {
      std::string value = out[k].text.substr(0, 1) + out[k + 1].text;
      merged.push_back(out[k]);
      merged.back().text = merged.back().skeleton = value;
      ++k;
      continue;
    }
    merged.push_back(std::move(out[k]));
  }
  return merged;
}

}  // namespace

bool IsOrganisationSchema(EntitySchema schema) {
  return schema == EntitySchema::kCompany || schema == EntitySchema::kOrganization ||
         schema == EntitySchema::kVessel || schema == EntitySchema::kAircraft;
}

std::string_view LegalClassName(uint8_t legal_class) {
  return legal_class < kLegalClasses.size() ? kLegalClasses[legal_class] : std::string_view();
}

std::string Skeleton(std::string_view token) {
  for (unsigned char c : token)
    if (c >= 0x80) return std::string(token);
  // A copy only when leetspeak digits are to be read as letters.
  std::string unleet;
  std::string_view s = token;
  if (IsLeet(token)) {
    static constexpr std::array<std::pair<char, char>, 8> kLeet = {
        {{'0', 'o'}, {'1', 'i'}, {'3', 'e'}, {'4', 'a'}, {'5', 's'}, {'7', 't'}, {'8', 'b'}, {'9', 'g'}}};
    unleet.assign(token);
    for (char& c : unleet)
      for (auto [d, l] : kLeet)
        if (c == d) c = l;
    s = unleet;
  }
  // Consonant digraphs first (longest match at each position), then single
  // letters; outputs are already in the folded alphabet.
  const size_t n = s.size();
  auto at = [&](size_t k) { return k < n ? s[k] : '\0'; };
  std::string out;
  out.reserve(n + 2);
  size_t i = 0;
  // Word-initial Pinyin x and Wade-Giles hs sound as s: Xi = Hsi = Si (= Shi).
  if (n > 1 && s[0] == 'x') {
    out.push_back('s');
    i = 1;
  } else if (n > 2 && s[0] == 'h' && s[1] == 's') {
    out.push_back('s');
    i = 2;
  }
  while (i < n) {
    const char c = s[i], c1 = at(i + 1), c2 = at(i + 2), c3 = at(i + 3);
    // One folded letter for `used` letters of the input.
    auto emit = [&](char to, size_t used) {
      out.push_back(to);
      i += used;
    };
    switch (c) {
      case 's':  // shch, sch, sh
        if (c1 == 'h' && c2 == 'c' && c3 == 'h') {
          emit('s', 4);
        } else if (c1 == 'c' && c2 == 'h') {
          emit('s', 3);
        } else {
          emit('s', c1 == 'h' ? 2 : 1);
        }
        break;
      case 't':  // tsch, th, ts, tz
        if (c1 == 's' && c2 == 'c' && c3 == 'h') {
          emit('k', 4);
        } else if (c1 == 'h') {
          emit('t', 2);
        } else if (c1 == 's' || c1 == 'z') {
          emit('k', 2);
        } else {
          emit('t', 1);
        }
        break;
      case 'd':  // dzh, dj
        if (c1 == 'z' && c2 == 'h') {
          emit('i', 3);
        } else if (c1 == 'j') {
          emit('i', 2);
        } else {
          emit('d', 1);
        }
        break;
      case 'c':  // ch, cz, ck, c
        emit('k', (c1 == 'h' || c1 == 'z' || c1 == 'k') ? 2 : 1);
        break;
      case 'z':  // zh, z
        emit('s', c1 == 'h' ? 2 : 1);
        break;
      case 'k':  // kh
        emit(c1 == 'h' ? 'h' : 'k', c1 == 'h' ? 2 : 1);
        break;
      case 'g':  // gh
        emit('g', c1 == 'h' ? 2 : 1);
        break;
      case 'p':  // ph
        emit(c1 == 'h' ? 'f' : 'p', c1 == 'h' ? 2 : 1);
        break;
      case 'y':
      case 'j':
        emit('i', 1);
        break;
      case 'w':
        emit('v', 1);
        break;
      case 'q':
        emit('k', 1);
        break;
      case 'x':
        out.push_back('k');
        emit('s', 1);
        break;
      default:
        out.push_back(c);
        ++i;
    }
  }
  // Vowel digraphs fold after the letters themselves ("oye" -> "oie" -> "oi"),
  // then runs of a letter collapse; both in place (the write position never
  // passes the read one), as this is the matcher's hottest string function.
  size_t w = 0;
  for (size_t k = 0; k < out.size();) {
    const char c = out[k], c1 = k + 1 < out.size() ? out[k + 1] : '\0';
    if ((c == 'i' || c == 'e') && c1 == 'e') {
      out[w++] = 'i';  // ie, ee
      k += 2;
    } else if (c == 'o' && (c1 == 'u' || c1 == 'o')) {
      out[w++] = 'u';  // ou, oo
      k += 2;
    } else {
      out[w++] = c;
      ++k;
    }
  }
  out.resize(w);
  w = 0;
  for (size_t k = 0; k < out.size(); ++k)
    if (w == 0 || out[w - 1] != out[k]) out[w++] = out[k];
  out.resize(w);
  return out;
}

AnalysedName AnalyseName(std::string_view name, EntitySchema schema) {
  if (name.size() > kMaxNameBytes) name = name.substr(0, kMaxNameBytes);
  return AnalyseRomanisedName(name, schema, RomaniseName(name));
}

AnalysedName AnalyseRomanisedName(std::string_view name, EntitySchema schema, std::vector<RomanisedForm> forms) {
  AnalysedName result;
  result.original = std::string(name);
  result.schema = schema;
  for (auto& rf : forms) {
    std::vector<RawToken> raw = Tokenise(rf.text);
    if (raw.empty()) continue;
    if (raw.size() > kMaxNameWords) raw.resize(kMaxNameWords);
    NameForm form;
    form.label = rf.label;
    form.syllabic = rf.syllabic;
    form.tokens = Tag(raw, schema);
    bool duplicate = false;
    for (const auto& f : result.forms) {
      if (f.tokens.size() != form.tokens.size()) continue;
      bool same = true;
      for (size_t i = 0; i < f.tokens.size() && same; ++i) same = f.tokens[i].text == form.tokens[i].text;
      if (same) duplicate = true;
    }
    if (!duplicate) {
      form.tokens.shrink_to_fit();
      result.forms.push_back(std::move(form));
    }
  }
  if (!result.forms.empty()) {
    for (const auto& t : result.forms[0].tokens) {
      if (t.kind == TokenKind::kNumber) result.numbers.push_back(t.text);
      if (t.kind == TokenKind::kLegalForm) result.legal_classes.push_back(t.legal_class);
    }
    result.forms.shrink_to_fit();
    std::sort(result.numbers.begin(), result.numbers.end());
    std::sort(result.legal_classes.begin(), result.legal_classes.end());
    result.legal_classes.erase(std::unique(result.legal_classes.begin(), result.legal_classes.end()),
                               result.legal_classes.end());
  }
  return result;
}

}  // namespace clearbid
