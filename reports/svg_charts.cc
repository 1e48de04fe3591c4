#include "reports/svg_charts.h"

#include <fmt/format.h>

#include <algorithm>

#include "reports/html_page.h"
#include "reports/text_safety.h"

namespace clearbid::reports {
namespace {

std::string Truncate(const std::string& s, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (chars == max_chars) return s.substr(0, i) + "\xE2\x80\xA6";
      ++chars;
    }
  }
  return s;
}

}  // namespace

std::string SvgBarChart(const std::vector<Bar>& bars, const std::string& title) {
  const int bar_w = 70, gap = 30, top = 24, chart_h = 160, bottom = 40, left = 20;
  int width = left * 2 + static_cast<int>(bars.size()) * (bar_w + gap);
  int height = top + chart_h + bottom;
  double max_value = 0;
  for (const Bar& b : bars) max_value = std::max(max_value, b.value);
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} "
      "{1}\">"
      "<title>{2}</title>",
      width, height, HtmlEscape(title));
  out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#888\"/>", left / 2,
                     top + chart_h, width - left / 2, top + chart_h);
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    double h = max_value > 0 ? b.value / max_value * chart_h : 0;
    int x = left + static_cast<int>(i) * (bar_w + gap) + gap / 2;
    out += fmt::format(
        "<rect x=\"{}\" y=\"{:.1f}\" width=\"{}\" height=\"{:.1f}\" fill=\"{}\"><title>{}: {}</title></rect>",
        x, top + chart_h - h, bar_w, h, HtmlEscape(b.color), HtmlEscape(b.label), FormatNumber(b.value));
    out += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"13\">{}</text>",
                       x + bar_w / 2, top + chart_h - h - 6, FormatNumber(b.value));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"13\">{}</text>",
                       x + bar_w / 2, top + chart_h + 20, HtmlEscape(Truncate(b.label, 12)));
  }
  out += "</svg>";
  return out;
}

std::string SvgHorizontalBars(const std::vector<Bar>& bars, const std::string& title, double max_value) {
  const int label_w = 300, chart_w = 360, row_h = 22, value_w = 60;
  int width = label_w + chart_w + value_w;
  int height = static_cast<int>(bars.size()) * row_h + 8;
  for (const Bar& b : bars) max_value = std::max(max_value, b.value);
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} "
      "{1}\">"
      "<title>{2}</title>",
      width, height, HtmlEscape(title));
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    int y = 4 + static_cast<int>(i) * row_h;
    double w = max_value > 0 ? b.value / max_value * chart_w : 0;
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\">{}</text>", label_w - 6,
                       y + 15, HtmlEscape(Truncate(b.label, 42)));
    out += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"><title>{}: {}</title></rect>",
        label_w, y + 3, w, row_h - 6, HtmlEscape(b.color), HtmlEscape(b.label), FormatNumber(b.value));
    out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"12\">{}</text>", label_w + w + 4, y + 15,
                       FormatNumber(b.value));
  }
  out += "</svg>";
  return out;
}

std::string SvgHeatMap(const std::vector<std::string>& row_labels,
                       const std::vector<std::string>& column_labels,
                       const std::vector<std::vector<HeatCell>>& cells, const std::string& title) {
  const int cell = 46, left = 110, top = 90;
  // At least wide enough for the legend line under the grid.
  int width = std::max(left + static_cast<int>(column_labels.size()) * cell + 10, 560);
  int height = top + static_cast<int>(row_labels.size()) * cell + 30;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} "
      "{1}\">"
      "<title>{2}</title>",
      width, height, HtmlEscape(title));
  for (size_t c = 0; c < column_labels.size(); ++c) {
    int x = left + static_cast<int>(c) * cell + cell / 2;
    out +=
        fmt::format("<text x=\"{0}\" y=\"{1}\" font-size=\"11\" transform=\"rotate(-50 {0} {1})\">{2}</text>",
                    x, top - 6, HtmlEscape(Truncate(column_labels[c], 14)));
  }
  for (size_t r = 0; r < row_labels.size(); ++r) {
    int y = top + static_cast<int>(r) * cell;
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\">{}</text>", left - 6,
                       y + cell / 2 + 4, HtmlEscape(Truncate(row_labels[r], 14)));
    for (size_t c = 0; c < column_labels.size(); ++c) {
      HeatCell hc = r < cells.size() && c < cells[r].size() ? cells[r][c] : HeatCell{};
      int x = left + static_cast<int>(c) * cell;
      std::string fill = "#f4f5f7";
      if (hc.total > 0) {
        double share = static_cast<double>(hc.severe) / static_cast<double>(hc.total);
        // From pale amber (no severe process) to deep red (all severe).
        int g = static_cast<int>(224 - share * 200);
        int b = static_cast<int>(178 - share * 160);
        fill = fmt::format("rgb(250,{},{})", g, b);
      }
      out += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#ffffff\"><title>{} × {}: "
          "{} "
          "processes, {} high or critical</title></rect>",
          x, y, cell, cell, fill, HtmlEscape(row_labels[r]), HtmlEscape(column_labels[c]), hc.total,
          hc.severe);
      if (hc.total > 0) {
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\">{}/{}</text>",
                           x + cell / 2, y + cell / 2 + 4, hc.severe, hc.total);
      }
    }
  }
  out += fmt::format(
      "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#5f6b7a\">cell: high-or-critical / all processes; "
      "darker = "
      "larger severe share</text>",
      left, height - 8);
  out += "</svg>";
  return out;
}

}  // namespace clearbid::reports
