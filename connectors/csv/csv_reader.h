#pragma once
// RFC 4180 CSV reading (quoted fields, embedded commas, quotes and newlines,
// CRLF or LF, optional UTF-8 BOM) with the physical line of every record, so
// that errors can name file:line. Streams: memory is bounded by one record.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "engine/base/status.h"

namespace clearbid {

struct CsvOptions {
  char delimiter = ',';
  char quote = '"';
  /// Longest accepted record in bytes; a longer one is an error for that record.
  size_t max_record_bytes = 1 << 20;
  /// Reads the unescaped quotes many exporters write as literal characters:
  /// a quote inside a quoted field that is not doubled and not followed by a
  /// delimiter or line end, and a quote inside an unquoted field. Such a
  /// record is returned with `repaired` set instead of as an error.
  bool lenient_quotes = false;
};

struct CsvRecord {
  std::vector<std::string> fields;
  /// 1-based physical line on which the record starts.
  int64_t line = 0;
  /// True when lenient_quotes read an unescaped quote literally in this record.
  bool repaired = false;
};

/// Reads records one at a time. Not thread-safe.
class CsvReader {
 public:
  /// Opens a file. Fails with IoError when it cannot be read.
  static Result<std::unique_ptr<CsvReader>> Open(const std::string& path, CsvOptions options = {});
  /// Reads from memory; `name` names the input in errors.
  static std::unique_ptr<CsvReader> FromString(std::string name, std::string data, CsvOptions options = {});
  ~CsvReader();

  /// Next record: true and fills `record`; false at end of input. A malformed
  /// record (unterminated quote at end of file, stray quote, oversize) sets
  /// `*error` to "file:line: reason" and returns true with `record->fields`
  /// empty, so the caller can count it and go on. Recovery: after a stray
  /// quote or an oversize line the reader resumes at the next physical line;
  /// after an unterminated quote it re-reads the lines the quote swallowed.
  /// Empty lines are skipped, not returned as records.
  bool Next(CsvRecord* record, std::string* error);

  const std::string& name() const;

 private:
  struct Impl;
  explicit CsvReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace clearbid
