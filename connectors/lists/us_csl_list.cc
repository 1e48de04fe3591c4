// US Consolidated Screening List (trade.gov CSV): one header row (source,
// entity_number, type, programs, name, title, addresses, …, start_date,
// end_date, …, alt_names, citizenships, dates_of_birth, nationalities, …, ids),
// then one listed party per row from the SDN, SSI, Entity, Denied Persons,
// Unverified, ITAR-debarred and other US lists. Multi-valued fields are
// separated by "; "; addresses end in an alpha-2 country code; ids read
// "CC, number, type".

#include <fmt/format.h>

#include "connectors/csv/csv_reader.h"
#include "connectors/lists/list_reader.h"
#include "connectors/lists/list_util.h"
#include "engine/model/country.h"

namespace clearbid {

namespace {

using lists::CleanText;

EntitySchema CslSchema(std::string_view type) {
  std::string t = lists::AsciiLower(CleanText(type));
  if (t == "individual") return EntitySchema::kPerson;
  if (t == "entity") return EntitySchema::kOrganization;
  if (t == "vessel") return EntitySchema::kVessel;
  if (t == "aircraft") return EntitySchema::kAircraft;
  return EntitySchema::kUnknown;
}

}  // namespace

Result<ListReadResult> ReadUsCslList(const std::string& path, const ListReadOptions& options) {
  const std::string source = options.source.empty() ? "us-csl" : options.source;
  CsvOptions csv;
  csv.max_record_bytes = options.max_record_bytes;
  ListReadResult out;
  ASSIGN_OR_RETURN(lists::CsvListFile file, lists::OpenCsvList(path, csv, &out));
  RETURN_IF_ERROR(file.ReadHeader("empty file"));
  auto col = [&](std::string_view name) { return file.Column(name); };
  const int source_col = col("source"), number_col = col("entity_number"), type_col = col("type"),
            programs_col = col("programs"), name_col = col("name"), addresses_col = col("addresses"),
            start_col = col("start_date"), end_col = col("end_date"), remarks_col = col("remarks"),
            alt_col = col("alt_names"), citizenships_col = col("citizenships"), dob_col = col("dates_of_birth"),
            nationalities_col = col("nationalities"), ids_col = col("ids");
  RETURN_IF_ERROR(file.RequireColumns({name_col, source_col, alt_col},
                                      "header lacks name, source or alt_names "
                                      "(is this the US Consolidated Screening List CSV?)"));
  lists::CsvRowChecks checks;
  checks.width = file.header.size();
  lists::ForEachCsvRow(*file.reader, path, checks, options, &out, [&](const lists::CsvListRow& row) {
    ListEntry e;
    e.source = source;
    e.source_line = row.line();
    e.name = row.Field(name_col);
    if (e.name.empty()) {
      row.Skip("empty name");
      return;
    }
    Result<std::string> start = lists::NormalizeListDate(row.Field(start_col));
    Result<std::string> end = lists::NormalizeListDate(row.Field(end_col));
    if (!start.ok() || !end.ok()) {
      row.Skip(fmt::format("{}: {}", start.ok() ? "end_date" : "start_date", (start.ok() ? end : start).status().message()));
      return;
    }
    e.listed_from = *start;
    e.listed_until = *end;
    e.active = lists::IsActive(e.listed_until, options.as_of);
    e.schema = CslSchema(row.Field(type_col));
    for (const std::string& a : lists::SplitList(row.Field(alt_col), ";"))
      if (a != e.name) lists::AddUnique(a, &e.aliases);
    for (int c : {citizenships_col, nationalities_col}) {
      if (c >= 0) lists::AddCountries(row.fields()[c], &e.countries);
    }
    for (const std::string& d : lists::SplitList(row.Field(dob_col), ";")) lists::AddUnique(d, &e.birth_dates);
    for (const std::string& address : lists::SplitList(row.Field(addresses_col), ";")) {
      Address a;
      a.street_address = address;
      size_t comma = address.rfind(',');
      if (comma != std::string::npos) {
        std::string code = CountryCode(lists::Trim(std::string_view(address).substr(comma + 1)));
        a.country = code;
        lists::AddUnique(code, &e.countries);
      }
      e.addresses.push_back(std::move(a));
    }
    for (const std::string& id : lists::SplitList(row.Field(ids_col), ";")) {
      std::vector<std::string> parts = lists::SplitList(id, ",");
      if (parts.size() == 3 && parts[0].size() == 2) {  // "CC, number, type"
        e.identifiers.push_back({parts[2], parts[1], ""});
      }
    }
    std::string programs = row.Field(programs_col);
    std::string list = row.Field(source_col);
    e.reason = programs.empty() ? list : fmt::format("{} ({})", programs, list);
    e.notes = row.Field(remarks_col);
    e.entry_id = row.Field(number_col);
    if (e.entry_id.empty()) e.entry_id = lists::StableId("csl", {list, e.name, e.listed_from, row.Field(addresses_col)});
    out.entries.push_back(std::move(e));
  });
  lists::DeduplicateIds(&out.entries);
  return out;
}

}  // namespace clearbid
