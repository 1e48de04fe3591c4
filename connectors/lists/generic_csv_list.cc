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
  ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader, CsvReader::Open(path, csv));
  ListReadResult out;
  out.files = {path};
  ASSIGN_OR_RETURN(out.sha256, lists::FilesSha256(out.files));

  CsvRecord record;
  std::string error;
  if (!reader->Next(&record, &error) || !error.empty()) {
    return Status::ParseError(error.empty() ? fmt::format("{}: empty file (want a header row)", path) : error);
  }
  const std::vector<std::string> header = record.fields;
  const int name_col = lists::ColumnIndex(header, "name");
  if (name_col < 0) {
    return Status::ParseError(fmt::format("{}:{}: header has no \"name\" column (see docs/formats/list-csv.md)",
                                          path, record.line));
  }
  const int id_col = lists::ColumnIndex(header, "id");
  const int aliases_col = lists::ColumnIndex(header, "aliases");
  const int country_col = lists::ColumnIndex(header, "country");
  const int identifiers_col = lists::ColumnIndex(header, "identifiers");
  const int from_col = lists::ColumnIndex(header, "listed_from");
  const int until_col = lists::ColumnIndex(header, "listed_until");
  const int source_col = lists::ColumnIndex(header, "source");
  const int schema_col = lists::ColumnIndex(header, "schema");
  const int reason_col = lists::ColumnIndex(header, "reason");
  const int notes_col = lists::ColumnIndex(header, "notes");
  const size_t width = header.size();

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
    auto field = [&](int col) { return col >= 0 ? CleanText(f[col]) : std::string(); };
    ListEntry e;
    e.source_line = record.line;
    e.name = field(name_col);
    if (e.name.empty()) {
      skip("empty name");
      continue;
    }
    Result<std::string> from = lists::NormalizeListDate(field(from_col));
    if (!from.ok()) {
      skip(fmt::format("listed_from: {}", from.status().message()));
      continue;
    }
    Result<std::string> until = lists::NormalizeListDate(field(until_col));
    if (!until.ok()) {
      skip(fmt::format("listed_until: {}", until.status().message()));
      continue;
    }
    if (!ParseSchema(field(schema_col), &e.schema)) {
      skip(fmt::format("schema \"{}\" is not person, company, organization, vessel or aircraft",
                       field(schema_col).substr(0, 40)));
      continue;
    }
    bool bad_identifier = false;
    for (const std::string& item : lists::SplitList(field(identifiers_col), ";")) {
      size_t colon = item.find(':');
      if (colon == std::string::npos || colon == 0 || colon + 1 == item.size()) {
        skip(fmt::format("identifier \"{}\" is not scheme:id", item.substr(0, 60)));
        bad_identifier = true;
        break;
      }
      e.identifiers.push_back({CleanText(item.substr(0, colon)), CleanText(item.substr(colon + 1)), ""});
    }
    if (bad_identifier) continue;
    for (const std::string& c : lists::SplitList(field(country_col), ";")) {
      std::string code = CountryCode(c);
      if (code.empty()) {
        if (out.warnings.size() < options.max_errors) {
          out.warnings.push_back(fmt::format("{}:{}: unknown country \"{}\" dropped", path, record.line, c.substr(0, 60)));
        }
        continue;
      }
      lists::AddUnique(code, &e.countries);
    }
    for (const std::string& a : lists::SplitList(field(aliases_col), ";"))
      if (a != e.name) lists::AddUnique(a, &e.aliases);
    e.listed_from = *from;
    e.listed_until = *until;
    e.active = lists::IsActive(e.listed_until, options.as_of);
    e.source = field(source_col).empty() ? default_source : field(source_col);
    e.reason = field(reason_col);
    e.notes = field(notes_col);
    e.entry_id = field(id_col);
    if (e.entry_id.empty()) e.entry_id = lists::StableId("csv", {e.name, field(country_col), e.listed_from});
    out.entries.push_back(std::move(e));
  }
  lists::DeduplicateIds(&out.entries);
  return out;
}

}  // namespace clearbid
