// US BIS Denied Persons List (tab-separated, quoted fields): Name,
// Street_Address, City, State, Country, Postal_Code, Effective_Date,
// Expiration_Date (MM/DD/YYYY), Standard_Order, Last_Update, Action,
// FR_Citation. A denied party with several addresses has one row per
// address: rows with the same name and effective date form one entry (the
// citation grows as notices are updated, so it is not part of the key).

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

#include "connectors/csv/csv_reader.h"
#include "connectors/lists/list_reader.h"
#include "connectors/lists/list_util.h"
#include "engine/model/country.h"

namespace clearbid {

namespace {

using lists::CleanText;

/// "10/16/2017" (the list's US month/day/year) -> "2017-10-16"; "" stays "".
Result<std::string> UsDate(std::string_view value) {
  std::string v = CleanText(value);
  if (v.empty()) return std::string();
  std::vector<std::string> parts = lists::SplitList(v, "/");
  auto digits = [](const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (parts.size() == 3 && digits(parts[0]) && digits(parts[1]) && digits(parts[2]) && parts[2].size() == 4 &&
      parts[0].size() <= 2 && parts[1].size() <= 2) {
    int month = std::stoi(parts[0]);
    int day = std::stoi(parts[1]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) {
      return lists::NormalizeListDate(fmt::format("{}-{:02d}-{:02d}", parts[2], month, day));
    }
  }
  return Status::ParseError(fmt::format("unrecognised date \"{}\" (want MM/DD/YYYY)", v.substr(0, 40)));
}

}  // namespace

Result<ListReadResult> ReadUsBisDplList(const std::string& path, const ListReadOptions& options) {
  const std::string source = options.source.empty() ? "us-bis-dpl" : options.source;
  CsvOptions csv;
  csv.delimiter = '\t';
  csv.max_record_bytes = options.max_record_bytes;
  ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader, CsvReader::Open(path, csv));
  ListReadResult out;
  out.files = {path};
  ASSIGN_OR_RETURN(out.sha256, lists::FilesSha256(out.files));

  CsvRecord record;
  std::string error;
  if (!reader->Next(&record, &error) || !error.empty()) {
    return Status::ParseError(error.empty() ? fmt::format("{}: empty file", path) : error);
  }
  const std::vector<std::string> header = record.fields;
  auto col = [&](std::string_view name) { return lists::ColumnIndex(header, name); };
  const int name_col = col("Name"), street_col = col("Street_Address"), city_col = col("City"),
            state_col = col("State"), country_col = col("Country"), postal_col = col("Postal_Code"),
            effective_col = col("Effective_Date"), expiration_col = col("Expiration_Date"),
            action_col = col("Action"), citation_col = col("FR_Citation");
  if (name_col < 0 || effective_col < 0 || expiration_col < 0) {
    return Status::ParseError(fmt::format("{}:{}: header lacks Name, Effective_Date or Expiration_Date "
                                          "(is this the BIS Denied Persons List?)",
                                          path, record.line));
  }
  const size_t width = header.size();
  std::map<std::pair<std::string, std::string>, size_t> index;
  while (reader->Next(&record, &error)) {
    if (!error.empty()) {
      ++out.skipped;
      out.AddError(error, options.max_errors);
      continue;
    }
    const std::vector<std::string>& f = record.fields;
    auto skip = [&](std::string_view reason) {
      ++out.skipped;
      out.AddError(fmt::format("{}:{}: {}", path, record.line, reason), options.max_errors);
    };
    if (f.size() != width) {
      skip(fmt::format("expected {} fields, found {}", width, f.size()));
      continue;
    }
    if (auto too_long = lists::CheckFieldSizes(f, options.max_field_bytes)) {
      skip(*too_long);
      continue;
    }
    auto field = [&](int c) { return c >= 0 ? CleanText(f[c]) : std::string(); };
    std::string name = field(name_col);
    if (name.empty()) {
      skip("empty Name");
      continue;
    }
    Result<std::string> from = UsDate(f[effective_col]);
    Result<std::string> until = UsDate(f[expiration_col]);
    if (!from.ok() || !until.ok()) {
      skip(fmt::format("{}: {}", from.ok() ? "Expiration_Date" : "Effective_Date",
                       (from.ok() ? until : from).status().message()));
      continue;
    }
    Address a;
    a.street_address = field(street_col);
    a.locality = field(city_col);
    a.region = field(state_col);
    a.postal_code = field(postal_col);
    a.country = CountryCode(field(country_col));
    a.country_name = CountryName(a.country);
    auto key = std::make_pair(name, *from);
    auto [it, inserted] = index.emplace(key, out.entries.size());
    if (inserted) {
      ListEntry e;
      e.source = source;
      e.source_line = record.line;
      e.name = name;
      e.listed_from = *from;
      e.listed_until = *until;
      e.active = lists::IsActive(e.listed_until, options.as_of);
      e.reason = field(citation_col).empty() ? "Denied Persons List"
                                             : fmt::format("Denied Persons List ({})", field(citation_col));
      e.notes = field(action_col);
      e.entry_id = lists::StableId("dpl", {name, *from});
      out.entries.push_back(std::move(e));
    }
    ListEntry& e = out.entries[it->second];
    lists::AddUnique(a.country, &e.countries);
    if (!a.street_address.empty() || !a.locality.empty() || !a.country.empty()) e.addresses.push_back(std::move(a));
  }
  return out;
}

}  // namespace clearbid
