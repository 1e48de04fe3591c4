#include "connectors/json/document_stream.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <algorithm>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "engine/base/digest.h"

namespace clearbid {
namespace {

// A byte source: a file or a string.
class Source {
 public:
  virtual ~Source() = default;
  /// Appends up to n bytes to out; returns how many (0 at end).
  virtual Result<size_t> Read(std::string& out, size_t n) = 0;
};

class FileSource final : public Source {
 public:
  explicit FileSource(FILE* f, std::string path) : f_(f), path_(std::move(path)) {}
  ~FileSource() override { std::fclose(f_); }
  Result<size_t> Read(std::string& out, size_t n) override {
    size_t old = out.size();
    out.resize(old + n);
    size_t got = std::fread(out.data() + old, 1, n, f_);
    out.resize(old + got);
    if (got == 0 && std::ferror(f_)) return Status::IoError(fmt::format("{}: read error", path_));
    return got;
  }

 private:
  FILE* f_;
  std::string path_;
};

class StringSource final : public Source {
 public:
  explicit StringSource(std::string_view data) : data_(data) {}
  Result<size_t> Read(std::string& out, size_t n) override {
    size_t take = std::min(n, data_.size() - pos_);
    out.append(data_.substr(pos_, take));
    pos_ += take;
    return take;
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// Splitter state carried across chunks: position inside the current document.
struct Scanner {
  int depth = 0;
  bool in_string = false;
  bool escape = false;
  bool spaced = false;  // whitespace outside strings in the open document
};

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// One 64-byte block as bit masks (bit k: byte k), for the block scan below.
struct BlockMasks {
  uint64_t quote = 0, backslash = 0, open = 0, close = 0, newline = 0, space = 0;
};

#if defined(__SSE2__)
constexpr bool kBlockScan = true;
BlockMasks Classify(const char* p) {
  BlockMasks m;
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), brace = _mm_set1_epi8('{'),
                bracket = _mm_set1_epi8('['), brace_end = _mm_set1_epi8('}'), bracket_end = _mm_set1_epi8(']'),
                nl = _mm_set1_epi8('\n'), sp = _mm_set1_epi8(' '), cr = _mm_set1_epi8('\r'), tab = _mm_set1_epi8('\t');
  auto mask = [](__m128i eq) { return static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(eq))); };
  for (int part = 0; part < 4; ++part) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * part));
    const int shift = 16 * part;
    m.quote |= mask(_mm_cmpeq_epi8(v, quote)) << shift;
    m.backslash |= mask(_mm_cmpeq_epi8(v, backslash)) << shift;
    m.open |= mask(_mm_or_si128(_mm_cmpeq_epi8(v, brace), _mm_cmpeq_epi8(v, bracket))) << shift;
    m.close |= mask(_mm_or_si128(_mm_cmpeq_epi8(v, brace_end), _mm_cmpeq_epi8(v, bracket_end))) << shift;
    const __m128i is_nl = _mm_cmpeq_epi8(v, nl);
    m.newline |= mask(is_nl) << shift;
    m.space |= mask(_mm_or_si128(_mm_or_si128(is_nl, _mm_cmpeq_epi8(v, sp)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, tab))))
               << shift;
  }
  return m;
}
#else
constexpr bool kBlockScan = false;  // the byte loop alone
BlockMasks Classify(const char*) { return {}; }
#endif

// Bit k set when an odd number of bits at or below k are set in x.
uint64_t PrefixXor(uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

Status Split(Source& source, std::string_view name, const DocumentStreamOptions& options,
             const std::function<void(DocumentBatch&&)>& on_batch, DocumentStreamSummary* summary) {
  Sha256 sha;
  uint64_t sequence = 0;
  uint64_t total_bytes = 0;
  uint64_t total_docs = 0;
  std::string buf;            // unconsumed bytes: the tail of an unfinished document
  bool eof = false;
  bool skipping_oversize = false;  // inside a document we already rejected
  std::vector<InputIssue> pending_issues;

  Scanner sc;
  size_t doc_start = std::string::npos;  // offset in buf of the open document
  int64_t doc_line = 0;
  size_t scan_pos = 0;                   // next byte of buf to scan
  int64_t scan_line = 1;

  while (!eof) {
    size_t want = options.chunk_bytes;
    size_t before = buf.size();
    ASSIGN_OR_RETURN(size_t got, source.Read(buf, want));
    if (got == 0) eof = true;
    sha.Update(std::string_view(buf.data() + before, got));
    total_bytes += got;

    DocumentBatch batch;
    batch.file = std::string(name);
    batch.sequence = sequence;
    // Scan new bytes.
    const char* p = buf.data();
    size_t n = buf.size();
    size_t i = scan_pos;
    int64_t line = scan_line;
    for (; i < n; ++i) {
      // Inside a document, whole 64-byte blocks without a backslash are
      // scanned as bit masks: the same states as the byte loop below (quotes
      // open and close strings, brackets outside strings count, whitespace
      // outside strings marks the document spaced, every newline is a line),
      // several times faster. A block with a backslash, the end of a
      // document and everything between documents go byte by byte.
      while (kBlockScan && sc.depth > 0 && !sc.escape && i + 64 <= n) {
        const BlockMasks m = Classify(p + i);
        if (m.backslash) break;
        const uint64_t in_string = PrefixXor(m.quote) ^ (sc.in_string ? ~uint64_t{0} : 0);
        const uint64_t events = (m.open | m.close) & ~in_string;
        const uint64_t space_out = m.space & ~in_string;
        uint64_t pending = events;
        uint64_t done = 0;  // bits of the block already accounted for
        bool ended = false;
        while (pending) {
          const int k = __builtin_ctzll(pending);
          const uint64_t upto = k == 63 ? ~uint64_t{0} : (uint64_t{2} << k) - 1;  // bits 0..k
          if (space_out & upto & ~done) sc.spaced = true;
          done = upto;
          pending &= pending - 1;
          if (m.open >> k & 1) {
            ++sc.depth;
            continue;
          }
          if (--sc.depth > 0) continue;
          // The document ends at byte k (outside any string).
          if (skipping_oversize) {
            skipping_oversize = false;
          } else {
            batch.documents.push_back({doc_start, i + k + 1 - doc_start, doc_line, !sc.spaced});
            ++total_docs;
          }
          doc_start = std::string::npos;
          line += __builtin_popcountll(m.newline & upto);
          sc.in_string = false;
          i += static_cast<size_t>(k) + 1;
          ended = true;
          break;
        }
        if (ended) break;
        if (space_out & ~done) sc.spaced = true;
        line += __builtin_popcountll(m.newline);
        sc.in_string = in_string >> 63;
        i += 64;
      }
      if (i >= n) break;
      char c = p[i];
      if (sc.in_string) {
        if (sc.escape) {
          sc.escape = false;
          if (c == '\n') ++line;
          continue;
        }
        // Jump to the next quote or backslash. Most strings (keys, codes,
        // names) are short: a plain loop over their first 32 bytes costs less
        // than the calls below; longer ones go to memchr (vectorised).
        size_t next = i;
        const size_t short_end = std::min(n, i + 32);
        while (next < short_end && p[next] != '"' && p[next] != '\\') line += p[next++] == '\n';
        if (next == short_end && next < n) {
          const char* q = static_cast<const char*>(std::memchr(p + next, '"', n - next));
          const char* b = static_cast<const char*>(std::memchr(p + next, '\\', (q ? q : p + n) - (p + next)));
          const char* stop = b ? b : q;
          const size_t end = stop ? static_cast<size_t>(stop - p) : n;
          line += std::count(p + next, p + end, '\n');  // raw newlines only occur in broken strings
          next = end;
        }
        i = next;
        if (i >= n) break;
        if (p[i] == '\\') sc.escape = true;
        else sc.in_string = false;
        continue;
      }
      if (c == '\n') ++line;
      if (sc.depth == 0) {
        if (IsSpace(c)) continue;
        if (c == '{' || c == '[') {
          doc_start = i;
          doc_line = line;
          sc.depth = 1;
          sc.spaced = false;
          continue;
        }
        // A stray token at top level: skip to the end of the line.
        pending_issues.push_back({std::string(name), line,
                                  fmt::format("unexpected '{}' outside any JSON document; rest of line skipped",
                                              std::isprint(static_cast<unsigned char>(c)) ? std::string(1, c)
                                                                                           : fmt::format("\\x{:02x}", static_cast<unsigned char>(c)))});
        const void* nl = std::memchr(p + i, '\n', n - i);
        if (!nl) {
          i = n;
          break;
        }
        i = static_cast<size_t>(static_cast<const char*>(nl) - p);
        ++line;
        continue;
      }
      if (c == '"') {
        sc.in_string = true;
      } else if (IsSpace(c)) {
        sc.spaced = true;
      } else if (c == '{' || c == '[') {
        ++sc.depth;
      } else if (c == '}' || c == ']') {
        if (--sc.depth == 0) {
          if (skipping_oversize) {
            skipping_oversize = false;
          } else {
            batch.documents.push_back({doc_start, i + 1 - doc_start, doc_line, !sc.spaced});
            ++total_docs;
          }
          doc_start = std::string::npos;
        }
      }
    }
    scan_pos = i;
    scan_line = line;

    // Oversize open document: reject it and keep scanning for its end.
    if (doc_start != std::string::npos && !skipping_oversize && i - doc_start > options.max_document_bytes) {
      pending_issues.push_back({std::string(name), doc_line,
                                fmt::format("JSON document larger than the limit of {} bytes; skipped",
                                            options.max_document_bytes)});
      skipping_oversize = true;
      doc_start = std::string::npos;  // its bytes are dropped; the scanner still finds its end
    }
    if (eof && sc.depth > 0) {
      if (!skipping_oversize) {
        pending_issues.push_back({std::string(name), doc_line,
                                  "truncated JSON document: the file ends inside it"});
      }
      doc_start = std::string::npos;
    }

    // Hand over complete documents; keep the unfinished tail.
    size_t keep_from = doc_start != std::string::npos ? doc_start : scan_pos;
    if (!batch.documents.empty() || !pending_issues.empty() || eof) {
      std::string tail = buf.substr(keep_from);
      buf.resize(keep_from);
      buf.append(kJsonPadding, ' ');
      batch.bytes = std::move(buf);
      batch.issues = std::move(pending_issues);
      pending_issues.clear();
      // Lines of the kept tail: recount from the new buffer start.
      if (!batch.documents.empty() || !batch.issues.empty()) {
        on_batch(std::move(batch));
        ++sequence;
      }
      buf = std::move(tail);
    } else {
      std::string tail = buf.substr(keep_from);
      buf = std::move(tail);
    }
    if (doc_start != std::string::npos) doc_start -= keep_from;
    scan_pos -= keep_from;
  }
  if (total_docs == 0 && sequence == 0) {
    // Nothing at all was found and nothing was reported: empty or blank file.
    DocumentBatch batch;
    batch.file = std::string(name);
    batch.sequence = sequence;
    batch.issues.push_back({std::string(name), 0, total_bytes == 0 ? "empty file" : "no JSON document in file"});
    on_batch(std::move(batch));
  }
  if (summary) {
    summary->sha256 = sha.FinishHex();
    summary->bytes = total_bytes;
    summary->documents = total_docs;
  }
  return Status::Ok();
}

}  // namespace

Status ReadDocuments(const std::string& path, const DocumentStreamOptions& options,
                     const std::function<void(DocumentBatch&&)>& on_batch, DocumentStreamSummary* summary) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::IoError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  FileSource source(f, path);
  return Split(source, path, options, on_batch, summary);
}

Status ReadDocumentsFromString(std::string_view name, std::string_view data, const DocumentStreamOptions& options,
                               const std::function<void(DocumentBatch&&)>& on_batch,
                               DocumentStreamSummary* summary) {
  StringSource source(data);
  return Split(source, name, options, on_batch, summary);
}

}  // namespace clearbid
