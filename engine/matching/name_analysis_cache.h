#pragma once
// Analyses of query names kept between runs. A list version that adds
// entries re-matches every name of the screening memo against them (about
// 190,000 names at a million processes), and analysing a name (ICU
// romanisation, tagging, folding keys) costs about as much as screening it
// against the added entries. An analysis is a pure function of the name, the
// schema, the matcher (kMatchAlgorithmVersion and its embedded tables) and
// ICU's transliteration rules: the analyses one run makes are kept in a file
// that the next run reads back, under a tag naming all of those and a
// checksum, and ignored when either differs. A cache only saves time: a name
// not found in it is analysed as before, with the same result.
//
// No library keeps this structure: the analyses are in the matcher's own
// encoding (name_codec.h), behind a header, sorted by name, with an XXH3
// checksum over the file.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/base/status.h"
#include "engine/matching/name_analysis.h"

namespace clearbid {

class NameAnalysisCache {
 public:
  /// An empty cache.
  NameAnalysisCache() = default;
  NameAnalysisCache(const NameAnalysisCache&) = delete;
  NameAnalysisCache& operator=(const NameAnalysisCache&) = delete;

  /// The analyses Save() kept in `path`; an empty cache when there is no
  /// file or it cannot be read as one (another matcher or ICU version, a
  /// damaged or truncated file, over kMaxFileBytes: offsets into it are 32-bit).
  static std::unique_ptr<NameAnalysisCache> Load(const std::string& path);
  static constexpr uint64_t kMaxFileBytes = UINT32_MAX;

  /// The analysis of `name` (at most kMaxNameBytes long) in `schema` into
  /// `out` (its original set to `name`); false when it is not kept. Safe to
  /// call from many threads, with Record().
  bool Find(std::string_view name, EntitySchema schema, AnalysedName* out);
  /// Keeps `name`, which must be AnalyseName(name.original, name.schema),
  /// for Find() and Save(). Thread-safe.
  void Record(const AnalysedName& name);

  /// Writes the analyses found or recorded since Load() (those of the names
  /// this run met: the file does not keep names no longer screened), or,
  /// with `keep_unused`, all of those loaded and recorded (a run that met
  /// only some of the names), through a temporary file renamed into place
  /// (the folder is made when missing). Not while Find() or Record() run.
  Status Save(const std::string& path, bool keep_unused = false) const;

  /// Analyses found / recorded so far (for the log).
  int64_t found() const { return found_.load(); }
  int64_t recorded() const { return recorded_count_.load(); }

 private:
  struct Kept {
    uint32_t value;  // offset of the encoded analysis in buffer_
    uint32_t size;   // its bytes
    uint32_t index;  // into used_
  };
  /// The file read back; keys and values are views into it.
  std::string buffer_;
  /// By key (the schema's byte, then the name).
  std::unordered_map<std::string_view, Kept> kept_;
  std::unique_ptr<std::atomic<bool>[]> used_;
  std::vector<std::pair<std::string_view, Kept>> entries_;  // in the file's order (Kept::index)

  /// A copy of `bytes` in blocks_ (never moved: views of it stay valid).
  std::string_view Keep(std::string_view bytes);

  std::mutex mu_;
  /// The analyses recorded, key to encoded analysis, both in blocks_ (a
  /// full scan records about 600,000: a node and the bytes each, no string
  /// or vector of their own).
  std::unordered_map<std::string_view, std::string_view> recorded_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_size_ = 0, block_left_ = 0;
  std::atomic<int64_t> found_{0}, recorded_count_{0};
};

}  // namespace clearbid
