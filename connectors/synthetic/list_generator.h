#pragma once
// A deterministic generator of synthetic exclusion-list entities, for the
// name-matching and scan benchmarks (docs/benchmarks.md) and for trials:
// organisations and people, Latin and Cyrillic script (with BGN/PCGN and a
// second romanisation), legal forms of 14 countries, registration numbers.
//
// Entity i is drawn from (seed, i, attempt): attempt 0 first, then 1, 2, … as
// long as its name without the legal form, in its BGN/PCGN spelling, repeats
// an earlier entity's (names are unique up to the legal form; the 256th attempt
// is taken whatever it gives). So entity i depends on the seed and the
// entities before it, and a list of N entities is a prefix of a list of 2N.
//
// Deterministic: the bytes depend only on the seed and the count, never on
// the clock, the machine or the standard library. These are the entities
// bench/match_bench has generated since issue 3: changing a table or a draw
// here changes that benchmark's figures.

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "engine/base/status.h"
#include "engine/model/list_entry.h"

namespace clearbid::synthetic {

/// The list generator's random source: xoshiro256** seeded through SplitMix64
/// (the same stream as Prng), with the draws the list generator was written
/// with: Below(n) = (Next() >> 32) % n, Chance in percent. Kept apart from
/// Prng so the lists keep their bytes.
class ListRng {
 public:
  explicit ListRng(uint64_t seed);
  uint64_t Next();
  /// Uniform in [0, n); n must be > 0 (the modulo bias is negligible for our n).
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>((Next() >> 32) % n); }
  /// True with probability percent / 100.
  bool Chance(uint32_t percent) { return Below(100) < percent; }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(static_cast<uint32_t>(N))];
  }

 private:
  uint64_t s_[4];
};

/// Mixes two 64-bit values into a seed (order matters).
constexpr uint64_t ListMix(uint64_t a, uint64_t b) {
  return a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL + (a << 6));
}

/// FNV-1a 64-bit fingerprint of a string.
uint64_t NameFingerprint(std::string_view s);

/// Which spelling of a word: Cyrillic, BGN/PCGN romanisation, or the other
/// romanisation lists use (German/Polish style: w, sch, tsch, j).
enum class ListScript { kCyr, kBgn, kAlt };

/// One word of a name in its three spellings. Latin-script words have `cyr`
/// empty and bgn == alt.
struct ListWord {
  std::string cyr, bgn, alt;
};

/// An entity as drawn, before rendering: enough to render its listed name and
/// the variants a query may use (other script, word order, legal form).
struct ListSpec {
  bool person = false;
  bool cyrillic = false;
  size_t country = 0;           // index into the generator's country table
  size_t form = 0;              // organisations: which of the country's three legal forms
  bool form_first = false;      // organisations: legal form before the name (Cyrillic style)
  std::vector<ListWord> words;  // persons: given [middle or patronymic] surname; organisations: name words
};

/// A legal form as listed and another spelling of it ("Ltd" / "Limited",
/// "ООО" / "OOO").
struct ListLegalForm {
  const char* spelling;
  const char* variant;
};

/// How RenderListName writes an organisation's legal form.
enum class LegalFormMode { kAsListed = 0, kVariant = 1, kDropped = 2 };

/// Draws entity `index`'s spec at `attempt` (see the file comment).
ListSpec MakeListSpec(uint64_t seed, uint64_t index, uint32_t attempt);

/// The word in `script`; Latin-script words have one spelling.
const std::string& WordSpelling(const ListWord& word, ListScript script);

/// The legal form of an organisation's spec (meaningless for a person).
const ListLegalForm& LegalFormOf(const ListSpec& spec);

/// ISO 3166-1 alpha-2 code of the spec's country.
const char* CountryOf(const ListSpec& spec);

/// Renders a name: the words in `order` (empty: as drawn) in `script`, with an
/// organisation's legal form per `form_mode` (a Cyrillic form in a Latin
/// rendering is written as its romanisation).
std::string RenderListName(const ListSpec& spec, ListScript script, std::vector<size_t> order = {},
                           LegalFormMode form_mode = LegalFormMode::kAsListed);

/// The key names are unique by: NameFingerprint of the name in BGN/PCGN
/// spelling without its legal form.
uint64_t ListNameKey(const ListSpec& spec);

/// The list entry of entity `index` drawn as `spec`: id "E<index>", source
/// "synthetic", the name as a list writes it (Latin persons half of the time
/// "SURNAME, Given"), a Latin alias for half of the Cyrillic entities, the
/// country, a "<CC>-REG" registration number for 40% of organisations,
/// listed_from 2020-01-01. `rng` draws those choices.
ListEntry MakeListEntry(const ListSpec& spec, uint64_t index, ListRng& rng);

/// Generates entities 0, 1, 2, … in order. Holds one 64-bit key per entity
/// generated (11 to 22 bytes each), never the entries. Not thread-safe.
class ListGenerator {
 public:
  /// `expected_entities` only sizes the key table up front.
  explicit ListGenerator(uint64_t seed, uint64_t expected_entities = 0);
  ~ListGenerator();
  ListGenerator(const ListGenerator&) = delete;
  ListGenerator& operator=(const ListGenerator&) = delete;

  /// The next entity (index `generated()` before the call).
  ListEntry Next();
  /// Entities returned so far.
  uint64_t generated() const { return next_index_; }
  /// The attempt the last entity returned by Next was drawn with, so that
  /// MakeListSpec(seed, index, attempt) gives its spec again.
  uint32_t last_attempt() const { return last_attempt_; }
  /// True when an entity generated so far has the spec's ListNameKey.
  bool Lists(const ListSpec& spec) const;

 private:
  class KeySet;
  uint64_t seed_;
  uint64_t next_index_ = 0;
  uint32_t last_attempt_ = 0;
  std::unique_ptr<KeySet> keys_;
};

struct ListGeneratorOptions {
  /// Entities to write; 0 to kMaxGeneratedListEntities.
  int64_t entities = 1000;
  uint64_t seed = 1;
};

/// Largest accepted ListGeneratorOptions::entities.
constexpr int64_t kMaxGeneratedListEntities = 10'000'000;

struct ListGeneratorSummary {
  std::string path;  // the file written, when writing to a path
  int64_t entities = 0;
  int64_t persons = 0;
  int64_t cyrillic = 0;  // entities whose name is in Cyrillic
  uint64_t bytes = 0;
};

/// The header row of the generic list CSV GenerateListCsv writes (newline
/// included): id,name,aliases,country,identifiers,listed_from,schema,source.
std::string_view ListCsvHeader();

/// Appends `entry` as one row of the generic list CSV
/// (docs/formats/list-csv.md), newline included: fields quoted when they hold
/// a comma, quote or line break; aliases and countries joined with ";",
/// identifiers as "scheme:id" joined with ";". Only those columns are written.
void AppendListCsvRow(const ListEntry& entry, std::string* out);

/// Writes options.entities entities as the generic list CSV to `out`,
/// streaming (memory does not grow with the count beyond the generator's
/// keys). Fails with InvalidArgument on a bad count, IoError on a write error.
Status GenerateListCsv(const ListGeneratorOptions& options, std::ostream& out, ListGeneratorSummary* summary);

/// Writes the CSV to the file `path`, creating its directory when needed.
Result<ListGeneratorSummary> GenerateListCsvFile(const ListGeneratorOptions& options,
                                                 const std::string& path);

}  // namespace clearbid::synthetic
