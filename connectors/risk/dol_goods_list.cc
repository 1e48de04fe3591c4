#include "connectors/risk/dol_goods_list.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "connectors/csv/csv_reader.h"
#include "engine/model/country.h"

namespace clearbid {
namespace {

std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "X" (any case) marks the kind of labour; empty means not listed for it.
std::optional<bool> ParseMark(const std::string& field) {
  std::string v = Lower(Trim(field));
  if (v.empty()) return false;
  if (v == "x") return true;
  return std::nullopt;
}

}  // namespace

Result<std::vector<GoodsListRow>> ReadDolGoodsList(const std::string& path, std::vector<std::string>* problems,
                                                   DolGoodsListStats* stats) {
  std::vector<std::string> local;
  if (!problems) problems = &local;
  DolGoodsListStats st;
  ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader, CsvReader::Open(path));
  CsvRecord rec;
  std::string error;
  int country_col = -1, good_col = -1, child_col = -1, forced_col = -1;
  std::vector<GoodsListRow> out;
  while (reader->Next(&rec, &error)) {
    if (!error.empty()) {
      problems->push_back(error);
      error.clear();
      ++st.skipped;
      continue;
    }
    std::vector<std::string> f;
    for (const std::string& s : rec.fields) f.push_back(Trim(s));
    if (country_col < 0) {
      for (size_t i = 0; i < f.size(); ++i) {
        std::string h = Lower(f[i]);
        if (h == "country") country_col = static_cast<int>(i);
        else if (h == "good") good_col = static_cast<int>(i);
        else if (h == "child labor" || h == "child labour") child_col = static_cast<int>(i);
        else if (h == "forced labor" || h == "forced labour") forced_col = static_cast<int>(i);
      }
      if (country_col < 0 || good_col < 0 || child_col < 0 || forced_col < 0)
        return Status::ParseError(fmt::format("{}:{}: expected the columns Country, Good, Child Labor, Forced Labor",
                                              path, rec.line));
      continue;
    }
    const size_t need = static_cast<size_t>(std::max({country_col, good_col, child_col, forced_col})) + 1;
    if (f.size() > need) {
      // Trailing empty fields are harmless; anything else is a malformed row.
      bool extra = false;
      for (size_t i = need; i < f.size(); ++i) extra |= !f[i].empty();
      if (extra) {
        problems->push_back(fmt::format("{}:{}: {} fields, expected {}", path, rec.line, f.size(), need));
        ++st.skipped;
        continue;
      }
    }
    f.resize(std::max(f.size(), need));
    // Some exports repeat the header row between pages.
    if (Lower(f[country_col]) == "country" && Lower(f[good_col]) == "good") continue;
    ++st.rows;
    GoodsListRow row;
    row.country_name = f[country_col];
    row.good = f[good_col];
    row.line = rec.line;
    std::optional<bool> child = ParseMark(f[child_col]), forced = ParseMark(f[forced_col]);
    if (row.good.empty() || row.country_name.empty()) {
      problems->push_back(fmt::format("{}:{}: empty country or good", path, rec.line));
      ++st.skipped;
      continue;
    }
    if (!child || !forced) {
      problems->push_back(fmt::format("{}:{}: labour marks must be 'X' or empty", path, rec.line));
      ++st.skipped;
      continue;
    }
    if (!*child && !*forced) {
      problems->push_back(fmt::format("{}:{}: '{}' in {} has neither mark", path, rec.line, row.good, row.country_name));
      ++st.skipped;
      continue;
    }
    row.child_labour = *child;
    row.forced_labour = *forced;
    row.country = CountryCode(row.country_name);
    if (row.country.empty()) {
      problems->push_back(fmt::format("{}:{}: unknown country '{}'", path, rec.line, row.country_name));
      ++st.unknown_country;
    }
    out.push_back(std::move(row));
  }
  if (country_col < 0) return Status::ParseError(fmt::format("{}: empty file", path));
  if (stats) *stats = st;
  return out;
}

}  // namespace clearbid
