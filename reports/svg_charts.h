#pragma once
// Charts as inline SVG (no script, no external resource), so that an HTML
// report stays one file and prints. Every label is escaped.

#include <string>
#include <vector>

namespace clearbid::reports {

struct Bar {
  std::string label;
  double value = 0;
  std::string color;  // CSS colour from the report's palette, not from data
};

/// Vertical bars with their values above them; `title` becomes the SVG's
/// accessible name.
std::string SvgBarChart(const std::vector<Bar>& bars, const std::string& title);

/// Horizontal bars (long labels: contributions, suppliers).
std::string SvgHorizontalBars(const std::vector<Bar>& bars, const std::string& title, double max_value);

struct HeatCell {
  int64_t total = 0;   // shown as the number in the cell
  int64_t severe = 0;  // high or critical: the colour is severe / total
};

/// A grid: rows × columns of cells (`cells[row][column]`).
std::string SvgHeatMap(const std::vector<std::string>& row_labels,
                       const std::vector<std::string>& column_labels,
                       const std::vector<std::vector<HeatCell>>& cells, const std::string& title);

}  // namespace clearbid::reports
