#include "connectors/json/document_stream.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <algorithm>
#include <cstring>

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
