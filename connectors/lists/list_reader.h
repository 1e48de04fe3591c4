#pragma once
// List connectors: read exclusion, debarment and sanctions lists in their
// published formats into ListEntry records. A malformed row is skipped with a
// "file:line: reason" error and the rest of the file is still read; only an
// input that cannot be read at all (missing file, no header, not XML) fails.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "engine/model/list_entry.h"

namespace clearbid {

enum class ListFormat { kWorldBank, kEbrd, kOfacCsv, kUnXml, kFtm, kCsv, kUsCsl, kUsBisDpl };

/// "worldbank", "ebrd", "ofac-csv", "un-xml", "ftm", "csv", "us-csl", "bis-dpl".
Result<ListFormat> ParseListFormat(std::string_view name);
std::string_view ListFormatName(ListFormat format);
/// Default list name: "worldbank", "ebrd", "ofac-sdn", "un-sc", "opensanctions", "csv",
/// "us-csl", "us-bis-dpl".
std::string_view DefaultListName(ListFormat format);

struct ListReadOptions {
  /// "YYYY-MM-DD": entries whose listed_until is before this date are kept,
  /// marked inactive. Empty: every entry is active. Never the wall clock.
  std::string as_of;
  /// Written to ListEntry::source; empty: DefaultListName(format).
  std::string source;
  /// Longest accepted field (names, addresses, remarks); a longer one skips its row.
  size_t max_field_bytes = 64 * 1024;
  /// Longest accepted record (CSV record, JSON line).
  size_t max_record_bytes = 1 << 20;
  /// Largest accepted XML file (the UN reader parses the file as one DOM).
  size_t max_xml_bytes = 512u << 20;
  /// At most this many error messages are kept; all are counted in `skipped`.
  size_t max_errors = 1000;
};

struct ListReadResult {
  std::vector<ListEntry> entries;
  /// "file:line: reason" for each skipped row (and each dropped sub-row,
  /// e.g. an OFAC alias of an unknown entity), at most max_errors.
  std::vector<std::string> errors;
  /// "file:line: reason" for rows kept with a value dropped (an unknown
  /// country name in the generic CSV), at most max_errors.
  std::vector<std::string> warnings;
  /// Rows skipped because they were malformed.
  int64_t skipped = 0;
  /// Records that are not list entries (FtM addresses and relations): not errors.
  int64_t ignored = 0;
  /// Files read, in order (ofac-csv: sdn.csv, then alt.csv and add.csv when present).
  std::vector<std::string> files;
  /// SHA-256 (hex) of the bytes of `files`, concatenated in order.
  std::string sha256;

  void AddError(std::string message, size_t max_errors);
};

/// Reads one list. `path` is the list file; for kOfacCsv it may also be the
/// folder holding sdn.csv (alt.csv and add.csv are read from beside sdn.csv
/// when present). Fails with IoError/ParseError only when nothing can be read.
Result<ListReadResult> ReadList(ListFormat format, const std::string& path, const ListReadOptions& options);

// The per-format readers behind ReadList.
Result<ListReadResult> ReadWorldBankList(const std::string& path, const ListReadOptions& options);
Result<ListReadResult> ReadEbrdList(const std::string& path, const ListReadOptions& options);
Result<ListReadResult> ReadOfacCsvList(const std::string& path, const ListReadOptions& options);
Result<ListReadResult> ReadUnXmlList(const std::string& path, const ListReadOptions& options);
Result<ListReadResult> ReadFtmList(const std::string& path, const ListReadOptions& options);
/// The generic CSV documented in docs/formats/list-csv.md.
Result<ListReadResult> ReadGenericCsvList(const std::string& path, const ListReadOptions& options);
/// US Consolidated Screening List CSV (trade.gov).
Result<ListReadResult> ReadUsCslList(const std::string& path, const ListReadOptions& options);
/// US BIS Denied Persons List (tab-separated).
Result<ListReadResult> ReadUsBisDplList(const std::string& path, const ListReadOptions& options);

}  // namespace clearbid
