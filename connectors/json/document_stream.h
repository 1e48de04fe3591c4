#pragma once
// Splits a JSON input file into its top-level documents without loading it
// whole: a single document, JSON Lines, or documents concatenated with any
// whitespace between them. Reads in chunks, so memory is bounded by the chunk
// size and the largest single document, not by the file.
//
// The splitter does not validate JSON (the parser does, per document); it only
// tracks strings and nesting, so one broken document never hides the next.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "engine/base/status.h"

namespace clearbid {

/// One problem found while reading input, located for the user.
struct InputIssue {
  std::string file;
  int64_t line = 0;  // 1-based; 0 when it concerns the whole file
  std::string reason;
};

/// A top-level JSON document. `text` is followed by at least kJsonPadding
/// readable bytes (as simdjson requires).
struct DocumentSpan {
  size_t begin = 0;
  size_t length = 0;
  int64_t line = 0;
  /// No whitespace outside strings: the text is its own minified form.
  bool minified = false;
};

constexpr size_t kJsonPadding = 64;

/// A run of whole documents read from one file, owning its bytes.
struct DocumentBatch {
  std::string file;
  uint64_t sequence = 0;   // order of the batch within the file, from 0
  std::string bytes;       // documents and padding
  std::vector<DocumentSpan> documents;
  std::vector<InputIssue> issues;  // framing problems found in this batch
  std::string_view Text(const DocumentSpan& d) const { return {bytes.data() + d.begin, d.length}; }
};

struct DocumentStreamOptions {
  /// Bytes read at a time; a batch holds about this much.
  size_t chunk_bytes = 8u << 20;
  /// A single document larger than this is rejected (the rest of the file is
  /// still read).
  size_t max_document_bytes = 1u << 30;
};

struct DocumentStreamSummary {
  std::string sha256;
  uint64_t bytes = 0;
  uint64_t documents = 0;
};

/// Reads `path`, calling `on_batch` for each batch in file order. Framing
/// problems (truncated documents, stray characters, oversize documents) are
/// reported in the batches' issues; an unreadable file returns an error.
/// An empty file yields no documents and one issue ("empty file").
Status ReadDocuments(const std::string& path, const DocumentStreamOptions& options,
                     const std::function<void(DocumentBatch&&)>& on_batch,
                     DocumentStreamSummary* summary);

/// Same, over bytes in memory (tests, HTTP bodies). `name` names the input in issues.
Status ReadDocumentsFromString(std::string_view name, std::string_view data,
                               const DocumentStreamOptions& options,
                               const std::function<void(DocumentBatch&&)>& on_batch,
                               DocumentStreamSummary* summary);

}  // namespace clearbid
