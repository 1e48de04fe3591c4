// The one wrapper over libxlsxwriter (C library, Debian libxlsxwriter-dev):
// WriteXlsx of reports/table.h. Nothing else includes xlsxwriter.h.

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <set>

#include "reports/table.h"
#include "reports/text_safety.h"

namespace clearbid::reports {
namespace {

constexpr size_t kMaxCellBytes = 32767;

std::string CellText(const std::string& text) {
  std::string value = NeutraliseFormula(text);
  if (value.size() <= kMaxCellBytes) return value;
  size_t cut = kMaxCellBytes;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  value.resize(cut);
  return value;
}

/// Excel sheet names: at most 31 characters, none of []:*?/\, unique.
std::string SheetName(const std::string& name, std::set<std::string>* used) {
  std::string clean;
  for (char ch : name)
    clean.push_back(std::string_view("[]:*?/\\").find(ch) == std::string_view::npos ? ch : '_');
  if (clean.empty()) clean = "Sheet";
  clean = clean.substr(0, 28);
  std::string candidate = clean;
  for (int n = 2; used->count(candidate); ++n) candidate = fmt::format("{}~{}", clean, n);
  used->insert(candidate);
  return candidate;
}

struct WorkbookCloser {
  lxw_workbook* wb;
  ~WorkbookCloser() {
    if (wb) workbook_close(wb);
  }
};

}  // namespace

Status WriteXlsx(const std::string& path, const std::vector<Table>& tables, int64_t created) {
  lxw_workbook_options options = {};
  options.constant_memory = LXW_FALSE;
  WorkbookCloser closer{workbook_new_opt(path.c_str(), &options)};
  lxw_workbook* wb = closer.wb;
  if (!wb) return Status::IoError(fmt::format("{}: cannot create the workbook", path));
  lxw_doc_properties properties = {};
  properties.created = static_cast<time_t>(created);
  std::string title = "clearbid report";
  properties.title = const_cast<char*>(title.c_str());
  workbook_set_properties(wb, &properties);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  std::set<std::string> used;
  for (const Table& table : tables) {
    std::string name = SheetName(table.name, &used);
    lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
    if (!ws) return Status::Internal(fmt::format("{}: cannot add sheet {}", path, name));
    std::vector<size_t> widths(table.columns.size(), 8);
    for (size_t c = 0; c < table.columns.size(); ++c) {
      std::string text = CellText(table.columns[c]);
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), text.c_str(), bold);
      widths[c] = std::max(widths[c], text.size());
    }
    for (size_t r = 0; r < table.rows.size() && r + 1 < LXW_ROW_MAX; ++r) {
      const std::vector<Cell>& row = table.rows[r];
      for (size_t c = 0; c < row.size() && c < LXW_COL_MAX; ++c) {
        auto rr = static_cast<lxw_row_t>(r + 1);
        auto cc = static_cast<lxw_col_t>(c);
        lxw_error err;
        if (row[c].number) {
          err = worksheet_write_number(ws, rr, cc, *row[c].number, nullptr);
        } else {
          std::string text = CellText(row[c].text);
          err = worksheet_write_string(ws, rr, cc, text.c_str(), nullptr);
          if (c < widths.size()) widths[c] = std::max(widths[c], std::min<size_t>(text.size(), 60));
        }
        if (err != LXW_NO_ERROR) {
          return Status::Internal(
              fmt::format("{}: sheet {} row {} column {}: {}", path, name, r + 2, c + 1, lxw_strerror(err)));
        }
      }
    }
    for (size_t c = 0; c < widths.size(); ++c) {
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           static_cast<double>(std::min<size_t>(widths[c] + 2, 62)), nullptr);
    }
    worksheet_freeze_panes(ws, 1, 0);
  }
  closer.wb = nullptr;
  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) return Status::IoError(fmt::format("{}: {}", path, lxw_strerror(err)));
  return Status::Ok();
}

}  // namespace clearbid::reports
