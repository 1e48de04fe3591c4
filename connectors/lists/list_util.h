#pragma once
// Helpers shared by the list connectors (not part of their public API).

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/csv/csv_reader.h"
#include "connectors/lists/list_reader.h"
#include "engine/base/result.h"
#include "engine/base/status.h"
#include "engine/model/list_entry.h"

namespace clearbid::lists {

std::string_view Trim(std::string_view s);
/// Trims and collapses runs of whitespace (including newlines) to one space.
std::string CleanText(std::string_view s);
/// Upper-cases ASCII letters.
std::string AsciiUpper(std::string_view s);
/// Lower-cases ASCII letters.
std::string AsciiLower(std::string_view s);
/// Splits on any of `separators`, trimming parts and dropping empty ones.
std::vector<std::string> SplitList(std::string_view s, std::string_view separators);

/// Index of a header column by name (case-insensitive, trimmed, BOM-free), or -1.
int ColumnIndex(const std::vector<std::string>& header, std::string_view name);

/// Removes a leading honorific ("MR.", "MRS.", "MS.", "DR.", "MISS"); true when one was removed.
bool StripHonorific(std::string* name);

/// A listing date as "YYYY-MM-DD". Accepts "YYYY-MM-DD" and
/// "YYYY-MM-DDThh:mm:ss…" (day-first or month-first forms are ambiguous and
/// rejected). Empty, "Ongoing", "Permanent",
/// "Indefinite", "-0-" and years >= 2900 (World Bank's 2999-12-31 "permanent")
/// give "". Anything else is an error naming the value.
Result<std::string> NormalizeListDate(std::string_view value);

/// True unless listed_until is set and earlier than as_of (both YYYY-MM-DD).
bool IsActive(const std::string& listed_until, const std::string& as_of);

/// Appends the alpha-2 codes of a country field (several separated by newlines
/// or ';'), skipping unknown names and duplicates.
void AddCountries(std::string_view value, std::vector<std::string>* countries);
void AddUnique(std::string value, std::vector<std::string>* values);

/// "<prefix>-<16 hex>" from the parts, stable across imports of the same row.
std::string StableId(std::string_view prefix, std::initializer_list<std::string_view> parts);

/// Fails when a field is longer than the limit: "field NAME longer than N bytes".
std::optional<std::string> CheckFieldSizes(const std::vector<std::string>& fields, size_t max_bytes);

/// SHA-256 hex of the concatenated bytes of files.
Result<std::string> FilesSha256(const std::vector<std::string>& paths);

/// Makes entry ids unique within one import by suffixing "-2", "-3"…
void DeduplicateIds(std::vector<ListEntry>* entries);

/// A CSV list file with a header row, opened by OpenCsvList.
struct CsvListFile {
  std::string path;
  std::unique_ptr<CsvReader> reader;
  /// The header row's fields and the line it starts on (set by ReadHeader, or
  /// by the caller when it searches for the header itself).
  std::vector<std::string> header;
  int64_t header_line = 0;

  /// ColumnIndex of `name` in the header, or -1.
  int Column(std::string_view name) const;
  /// Reads the first record as the header. Fails with ParseError: the
  /// reader's "file:line: reason" for a malformed record, or
  /// "PATH: <empty_message>" when the file has no record.
  Status ReadHeader(std::string_view empty_message);
  /// ParseError "PATH:HEADER_LINE: <message>" when any of `columns` (indexes
  /// from Column) is -1; OK otherwise.
  Status RequireColumns(std::initializer_list<int> columns, std::string_view message) const;
};

/// Opens `path` as CSV and records it in out->files (= {path}) and
/// out->sha256. No record is read yet.
Result<CsvListFile> OpenCsvList(const std::string& path, const CsvOptions& csv, ListReadResult* out);

/// One well-formed data row, as ForEachCsvRow hands it to its callback.
class CsvListRow {
 public:
  CsvListRow(const std::string& path, const CsvRecord& record, const ListReadOptions& options, ListReadResult* out)
      : path_(path), record_(record), options_(options), out_(out) {}

  const std::vector<std::string>& fields() const { return record_.fields; }
  int64_t line() const { return record_.line; }
  /// CleanText of field `col`; "" when col < 0 (a column the header lacks).
  std::string Field(int col) const;
  /// Counts the row in out->skipped and adds the error "PATH:LINE: <reason>".
  void Skip(std::string_view reason) const;
  /// Adds the warning "PATH:LINE: <message>" (at most options.max_errors).
  void Warn(std::string_view message) const;

 private:
  const std::string& path_;
  const CsvRecord& record_;
  const ListReadOptions& options_;
  ListReadResult* out_;
};

/// The checks ForEachCsvRow makes before it hands a row on.
struct CsvRowChecks {
  /// Rows must have exactly this many fields.
  size_t width = 0;
  /// Skip rows with a field longer than options.max_field_bytes.
  bool check_field_sizes = true;
  /// When set and true for a record, that record is passed over silently
  /// (neither checked, counted nor handed on), e.g. a blank line or a sub-header.
  std::function<bool(const CsvRecord&)> pass_over;
};

/// Reads the remaining records of `reader` (whose input is `path`). For each:
/// a malformed record is counted in out->skipped with the reader's error; a
/// record read with a repaired quote (lenient_quotes only) adds the warning
/// "PATH:LINE: unescaped quote read as part of the text"; then `checks.pass_over`
/// may pass it over; a row with the wrong number of fields ("expected N
/// fields, found M") or an overlong field (CheckFieldSizes) is skipped;
/// every other row goes to `on_row`, which may itself Skip it.
void ForEachCsvRow(CsvReader& reader, const std::string& path, const CsvRowChecks& checks,
                   const ListReadOptions& options, ListReadResult* out,
                   const std::function<void(const CsvListRow&)>& on_row);

}  // namespace clearbid::lists
