#include "engine/store/pg/pg_float.h"

#include <charconv>
#include <cmath>
#include <string>

#include <fmt/format.h>

namespace clearbid {

PgParam PgFloatParam(double value) {
  if (std::isnan(value)) return PgParam("NaN");
  if (std::isinf(value)) return PgParam(value > 0 ? "Infinity" : "-Infinity");
  return PgParam(fmt::format("{}", value));
}

Result<double> PgFloatCell(const PgRows& rows, size_t row, int col) {
  const std::string& text = rows.Text(row, col);
  if (!rows.IsNull(row, col)) {
    if (text == "NaN") return std::nan("");
    if (text == "Infinity") return HUGE_VAL;
    if (text == "-Infinity") return -HUGE_VAL;
    double value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec == std::errc() && ptr == end) return value;
  }
  return Status::Corruption(
      fmt::format("postgresql: row {} column {} is not a number: \"{}\"", row, col, text.substr(0, 32)));
}

}  // namespace clearbid
