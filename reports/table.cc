#include "reports/table.h"

#include <fmt/format.h>

#include <cmath>

#include "reports/text_safety.h"

namespace clearbid::reports {
namespace {

std::string NumberText(double v) {
  double rounded = std::round(v * 100) / 100;
  if (rounded == std::floor(rounded) && std::fabs(rounded) < 1e15) return fmt::format("{:.0f}", rounded);
  return fmt::format("{:.2f}", rounded);
}

}  // namespace

std::string TableToCsv(const Table& table) {
  std::string out;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (i) out.push_back(',');
    out.append(CsvField(table.columns[i]));
  }
  out.append("\r\n");
  for (const std::vector<Cell>& row : table.rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) out.push_back(',');
      out.append(row[i].number ? NumberText(*row[i].number) : CsvField(row[i].text));
    }
    out.append("\r\n");
  }
  return out;
}

}  // namespace clearbid::reports
