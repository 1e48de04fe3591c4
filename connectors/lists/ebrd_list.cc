// EBRD ineligible entities (CSV export): one header row (Firm Name, Address,
// Nationality, Ineligible From, Ineligible Until, Notice Effective At EBRD,
// Originating Institution, Prohibited Practice), then one entity per row,
// including cross-debarments by other development banks.

#include <fmt/format.h>

#include "connectors/csv/csv_reader.h"
#include "connectors/lists/list_reader.h"
#include "connectors/lists/list_util.h"

namespace clearbid {

using lists::CleanText;

Result<ListReadResult> ReadEbrdList(const std::string& path, const ListReadOptions& options) {
  const std::string source = options.source.empty() ? "ebrd" : options.source;
  CsvOptions csv;
  csv.max_record_bytes = options.max_record_bytes;
  csv.lenient_quotes = true;  // the published export leaves quotes inside names unescaped
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
  const int name_col = lists::ColumnIndex(header, "Firm Name");
  const int address_col = lists::ColumnIndex(header, "Address");
  const int nationality_col = lists::ColumnIndex(header, "Nationality");
  const int from_col = lists::ColumnIndex(header, "Ineligible From");
  const int until_col = lists::ColumnIndex(header, "Ineligible Until");
  const int notice_col = lists::ColumnIndex(header, "Notice Effective At EBRD");
  const int origin_col = lists::ColumnIndex(header, "Originating Institution");
  const int practice_col = lists::ColumnIndex(header, "Prohibited Practice");
  if (name_col < 0 || nationality_col < 0 || from_col < 0 || until_col < 0) {
    return Status::ParseError(fmt::format(
        "{}:{}: header lacks Firm Name, Nationality, Ineligible From or Ineligible Until "
        "(is this the EBRD ineligible entities list?)",
        path, record.line));
  }
  const size_t width = header.size();

  while (reader->Next(&record, &error)) {
    if (!error.empty()) {
      ++out.skipped;
      out.AddError(error, options.max_errors);
      continue;
    }
    const std::vector<std::string>& f = record.fields;
    if (record.repaired && out.warnings.size() < options.max_errors) {
      out.warnings.push_back(fmt::format("{}:{}: unescaped quote read as part of the text", path, record.line));
    }
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
    e.source = source;
    e.source_line = record.line;
    e.name = field(name_col);
    if (e.name.empty()) {
      skip("empty Firm Name");
      continue;
    }
    Result<std::string> from = lists::NormalizeListDate(f[from_col]);
    Result<std::string> until = lists::NormalizeListDate(f[until_col]);
    if (!from.ok()) {
      skip(fmt::format("Ineligible From: {}", from.status().message()));
      continue;
    }
    if (!until.ok()) {
      skip(fmt::format("Ineligible Until: {}", until.status().message()));
      continue;
    }
    e.listed_from = *from;
    if (e.listed_from.empty() && notice_col >= 0) {
      // Cross-debarments often give only the date the notice took effect at EBRD.
      Result<std::string> notice = lists::NormalizeListDate(f[notice_col]);
      if (notice.ok()) e.listed_from = *notice;
    }
    e.listed_until = *until;
    e.active = lists::IsActive(e.listed_until, options.as_of);
    e.schema = lists::StripHonorific(&e.name) ? EntitySchema::kPerson : EntitySchema::kCompany;
    lists::AddCountries(f[nationality_col], &e.countries);
    std::string address = field(address_col);
    if (!address.empty()) {
      Address a;
      a.street_address = address;
      std::vector<std::string> nationalities = lists::SplitList(f[nationality_col], "\n;");
      a.country_name = nationalities.empty() ? std::string() : nationalities[0];
      a.country = e.countries.empty() ? "" : e.countries[0];
      e.addresses.push_back(std::move(a));
    }
    std::string practice = field(practice_col);
    std::string origin = field(origin_col);
    e.reason = origin.empty() ? practice : fmt::format("{} ({})", practice, origin);
    e.entry_id = lists::StableId("ebrd", {f[name_col], f[nationality_col], f[from_col], f[until_col],
                                          origin_col >= 0 ? f[origin_col] : "", practice_col >= 0 ? f[practice_col] : ""});
    out.entries.push_back(std::move(e));
  }
  lists::DeduplicateIds(&out.entries);
  return out;
}

}  // namespace clearbid
