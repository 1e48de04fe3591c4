#include "engine/matching/match_index.h"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>

#include "engine/matching/name_codec.h"

namespace clearbid {
namespace {

// Candidate-generation boosts per key family.
constexpr double kBoostToken = 1.0;      // folded token (skeleton)
constexpr double kBoostAffix = 0.4;      // 4-character prefix or suffix of a long token
constexpr double kBoostIdentifier = 8.0;  // normalised identifier
constexpr double kBoostEdit = 0.3;       // one-edit keys of a word (deletions, halves)
// Entity-level adjustments.
constexpr double kIdentifierMatchScore = 0.95;
constexpr double kCountryMismatch = 0.10;

// Aliases of a query beyond this many are ignored (bounds the cost of a query).
constexpr size_t kMaxQueryAliases = 64;

// Postings read ahead of the accumulator updates (cache-miss hiding).
constexpr uint32_t kPrefetchAhead = 16;

uint64_t Key(char family, std::string_view text) {
  char stack[128];
  std::string heap;
  char* buf = stack;
  if (text.size() + 2 > sizeof(stack)) {
    heap.resize(text.size() + 2);
    buf = heap.data();
  }
  buf[0] = family;
  buf[1] = ':';
  std::copy(text.begin(), text.end(), buf + 2);
  return XXH3_64bits(buf, text.size() + 2);
}

struct WeightedKey {
  uint64_t key;
  double boost;
};

bool Indexable(TokenKind k) { return k == TokenKind::kName || k == TokenKind::kGeneric; }

// Keys of one analysed name: every folded word, a prefix and suffix of long
// words (typo robustness), and adjacent words joined ("good will" finds
// "goodwill", "siemens ag" finds "siemensag"). One-edit keys (typos and
// one-letter romanisation differences): a listed word of 3-7 letters is also
// indexed under each skeleton with one letter deleted ('d' keys), a longer
// one under the halves of its skeleton, tagged with its length ('h' keys); the
// query side looks these up for every spelling one edit from its own word
// (QueryEditKeys) when the word itself is rare in the list (a word held by
// many entries is taken as spelled right: its neighbours would only add
// weight to entries that already have it).
constexpr size_t kMaxEditSourcePosting = 100;

constexpr size_t kMinDeletionWord = 3;
constexpr size_t kMaxDeletionWord = 7;
constexpr size_t kMinHalvesWord = kMaxDeletionWord + 1;

bool IsAsciiText(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// Halves of a word of `len` letters: [0, len / 2) and [len / 2, len); a key
// names its half and the length.
uint64_t HalfKey(std::string_view half, size_t len, bool second) {
  std::string buf;
  buf.push_back(static_cast<char>(len));
  buf.push_back(second ? '>' : '<');
  buf.append(half);
  return Key('h', buf);
}

// Entry side of the one-edit keys of skeleton `sk`.
void EntryEditKeys(std::string_view sk, std::vector<WeightedKey>& out) {
  const size_t n = sk.size();
  if (n >= kMinDeletionWord && n <= kMaxDeletionWord) {
    std::string del;
    for (size_t i = 0; i < n; ++i) {
      if (i > 0 && sk[i] == sk[i - 1]) continue;  // same deletion as the previous letter's
      del.assign(sk.substr(0, i)).append(sk.substr(i + 1));
      out.push_back({Key('d', del), kBoostEdit});
    }
  } else if (n >= kMinHalvesWord) {
    out.push_back({HalfKey(sk.substr(0, n / 2), n, false), kBoostEdit});
    out.push_back({HalfKey(sk.substr(n / 2), n, true), kBoostEdit});
  }
}

// Query side: the keys under which a listed word one edit (substitution,
// insertion, deletion, adjacent transposition) from skeleton `sk` is indexed.
void QueryEditKeys(std::string_view sk, std::vector<WeightedKey>& out) {
  const size_t m = sk.size();
  if (m + 1 >= kMinDeletionWord && m <= kMaxDeletionWord + 1) {
    std::string del;
    // Listed word one letter longer: its deletion is this word.
    if (m + 1 <= kMaxDeletionWord) out.push_back({Key('d', sk), kBoostEdit});
    for (size_t i = 0; i < m && m >= 2; ++i) {
      if (i > 0 && sk[i] == sk[i - 1]) continue;
      del.assign(sk.substr(0, i)).append(sk.substr(i + 1));
      // Listed word one letter shorter; same length with one letter changed.
      if (del.size() >= 2) out.push_back({Key('t', del), kBoostEdit});
      if (m >= kMinDeletionWord && m <= kMaxDeletionWord) out.push_back({Key('d', del), kBoostEdit});
    }
  }
  // Longer listed words of length n in m-1 .. m+1: one edit leaves one half
  // intact, at the start or at the end of this word.
  for (size_t n = m > 0 ? m - 1 : 0; n <= m + 1; ++n) {
    if (n < kMinHalvesWord) continue;
    const size_t first = n / 2, second = n - n / 2;
    if (first <= m) out.push_back({HalfKey(sk.substr(0, first), n, false), kBoostEdit});
    if (second <= m) out.push_back({HalfKey(sk.substr(m - second), n, true), kBoostEdit});
  }
}

// Keys of an analysed name; a query (edit_words not null) leaves its one-edit
// keys to the caller and lists the skeletons they are for.
void NameKeys(const AnalysedName& name, std::vector<WeightedKey>& out,
              std::vector<std::pair<std::string, std::string>>* edit_words) {
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
        if (IsAsciiText(t.skeleton) && !form.syllabic) {
          if (edit_words) {
            edit_words->emplace_back(t.skeleton, t.text);
          } else {
            EntryEditKeys(t.skeleton, out);
          }
        }
      }
      if (i + 1 < toks.size() && toks[i].kind != TokenKind::kNumber && toks[i + 1].kind != TokenKind::kNumber &&
          (Indexable(toks[i].kind) || Indexable(toks[i + 1].kind))) {
        out.push_back({Key('t', Skeleton(toks[i].text + toks[i + 1].text)), kBoostToken});
      }
    }
  }
}

// The one-edit keys a query looks up for its word `text` of skeleton `sk`:
// QueryEditKeys(sk), and, as a typo in the written word can break or make a
// digraph ("cmhozheku", "gerhsuk"), leaving the skeletons two edits apart,
// the skeletons of the written word without one letter or with two
// neighbours swapped. They depend on the word alone, not on any index, and a
// screening run meets the same words in name after name (a re-match screens
// a million of them against a list version's added entries, where making
// these keys, a Skeleton() per variant, was about a sixth of the queries'
// time): each
// thread keeps those it made, up to kMaxCachedEditWords words (then starts
// again), and returns the kept ones, the same keys in the same order.
constexpr size_t kMaxCachedEditWords = 1 << 14;

const std::vector<WeightedKey>& WordEditKeys(const std::string& sk, const std::string& text) {
  thread_local std::unordered_map<std::string, std::vector<WeightedKey>> cache;
  thread_local std::string lookup;
  lookup.assign(sk).push_back('\0');
  lookup.append(text);
  if (auto it = cache.find(lookup); it != cache.end()) return it->second;
  if (cache.size() >= kMaxCachedEditWords) cache.clear();
  std::vector<WeightedKey>& out = cache[lookup];
  QueryEditKeys(sk, out);
  if (text.size() >= 4 && text.size() <= 16 && IsAsciiText(text)) {
    std::string variant;
    for (size_t i = 0; i < text.size(); ++i) {
      variant.assign(text).erase(i, 1);
      std::string v = Skeleton(variant);
      if (v != sk) out.push_back({Key('t', v), kBoostEdit});
      if (i + 1 < text.size() && text[i] != text[i + 1]) {
        variant.assign(text);
        std::swap(variant[i], variant[i + 1]);
        v = Skeleton(variant);
        if (v != sk) out.push_back({Key('t', v), kBoostEdit});
      }
    }
  }
  out.shrink_to_fit();
  return out;
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

// Whether the query's countries (upper case) agree with the entry's: +1 one
// in common, -1 none in common, 0 when either side has none.
int CountryAgreement(const std::vector<std::string>& qcountries, const ListEntry& entry) {
  if (qcountries.empty() || entry.countries.empty()) return 0;
  for (const auto& c : entry.countries)
    if (std::find(qcountries.begin(), qcountries.end(), Upper(c)) != qcountries.end()) return 1;
  return -1;
}

template <typename T>
size_t VectorBytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

size_t StringBytes(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }

// Empties `v` and frees its storage (`v = {}` assigns an empty list and
// keeps the capacity).
template <typename T>
void FreeVector(std::vector<T>& v) {
  std::vector<T>().swap(v);
}

// The postings are built one partition of the key space (the keys' top bits)
// at a time.
constexpr int kPartitionBits = 4;
constexpr size_t kPartitions = size_t{1} << kPartitionBits;

// The analysis of entries [first, last) (MatchIndex::Build): their names
// encoded as in name_arena_, but with label indices into the chunk's own
// `labels` (in order of first use in the chunk), and their distinct keys.
struct BuildChunk {
  uint32_t first = 0, last = 0;
  std::vector<uint8_t> arena;
  /// End of each name in `arena`.
  std::vector<uint64_t> name_ends;
  /// Entry first + i owns the chunk's names [entry_name_ends[i - 1] .. entry_name_ends[i]) (from 0 for i = 0).
  std::vector<uint32_t> entry_name_ends;
  std::vector<uint16_t> name_sources;
  std::vector<std::string_view> labels;
  /// Offsets in `arena` of the label indices written (when the list has
  /// several chunks: they are renumbered).
  std::vector<uint64_t> label_at;
  /// Distinct keys, ascending per entry; entry first + i owns
  /// keys[key_ends[i - 1] .. key_ends[i]) (from 0 for i = 0).
  std::vector<uint64_t> keys;
  std::vector<size_t> key_ends;
  /// Keys per partition of the key space.
  std::array<size_t, kPartitions> part_sizes{};
};

const std::string& NameOf(const ListEntry& entry, uint16_t source) {
  return source == 0 ? entry.name : entry.aliases[source - 1];
}

// ICU runs one rule-based transliteration at a time in a process (every
// call takes a process-wide mutex, ICU rbt.cpp), and threads contending for
// it spend more time handing it over than transliterating. Build threads
// therefore romanise a batch of names at a time under this lock, and analyse
// the rest of the names (tokens, tags, skeletons, keys) outside it: one
// thread's romanisation overlaps with the others' analysis.
std::mutex& RomaniseLock() {
  static std::mutex lock;
  return lock;
}

// Entries per romanisation batch.
constexpr uint32_t kBatchEntries = 64;

void AnalyseChunk(const std::vector<ListEntry>& entries, BuildChunk& c, bool track_labels) {
  // Room for the usual two dozen or so keys and one or two names (about 80
  // bytes encoded) per entry: untouched capacity costs address space only,
  // and it spares the copies of a growing vector, whose freed blocks the
  // allocator would keep.
  const size_t count = c.last - c.first;
  c.keys.reserve(count * 40);
  c.key_ends.reserve(count);
  c.entry_name_ends.reserve(count);
  c.arena.reserve(count * 256);
  c.name_ends.reserve(count * 2);
  c.name_sources.reserve(count * 2);
  if (track_labels) c.label_at.reserve(count * 4);
  // A name of an entry of the batch: its source (0 = the name, j = alias j - 1),
  // its text as analysed (at most kMaxNameBytes), and its romanisation when
  // that needs ICU.
  struct BatchName {
    uint32_t entry;
    uint16_t source;
    std::string_view text;
    bool romanised = false;
    std::vector<RomanisedForm> forms;
  };
  std::vector<BatchName> batch;
  std::vector<WeightedKey> keys;
  for (uint32_t batch_first = c.first; batch_first < c.last; batch_first += kBatchEntries) {
    const uint32_t batch_last = std::min(c.last, batch_first + kBatchEntries);
    // 1. The names, each text once per entry (a repeated text would give the
    //    same analysis: dropped when kept before, skipped when dropped).
    batch.clear();
    for (uint32_t e = batch_first; e < batch_last; ++e) {
      const ListEntry& entry = entries[e];
      const size_t entry_first = batch.size();
      auto add = [&](const std::string& raw, uint16_t source) {
        if (raw.empty()) return;
        for (size_t k = entry_first; k < batch.size(); ++k)
          if (NameOf(entry, batch[k].source) == raw) return;
        std::string_view text = raw;
        if (text.size() > kMaxNameBytes) text = text.substr(0, kMaxNameBytes);
        batch.push_back({e, source, text, false, {}});
      };
      add(entry.name, 0);
      for (size_t a = 0; a < entry.aliases.size() && a < 0xFFFE; ++a)
        add(entry.aliases[a], static_cast<uint16_t>(a + 1));
    }
    // 2. Their romanisations that need ICU (ASCII names need none).
    {
      std::lock_guard<std::mutex> lock(RomaniseLock());
      for (BatchName& name : batch) {
        if (IsAsciiText(name.text)) continue;
        name.forms = RomaniseName(name.text);
        name.romanised = true;
      }
    }
    // 3. The analyses, entry by entry. The encoded analysis drops the
    //    original text (the entry holds it); name_sources says which of the
    //    entry's names it is.
    size_t next = 0;
    for (uint32_t e = batch_first; e < batch_last; ++e) {
      const ListEntry& entry = entries[e];
      keys.clear();
      for (; next < batch.size() && batch[next].entry == e; ++next) {
        BatchName& name = batch[next];
        AnalysedName analysed = name.romanised
                                    ? AnalyseRomanisedName(name.text, entry.schema, std::move(name.forms))
                                    : AnalyseName(name.text, entry.schema);
        if (analysed.forms.empty()) continue;
        NameKeys(analysed, keys, nullptr);
        EncodeAnalysedName(analysed, c.arena, c.labels, track_labels ? &c.label_at : nullptr);
        c.name_ends.push_back(c.arena.size());
        c.name_sources.push_back(name.source);
      }
      c.entry_name_ends.push_back(static_cast<uint32_t>(c.name_sources.size()));
      for (const auto& id : entry.identifiers) {
        std::string norm = NormaliseIdentifier(id.id);
        if (norm.size() >= 4) keys.push_back({Key('i', norm), kBoostIdentifier});
      }
      // Cyrillic names repeat most keys across their romanisations.
      std::sort(keys.begin(), keys.end(), [](const WeightedKey& a, const WeightedKey& b) { return a.key < b.key; });
      for (size_t k = 0; k < keys.size(); ++k) {
        if (k > 0 && keys[k].key == keys[k - 1].key) continue;
        c.keys.push_back(keys[k].key);
        ++c.part_sizes[keys[k].key >> (64 - kPartitionBits)];
      }
      c.key_ends.push_back(c.keys.size());
    }
  }
}

constexpr unsigned kMaxDefaultBuildThreads = 16;
constexpr unsigned kMaxBuildThreads = 64;
// A thread (and a chunk) gets at least this many entries; each thread takes
// about kChunksPerThread chunks in turn.
constexpr size_t kMinChunkEntries = 256;
constexpr size_t kChunksPerThread = 8;

unsigned BuildThreads(unsigned requested, size_t entries) {
  unsigned threads = requested;
  if (threads == 0) threads = std::clamp(std::thread::hardware_concurrency(), 1u, kMaxDefaultBuildThreads);
  threads = std::min(threads, kMaxBuildThreads);
  return static_cast<unsigned>(std::clamp<size_t>(entries / kMinChunkEntries, 1, threads));
}

std::vector<BuildChunk> SplitEntries(size_t entries, unsigned threads) {
  const size_t per_chunk =
      threads <= 1 ? std::max<size_t>(entries, 1)
                   : std::max(kMinChunkEntries, (entries + threads * kChunksPerThread - 1) / (threads * kChunksPerThread));
  std::vector<BuildChunk> chunks((entries + per_chunk - 1) / per_chunk);
  for (size_t c = 0; c < chunks.size(); ++c) {
    chunks[c].first = static_cast<uint32_t>(c * per_chunk);
    chunks[c].last = static_cast<uint32_t>(std::min(entries, (c + 1) * per_chunk));
  }
  return chunks;
}

// Runs task(i, worker) once for every i in [0, count) on up to `threads`
// threads (worker 0 is the calling thread; others run when they can be
// started), which take the indices in turn. Returns when all are done;
// rethrows the first exception a task threw (the others then stop taking
// indices).
template <typename Task>
void ParallelFor(size_t count, unsigned threads, const Task& task) {
  std::atomic<size_t> next{0};
  std::mutex error_mutex;
  std::exception_ptr error;
  auto work = [&](unsigned worker) {
    try {
      for (size_t i; (i = next.fetch_add(1)) < count;) task(i, worker);
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      next.store(count);
    }
  };
  {
    std::vector<std::jthread> pool;
    for (unsigned w = 1; w < threads && w < count; ++w) {
      try {
        pool.emplace_back(work, w);
      } catch (const std::system_error&) {
        break;  // the threads already started (and this one) do the rest
      }
    }
    work(0);
  }
  if (error) std::rethrow_exception(error);
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
  const size_t n = index.entries_.size();
  const unsigned threads = BuildThreads(options.build_threads, n);
  // 1. Names and keys, chunk by chunk (several chunks per thread, taken in
  //    turn: names in other scripts cost more, and lists come grouped).
  std::vector<BuildChunk> chunks = SplitEntries(n, threads);
  ParallelFor(chunks.size(), threads,
              [&](size_t c, unsigned) { AnalyseChunk(index.entries_, chunks[c], chunks.size() > 1); });
  // The form labels in order of first use over the whole list, as one pass
  // numbers them (and pushed one by one, as one pass grows the vector). A
  // label index is one byte (labels are a handful of static strings); should
  // that ever not hold, the list is analysed again as one chunk.
  auto number_labels = [&] {
    FreeVector(index.form_labels_);
    for (const BuildChunk& c : chunks)
      for (std::string_view label : c.labels)
        if (std::find(index.form_labels_.begin(), index.form_labels_.end(), label) == index.form_labels_.end())
          index.form_labels_.push_back(label);
  };
  number_labels();
  if (chunks.size() > 1 && index.form_labels_.size() >= 0x80) {
    chunks = SplitEntries(n, 1);
    AnalyseChunk(index.entries_, chunks[0], false);
    number_labels();
  }
  // 2. The chunks' names concatenated in entry order: the same arena, offsets
  //    and label numbers as one pass over the list.
  size_t arena_bytes = 0, names = 0;
  for (const BuildChunk& c : chunks) {
    arena_bytes += c.arena.size();
    names += c.name_sources.size();
  }
  if (chunks.size() == 1) {
    index.name_arena_ = std::move(chunks[0].arena);
  } else {
    index.name_arena_.reserve(arena_bytes);
  }
  index.name_starts_.reserve(names + 1);
  index.name_starts_.push_back(0);
  index.name_sources_.reserve(names);
  index.name_offsets_.reserve(n + 1);
  for (BuildChunk& c : chunks) {
    const uint64_t arena_base = chunks.size() == 1 ? 0 : index.name_arena_.size();
    const auto name_base = static_cast<uint32_t>(index.name_sources_.size());
    if (chunks.size() > 1) {
      std::array<uint8_t, 0x80> renumber{};
      bool renumbered = false;
      for (size_t l = 0; l < c.labels.size(); ++l) {
        renumber[l] = static_cast<uint8_t>(
            std::find(index.form_labels_.begin(), index.form_labels_.end(), c.labels[l]) - index.form_labels_.begin());
        renumbered |= renumber[l] != l;
      }
      if (renumbered)
        for (uint64_t at : c.label_at) c.arena[at] = renumber[c.arena[at]];
      index.name_arena_.insert(index.name_arena_.end(), c.arena.begin(), c.arena.end());
    }
    for (uint64_t end : c.name_ends) index.name_starts_.push_back(arena_base + end);
    index.name_sources_.insert(index.name_sources_.end(), c.name_sources.begin(), c.name_sources.end());
    for (size_t i = 0; i < c.entry_name_ends.size(); ++i)
      index.name_offsets_.push_back(name_base + (i == 0 ? 0 : c.entry_name_ends[i - 1]));
    // Freed as they are copied (the keys stay for the postings).
    FreeVector(c.arena);
    FreeVector(c.name_ends);
    FreeVector(c.name_sources);
    FreeVector(c.entry_name_ends);
    FreeVector(c.label_at);
  }
  index.name_offsets_.push_back(static_cast<uint32_t>(index.name_sources_.size()));
  // The names are complete: their growth slack goes before the postings come.
  index.name_arena_.shrink_to_fit();
  index.name_starts_.shrink_to_fit();
  index.name_sources_.shrink_to_fit();
  // 3. CSR in key order, one partition of the key space (top bits) per task,
  //    so the (key, entry) pairs being sorted are a fraction of all of them.
  //    A partition's postings go straight to their place in postings_ (its
  //    size is known); its keys and offsets are appended in partition order.
  //    Every vector gets its final capacity: untouched capacity costs address
  //    space only, a growing vector holds its old and new copies at once.
  std::array<size_t, kPartitions + 1> part_begin{};
  for (const BuildChunk& c : chunks)
    for (size_t p = 0; p < kPartitions; ++p) part_begin[p + 1] += c.part_sizes[p];
  for (size_t p = 0; p < kPartitions; ++p) part_begin[p + 1] += part_begin[p];
  index.postings_.resize(part_begin[kPartitions]);
  std::vector<std::vector<uint64_t>> part_keys(kPartitions);
  std::vector<std::vector<uint32_t>> part_offsets(kPartitions);
  std::vector<std::vector<std::pair<uint64_t, uint32_t>>> scratch(threads);
  ParallelFor(kPartitions, threads, [&](size_t part, unsigned worker) {
    std::vector<std::pair<uint64_t, uint32_t>>& pairs = scratch[worker];
    pairs.clear();
    pairs.reserve(part_begin[part + 1] - part_begin[part]);
    part_keys[part].reserve(pairs.capacity());  // at most one key per posting
    part_offsets[part].reserve(pairs.capacity());
    for (const BuildChunk& c : chunks) {
      size_t k = 0;
      for (size_t i = 0; i < c.key_ends.size(); ++i)
        for (const auto e = static_cast<uint32_t>(c.first + i); k < c.key_ends[i]; ++k)
          if (c.keys[k] >> (64 - kPartitionBits) == part) pairs.emplace_back(c.keys[k], e);
    }
    std::sort(pairs.begin(), pairs.end());
    uint32_t* out = index.postings_.data() + part_begin[part];
    for (size_t i = 0; i < pairs.size(); ++i) {
      if (i == 0 || pairs[i].first != pairs[i - 1].first) {
        part_keys[part].push_back(pairs[i].first);
        part_offsets[part].push_back(static_cast<uint32_t>(part_begin[part] + i));
      }
      out[i] = pairs[i].second;
    }
  });
  // Freed before the keys are gathered.
  FreeVector(scratch);
  FreeVector(chunks);
  size_t key_count = 0;
  for (const auto& k : part_keys) key_count += k.size();
  index.keys_.reserve(key_count);
  index.offsets_.reserve(key_count + 1);
  for (size_t p = 0; p < kPartitions; ++p) {
    index.keys_.insert(index.keys_.end(), part_keys[p].begin(), part_keys[p].end());
    index.offsets_.insert(index.offsets_.end(), part_offsets[p].begin(), part_offsets[p].end());
    FreeVector(part_keys[p]);
    FreeVector(part_offsets[p]);
  }
  index.offsets_.push_back(static_cast<uint32_t>(index.postings_.size()));
  // Directory over the keys' top bits (about four keys per bucket).
  index.key_bits_ = 1;
  while (index.key_bits_ < 30 && (size_t{1} << (index.key_bits_ + 2)) < index.keys_.size()) ++index.key_bits_;
  index.key_directory_.assign((size_t{1} << index.key_bits_) + 1, 0);
  for (size_t k = 0, b = 0; b <= (size_t{1} << index.key_bits_); ++b) {
    while (k < index.keys_.size() && (index.keys_[k] >> (64 - index.key_bits_)) < b) ++k;
    index.key_directory_[b] = static_cast<uint32_t>(k);
  }
  index.DecodeNamesIfFew();
  return index;
}

std::vector<MatchHit> MatchIndex::Query(const MatchQuery& query, size_t top_k) const {
  std::vector<MatchHit> hits;
  if (top_k == 0 || entries_.empty()) return hits;
  // 1. Analyse the query names and collect its keys.
  std::vector<AnalysedName> qnames;
  // The romanisation of each of qnames (ICU, the costly part of an
  // analysis): a re-analysis in another schema below reuses it (empty when
  // the analysis was kept in query.analyses: made then if needed).
  std::vector<std::vector<RomanisedForm>> qromanised;
  std::vector<WeightedKey> keys;
  std::vector<std::pair<std::string, std::string>> edit_words;  // skeleton, text
  // AnalyseName(text, schema): kept in query.analyses, or made there and
  // recorded (`romanised` is then RomaniseName(text), kept for the other
  // schemas; it stays empty for a kept analysis).
  auto analyse = [&query](std::string_view text, EntitySchema schema, std::vector<RomanisedForm>& romanised) {
    AnalysedName a;
    if (query.analyses && query.analyses->Find(text, schema, &a)) return a;
    if (romanised.empty()) romanised = RomaniseName(text);
    a = AnalyseRomanisedName(text, schema, romanised);
    if (query.analyses) query.analyses->Record(a);
    return a;
  };
  auto add_name = [&](const std::string& raw) {
    if (raw.empty()) return;
    const std::string_view text = std::string_view(raw).substr(0, kMaxNameBytes);
    std::vector<RomanisedForm> romanised;
    AnalysedName a = analyse(text, query.schema, romanised);
    if (a.forms.empty()) return;
    NameKeys(a, keys, &edit_words);
    qnames.push_back(std::move(a));
    qromanised.push_back(std::move(romanised));
  };
  add_name(query.name);
  for (size_t a = 0; a < query.aliases.size() && a < kMaxQueryAliases; ++a) add_name(query.aliases[a]);
  // Index slot of a key, or -1.
  auto find_key = [&](uint64_t key) -> std::ptrdiff_t {
    const size_t bucket = static_cast<size_t>(key >> (64 - key_bits_));
    const auto first = keys_.begin() + key_directory_[bucket], last = keys_.begin() + key_directory_[bucket + 1];
    auto it = std::lower_bound(first, last, key);
    return it == last || *it != key ? -1 : it - keys_.begin();
  };
  std::sort(edit_words.begin(), edit_words.end());
  edit_words.erase(std::unique(edit_words.begin(), edit_words.end()), edit_words.end());
  for (const auto& [w, text] : edit_words) {
    std::ptrdiff_t slot = find_key(Key('t', w));
    if (slot >= 0 && offsets_[slot + 1] - offsets_[slot] > kMaxEditSourcePosting) continue;
    const std::vector<WeightedKey>& word_keys = WordEditKeys(w, text);
    keys.insert(keys.end(), word_keys.begin(), word_keys.end());
  }
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
  // 2. Candidate generation: IDF-weighted sum over matching keys, rarest key
  //    first, with MaxScore-style pruning: once the keys left cannot lift an
  //    entry not yet seen to the weight the final selection requires (30% of
  //    the best weight, and the max_candidates-th best weight), only the
  //    entries still able to qualify are looked up in the remaining postings.
  //    The selected candidates are those of the plain sum.
  const double n = static_cast<double>(entries_.size());
  const size_t max_candidates = std::max<size_t>(options_.max_candidates, 1);
  struct Posting {
    uint32_t begin, end;
    float idf;
  };
  std::vector<Posting> lists;
  auto gather = [&](bool allow_common) {
    lists.clear();
    for (const auto& k : keys) {
      const std::ptrdiff_t slot = find_key(k.key);
      if (slot < 0) continue;
      uint32_t begin = offsets_[slot], end = offsets_[slot + 1];
      if (!allow_common && end - begin > options_.max_posting) continue;
      lists.push_back({begin, end, static_cast<float>(std::log(1.0 + n / static_cast<double>(end - begin)) * k.boost)});
    }
  };
  gather(false);
  if (lists.empty()) gather(true);
  // Shortest posting first: the long ones (common words) then come when the
  // weight they can still add is small, and are only looked up for the
  // entries that can still qualify.
  std::sort(lists.begin(), lists.end(), [](const Posting& a, const Posting& b) {
    return a.end - a.begin != b.end - b.begin ? a.end - a.begin < b.end - b.begin : a.begin < b.begin;
  });
  // remaining[i]: the most the keys from i on can add (a little over, so that
  // rounding never prunes an entry the plain sum would keep).
  std::vector<double> remaining(lists.size() + 1, 0.0);
  for (size_t i = lists.size(); i-- > 0;) remaining[i] = remaining[i + 1] + lists[i].idf;
  for (double& r : remaining) r *= 1.0 + 1e-4;
  // Per-thread dense accumulator (float: half the cache footprint) over entries plus the list of touched slots
  // (no hashing; reset after use).
  thread_local std::vector<float> acc_weights;
  thread_local std::vector<uint32_t> touched;
  thread_local std::vector<uint32_t> live;
  thread_local std::vector<float> scratch;
  if (acc_weights.size() < entries_.size()) acc_weights.assign(entries_.size(), 0.0f);
  touched.clear();
  live.clear();
  float best = 0;
  // The weight an entry must be able to reach to be selected (a lower bound of
  // the final requirement). The k-th best weight is computed only when that
  // costs less than the posting it may spare.
  // `reach`: the most the entries in question can still gain; the k-th best
  // weight (never above the best) matters only when it can exceed that.
  auto required = [&](size_t budget, double reach) {
    double need = 0.3 * best;
    const std::vector<uint32_t>& pool = live.empty() ? touched : live;
    if (reach < best && pool.size() >= max_candidates && pool.size() <= budget) {
      scratch.clear();
      for (uint32_t e : pool) scratch.push_back(acc_weights[e]);
      std::nth_element(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(max_candidates - 1),
                       scratch.end(), std::greater<float>());
      need = std::max(need, static_cast<double>(scratch[max_candidates - 1]));
    }
    return need;
  };
  bool admitting = true;
  bool live_sorted = false;
  for (size_t i = 0; i < lists.size(); ++i) {
    const Posting& l = lists[i];
    const uint32_t* post = postings_.data();
    if (admitting) {
      const size_t len = l.end - l.begin;
      if (remaining[i] < 0.3 * best || remaining[i] < required(len, remaining[i])) {
        admitting = false;
        const double need = required(SIZE_MAX, remaining[i]);
        for (uint32_t e : touched)
          if (acc_weights[e] + remaining[i] >= need) live.push_back(e);
        live_sorted = false;
      }
    }
    if (admitting) {
      // Branch-free with prefetching: the accumulator reads are cache misses
      // at a million entries.
      size_t count = touched.size();
      touched.resize(count + (l.end - l.begin));
      uint32_t* out = touched.data();
      float* acc = acc_weights.data();
      float top = best;
      for (uint32_t p = l.begin; p < l.end; ++p) {
        if (p + kPrefetchAhead < l.end) __builtin_prefetch(acc + post[p + kPrefetchAhead], 1);
        const uint32_t e = post[p];
        const float w = acc[e];
        out[count] = e;
        count += w == 0.0f ? 1 : 0;
        acc[e] = w + l.idf;
        top = std::max(top, w + l.idf);
      }
      touched.resize(count);
      best = top;
      continue;
    }
    // Only the live entries can still qualify. A long live list walks the
    // posting (entries touched before have a weight); a short one finds each
    // of its entries (ascending) by galloping from the previous one. Entries
    // touched but no longer live may gain weight: they stay under the bar.
    const size_t len = l.end - l.begin;
    if (live.size() * 8 >= len) {
      float* acc = acc_weights.data();
      float top = best;
      for (uint32_t p = l.begin; p < l.end; ++p) {
        if (p + kPrefetchAhead < l.end) __builtin_prefetch(acc + post[p + kPrefetchAhead], 1);
        const uint32_t e = post[p];
        const float w = acc[e];
        const float v = w + (w != 0.0f ? l.idf : 0.0f);
        acc[e] = v;
        top = std::max(top, v);
      }
      best = top;
    } else {
    if (!live_sorted) {
      std::sort(live.begin(), live.end());
      live_sorted = true;
    }
    uint32_t p = l.begin;
    for (uint32_t e : live) {
      if (p >= l.end) break;
      if (post[p] < e) {
        uint32_t step = 1, lo = p;
        while (lo + step < l.end && post[lo + step] < e) {
          lo += step;
          step *= 2;
        }
        p = static_cast<uint32_t>(std::lower_bound(post + lo, post + std::min<uint32_t>(lo + step, l.end), e) - post);
        if (p >= l.end) break;
      }
      if (post[p] == e) {
        float& w = acc_weights[e];
        w += l.idf;
        best = std::max(best, w);
        ++p;
      }
    }
    }
    // Drop the entries that can no longer qualify.
    const double rest = remaining[i + 1];
    const double need = required(i + 1 < lists.size() ? (lists[i + 1].end - lists[i + 1].begin) / 4 : 0, rest);
    live.erase(std::remove_if(live.begin(), live.end(), [&](uint32_t e) { return acc_weights[e] + rest < need; }),
               live.end());
  }
  std::vector<std::pair<double, uint32_t>> cands;
  const std::vector<uint32_t>& selected = admitting ? touched : live;
  cands.reserve(selected.size());
  for (uint32_t entry : selected) cands.emplace_back(acc_weights[entry], entry);
  for (uint32_t entry : touched) acc_weights[entry] = 0.0f;
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
  // The query's names prepared for scoring (PreparedName), by the schema
  // they were analysed in, on first use: what scoring needs of them alone is
  // made once for all the candidates.
  std::array<std::vector<PreparedName>, 8> prepared;
  auto prepare = [&](EntitySchema schema, const std::vector<AnalysedName>& set) -> std::vector<PreparedName>& {
    std::vector<PreparedName>& p = prepared[static_cast<size_t>(schema)];
    if (p.empty())
      for (const AnalysedName& name : set) p.emplace_back(name);
    return p;
  };
  // The candidates' entries are scattered over the list: fetch them early.
  for (const auto& c : cands) __builtin_prefetch(&entries_[c.second]);
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
        for (size_t i = 0; i < qnames.size(); ++i) slot->push_back(analyse(qnames[i].original, sc.schema, qromanised[i]));
      }
      qset = &*slot;
    }
    // The entry's names: those the index keeps decoded, or decoded once into
    // per-thread buffers that keep their capacity across candidates.
    thread_local std::vector<AnalysedName> decoded;
    const uint32_t first_name = name_offsets_[e], name_count = name_offsets_[e + 1] - first_name;
    const AnalysedName* entry_names = nullptr;
    if (!decoded_names_.empty()) {
      entry_names = decoded_names_.data() + first_name;
    } else {
      if (decoded.size() < name_count) decoded.resize(name_count);
      for (uint32_t i = 0; i < name_count; ++i) DecodeName(first_name + i, decoded[i]);
      entry_names = decoded.data();
    }
    sc.country = CountryAgreement(qcountries, entry);
    for (size_t k = 0; k < (qids.empty() ? 0 : entry.identifiers.size()); ++k) {
      const Identifier& id = entry.identifiers[k];
      std::string norm = NormaliseIdentifier(id.id);
      if (norm.size() < 4 || std::find(qids.begin(), qids.end(), norm) == qids.end()) continue;
      bool scheme_ok = true;
      for (const auto& qid : query.identifiers)
        if (NormaliseIdentifier(qid.id) == norm && !qid.scheme.empty() && !id.scheme.empty() &&
            Upper(qid.scheme) != Upper(id.scheme))
          scheme_ok = false;
      if (!scheme_ok) continue;
      sc.identifier = &id;
      break;
    }
    // A caller that keeps only hits of min_score or more: a candidate whose
    // every name pair has a ceiling under it (after the country mismatch
    // below), and no identifier in common with the query, would be dropped
    // whatever its words give, and is not scored.
    if (query.min_score > 0 && !sc.identifier) {
      double ceiling = 0;
      for (const auto& qn : *qset)
        for (uint32_t i = 0; i < name_count; ++i) ceiling = std::max(ceiling, NameScoreCeiling(qn, entry_names[i]));
      if (sc.country < 0) ceiling -= kCountryMismatch;
      if (ceiling < query.min_score) continue;
    }
    double best_name = -1;
    const std::vector<PreparedName>& qprepared = prepare(sc.schema, *qset);
    for (const PreparedName& qp : qprepared) {
      for (uint32_t i = 0; i < name_count; ++i) {
        double v = ScoreAnalysedNamesValue(qp, entry_names[i], sc.schema);
        if (v > best_name) {
          best_name = v;
          sc.query_name = &qp.name();
          sc.list_name = first_name + i;
        }
      }
    }
    sc.name_score = std::max(best_name, 0.0);
    sc.score = sc.name_score;
    if (sc.identifier) sc.score = std::max(sc.score, kIdentifierMatchScore);
    if (sc.country < 0) sc.score -= kCountryMismatch;
    sc.score = std::clamp(sc.score, 0.0, 1.0);
    scored.push_back(sc);
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    return a.score != b.score ? a.score > b.score : a.entry < b.entry;
  });
  if (scored.size() > top_k) scored.resize(top_k);
  for (const Scored& sc : scored) {
    if (sc.score < query.min_score && !sc.identifier) continue;
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

void MatchIndex::DecodeName(size_t k, AnalysedName& out) const {
  const uint8_t* p = name_arena_.data() + name_starts_[k];
  out.original.clear();
  DecodeAnalysedName(p, form_labels_, out);
}

void MatchIndex::DecodeNamesIfFew() {
  const size_t names = name_sources_.size();
  if (names == 0 || names > options_.max_decoded_names) return;
  decoded_names_.resize(names);
  for (size_t k = 0; k < names; ++k) DecodeName(k, decoded_names_[k]);
}

size_t MatchIndex::MemoryBytes() const {
  size_t bytes = VectorBytes(entries_) + VectorBytes(name_arena_) + VectorBytes(name_starts_) +
                 VectorBytes(form_labels_) + VectorBytes(name_sources_) + VectorBytes(name_offsets_) +
                 VectorBytes(keys_) + VectorBytes(offsets_) + VectorBytes(postings_) +
                 VectorBytes(key_directory_) + VectorBytes(decoded_names_);
  for (const auto& e : entries_) {
    bytes += StringBytes(e.entry_id) + StringBytes(e.source) + StringBytes(e.name) + VectorBytes(e.aliases) +
             VectorBytes(e.countries) + VectorBytes(e.identifiers) + VectorBytes(e.addresses) + StringBytes(e.reason);
    for (const auto& a : e.aliases) bytes += StringBytes(a);
  }
  return bytes;
}

std::string MatchIndex::StructureDigest() const {
  std::string out;
  auto add = [&out](const char* name, size_t size, size_t capacity, const void* data, size_t bytes) {
    char line[128];
    std::snprintf(line, sizeof(line), "%s %zu %zu %016llx\n", name, size, capacity,
                  static_cast<unsigned long long>(XXH3_64bits(data, bytes)));
    out += line;
  };
  auto add_vector = [&add](const char* name, const auto& v) {
    add(name, v.size(), v.capacity(), v.data(), v.size() * sizeof(v[0]));
  };
  std::string labels;
  for (std::string_view l : form_labels_) labels.append(l).push_back('\n');
  add("form_labels_", form_labels_.size(), form_labels_.capacity(), labels.data(), labels.size());
  add_vector("name_arena_", name_arena_);
  add_vector("name_starts_", name_starts_);
  add_vector("name_offsets_", name_offsets_);
  add_vector("name_sources_", name_sources_);
  add_vector("keys_", keys_);
  add_vector("offsets_", offsets_);
  add_vector("postings_", postings_);
  add_vector("key_directory_", key_directory_);
  out += "key_bits_ " + std::to_string(key_bits_) + "\n";
  return out;
}

}  // namespace clearbid
