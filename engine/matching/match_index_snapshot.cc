// MatchIndex::Save and MatchIndex::Load: the index on disk (its entries and
// its arrays), so that a scan that needs the index of a million list
// entities reads it (a second or two) instead of loading the entries from
// the store and analysing every name again (about ten seconds on two cores).
// No library keeps this structure: it is the index's own arrays, written in
// the machine's byte order, behind a header that names the algorithm and the
// caller's tag (the lists' fingerprint), with a checksum (XXH3) over
// everything.

#include <sys/stat.h>
#include <xxhash.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <type_traits>

#include <fmt/format.h>

#include "engine/matching/match_index.h"
#include "engine/matching/name_scorer.h"

namespace clearbid {

namespace {

constexpr char kMagic[8] = {'C', 'B', 'M', 'I', 'D', 'X', '0', '2'};
// Bounds against a damaged file (sizes are checked against what is left of
// the file before memory is allocated).
constexpr uint64_t kMaxLabels = 0x80;
constexpr uint64_t kMaxLabelBytes = 256;

struct FileCloser {
  void operator()(FILE* f) const {
    if (f) std::fclose(f);
  }
};
using File = std::unique_ptr<FILE, FileCloser>;

// Writes and checksums.
class Writer {
 public:
  explicit Writer(FILE* f) : f_(f), state_(XXH3_createState()) { XXH3_64bits_reset(state_); }
  ~Writer() { XXH3_freeState(state_); }
  void Bytes(const void* data, size_t n) {
    if (n == 0) return;
    ok_ &= std::fwrite(data, 1, n, f_) == n;
    XXH3_64bits_update(state_, data, n);
  }
  void U64(uint64_t v) { Bytes(&v, sizeof v); }
  void Text(std::string_view t) {
    U64(t.size());
    Bytes(t.data(), t.size());
  }
  void Texts(const std::vector<std::string>& v) {
    U64(v.size());
    for (const std::string& t : v) Text(t);
  }
  template <typename T>
  void Array(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    U64(v.size());
    Bytes(v.data(), v.size() * sizeof(T));
  }
  bool Finish() {
    const uint64_t sum = XXH3_64bits_digest(state_);
    ok_ &= std::fwrite(&sum, 1, sizeof sum, f_) == sizeof sum;
    return ok_;
  }

 private:
  FILE* f_;
  XXH3_state_t* state_;
  bool ok_ = true;
};

// Reads and checksums; any short read or bound crossed makes ok() false.
class Reader {
 public:
  Reader(FILE* f, uint64_t file_size) : f_(f), left_(file_size), state_(XXH3_createState()) {
    XXH3_64bits_reset(state_);
  }
  ~Reader() { XXH3_freeState(state_); }
  void Bytes(void* data, size_t n) {
    if (!ok_ || n == 0) return;
    ok_ &= n <= left_ && std::fread(data, 1, n, f_) == n;
    if (!ok_) return;
    left_ -= n;
    XXH3_64bits_update(state_, data, n);
  }
  uint64_t U64() {
    uint64_t v = 0;
    Bytes(&v, sizeof v);
    return ok_ ? v : 0;
  }
  void Text(std::string* t) {
    const uint64_t n = U64();
    if (!ok_ || n > left_) {
      ok_ = false;
      return;
    }
    t->resize(n);
    Bytes(t->data(), n);
  }
  void Texts(std::vector<std::string>* v) {
    const uint64_t n = U64();
    if (!ok_ || n > left_ / sizeof(uint64_t)) {  // each at least its length
      ok_ = false;
      return;
    }
    v->resize(n);
    for (std::string& t : *v) Text(&t);
  }
  template <typename T>
  void Array(std::vector<T>* v) {
    const uint64_t n = U64();
    if (!ok_ || n > left_ / sizeof(T)) {
      ok_ = false;
      return;
    }
    v->resize(n);
    Bytes(v->data(), n * sizeof(T));
  }
  bool Finish() {
    if (!ok_) return false;
    const uint64_t expected = XXH3_64bits_digest(state_);
    uint64_t sum = 0;
    if (std::fread(&sum, 1, sizeof sum, f_) != sizeof sum || sum != expected) return false;
    return std::fgetc(f_) == EOF;  // nothing after the checksum
  }
  bool ok() const { return ok_; }
  void Fail() { ok_ = false; }
  uint64_t left() const { return left_; }

 private:
  FILE* f_;
  uint64_t left_;  // bytes of the file not read yet
  XXH3_state_t* state_;
  bool ok_ = true;
};

template <typename T>
bool Ascending(const std::vector<T>& v) {
  for (size_t i = 1; i < v.size(); ++i)
    if (v[i] < v[i - 1]) return false;
  return true;
}

void WriteEntry(Writer& w, const ListEntry& e) {
  w.Text(e.entry_id);
  w.Text(e.source);
  w.U64(static_cast<uint64_t>(e.schema));
  w.Text(e.name);
  w.Texts(e.aliases);
  w.Texts(e.weak_aliases);
  w.Texts(e.countries);
  w.U64(e.identifiers.size());
  for (const Identifier& id : e.identifiers) {
    w.Text(id.scheme);
    w.Text(id.id);
    w.Text(id.legal_name);
  }
  w.U64(e.addresses.size());
  for (const Address& a : e.addresses) {
    for (const std::string* f : {&a.street_address, &a.locality, &a.region, &a.postal_code, &a.country_name, &a.country})
      w.Text(*f);
  }
  w.Text(e.listed_from);
  w.Text(e.listed_until);
  w.U64(e.active ? 1 : 0);
  w.Text(e.reason);
  w.Texts(e.birth_dates);
  w.Text(e.notes);
  w.U64(static_cast<uint64_t>(e.source_line));
  w.U64(static_cast<uint64_t>(e.list_version));
}

void ReadEntry(Reader& r, ListEntry* e) {
  r.Text(&e->entry_id);
  r.Text(&e->source);
  const uint64_t schema = r.U64();
  if (schema > static_cast<uint64_t>(EntitySchema::kAircraft)) r.Fail();
  e->schema = static_cast<EntitySchema>(schema);
  r.Text(&e->name);
  r.Texts(&e->aliases);
  r.Texts(&e->weak_aliases);
  r.Texts(&e->countries);
  uint64_t n = r.U64();
  if (!r.ok() || n > r.left() / (3 * sizeof(uint64_t))) return r.Fail();
  e->identifiers.resize(n);
  for (Identifier& id : e->identifiers) {
    r.Text(&id.scheme);
    r.Text(&id.id);
    r.Text(&id.legal_name);
  }
  n = r.U64();
  if (!r.ok() || n > r.left() / (6 * sizeof(uint64_t))) return r.Fail();
  e->addresses.resize(n);
  for (Address& a : e->addresses) {
    for (std::string* f : {&a.street_address, &a.locality, &a.region, &a.postal_code, &a.country_name, &a.country})
      r.Text(f);
  }
  r.Text(&e->listed_from);
  r.Text(&e->listed_until);
  e->active = r.U64() != 0;
  r.Text(&e->reason);
  r.Texts(&e->birth_dates);
  r.Text(&e->notes);
  e->source_line = static_cast<int64_t>(r.U64());
  e->list_version = static_cast<int64_t>(r.U64());
}

}  // namespace

Status MatchIndex::Save(const std::string& path, std::string_view tag) const {
  const std::string tmp = path + ".tmp";
  {
    File f(std::fopen(tmp.c_str(), "wb"));
    if (!f) return Status::IoError(fmt::format("{}: cannot write: {}", tmp, std::strerror(errno)));
    Writer w(f.get());
    w.Bytes(kMagic, sizeof kMagic);
    w.U64(kMatchAlgorithmVersion.size());
    w.Bytes(kMatchAlgorithmVersion.data(), kMatchAlgorithmVersion.size());
    w.Text(tag);
    w.U64(entries_.size());
    for (const ListEntry& e : entries_) WriteEntry(w, e);
    w.U64(static_cast<uint64_t>(key_bits_));
    w.U64(form_labels_.size());
    for (std::string_view label : form_labels_) {
      w.U64(label.size());
      w.Bytes(label.data(), label.size());
    }
    w.Array(name_arena_);
    w.Array(name_starts_);
    w.Array(name_offsets_);
    w.Array(name_sources_);
    w.Array(keys_);
    w.Array(offsets_);
    w.Array(postings_);
    w.Array(key_directory_);
    if (!w.Finish() || std::fflush(f.get()) != 0) {
      std::remove(tmp.c_str());
      return Status::IoError(fmt::format("{}: write failed", tmp));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::IoError(fmt::format("{}: cannot rename into place: {}", path, std::strerror(errno)));
  }
  return Status::Ok();
}

Result<MatchIndex> MatchIndex::Load(const std::string& path, std::string_view tag, MatchIndexOptions options) {
  File f(std::fopen(path.c_str(), "rb"));
  if (!f) return Status::NotFound(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
  auto damaged = [&](std::string_view what) {
    return Status::Corruption(fmt::format("{}: not a readable index of these lists ({})", path, what));
  };
  struct stat st;
  if (::fstat(::fileno(f.get()), &st) != 0) return Status::IoError(fmt::format("{}: cannot stat", path));
  Reader r(f.get(), static_cast<uint64_t>(st.st_size));
  char magic[sizeof kMagic];
  r.Bytes(magic, sizeof magic);
  if (!r.ok() || std::memcmp(magic, kMagic, sizeof kMagic) != 0) return damaged("header");
  const uint64_t algorithm_size = r.U64();
  if (algorithm_size != kMatchAlgorithmVersion.size()) return damaged("algorithm");
  std::string algorithm(algorithm_size, '\0');
  r.Bytes(algorithm.data(), algorithm.size());
  if (algorithm != kMatchAlgorithmVersion) return damaged("algorithm");
  std::string stored_tag;
  r.Text(&stored_tag);
  if (!r.ok() || stored_tag != tag) return damaged("other lists");
  MatchIndex index;
  index.options_ = options;
  const uint64_t count = r.U64();
  if (!r.ok() || count > r.left() / (8 * sizeof(uint64_t))) return damaged("entries");
  index.entries_.resize(count);
  for (ListEntry& e : index.entries_) {
    ReadEntry(r, &e);
    if (!r.ok()) return damaged("entries");
  }
  const uint64_t key_bits = r.U64();
  if (key_bits < 1 || key_bits > 30) return damaged("key bits");
  index.key_bits_ = static_cast<int>(key_bits);
  const uint64_t labels = r.U64();
  if (!r.ok() || labels > kMaxLabels) return damaged("labels");
  auto texts = std::make_shared<std::vector<std::string>>();
  texts->reserve(labels);  // never grown after: the views below stay valid
  for (uint64_t l = 0; l < labels; ++l) {
    const uint64_t size = r.U64();
    if (!r.ok() || size > kMaxLabelBytes) return damaged("labels");
    std::string text(size, '\0');
    r.Bytes(text.data(), size);
    texts->push_back(std::move(text));
  }
  for (const std::string& text : *texts) index.form_labels_.push_back(text);
  index.label_texts_ = std::move(texts);
  r.Array(&index.name_arena_);
  r.Array(&index.name_starts_);
  r.Array(&index.name_offsets_);
  r.Array(&index.name_sources_);
  r.Array(&index.keys_);
  r.Array(&index.offsets_);
  r.Array(&index.postings_);
  r.Array(&index.key_directory_);
  if (!r.Finish()) return damaged("checksum");
  // The shapes Query() relies on (the checksum catches damage; these catch
  // a file written by other code).
  const size_t n = index.entries_.size();
  bool fits = index.name_offsets_.size() == n + 1 && Ascending(index.name_offsets_) &&
              index.name_offsets_.back() <= index.name_sources_.size() &&
              index.name_starts_.size() == index.name_sources_.size() + 1 && Ascending(index.name_starts_) &&
              index.name_starts_.back() <= index.name_arena_.size() && index.offsets_.size() == index.keys_.size() + 1 &&
              Ascending(index.offsets_) && index.offsets_.back() == index.postings_.size() &&
              index.key_directory_.size() == (size_t{1} << index.key_bits_) + 1 && Ascending(index.key_directory_) &&
              index.key_directory_.back() <= index.keys_.size();
  for (size_t i = 0; fits && i < index.postings_.size(); ++i) fits = index.postings_[i] < n;
  if (!fits) return damaged("shape");
  index.DecodeNamesIfFew();
  return index;
}

}  // namespace clearbid
