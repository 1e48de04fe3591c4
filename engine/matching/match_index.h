#pragma once
// In-memory screening index over list entries: candidate generation from an
// inverted index (folded name tokens, token prefixes/suffixes, joined adjacent
// tokens, one-edit keys of words, identifiers; IDF-weighted), then explainable entity-level scoring
// of the candidates (best name pair, exact identifiers, country agreement).
// See docs/matching.md.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "engine/matching/name_analysis.h"
#include "engine/matching/name_analysis_cache.h"
#include "engine/matching/name_scorer.h"
#include "engine/model/list_entry.h"

namespace clearbid {

/// A subject to screen (a supplier, a person).
struct MatchQuery {
  std::string name;
  /// At most 64 are used.
  std::vector<std::string> aliases;
  /// kUnknown matches any schema; person vs organisation pairs are never compared.
  EntitySchema schema = EntitySchema::kUnknown;
  /// ISO 3166-1 alpha-2, any case.
  std::vector<std::string> countries;
  std::vector<Identifier> identifiers;
  /// Hits scoring under this are not returned, unless they match an
  /// identifier of the query (0: every hit of the top_k). A caller that
  /// keeps only alerts passes kMatchThreshold: the hits it would drop are
  /// then not explained, and a candidate none of whose name pairs can reach
  /// it (a number or legal-form disagreement takes every pair under it:
  /// NameScoreCeiling) is not even scored. The hits returned are exactly
  /// those of the same query without it that score at least min_score or
  /// match an identifier, in the same order.
  double min_score = 0;
  /// Analyses of query names kept between runs (may be null): a name's
  /// analysis found there is used instead of made again, and one made is
  /// recorded there. The hits are the same with or without it.
  NameAnalysisCache* analyses = nullptr;
};

struct MatchHit {
  /// Index of the entry in the vector given to Build().
  uint32_t entry_index = 0;
  std::string entry_id;
  std::string source;
  /// Entity score in [0, 1]; an alert when >= kMatchThreshold.
  double score = 0;
  /// The best name pair and its token-level explanation.
  MatchScore name_match;
  /// Entity-level contributions: "name_match", "identifier_match",
  /// "country_mismatch", ...; they add up to score (before clamping to [0, 1]).
  std::vector<FeatureContribution> features;
  std::string_view algorithm = kMatchAlgorithmVersion;

  bool is_match() const { return score >= kMatchThreshold; }
};

struct MatchIndexOptions {
  /// Candidates scored in full per query (by candidate-generation weight;
  /// candidates under 30% of the best weight are dropped first).
  size_t max_candidates = 24;
  /// Index keys held by more entries than this are ignored at query time
  /// (unless nothing else matches): they carry no information.
  size_t max_posting = 20000;
  /// Threads analysing names and building the postings in Build(): 0 = one
  /// per hardware thread (std::thread::hardware_concurrency(), at most 16),
  /// 1 = the calling thread only, n = n threads (at most 64; fewer for small
  /// lists). The index is the same, byte for byte, whatever the count.
  unsigned build_threads = 0;
  /// An index of at most this many names (ListEntry::name and aliases) keeps
  /// them decoded, as queries score them, instead of decoding a candidate's
  /// names for every query that meets it: the entries a list version adds,
  /// which a re-match scores against a million memo names (the decoding was
  /// about 8 % of those queries' time). About 400 bytes a name; the same
  /// answers.
  size_t max_decoded_names = 1 << 16;
};

/// Immutable after Build(). Query() is const and safe to call from many
/// threads at once; each querying thread keeps a scratch array of one float
/// per entry (4 MB per thread for a million entries).
class MatchIndex {
 public:
  /// Analyses every name and alias of every entry (inactive entries included:
  /// callers filter on ListEntry::active) and builds the inverted index.
  /// Entries without any usable name are kept but can only be found by
  /// identifier.
  static MatchIndex Build(std::vector<ListEntry> entries, MatchIndexOptions options = {});

  /// Up to top_k hits, best first (ties by entry index), including hits below
  /// the threshold unless query.min_score says otherwise; filter with
  /// MatchHit::is_match(). Deterministic.
  std::vector<MatchHit> Query(const MatchQuery& query, size_t top_k) const;

  size_t size() const { return entries_.size(); }
  const ListEntry& entry(size_t index) const { return entries_[index]; }
  /// Approximate heap bytes held by the index (entries, analyses, postings).
  size_t MemoryBytes() const;

  /// Writes the index (its entries and arrays) to `path`, through a
  /// temporary file renamed into place, with `tag` (the caller's name for
  /// what the entries are, e.g. the lists' fingerprint): what Load() reads
  /// back instead of building the index again. In the machine's byte order.
  Status Save(const std::string& path, std::string_view tag) const;
  /// The index Save() wrote with the same `tag`. NotFound when there is no
  /// file; Corruption when it cannot be read as one (another tag or
  /// algorithm version, a damaged or truncated file).
  static Result<MatchIndex> Load(const std::string& path, std::string_view tag, MatchIndexOptions options = {});
  /// One line per internal array ("name_arena_ <size> <capacity> <XXH3-64 hex>"):
  /// two indexes with the same digest hold the same analyses and postings
  /// (tests compare builds with different thread counts).
  std::string StructureDigest() const;

 private:
  MatchIndex() = default;
  const std::string& NameText(uint32_t entry, size_t name) const;
  /// Decodes name k into `out` (reusing its buffers); out.original is left empty.
  void DecodeName(size_t k, AnalysedName& out) const;
  /// Fills decoded_names_ when the index holds at most
  /// options_.max_decoded_names names (called once the arrays are complete,
  /// built or loaded).
  void DecodeNamesIfFew();

  std::vector<ListEntry> entries_;
  /// Analysed names, packed (an AnalysedName of vectors and strings costs
  /// ~5x more); entry i owns names [name_offsets_[i] .. name_offsets_[i + 1]),
  /// name k is name_arena_[name_starts_[k] .. name_starts_[k + 1]).
  std::vector<uint8_t> name_arena_;
  std::vector<uint64_t> name_starts_;
  /// Every name decoded (DecodeName) for an index of at most
  /// options_.max_decoded_names names; empty for a larger one, whose names
  /// are decoded as candidates need them.
  std::vector<AnalysedName> decoded_names_;
  /// NameForm labels (static strings) by the index the encoding stores.
  std::vector<std::string_view> form_labels_;
  std::shared_ptr<const std::vector<std::string>> label_texts_;  // what form_labels_ view, when loaded
  std::vector<uint32_t> name_offsets_;
  /// Which name of its entry name k is: 0 = ListEntry::name, j = aliases[j - 1].
  std::vector<uint16_t> name_sources_;
  /// Inverted index in CSR form: keys_ sorted; postings of keys_[k] are
  /// postings_[offsets_[k] .. offsets_[k + 1]) (entry indices, ascending).
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> offsets_;
  std::vector<uint32_t> postings_;
  /// keys_ whose top key_bits_ bits are b: keys_[key_directory_[b] .. key_directory_[b + 1]).
  std::vector<uint32_t> key_directory_;
  int key_bits_ = 1;
  MatchIndexOptions options_;
};

/// Upper-case letters and digits only ("ua 12-34" -> "UA1234"), for exact
/// identifier comparison.
std::string NormaliseIdentifier(std::string_view id);

}  // namespace clearbid
