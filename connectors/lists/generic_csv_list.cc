// The generic list CSV documented in docs/formats/list-csv.md: a header row
// naming the columns (any order, case-insensitive): name (required), aliases,
// country, identifiers, listed_from, listed_until, source, and optionally id,
// schema, reason, notes. Unknown columns are ignored.

#include <fmt/format.h>

#include "connectors/csv/csv_reader.h"
#include "connectors/lists/list_reader.h"
#include "connectors/lists/list_util.h"
#include "engine/model/country.h"

namespace clearbid {

namespace {

using lists::CleanText;

bool ParseSchema(std::string_view value, EntitySchema* out) {
  std::string v = lists::AsciiLower(CleanText(value));
  if (v.empty()) *out = EntitySchema::kUnknown;
  else if (v == "person" || v == "individual") *out = EntitySchema::kPerson;
  else if (v == "company") *out = EntitySchema::kCompany;
  else if (v == "organization" || v == "organisation" || v == "entity") *out = EntitySchema::kOrganization;
  else if (v == "vessel") *out = EntitySchema::kVessel;
  else if (v == "aircraft" || v == "airplane") *out = EntitySchema::kAircraft;
  else return false;
  return true;
}

}  // namespace

Result<ListReadResult> ReadGenericCsvList(const std::string& path, const ListReadOptions& options) {
  const std::string default_source = options.source.empty() ? "csv" : options.source;
  CsvOptions csv;
  csv.max_record_bytes = options.max_record_bytes;
  ListReadResult out;
  ASSIGN_OR_RETURN(lists::CsvListFile file, lists::OpenCsvList(path, csv, &out));
  RETURN_IF_ERROR(file.ReadHeader("empty file (want a header row)"));
  const int name_col = file.Column("name");
  RETURN_IF_ERROR(file.RequireColumns({name_col}, "header has no \"name\" column (see docs/formats/list-csv.md)"));
  const int id_col = file.Column("id");
  const int aliases_col = file.Column("aliases");
  const int country_col = file.Column("country");
  const int identifiers_col = file.Column("identifiers");
  const int from_col = file.Column("listed_from");
  const int until_col = file.Column("listed_until");
  const int source_col = file.Column("source");
  const int schema_col = file.Column("schema");
  const int reason_col = file.Column("reason");
  const int notes_col = file.Column("notes");

  lists::CsvRowChecks checks;
  checks.width = file.header.size();
  lists::ForEachCsvRow(*file.reader, path, checks, options, &out, [&](const lists::CsvListRow& row) {
    ListEntry e;
    e.source_line = row.line();
    e.name = row.Field(name_col);
    if (e.name.empty()) {
      row.Skip("empty name");
      return;
    }
    Result<std::string> from = lists::NormalizeListDate(row.Field(from_col));
    if (!from.ok()) {
      row.Skip(fmt::format("listed_from: {}", from.status().message()));
      return;
    }
    Result<std::string> until = lists::NormalizeListDate(row.Field(until_col));
    if (!until.ok()) {
      row.Skip(fmt::format("listed_until: {}", until.status().message()));
      return;
    }
    if (!ParseSchema(row.Field(schema_col), &e.schema)) {
      row.Skip(fmt::format("schema \"{}\" is not person, company, organization, vessel or aircraft",
                           row.Field(schema_col).substr(0, 40)));
      return;
    }
    for (const std::string& item : lists::SplitList(row.Field(identifiers_col), ";")) {
      size_t colon = item.find(':');
      if (colon == std::string::npos || colon == 0 || colon + 1 == item.size()) {
        row.Skip(fmt::format("identifier \"{}\" is not scheme:id", item.substr(0, 60)));
        return;
      }
      e.identifiers.push_back({CleanText(item.substr(0, colon)), CleanText(item.substr(colon + 1)), ""});
    }
    for (const std::string& c : lists::SplitList(row.Field(country_col), ";")) {
      std::string code = CountryCode(c);
      if (code.empty()) {
        row.Warn(fmt::format("unknown country \"{}\" dropped", c.substr(0, 60)));
        continue;
      }
      lists::AddUnique(code, &e.countries);
    }
    for (const std::string& a : lists::SplitList(row.Field(aliases_col), ";"))
      if (a != e.name) lists::AddUnique(a, &e.aliases);
    e.listed_from = *from;
    e.listed_until = *until;
    e.active = lists::IsActive(e.listed_until, options.as_of);
    e.source = row.Field(source_col).empty() ? default_source : row.Field(source_col);
    e.reason = row.Field(reason_col);
    e.notes = row.Field(notes_col);
    e.entry_id = row.Field(id_col);
    if (e.entry_id.empty()) e.entry_id = lists::StableId("csv", {e.name, row.Field(country_col), e.listed_from});
    out.entries.push_back(std::move(e));
  });
  lists::DeduplicateIds(&out.entries);
  return out;
}

}  // namespace clearbid
