#include "engine/matching/match_index.h"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <optional>
#include <cmath>
#include <utility>

namespace clearbid {
namespace {

// Candidate-generation boosts per key family.
constexpr double kBoostToken = 1.0;      // folded token (skeleton)
constexpr double kBoostAffix = 0.4;      // 4-character prefix or suffix of a long token
constexpr double kBoostIdentifier = 8.0;  // normalised identifier
// Entity-level adjustments.
constexpr double kIdentifierMatchScore = 0.95;
constexpr double kCountryMismatch = 0.10;

// Aliases of a query beyond this many are ignored (bounds the cost of a query).
constexpr size_t kMaxQueryAliases = 64;

uint64_t Key(char family, std::string_view text) {
  std::string buf;
  buf.reserve(text.size() + 2);
  buf.push_back(family);
  buf.push_back(':');
  buf.append(text);
  return XXH3_64bits(buf.data(), buf.size());
}

struct WeightedKey {
  uint64_t key;
  double boost;
};

bool Indexable(TokenKind k) { return k == TokenKind::kName || k == TokenKind::kGeneric; }

// Keys of one analysed name: every folded word, a prefix and suffix of long
// words (typo robustness), and adjacent words joined ("good will" finds
// "goodwill", "siemens ag" finds "siemensag").
void NameKeys(const AnalysedName& name, std::vector<WeightedKey>& out) {
  for (const NameForm& form : name.forms) {
    const auto& toks = form.tokens;
    for (size_t i = 0; i < toks.size(); ++i) {
      const NameToken& t = toks[i];
      if (Indexable(t.kind) && t.skeleton.size() >= 2) {
        out.push_back({Key('t', t.skeleton), kBoostToken});
        if (t.skeleton.size() >= 6) {
          out.push_back({Key('p', std::string_view(t.skeleton).substr(0, 4)), kBoostAffix});
          out.push_back({Key('s', std::string_view(t.skeleton).substr(t.skeleton.size() - 4)), kBoostAffix});
        }
      }
      if (i + 1 < toks.size() && toks[i].kind != TokenKind::kNumber && toks[i + 1].kind != TokenKind::kNumber &&
          (Indexable(toks[i].kind) || Indexable(toks[i + 1].kind))) {
        out.push_back({Key('t', Skeleton(toks[i].text + toks[i + 1].text)), kBoostToken});
      }
    }
  }
}

bool IsPersonLike(EntitySchema s) { return s == EntitySchema::kPerson; }

bool SchemasCompatible(EntitySchema a, EntitySchema b) {
  if (a == EntitySchema::kUnknown || b == EntitySchema::kUnknown) return true;
  return IsPersonLike(a) == IsPersonLike(b);
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

template <typename T>
size_t VectorBytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

size_t StringBytes(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }

// Compact name encoding (MatchIndex::EncodeName): LEB128 varints and
// length-prefixed bytes.
void PutVarint(std::vector<uint8_t>& out, size_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

size_t GetVarint(const uint8_t*& p) {
  size_t v = 0;
  int shift = 0;
  while (*p & 0x80) {
    v |= static_cast<size_t>(*p++ & 0x7F) << shift;
    shift += 7;
  }
  v |= static_cast<size_t>(*p++) << shift;
  return v;
}

void PutBytes(std::vector<uint8_t>& out, std::string_view s) {
  PutVarint(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
}

void GetBytes(const uint8_t*& p, std::string& s) {
  size_t n = GetVarint(p);
  s.assign(reinterpret_cast<const char*>(p), n);
  p += n;
}

}  // namespace

std::string NormaliseIdentifier(std::string_view id) {
  std::string out;
  for (char c : id) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out.push_back(c);
  }
  return out;
}

MatchIndex MatchIndex::Build(std::vector<ListEntry> entries, MatchIndexOptions options) {
  MatchIndex index;
  index.options_ = options;
  index.entries_ = std::move(entries);
  index.name_starts_.push_back(0);
  // Distinct keys of each entry, entry after entry (entry e owns
  // entry_keys[key_starts[e] .. key_starts[e + 1])). Room for the usual dozen
  // or so per entry: untouched capacity costs address space only, and it
  // spares the copies of a growing vector.
  std::vector<uint64_t> entry_keys;
  entry_keys.reserve(index.entries_.size() * 16);
  std::vector<size_t> key_starts;
  key_starts.reserve(index.entries_.size() + 1);
  std::vector<WeightedKey> keys;
  index.name_offsets_.reserve(index.entries_.size() + 1);
  for (uint32_t e = 0; e < index.entries_.size(); ++e) {
    const ListEntry& entry = index.entries_[e];
    index.name_offsets_.push_back(static_cast<uint32_t>(index.name_starts_.size() - 1));
    keys.clear();
    // The encoded analysis drops the original text (the entry holds it);
    // name_sources_ says which of the entry's names it is.
    auto add_name = [&](const std::string& raw, uint16_t source) {
      if (raw.empty()) return;
      for (size_t k = index.name_offsets_.back(); k + 1 < index.name_starts_.size(); ++k)
        if (index.NameText(e, k) == raw) return;
      AnalysedName analysed = AnalyseName(raw, entry.schema);
      if (analysed.forms.empty()) return;
      NameKeys(analysed, keys);
      index.EncodeName(analysed);
      index.name_sources_.push_back(source);
    };
    add_name(entry.name, 0);
    for (size_t a = 0; a < entry.aliases.size() && a < 0xFFFE; ++a)
      add_name(entry.aliases[a], static_cast<uint16_t>(a + 1));
    for (const auto& id : entry.identifiers) {
      std::string norm = NormaliseIdentifier(id.id);
      if (norm.size() >= 4) keys.push_back({Key('i', norm), kBoostIdentifier});
    }
    // Cyrillic names repeat most keys across their romanisations.
    std::sort(keys.begin(), keys.end(), [](const WeightedKey& a, const WeightedKey& b) { return a.key < b.key; });
    key_starts.push_back(entry_keys.size());
    for (size_t k = 0; k < keys.size(); ++k)
      if (k == 0 || keys[k].key != keys[k - 1].key) entry_keys.push_back(keys[k].key);
  }
  index.name_offsets_.push_back(static_cast<uint32_t>(index.name_starts_.size() - 1));
  key_starts.push_back(entry_keys.size());
  // CSR in key order, one partition of the key space (top bits) at a time, so
  // the (key, entry) pairs being sorted are a fraction of all of them.
  constexpr int kPartitionBits = 3;
  index.postings_.reserve(entry_keys.size());
  std::vector<std::pair<uint64_t, uint32_t>> pairs;
  for (uint64_t part = 0; part < (uint64_t{1} << kPartitionBits); ++part) {
    pairs.clear();
    for (uint32_t e = 0; e < index.entries_.size(); ++e)
      for (size_t k = key_starts[e]; k < key_starts[e + 1]; ++k)
        if (entry_keys[k] >> (64 - kPartitionBits) == part) pairs.emplace_back(entry_keys[k], e);
    std::sort(pairs.begin(), pairs.end());
    for (size_t i = 0; i < pairs.size(); ++i) {
      if (i == 0 || pairs[i].first != pairs[i - 1].first) {
        index.keys_.push_back(pairs[i].first);
        index.offsets_.push_back(static_cast<uint32_t>(index.postings_.size()));
      }
      index.postings_.push_back(pairs[i].second);
    }
  }
  index.offsets_.push_back(static_cast<uint32_t>(index.postings_.size()));
  // Freed before the shrinks below copy their vectors.
  pairs = {};
  entry_keys = {};
  key_starts = {};
  index.keys_.shrink_to_fit();
  index.offsets_.shrink_to_fit();
  index.name_arena_.shrink_to_fit();
  index.name_starts_.shrink_to_fit();
  index.name_sources_.shrink_to_fit();
  return index;
}

std::vector<MatchHit> MatchIndex::Query(const MatchQuery& query, size_t top_k) const {
  std::vector<MatchHit> hits;
  if (top_k == 0 || entries_.empty()) return hits;
  // 1. Analyse the query names and collect its keys.
  std::vector<AnalysedName> qnames;
  std::vector<WeightedKey> keys;
  auto add_name = [&](const std::string& raw) {
    if (raw.empty()) return;
    AnalysedName a = AnalyseName(raw, query.schema);
    if (a.forms.empty()) return;
    NameKeys(a, keys);
    qnames.push_back(std::move(a));
  };
  add_name(query.name);
  for (size_t a = 0; a < query.aliases.size() && a < kMaxQueryAliases; ++a) add_name(query.aliases[a]);
  std::vector<std::string> qids;
  for (const auto& id : query.identifiers) {
    std::string norm = NormaliseIdentifier(id.id);
    if (norm.size() >= 4) {
      keys.push_back({Key('i', norm), kBoostIdentifier});
      qids.push_back(norm);
    }
  }
  std::sort(keys.begin(), keys.end(), [](const WeightedKey& a, const WeightedKey& b) {
    return a.key != b.key ? a.key < b.key : a.boost > b.boost;
  });
  keys.erase(std::unique(keys.begin(), keys.end(), [](const WeightedKey& a, const WeightedKey& b) { return a.key == b.key; }),
             keys.end());
  // 2. Candidate generation: IDF-weighted sum over matching keys.
  const double n = static_cast<double>(entries_.size());
  // Per-thread dense accumulator over entries plus the list of touched slots
  // (no hashing; reset after use).
  thread_local std::vector<double> acc_weights;
  thread_local std::vector<uint32_t> touched;
  if (acc_weights.size() < entries_.size()) acc_weights.assign(entries_.size(), 0.0);
  touched.clear();
  auto visit = [&](const WeightedKey& k, bool allow_common) {
    auto it = std::lower_bound(keys_.begin(), keys_.end(), k.key);
    if (it == keys_.end() || *it != k.key) return false;
    size_t slot = static_cast<size_t>(it - keys_.begin());
    uint32_t begin = offsets_[slot], end = offsets_[slot + 1];
    if (!allow_common && end - begin > options_.max_posting) return false;
    double idf = std::log(1.0 + n / static_cast<double>(end - begin)) * k.boost;
    for (uint32_t p = begin; p < end; ++p) {
      double& w = acc_weights[postings_[p]];
      if (w == 0.0) touched.push_back(postings_[p]);
      w += idf;
    }
    return true;
  };
  for (const auto& k : keys) visit(k, false);
  if (touched.empty())
    for (const auto& k : keys) visit(k, true);
  std::vector<std::pair<double, uint32_t>> cands;
  cands.reserve(touched.size());
  for (uint32_t entry : touched) {
    cands.emplace_back(acc_weights[entry], entry);
    acc_weights[entry] = 0.0;
  }
  auto by_weight = [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; };
  // Candidates far below the best one cannot win (nomenklatura's blocker does the same).
  if (!cands.empty()) {
    double best = 0;
    for (const auto& c : cands) best = std::max(best, c.first);
    cands.erase(std::remove_if(cands.begin(), cands.end(), [best](const auto& c) { return c.first < 0.3 * best; }),
                cands.end());
  }
  if (cands.size() > options_.max_candidates) {
    std::partial_sort(cands.begin(), cands.begin() + static_cast<std::ptrdiff_t>(options_.max_candidates), cands.end(),
                      by_weight);
    cands.resize(options_.max_candidates);
  } else {
    std::sort(cands.begin(), cands.end(), by_weight);
  }
  // 3. Entity-level scoring of each candidate: values first, explanations
  //    only for the hits returned.
  std::array<std::optional<std::vector<AnalysedName>>, 8> by_schema;
  std::vector<std::string> qcountries;
  for (const auto& c : query.countries) qcountries.push_back(Upper(c));
  struct Scored {
    uint32_t entry;
    EntitySchema schema;
    double score;
    double name_score;
    const AnalysedName* query_name;  // null when no name pair was scored
    size_t list_name;                // name index (DecodeName) of the best pair
    const Identifier* identifier;  // exact identifier match, or null
    int country;                   // -1 mismatch, 0 unknown, +1 agreement
  };
  std::vector<Scored> scored;
  scored.reserve(cands.size());
  for (const auto& [weight, e] : cands) {
    const ListEntry& entry = entries_[e];
    if (!SchemasCompatible(query.schema, entry.schema)) continue;
    Scored sc{e, query.schema != EntitySchema::kUnknown ? query.schema : entry.schema, 0, 0, nullptr, 0,
              nullptr, 0};
    // Names are tagged per schema (particles, titles, legal forms), so a query
    // of unknown schema is re-analysed with the entry's schema, once per schema.
    const std::vector<AnalysedName>* qset = &qnames;
    if (sc.schema != query.schema) {
      auto& slot = by_schema[static_cast<size_t>(sc.schema)];
      if (!slot.has_value()) {
        slot.emplace();
        for (const auto& qn : qnames) slot->push_back(AnalyseName(qn.original, sc.schema));
      }
      qset = &*slot;
    }
    // The entry's names, decoded once into per-thread buffers that keep their
    // capacity across candidates.
    thread_local std::vector<AnalysedName> entry_names;
    const uint32_t first_name = name_offsets_[e], name_count = name_offsets_[e + 1] - first_name;
    if (entry_names.size() < name_count) entry_names.resize(name_count);
    for (uint32_t i = 0; i < name_count; ++i) DecodeName(first_name + i, entry_names[i]);
    double best_name = -1;
    for (const auto& qn : *qset) {
      for (uint32_t i = 0; i < name_count; ++i) {
        double v = ScoreAnalysedNamesValue(qn, entry_names[i], sc.schema);
        if (v > best_name) {
          best_name = v;
          sc.query_name = &qn;
          sc.list_name = first_name + i;
        }
      }
    }
    sc.name_score = std::max(best_name, 0.0);
    sc.score = sc.name_score;
    for (const auto& id : entry.identifiers) {
      std::string norm = NormaliseIdentifier(id.id);
      if (norm.size() < 4 || std::find(qids.begin(), qids.end(), norm) == qids.end()) continue;
      bool scheme_ok = true;
      for (const auto& qid : query.identifiers)
        if (NormaliseIdentifier(qid.id) == norm && !qid.scheme.empty() && !id.scheme.empty() &&
            Upper(qid.scheme) != Upper(id.scheme))
          scheme_ok = false;
      if (!scheme_ok) continue;
      sc.identifier = &id;
      sc.score = std::max(sc.score, kIdentifierMatchScore);
      break;
    }
    if (!qcountries.empty() && !entry.countries.empty()) {
      sc.country = -1;
      for (const auto& c : entry.countries)
        if (std::find(qcountries.begin(), qcountries.end(), Upper(c)) != qcountries.end()) sc.country = 1;
      if (sc.country < 0) sc.score -= kCountryMismatch;
    }
    sc.score = std::clamp(sc.score, 0.0, 1.0);
    scored.push_back(sc);
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    return a.score != b.score ? a.score > b.score : a.entry < b.entry;
  });
  if (scored.size() > top_k) scored.resize(top_k);
  for (const Scored& sc : scored) {
    const ListEntry& entry = entries_[sc.entry];
    MatchHit hit;
    hit.entry_index = sc.entry;
    hit.entry_id = entry.entry_id;
    hit.source = entry.source;
    hit.score = sc.score;
    if (sc.query_name) {
      AnalysedName listed;
      DecodeName(sc.list_name, listed);
      hit.name_match = ScoreAnalysedNames(*sc.query_name, listed, sc.schema);
      hit.name_match.list_name = NameText(sc.entry, sc.list_name);
      hit.features.push_back({"name_match", hit.name_match.score,
                              "\"" + hit.name_match.query_name + "\" ~ \"" + hit.name_match.list_name + "\": " +
                                  hit.name_match.alignment});
    }
    if (sc.identifier && sc.name_score < kIdentifierMatchScore) {
      hit.features.push_back({"identifier_match", kIdentifierMatchScore - sc.name_score,
                              (sc.identifier->scheme.empty() ? std::string() : sc.identifier->scheme + " ") +
                                  sc.identifier->id});
    }
    if (sc.country != 0) {
      std::string listed;
      for (const auto& c : entry.countries) listed += (listed.empty() ? "" : ",") + Upper(c);
      if (sc.country < 0) {
        hit.features.push_back({"country_mismatch", -kCountryMismatch, "listed in " + listed});
      } else {
        hit.features.push_back({"country_match", 0.0, "listed in " + listed});
      }
    }
    hits.push_back(std::move(hit));
  }
  return hits;
}

const std::string& MatchIndex::NameText(uint32_t entry, size_t name) const {
  const ListEntry& e = entries_[entry];
  uint16_t source = name_sources_[name];
  return source == 0 ? e.name : e.aliases[source - 1];
}

void MatchIndex::EncodeName(const AnalysedName& name) {
  // schema, legal classes, numbers, then per form: label index, syllabic flag,
  // tokens (kind, legal class, text, skeleton: 0 when equal to the text, else
  // its length + 1 and its bytes).
  std::vector<uint8_t>& out = name_arena_;
  out.push_back(static_cast<uint8_t>(name.schema));
  PutVarint(out, name.legal_classes.size());
  out.insert(out.end(), name.legal_classes.begin(), name.legal_classes.end());
  PutVarint(out, name.numbers.size());
  for (const auto& n : name.numbers) PutBytes(out, n);
  PutVarint(out, name.forms.size());
  for (const NameForm& f : name.forms) {
    size_t label = std::find(form_labels_.begin(), form_labels_.end(), f.label) - form_labels_.begin();
    if (label == form_labels_.size()) form_labels_.push_back(f.label);
    PutVarint(out, label);
    out.push_back(f.syllabic ? 1 : 0);
    PutVarint(out, f.tokens.size());
    for (const NameToken& t : f.tokens) {
      out.push_back(static_cast<uint8_t>(t.kind));
      out.push_back(t.legal_class);
      PutBytes(out, t.text);
      if (t.skeleton == t.text) {
        PutVarint(out, 0);
      } else {
        PutVarint(out, t.skeleton.size() + 1);
        out.insert(out.end(), t.skeleton.begin(), t.skeleton.end());
      }
    }
  }
  name_starts_.push_back(out.size());
}

void MatchIndex::DecodeName(size_t k, AnalysedName& out) const {
  const uint8_t* p = name_arena_.data() + name_starts_[k];
  out.original.clear();
  out.schema = static_cast<EntitySchema>(*p++);
  out.legal_classes.resize(GetVarint(p));
  for (auto& c : out.legal_classes) c = *p++;
  out.numbers.resize(GetVarint(p));
  for (auto& n : out.numbers) GetBytes(p, n);
  out.forms.resize(GetVarint(p));
  for (NameForm& f : out.forms) {
    f.label = form_labels_[GetVarint(p)];
    f.syllabic = *p++ != 0;
    f.tokens.resize(GetVarint(p));
    for (NameToken& t : f.tokens) {
      t.kind = static_cast<TokenKind>(*p++);
      t.legal_class = *p++;
      GetBytes(p, t.text);
      size_t skeleton = GetVarint(p);
      if (skeleton == 0) {
        t.skeleton = t.text;
      } else {
        t.skeleton.assign(reinterpret_cast<const char*>(p), skeleton - 1);
        p += skeleton - 1;
      }
    }
  }
}

size_t MatchIndex::MemoryBytes() const {
  size_t bytes = VectorBytes(entries_) + VectorBytes(name_arena_) + VectorBytes(name_starts_) +
                 VectorBytes(form_labels_) + VectorBytes(name_sources_) + VectorBytes(name_offsets_) +
                 VectorBytes(keys_) + VectorBytes(offsets_) + VectorBytes(postings_);
  for (const auto& e : entries_) {
    bytes += StringBytes(e.entry_id) + StringBytes(e.source) + StringBytes(e.name) + VectorBytes(e.aliases) +
             VectorBytes(e.countries) + VectorBytes(e.identifiers) + VectorBytes(e.addresses) + StringBytes(e.reason);
    for (const auto& a : e.aliases) bytes += StringBytes(a);
  }
  return bytes;
}

}  // namespace clearbid
