#include "engine/matching/name_scorer.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <memory>

#include "engine/matching/edit_distance.h"

namespace clearbid {
namespace {

// Weights of token kinds in the aligned-similarity ratio (docs/matching.md).
constexpr double kWeightName = 1.0;
constexpr double kWeightShortName = 0.6;  // name parts of one or two characters
constexpr double kWeightInitial = 0.35;
constexpr double kWeightStop = 0.2;
constexpr double kWeightGeneric = 0.4;
// Cost factors of unmatched weight in the ratio's denominator.
// A part present on one side only (an added middle name, a qualifier): people
// often carry extra given names or patronymics; organisations rarely carry
// extra words that do not change the organisation.
constexpr double kExtraCostPerson = 0.15;
constexpr double kExtraCostOrganisation = 0.6;
constexpr double kExtraCostUnknown = 0.25;
// The missing part of a fuzzy token pair (1 - similarity) costs like a substitution.
constexpr double kFuzzyCost = 1.0;
constexpr double kSubstCost = 1.5;  // parts unmatched on both sides (a different name part)
// Similarity credited to an initial or acronym that agrees with a full word.
constexpr double kInitialSim = 0.9;
constexpr double kSkeletonFactor = 0.95;
constexpr size_t kMinFuzzySkeleton = 5;
// Unmatched syllables of a romanised Han/Hangul name cost like a substituted
// part: "zhang ting ting yang" is not "yang ting".
constexpr double kSyllableExtraCost = 1.0;
// Adjustments after the ratio.
constexpr double kNumberMismatch = 0.40;
constexpr double kNumberOneSided = 0.20;
constexpr double kLegalConflict = 0.20;
constexpr double kNoSubstantiveCap = 0.5;
// A person is not identified by one agreeing name part when either side
// carries further name parts ("Thomas Sa" / "Thomas Lubanga").
constexpr double kSinglePartPersonCap = 0.75;
constexpr double kReversalCap = 0.6;

enum class How : char { kExact = '=', kFuzzy = '~', kInitial = 'i', kCompound = 'c', kAcronym = 'a' };

struct Pair {
  uint16_t a_begin, a_len, b_begin, b_len;  // spans over participating positions
  double sim;
  How how;
};

}  // namespace

// Named (not in the anonymous namespace) because PreparedName holds them;
// their own namespace keeps them out of the way of other files' names.
namespace scorer_detail {

// What StringSim() needs to know of one text besides its bytes: measured once
// per word of a prepared form (Measure) instead of once per pair of words.
struct TextMeasure {
  size_t length = 0;     // code points: Utf8Length(text)
  uint64_t letters = 0;  // bit (c & 63) set for each byte c of the text
  bool ascii = true;     // no byte of the text is 0x80 or above
};

// A word as StringSim() compares it: its text and folding key, both
// measured. The views refer to the token or span that was measured.
struct MeasuredWord {
  std::string_view text, skeleton;
  TextMeasure text_measure, skeleton_measure;
};

// A run of two to four adjacent participating parts of a form, as
// AddCompounds() compares it with the single words of the other name.
struct Span {
  uint16_t begin = 0, len = 0;
  bool words = true;   // no initial or legal form among the parts
  size_t length = 0;   // code units of the joined parts
  bool joined = false;  // text and skeleton made and measured (on first use: they cost)
  std::string text, skeleton;
  TextMeasure text_measure, skeleton_measure;
};

// What the scoring of a pair of forms needs of one form alone. Reset() keeps
// the vectors' and strings' capacity.
struct PreparedForm {
  const NameForm* form = nullptr;
  std::vector<uint16_t> pos;   // indices into form->tokens of participating tokens
  std::vector<double> weight;  // Weight() of each participating token
  // Each participating token measured; only words (IsWord: kName, kGeneric),
  // the only single parts StringSim() compares, the others left empty.
  std::vector<MeasuredWord> words;
  std::vector<Span> spans;     // the first span_count are this form's
  size_t span_count = 0;

  void Reset(const NameForm& f);
  // spans[s]'s joined text and folding key, measured; valid until the next
  // Reset().
  MeasuredWord Joined(size_t s);
};

}  // namespace scorer_detail

using scorer_detail::MeasuredWord;
using scorer_detail::PreparedForm;
using scorer_detail::Span;
using scorer_detail::TextMeasure;

struct PreparedName::Forms {
  std::vector<PreparedForm> forms;
};

namespace {


// Legal forms take part only in compounds ("siemensag" / "siemens ag") and
// weigh nothing; numbers and titles never take part.
bool Participates(TokenKind k) {
  return k == TokenKind::kName || k == TokenKind::kInitial || k == TokenKind::kStop || k == TokenKind::kGeneric ||
         k == TokenKind::kLegalForm;
}

bool IsWord(TokenKind k) { return k == TokenKind::kName || k == TokenKind::kGeneric; }

// `length`: Utf8Length(t.text) of a kName token t; unused for other kinds.
double Weight(TokenKind kind, size_t length) {
  switch (kind) {
    case TokenKind::kName:
      return length <= 2 ? kWeightShortName : kWeightName;
    case TokenKind::kInitial:
      return kWeightInitial;
    case TokenKind::kStop:
      return kWeightStop;
    case TokenKind::kGeneric:
      return kWeightGeneric;
    default:
      return 0;
  }
}

// Length-aware edit budget: how many edits a word of this length may carry
// and still count as the same word.
size_t EditBudget(size_t len) {
  if (len <= 2) return 0;
  if (len <= 5) return 1;
  if (len <= 8) return 2;
  if (len <= 12) return 3;
  return 4;
}

TextMeasure Measure(std::string_view text) {
  TextMeasure m;
  unsigned char high = 0;
  for (unsigned char c : text) {
    m.letters |= uint64_t{1} << (c & 63);
    high |= c;
  }
  m.ascii = (high & 0x80) == 0;
  // ASCII text has a code point per byte: only other text is counted.
  m.length = m.ascii ? text.size() : Utf8Length(text);
  return m;
}

MeasuredWord MeasureWord(std::string_view text, std::string_view skeleton) {
  return {text, skeleton, Measure(text), Measure(skeleton)};
}

// A lower bound of the OSA distance of two ASCII words (0 for other text):
// each edit changes the set of letters present by at most two (a
// substitution), so the distance is at least half the letters present on one
// side only. Spares most edit-distance computations between different words.
size_t LetterSetBound(const TextMeasure& a, const TextMeasure& b) {
  if (!a.ascii || !b.ascii) return 0;
  return (static_cast<size_t>(std::popcount(a.letters ^ b.letters)) + 1) / 2;
}

// Utf8OsaDistance(a, b), without looking for non-ASCII bytes again: the OSA
// distance over bytes is the one over code points for ASCII text.
size_t OsaDistanceOf(std::string_view a, std::string_view b, bool both_ascii) {
  return both_ascii ? OsaDistance(a, b) : Utf8OsaDistance(a, b);
}

// The lengths and letter sets come from the measures, so that the words of a
// prepared form are not measured again for every pair; the cheap rejections
// (length difference, letter sets) come before any edit distance.
double StringSim(const MeasuredWord& a, const MeasuredWord& b) {
  if (a.text == b.text) return 1.0;
  const TextMeasure &ta = a.text_measure, &tb = b.text_measure;
  const size_t la = ta.length, lb = tb.length;
  if (a.skeleton == b.skeleton && std::min(la, lb) >= 2 && std::max(la, lb) >= 3) return kSkeletonFactor;
  double best = 0;
  size_t l = std::max(la, lb);
  // The distance is at least the length difference, and at least LetterSetBound.
  if (l - std::min(la, lb) <= EditBudget(l) && LetterSetBound(ta, tb) <= EditBudget(l)) {
    size_t d = OsaDistanceOf(a.text, b.text, ta.ascii && tb.ascii);
    if (d <= EditBudget(l)) best = 1.0 - static_cast<double>(d) / static_cast<double>(l);
  }
  const TextMeasure &sa = a.skeleton_measure, &sb = b.skeleton_measure;
  const size_t lsa = sa.length, lsb = sb.length;
  size_t ls = std::max(lsa, lsb);
  // Fuzzy comparison of folding keys only for longer words: short keys of
  // different names are too often one letter apart ("li" / "liu").
  if (ls >= kMinFuzzySkeleton && ls - std::min(lsa, lsb) <= EditBudget(ls) && LetterSetBound(sa, sb) <= EditBudget(ls)) {
    size_t ds = OsaDistanceOf(a.skeleton, b.skeleton, sa.ascii && sb.ascii);
    if (ds <= EditBudget(ls))
      best = std::max(best, kSkeletonFactor * (1.0 - static_cast<double>(ds) / static_cast<double>(ls)));
  }
  return best;
}

// Words of a syllabic form (romanised Han/Hangul) only match exactly.
double PairSim(bool exact_only, const MeasuredWord& a, const MeasuredWord& b) {
  if (exact_only) return a.text == b.text ? 1.0 : 0.0;
  return StringSim(a, b);
}

const NameToken& Tok(const PreparedForm& s, size_t k) { return s.form->tokens[s.pos[k]]; }

void AddSingles(const PreparedForm& a, const PreparedForm& b, bool exact_only, std::vector<Pair>& out) {
  for (uint16_t i = 0; i < a.pos.size(); ++i) {
    const NameToken& ta = Tok(a, i);
    for (uint16_t j = 0; j < b.pos.size(); ++j) {
      const NameToken& tb = Tok(b, j);
      double sim = 0;
      How how = How::kFuzzy;
      if (ta.kind == TokenKind::kLegalForm || tb.kind == TokenKind::kLegalForm) continue;
      if (ta.kind == TokenKind::kStop || tb.kind == TokenKind::kStop) {
        if (ta.kind == tb.kind && ta.skeleton == tb.skeleton) sim = 1.0;
      } else if (ta.kind == TokenKind::kInitial || tb.kind == TokenKind::kInitial) {
        if (ta.text.empty() || tb.text.empty() || ta.text[0] != tb.text[0]) continue;
        if (ta.kind == tb.kind) {
          sim = 1.0;
        } else {
          sim = kInitialSim;
          how = How::kInitial;
        }
      } else {
        sim = PairSim(exact_only, a.words[i], b.words[j]);
      }
      if (sim <= 0) continue;
      if (sim == 1.0 && how == How::kFuzzy) how = How::kExact;
      out.push_back({i, 1, j, 1, sim, how});
    }
  }
}

bool HasVowel(std::string_view s) { return s.find_first_of("aeiouy") != std::string_view::npos; }

// True when `word` is the initials of the span's parts: the first code unit of
// each part in order ('?' standing for an empty part).
bool SpellsInitials(const PreparedForm& f, const Span& sp, std::string_view word) {
  if (word.size() != sp.len) return false;
  for (size_t k = 0; k < sp.len; ++k) {
    const std::string& part = Tok(f, sp.begin + k).text;
    if (word[k] != (part.empty() ? '?' : part[0])) return false;
  }
  return true;
}

// Several adjacent parts on one side written as one word on the other
// ("good will" / "goodwill", "van der bilt" / "vanderbilt", "siemensag"), and
// acronyms: "pla" / "people's liberation army" for organisations; for people
// only vowel-less initials runs ("jc" / "jean claude").
void AddCompounds(PreparedForm& a, const PreparedForm& b, bool a_is_query, bool acronyms, bool exact_only,
                  std::vector<Pair>& out) {
  const size_t count = a.span_count;
  if (count == 0) return;
  for (uint16_t j = 0; j < b.pos.size(); ++j) {
    const NameToken& tb = Tok(b, j);
    if (!IsWord(tb.kind)) continue;
    const size_t lb = tb.text.size();
    for (size_t s = 0; s < count; ++s) {
      const Span& sp = a.spans[s];
      const uint16_t i = sp.begin, len = sp.len;
      double sim = 0;
      How how = How::kCompound;
      // Joined words are compared only when the lengths allow a match; the
      // joined text and its folding key are built on first use, once per
      // prepared form.
      const size_t longer = std::max(sp.length, lb);
      if (len <= 3 && lb >= 4 && longer - std::min(sp.length, lb) <= EditBudget(longer) + 2) {
        sim = PairSim(exact_only, a.Joined(s), b.words[j]);
      }
      // The cheap tests first: most words are longer than the span has parts.
      if (sim <= 0 && sp.words && lb == len && (acronyms || !HasVowel(tb.text)) && SpellsInitials(a, sp, tb.text)) {
        sim = kInitialSim;
        how = How::kAcronym;
      }
      if (sim <= 0) continue;
      if (a_is_query) {
        out.push_back({i, len, j, 1, sim, how});
      } else {
        out.push_back({j, 1, i, len, sim, how});
      }
    }
  }
}

}  // namespace

void scorer_detail::PreparedForm::Reset(const NameForm& f) {
  form = &f;
  pos.clear();
  weight.clear();
  words.clear();
  for (uint16_t i = 0; i < f.tokens.size(); ++i) {
    const NameToken& t = f.tokens[i];
    if (!Participates(t.kind)) continue;
    pos.push_back(i);
    words.push_back(IsWord(t.kind) ? MeasureWord(t.text, t.skeleton) : MeasuredWord{});
    weight.push_back(Weight(t.kind, words.back().text_measure.length));  // kName is a word: measured
  }
  span_count = 0;
  for (uint16_t len = 2; len <= 4; ++len) {
    for (uint16_t i = 0; i + len <= pos.size(); ++i) {
      if (span_count == spans.size()) spans.emplace_back();
      Span& sp = spans[span_count++];
      sp.begin = i;
      sp.len = len;
      sp.words = true;
      sp.length = 0;
      sp.joined = false;
      for (size_t k = i; k < i + len; ++k) {
        const NameToken& t = Tok(*this, k);
        if (t.kind == TokenKind::kInitial || t.kind == TokenKind::kLegalForm) sp.words = false;
        sp.length += t.text.size();
      }
    }
  }
}

MeasuredWord scorer_detail::PreparedForm::Joined(size_t s) {
  Span& sp = spans[s];
  if (!sp.joined) {
    sp.text.clear();  // its capacity kept
    for (size_t k = sp.begin; k < sp.begin + sp.len; ++k) sp.text += Tok(*this, k).text;
    sp.skeleton = Skeleton(sp.text);
    sp.text_measure = Measure(sp.text);
    sp.skeleton_measure = Measure(sp.skeleton);
    sp.joined = true;
  }
  return {sp.text, sp.skeleton, sp.text_measure, sp.skeleton_measure};
}

namespace {

struct FormResult {
  double ratio = 0;
  bool substantive = false;
  int substantive_pairs = 0;
  bool unmatched_name_parts = false;
  bool patronymic_reversal = false;
  std::string alignment;
  std::string query_form, list_form;
};

std::string FormText(const NameForm& f) {
  std::string out;
  for (const auto& t : f.tokens) {
    if (!out.empty()) out.push_back(' ');
    out += t.text;
  }
  return out;
}

// `a`: a form of the query name, `b` one of the listed name.
FormResult ScoreForms(PreparedForm& a, PreparedForm& b, double extra_cost, bool person, bool explain) {
  // Per-thread scratch (ScoreForms does not nest): no allocation per pair of forms.
  thread_local std::vector<Pair> cands, chosen;
  thread_local std::vector<bool> used_a, used_b;
  thread_local std::vector<int> partner;
  const NameForm& qf = *a.form;
  const NameForm& lf = *b.form;
  FormResult r;
  if (explain) {
    r.query_form = FormText(qf);
    r.list_form = FormText(lf);
  }
  if (a.pos.empty() || b.pos.empty()) return r;
  cands.clear();
  const bool exact_only = qf.syllabic || lf.syllabic;
  AddSingles(a, b, exact_only, cands);
  AddCompounds(a, b, true, !person, exact_only, cands);
  AddCompounds(b, a, false, !person, exact_only, cands);
  auto span_weight = [](const PreparedForm& s, size_t begin, size_t len) {
    double w = 0;
    for (size_t k = begin; k < begin + len; ++k) w += s.weight[k];
    return w;
  };
  auto before = [&](const Pair& x, const Pair& y) {
    if (x.sim != y.sim) return x.sim > y.sim;
    return span_weight(a, x.a_begin, x.a_len) + span_weight(b, x.b_begin, x.b_len) >
           span_weight(a, y.a_begin, y.a_len) + span_weight(b, y.b_begin, y.b_len);
  };
  if (cands.size() <= 32) {
    // Stable insertion sort (std::stable_sort allocates a buffer).
    for (size_t i = 1; i < cands.size(); ++i) {
      Pair x = cands[i];
      size_t j = i;
      for (; j > 0 && before(x, cands[j - 1]); --j) cands[j] = cands[j - 1];
      cands[j] = x;
    }
  } else {
    std::stable_sort(cands.begin(), cands.end(), before);
  }
  used_a.assign(a.pos.size(), false);
  used_b.assign(b.pos.size(), false);
  chosen.clear();
  for (const Pair& p : cands) {
    bool free = true;
    for (size_t k = p.a_begin; k < p.a_begin + p.a_len && free; ++k) free = !used_a[k];
    for (size_t k = p.b_begin; k < p.b_begin + p.b_len && free; ++k) free = !used_b[k];
    if (!free) continue;
    for (size_t k = p.a_begin; k < p.a_begin + p.a_len; ++k) used_a[k] = true;
    for (size_t k = p.b_begin; k < p.b_begin + p.b_len; ++k) used_b[k] = true;
    chosen.push_back(p);
  }
  double got = 0, matched = 0;
  char buf[32];
  for (const Pair& p : chosen) {
    double pw = (span_weight(a, p.a_begin, p.a_len) + span_weight(b, p.b_begin, p.b_len)) / 2;
    got += pw * p.sim;
    matched += pw * (p.sim + kFuzzyCost * (1.0 - p.sim));
    bool a_name = false, b_name = false;
    for (size_t k = p.a_begin; k < p.a_begin + p.a_len; ++k) a_name |= Tok(a, k).kind == TokenKind::kName;
    for (size_t k = p.b_begin; k < p.b_begin + p.b_len; ++k) b_name |= Tok(b, k).kind == TokenKind::kName;
    if (a_name && b_name && p.how != How::kInitial && p.how != How::kAcronym) {
      r.substantive = true;
      ++r.substantive_pairs;
    }
    if (!explain) continue;
    if (!r.alignment.empty()) r.alignment.push_back(' ');
    for (size_t k = p.a_begin; k < p.a_begin + p.a_len; ++k) r.alignment += (k > p.a_begin ? "_" : "") + Tok(a, k).text;
    r.alignment.push_back(p.how == How::kExact ? '=' : '~');
    for (size_t k = p.b_begin; k < p.b_begin + p.b_len; ++k) r.alignment += (k > p.b_begin ? "_" : "") + Tok(b, k).text;
    if (p.how != How::kExact) {
      std::snprintf(buf, sizeof(buf), "(%.2f)", p.sim);
      r.alignment += buf;
    }
  }
  // "Salman bin Muhammad" vs "Muhammad bin Salman": the names around a
  // filiation particle (bin, ibn, ben) swap places - father and son.
  if (person) {
    partner.assign(a.pos.size(), -1);
    for (const Pair& p : chosen)
      if (p.a_len == 1 && p.b_len == 1) partner[p.a_begin] = p.b_begin;
    auto is_bin = [](const NameToken& t) { return t.kind == TokenKind::kStop && t.skeleton == "bin"; };
    for (size_t ia = 1; ia + 1 < a.pos.size() && !r.patronymic_reversal; ++ia) {
      if (!is_bin(Tok(a, ia))) continue;
      for (size_t ib = 1; ib + 1 < b.pos.size(); ++ib) {
        if (is_bin(Tok(b, ib)) && partner[ia - 1] == static_cast<int>(ib + 1) &&
            partner[ia + 1] == static_cast<int>(ib - 1))
          r.patronymic_reversal = true;
      }
    }
  }
  bool all_exact = true;
  for (const Pair& p : chosen) all_exact = all_exact && p.how == How::kExact;
  for (size_t k = 0; k < a.pos.size(); ++k) all_exact = all_exact && (used_a[k] || Tok(a, k).kind == TokenKind::kLegalForm);
  for (size_t k = 0; k < b.pos.size(); ++k) all_exact = all_exact && (used_b[k] || Tok(b, k).kind == TokenKind::kLegalForm);
  if (all_exact && !chosen.empty()) r.substantive = true;  // same words, e.g. "at and t"
  double ua = 0, ub = 0, ua_core = 0, ub_core = 0;
  std::string only_a, only_b;
  for (size_t k = 0; k < a.pos.size(); ++k) {
    if (used_a[k]) continue;
    const NameToken& t = Tok(a, k);
    ua += a.weight[k];
    if (t.kind != TokenKind::kStop) ua_core += a.weight[k];
    if (t.kind == TokenKind::kName) r.unmatched_name_parts = true;
    if (explain) only_a += " -" + t.text;
  }
  for (size_t k = 0; k < b.pos.size(); ++k) {
    if (used_b[k]) continue;
    const NameToken& t = Tok(b, k);
    ub += b.weight[k];
    if (t.kind != TokenKind::kStop) ub_core += b.weight[k];
    if (t.kind == TokenKind::kName) r.unmatched_name_parts = true;
    if (explain) only_b += " +" + t.text;
  }
  if (explain) r.alignment += only_a + only_b;
  double subst = std::min(ua_core, ub_core);
  const double cost_a = qf.syllabic ? kSyllableExtraCost : extra_cost;
  const double cost_b = lf.syllabic ? kSyllableExtraCost : extra_cost;
  double denom = matched + kSubstCost * 2 * subst + cost_a * (ua - subst) + cost_b * (ub - subst);
  r.ratio = denom > 0 ? got / denom : 0;
  return r;
}

std::string JoinNumbers(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

// The adjustments after the ratio that depend on the two names' numbers and
// legal forms only (not on their words): Evaluate() applies them, and
// NameScoreCeiling() bounds a score with them.
struct NameAdjustments {
  bool number_mismatch = false;   // numbers on both sides, not the same
  bool number_one_sided = false;  // numbers on one side only
  bool legal_conflict = false;    // legal forms on both sides, no class in common
};

NameAdjustments AdjustmentsOf(const AnalysedName& query, const AnalysedName& listed) {
  NameAdjustments a;
  if (!query.numbers.empty() && !listed.numbers.empty()) {
    a.number_mismatch = query.numbers != listed.numbers;
  } else {
    a.number_one_sided = query.numbers.size() + listed.numbers.size() > 0;
  }
  if (!query.legal_classes.empty() && !listed.legal_classes.empty()) {
    bool overlap = false;
    for (uint8_t c : query.legal_classes)
      overlap |= std::find(listed.legal_classes.begin(), listed.legal_classes.end(), c) != listed.legal_classes.end();
    a.legal_conflict = !overlap;
  }
  return a;
}

// Prepares the first n of `forms` for name.forms (n = their count),
// keeping the capacity of what was prepared before.
void PrepareForms(const AnalysedName& name, std::vector<PreparedForm>& forms) {
  if (forms.size() < name.forms.size()) forms.resize(name.forms.size());
  for (size_t i = 0; i < name.forms.size(); ++i) forms[i].Reset(name.forms[i]);
}

// The score of a pair; fills *out with the explanation when out is not null.
// `qforms`: query.forms prepared (PrepareForms), the first of them used.
double Evaluate(const AnalysedName& query, std::vector<PreparedForm>& qforms, const AnalysedName& listed,
                EntitySchema schema, MatchScore* out) {
  const double extra_cost = schema == EntitySchema::kPerson ? kExtraCostPerson
                            : IsOrganisationSchema(schema) ? kExtraCostOrganisation
                                                           : kExtraCostUnknown;
  const bool person = schema == EntitySchema::kPerson;
  // The listed name's forms, prepared once for all the query's forms
  // (per-thread: Evaluate does not nest).
  thread_local std::vector<PreparedForm> lforms;
  PrepareForms(listed, lforms);
  FormResult best;
  PreparedForm* best_q = nullptr;
  PreparedForm* best_l = nullptr;
  double best_key = -1;
  for (size_t qi = 0; qi < query.forms.size(); ++qi) {
    for (size_t li = 0; li < listed.forms.size(); ++li) {
      FormResult r = ScoreForms(qforms[qi], lforms[li], extra_cost, person, false);
      double key = r.substantive ? r.ratio : std::min(r.ratio, kNoSubstantiveCap);
      if (key > best_key) {
        best = std::move(r);
        best_key = key;
        best_q = &qforms[qi];
        best_l = &lforms[li];
      }
    }
  }
  if (out) {
    out->query_name = query.original;
    out->list_name = listed.original;
  }
  if (!best_q) {
    if (out) out->features.push_back({"name_similarity", 0, "no comparable name parts"});
    return 0;
  }
  if (out) {
    best = ScoreForms(*best_q, *best_l, extra_cost, person, true);
    out->query_form = best.query_form;
    out->list_form = best.list_form;
    out->alignment = best.alignment;
  }
  auto feature = [out](const char* name, double value, std::string detail) {
    if (out) out->features.push_back({name, value, std::move(detail)});
  };
  double score = best.ratio;
  feature("name_similarity", best.ratio, out ? best.alignment : std::string());
  if (!best.substantive && score > kNoSubstantiveCap) {
    feature("no_substantive_match", kNoSubstantiveCap - score, "only initials, particles or generic words agree");
    score = kNoSubstantiveCap;
  }
  if (best.patronymic_reversal && score > kReversalCap) {
    feature("patronymic_reversal", kReversalCap - score, "given name and father's name swap around bin/ibn");
    score = kReversalCap;
  }
  if (person && best.substantive_pairs == 1 && best.unmatched_name_parts && score > kSinglePartPersonCap) {
    feature("single_name_part", kSinglePartPersonCap - score,
            "one name part agrees, the others are missing on one side");
    score = kSinglePartPersonCap;
  }
  const NameAdjustments adjust = AdjustmentsOf(query, listed);
  if (adjust.number_mismatch) {
    feature("number_mismatch", -kNumberMismatch,
            out ? JoinNumbers(query.numbers) + " vs " + JoinNumbers(listed.numbers) : std::string());
    score -= kNumberMismatch;
  } else if (adjust.number_one_sided) {
    feature("number_one_sided", -kNumberOneSided,
            out ? "numbers on one side only: " + JoinNumbers(query.numbers) + JoinNumbers(listed.numbers)
                : std::string());
    score -= kNumberOneSided;
  }
  if (adjust.legal_conflict) {
    feature("legal_form_conflict", -kLegalConflict,
            out ? std::string(LegalClassName(query.legal_classes[0])) + " vs " +
                      std::string(LegalClassName(listed.legal_classes[0]))
                : std::string());
    score -= kLegalConflict;
  }
  score = std::clamp(score, 0.0, 1.0);
  if (out) out->score = score;
  return score;
}

}  // namespace

double NameScoreCeiling(const AnalysedName& query, const AnalysedName& listed) {
  // Evaluate(): a ratio of at most 1, caps that only lower it, then these
  // adjustments, subtracted in the same order (IEEE subtraction is monotone,
  // so the score never exceeds the ceiling, to the last bit).
  const NameAdjustments adjust = AdjustmentsOf(query, listed);
  double ceiling = 1.0;
  if (adjust.number_mismatch) ceiling -= kNumberMismatch;
  if (adjust.number_one_sided) ceiling -= kNumberOneSided;
  if (adjust.legal_conflict) ceiling -= kLegalConflict;
  return std::max(ceiling, 0.0);
}

double TokenSimilarity(const NameToken& a, const NameToken& b) {
  return StringSim(MeasureWord(a.text, a.skeleton), MeasureWord(b.text, b.skeleton));
}

PreparedName::PreparedName(const AnalysedName& name) : name_(&name), forms_(std::make_unique<Forms>()) {
  PrepareForms(name, forms_->forms);
}

PreparedName::~PreparedName() = default;
PreparedName::PreparedName(PreparedName&&) noexcept = default;
PreparedName& PreparedName::operator=(PreparedName&&) noexcept = default;

MatchScore ScoreAnalysedNames(const AnalysedName& query, const AnalysedName& listed, EntitySchema schema) {
  // Per-thread, apart from Evaluate's own scratch for the listed name.
  thread_local std::vector<PreparedForm> qforms;
  PrepareForms(query, qforms);
  MatchScore out;
  Evaluate(query, qforms, listed, schema, &out);
  return out;
}

double ScoreAnalysedNamesValue(const AnalysedName& query, const AnalysedName& listed, EntitySchema schema) {
  thread_local std::vector<PreparedForm> qforms;
  PrepareForms(query, qforms);
  return Evaluate(query, qforms, listed, schema, nullptr);
}

double ScoreAnalysedNamesValue(const PreparedName& query, const AnalysedName& listed, EntitySchema schema) {
  return Evaluate(query.name(), query.forms_->forms, listed, schema, nullptr);
}

MatchScore ScoreNames(std::string_view query_name, std::string_view list_name, EntitySchema schema) {
  return ScoreAnalysedNames(AnalyseName(query_name, schema), AnalyseName(list_name, schema), schema);
}

}  // namespace clearbid
