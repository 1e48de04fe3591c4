#pragma once
// A plain table (a sheet): what the CSV and XLSX writers take. Reports build
// their tables (findings, parties, counts) once and every tabular format
// writes the same rows.

#include <optional>
#include <string>
#include <vector>

#include "engine/base/status.h"

namespace clearbid::reports {

struct Cell {
  std::string text;
  /// Set for numeric cells (written as numbers in XLSX; `text` is then unused).
  std::optional<double> number;

  static Cell Text(std::string s) { return Cell{std::move(s), std::nullopt}; }
  static Cell Number(double v) { return Cell{{}, v}; }
};

struct Table {
  /// Sheet name in XLSX (at most 31 characters, none of []:*?/\), file suffix in CSV.
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
};

/// The table as RFC 4180 CSV (UTF-8, CRLF line ends, header row first).
/// Text cells are neutralised against formula injection (NeutraliseFormula);
/// numbers are written with at most two decimals.
std::string TableToCsv(const Table& table);

/// Writes `tables` as one XLSX workbook, one sheet per table (header row bold
/// and frozen). Text cells are neutralised like CSV and cut at 32,767 bytes
/// (Excel's cell limit, on a UTF-8 boundary). `created` (Unix seconds, from the
/// injected clock) is the workbook's creation time, so the same tables and
/// time give the same file.
Status WriteXlsx(const std::string& path, const std::vector<Table>& tables, int64_t created);

}  // namespace clearbid::reports
