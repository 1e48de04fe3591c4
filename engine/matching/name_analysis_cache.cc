#include "engine/matching/name_analysis_cache.h"

#include <unicode/uversion.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <utility>

#include <fmt/format.h>

#include "engine/matching/embedded_data.h"
#include "engine/matching/name_codec.h"
#include "engine/matching/name_scorer.h"

namespace clearbid {

namespace {

constexpr char kMagic[8] = {'C', 'B', 'N', 'A', 'C', '0', '0', '1'};

// The labels RomaniseName() gives its forms (static strings): an encoded
// form's label is an index into this table, and an analysis with a label not
// in it is not kept.
const std::vector<std::string_view>& Labels() {
  static const std::vector<std::string_view> labels = {"ascii", "latin", "ru-bgn", "uk-bgn"};
  return labels;
}

// What an analysis depends on besides the name and the schema.
const std::string& Tag() {
  static const std::string tag = [] {
    std::string tables(EmbeddedDataFile("legal_forms.tsv"));
    tables += '\0';
    tables += EmbeddedDataFile("name_words.tsv");
    std::string labels;
    for (std::string_view l : Labels()) labels.append(l).push_back(',');
    return fmt::format("{}|tables {:016x}|icu {}|labels {}", kMatchAlgorithmVersion,
                       XXH3_64bits(tables.data(), tables.size()), U_ICU_VERSION, labels);
  }();
  return tag;
}

std::string Key(std::string_view name, EntitySchema schema) {
  std::string key;
  key.reserve(name.size() + 1);
  key.push_back(static_cast<char>(schema));
  key.append(name);
  return key;
}

// Reads a varint at `p`, never past `end`; false when it does not end there.
bool ReadVarint(const uint8_t*& p, const uint8_t* end, uint64_t* v) {
  *v = 0;
  for (int shift = 0; p < end && shift < 64; shift += 7) {
    const uint8_t b = *p++;
    *v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

}  // namespace

std::unique_ptr<NameAnalysisCache> NameAnalysisCache::Load(const std::string& path) {
  auto cache = std::make_unique<NameAnalysisCache>();
  std::error_code ec;
  const uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec || size < sizeof kMagic + 3 * sizeof(uint64_t) || size > kMaxFileBytes) return cache;
  std::string data(size, '\0');
  {
    std::ifstream in(path, std::ios::binary);
    if (!in.read(data.data(), static_cast<std::streamsize>(size))) return cache;
  }
  uint64_t sum = 0;
  std::memcpy(&sum, data.data() + size - sizeof sum, sizeof sum);
  if (XXH3_64bits(data.data(), size - sizeof sum) != sum) return cache;
  const uint8_t* p = reinterpret_cast<const uint8_t*>(data.data());
  const uint8_t* const end = p + size - sizeof sum;
  auto u64 = [&](uint64_t* v) {
    if (end - p < static_cast<std::ptrdiff_t>(sizeof *v)) return false;
    std::memcpy(v, p, sizeof *v);
    p += sizeof *v;
    return true;
  };
  if (std::memcmp(p, kMagic, sizeof kMagic) != 0) return cache;
  p += sizeof kMagic;
  uint64_t tag_size = 0, count = 0;
  if (!u64(&tag_size) || tag_size > static_cast<uint64_t>(end - p)) return cache;
  if (std::string_view(reinterpret_cast<const char*>(p), tag_size) != Tag()) return cache;
  p += tag_size;
  // Each entry takes at least 3 bytes (two lengths and a schema).
  if (!u64(&count) || count > static_cast<uint64_t>(end - p) / 3 || count > UINT32_MAX) return cache;
  std::unordered_map<std::string_view, Kept> kept;
  std::vector<std::pair<std::string_view, Kept>> entries;
  kept.reserve(count);
  entries.reserve(count);
  const char* base = data.data();
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t key_size = 0, value_size = 0;
    if (!ReadVarint(p, end, &key_size) || key_size == 0 || key_size > static_cast<uint64_t>(end - p)) return cache;
    const std::string_view key(reinterpret_cast<const char*>(p), key_size);
    p += key_size;
    if (!ReadVarint(p, end, &value_size) || value_size == 0 || value_size > static_cast<uint64_t>(end - p)) {
      return cache;
    }
    const uint32_t value = static_cast<uint32_t>(reinterpret_cast<const char*>(p) - base);
    p += value_size;
    const Kept k{value, static_cast<uint32_t>(value_size), static_cast<uint32_t>(i)};
    if (!kept.emplace(key, k).second) return cache;  // a key twice
    entries.emplace_back(key, k);
  }
  if (p != end) return cache;
  // The views above point into `data`, whose buffer moves with it.
  cache->buffer_ = std::move(data);
  cache->kept_ = std::move(kept);
  cache->entries_ = std::move(entries);
  cache->used_ = std::make_unique<std::atomic<bool>[]>(count);
  return cache;
}

bool NameAnalysisCache::Find(std::string_view name, EntitySchema schema, AnalysedName* out) {
  const std::string key = Key(name, schema);
  std::string_view value;  // in buffer_ or blocks_, neither of which moves
  if (auto it = kept_.find(key); it != kept_.end()) {
    used_[it->second.index].store(true, std::memory_order_relaxed);
    value = std::string_view(buffer_).substr(it->second.value, it->second.size);
  } else {
    std::lock_guard<std::mutex> lock(mu_);
    auto r = recorded_.find(key);
    if (r == recorded_.end()) return false;
    value = r->second;
  }
  const uint8_t* p = reinterpret_cast<const uint8_t*>(value.data());
  DecodeAnalysedName(p, Labels(), *out);
  out->original.assign(name);
  ++found_;
  return true;
}

void NameAnalysisCache::Record(const AnalysedName& name) {
  std::vector<std::string_view> labels = Labels();
  std::vector<uint8_t> value;
  EncodeAnalysedName(name, value, labels);
  if (labels.size() != Labels().size()) return;  // a form label the table does not know
  const std::string key = Key(name.original, name.schema);
  std::lock_guard<std::mutex> lock(mu_);
  if (kept_.count(key) > 0 || recorded_.count(key) > 0) return;
  const std::string_view kept_key = Keep(key);
  recorded_.emplace(kept_key, Keep(std::string_view(reinterpret_cast<const char*>(value.data()), value.size())));
  ++recorded_count_;
}

std::string_view NameAnalysisCache::Keep(std::string_view bytes) {
  constexpr size_t kBlock = size_t{1} << 20;
  if (bytes.size() > block_left_) {
    block_size_ = std::max(kBlock, bytes.size());
    blocks_.push_back(std::make_unique<char[]>(block_size_));
    block_left_ = block_size_;
  }
  char* at = blocks_.back().get() + (block_size_ - block_left_);
  std::memcpy(at, bytes.data(), bytes.size());
  block_left_ -= bytes.size();
  return std::string_view(at, bytes.size());
}

Status NameAnalysisCache::Save(const std::string& path, bool keep_unused) const {
  std::vector<std::pair<std::string_view, std::string_view>> entries;  // key, encoded analysis
  for (const auto& [key, k] : entries_) {
    if (!keep_unused && !used_[k.index].load(std::memory_order_relaxed)) continue;
    entries.emplace_back(key, std::string_view(buffer_).substr(k.value, k.size));
  }
  for (const auto& [key, value] : recorded_) entries.emplace_back(key, value);
  std::sort(entries.begin(), entries.end());
  std::error_code ec;
  const std::filesystem::path target(path);
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ec);
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return Status::IoError(fmt::format("{}: cannot write: {}", tmp, std::strerror(errno)));
  // Streamed through a checksum (the file is about 120 bytes per analysis).
  XXH3_state_t* sum = XXH3_createState();
  XXH3_64bits_reset(sum);
  bool ok = true;
  auto put = [&](const void* data, size_t n) {
    ok &= std::fwrite(data, 1, n, f) == n;
    XXH3_64bits_update(sum, data, n);
  };
  auto put_u64 = [&](uint64_t v) { put(&v, sizeof v); };
  std::vector<uint8_t> length;
  auto put_bytes = [&](std::string_view bytes) {
    length.clear();
    PutVarint(length, bytes.size());
    put(length.data(), length.size());
    put(bytes.data(), bytes.size());
  };
  put(kMagic, sizeof kMagic);
  put_u64(Tag().size());
  put(Tag().data(), Tag().size());
  put_u64(entries.size());
  for (const auto& [key, value] : entries) {
    put_bytes(key);
    put_bytes(value);
  }
  const uint64_t digest = XXH3_64bits_digest(sum);
  XXH3_freeState(sum);
  ok &= std::fwrite(&digest, 1, sizeof digest, f) == sizeof digest;
  ok &= std::fclose(f) == 0;
  if (!ok) {
    std::remove(tmp.c_str());
    return Status::IoError(fmt::format("{}: write failed", tmp));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::IoError(fmt::format("{}: cannot rename into place: {}", path, std::strerror(errno)));
  }
  return Status::Ok();
}

}  // namespace clearbid
