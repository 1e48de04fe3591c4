// EBRD ineligible entities (CSV export): one header row (Firm Name, Address,
// Nationality, Ineligible From, Ineligible Until, Notice Effective At EBRD,
// Originating Institution, Prohibited Practice), then one entity per row,
// including cross-debarments by other development banks.

#include <fmt/format.h>

#include "connectors/csv/csv_reader.h"
#include "connectors/lists/list_reader.h"
#include "connectors/lists/list_util.h"

namespace clearbid {

Result<ListReadResult> ReadEbrdList(const std::string& path, const ListReadOptions& options) {
  const std::string source = options.source.empty() ? "ebrd" : options.source;
  CsvOptions csv;
  csv.max_record_bytes = options.max_record_bytes;
  csv.lenient_quotes = true;  // the published export leaves quotes inside names unescaped
  ListReadResult out;
  ASSIGN_OR_RETURN(lists::CsvListFile file, lists::OpenCsvList(path, csv, &out));
  RETURN_IF_ERROR(file.ReadHeader("empty file"));
  const int name_col = file.Column("Firm Name");
  const int address_col = file.Column("Address");
  const int nationality_col = file.Column("Nationality");
  const int from_col = file.Column("Ineligible From");
  const int until_col = file.Column("Ineligible Until");
  const int notice_col = file.Column("Notice Effective At EBRD");
  const int origin_col = file.Column("Originating Institution");
  const int practice_col = file.Column("Prohibited Practice");
  RETURN_IF_ERROR(file.RequireColumns({name_col, nationality_col, from_col, until_col},
                                      "header lacks Firm Name, Nationality, Ineligible From or Ineligible Until "
                                      "(is this the EBRD ineligible entities list?)"));

  lists::CsvRowChecks checks;
  checks.width = file.header.size();
  lists::ForEachCsvRow(*file.reader, path, checks, options, &out, [&](const lists::CsvListRow& row) {
    const std::vector<std::string>& f = row.fields();
    ListEntry e;
    e.source = source;
    e.source_line = row.line();
    e.name = row.Field(name_col);
    if (e.name.empty()) {
      row.Skip("empty Firm Name");
      return;
    }
    Result<std::string> from = lists::NormalizeListDate(f[from_col]);
    Result<std::string> until = lists::NormalizeListDate(f[until_col]);
    if (!from.ok()) {
      row.Skip(fmt::format("Ineligible From: {}", from.status().message()));
      return;
    }
    if (!until.ok()) {
      row.Skip(fmt::format("Ineligible Until: {}", until.status().message()));
      return;
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
    std::string address = row.Field(address_col);
    if (!address.empty()) {
      Address a;
      a.street_address = address;
      std::vector<std::string> nationalities = lists::SplitList(f[nationality_col], "\n;");
      a.country_name = nationalities.empty() ? std::string() : nationalities[0];
      a.country = e.countries.empty() ? "" : e.countries[0];
      e.addresses.push_back(std::move(a));
    }
    std::string practice = row.Field(practice_col);
    std::string origin = row.Field(origin_col);
    e.reason = origin.empty() ? practice : fmt::format("{} ({})", practice, origin);
    e.entry_id = lists::StableId("ebrd", {f[name_col], f[nationality_col], f[from_col], f[until_col],
                                          origin_col >= 0 ? f[origin_col] : "", practice_col >= 0 ? f[practice_col] : ""});
    out.entries.push_back(std::move(e));
  });
  lists::DeduplicateIds(&out.entries);
  return out;
}

}  // namespace clearbid
