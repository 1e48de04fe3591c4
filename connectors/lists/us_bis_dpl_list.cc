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
  ListReadResult out;
  ASSIGN_OR_RETURN(lists::CsvListFile file, lists::OpenCsvList(path, csv, &out));
  RETURN_IF_ERROR(file.ReadHeader("empty file"));
  auto col = [&](std::string_view name) { return file.Column(name); };
  const int name_col = col("Name"), street_col = col("Street_Address"), city_col = col("City"),
            state_col = col("State"), country_col = col("Country"), postal_col = col("Postal_Code"),
            effective_col = col("Effective_Date"), expiration_col = col("Expiration_Date"),
            action_col = col("Action"), citation_col = col("FR_Citation");
  RETURN_IF_ERROR(file.RequireColumns({name_col, effective_col, expiration_col},
                                      "header lacks Name, Effective_Date or Expiration_Date "
                                      "(is this the BIS Denied Persons List?)"));
  lists::CsvRowChecks checks;
  checks.width = file.header.size();
  std::map<std::pair<std::string, std::string>, size_t> index;
  lists::ForEachCsvRow(*file.reader, path, checks, options, &out, [&](const lists::CsvListRow& row) {
    std::string name = row.Field(name_col);
    if (name.empty()) {
      row.Skip("empty Name");
      return;
    }
    Result<std::string> from = UsDate(row.fields()[effective_col]);
    Result<std::string> until = UsDate(row.fields()[expiration_col]);
    if (!from.ok() || !until.ok()) {
      row.Skip(fmt::format("{}: {}", from.ok() ? "Expiration_Date" : "Effective_Date",
                           (from.ok() ? until : from).status().message()));
      return;
    }
    Address a;
    a.street_address = row.Field(street_col);
    a.locality = row.Field(city_col);
    a.region = row.Field(state_col);
    a.postal_code = row.Field(postal_col);
    a.country = CountryCode(row.Field(country_col));
    a.country_name = CountryName(a.country);
    auto key = std::make_pair(name, *from);
    auto [it, inserted] = index.emplace(key, out.entries.size());
    if (inserted) {
      ListEntry e;
      e.source = source;
      e.source_line = row.line();
      e.name = name;
      e.listed_from = *from;
      e.listed_until = *until;
      e.active = lists::IsActive(e.listed_until, options.as_of);
      e.reason = row.Field(citation_col).empty() ? "Denied Persons List"
                                                 : fmt::format("Denied Persons List ({})", row.Field(citation_col));
      e.notes = row.Field(action_col);
      e.entry_id = lists::StableId("dpl", {name, *from});
      out.entries.push_back(std::move(e));
    }
    ListEntry& e = out.entries[it->second];
    lists::AddUnique(a.country, &e.countries);
    if (!a.street_address.empty() || !a.locality.empty() || !a.country.empty()) e.addresses.push_back(std::move(a));
  });
  return out;
}

}  // namespace clearbid
