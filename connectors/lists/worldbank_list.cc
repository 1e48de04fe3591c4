// World Bank "Ineligible firms and individuals" (the CSV conversion of the
// published spreadsheet): a "Downloaded on" line, a header row (Firm Name,
// Additional Firm Info, Address, Country, Ineligibility Period, , Grounds) and
// a sub-header row (From Date, To Date), then one firm or person per row.

#include <fmt/format.h>

#include "connectors/csv/csv_reader.h"
#include "connectors/lists/list_reader.h"
#include "connectors/lists/list_util.h"

namespace clearbid {

namespace {

using lists::AsciiLower;
using lists::CleanText;

constexpr int kMaxHeaderSearch = 10;

bool StartsWithWord(std::string_view lower, std::string_view prefix) {
  if (lower.substr(0, prefix.size()) != prefix) return false;
  if (lower.size() == prefix.size()) return true;
  char next = lower[prefix.size()];
  return prefix.back() == '.' || prefix.back() == ':' || next == ' ' || next == ':' || next == '.';
}

bool HasNonAscii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  return false;
}

bool HasAsciiLetter(std::string_view s) {
  for (char c : s)
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return false;
}

bool HasDigit(std::string_view s) {
  for (char c : s)
    if (c >= '0' && c <= '9') return true;
  return false;
}

/// Chinese unified social credit code: 18 characters, digits and capitals.
bool LooksLikeUscc(std::string_view s) {
  if (s.size() != 18 || s[0] < '0' || s[0] > '9') return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

/// Interprets one piece of "Additional Firm Info": an alias ("f.k.a. X",
/// "also known as X", a name in another script), an identifier ("Reg. No. X",
/// "TIN No. X", a Chinese credit code) or a remark (kept only in notes).
void InterpretInfoPiece(std::string_view piece, ListEntry* e) {
  std::string text = CleanText(piece);
  while (!text.empty() && (text[0] == ',' || text[0] == '/' || text[0] == ';')) text = CleanText(text.substr(1));
  if (text.empty()) return;
  std::string lower = AsciiLower(text);
  static constexpr std::string_view kAliasMarkers[] = {
      "formerly known as", "also known as", "also doing business as", "doing business as", "currently known as",
      "now known as", "also d/b/a", "d/b/a", "f.k.a.", "f.k.a", "f/k/a", "fka", "a.k.a.", "a.k.a", "aka", "also"};
  for (std::string_view m : kAliasMarkers) {
    if (StartsWithWord(lower, m)) {
      std::string alias = CleanText(std::string_view(text).substr(m.size()));
      while (!alias.empty() && (alias[0] == ':' || alias[0] == ',')) alias = CleanText(alias.substr(1));
      lists::StripHonorific(&alias);
      lists::AddUnique(std::move(alias), &e->aliases);
      return;
    }
  }
  struct IdMarker {
    std::string_view marker;
    std::string_view scheme;
  };
  static constexpr IdMarker kIdMarkers[] = {
      {"registration no", "registration"}, {"reg. no", "registration"}, {"reg no", "registration"},
      {"tin no", "tax"},                   {"tin", "tax"},              {"national id", "national-id"},
      {"id no", "id"},                     {"cnpj", "BR-CNPJ"}};
  for (const IdMarker& m : kIdMarkers) {
    if (StartsWithWord(lower, m.marker)) {
      std::string id = CleanText(std::string_view(text).substr(m.marker.size()));
      while (!id.empty() && (id[0] == '.' || id[0] == ':' || id[0] == ' ')) id.erase(0, 1);
      if (!id.empty()) e->identifiers.push_back({std::string(m.scheme), id, ""});
      return;
    }
  }
  if (LooksLikeUscc(text)) {
    e->identifiers.push_back({"CN-USCC", text, ""});
    return;
  }
  if (HasNonAscii(text) && !HasAsciiLetter(text)) {  // a name in another script
    lists::AddUnique(text, &e->aliases);
    return;
  }
  if (lower.rfind("but ", 0) == 0 || HasDigit(text)) return;  // a remark
  lists::StripHonorific(&text);
  lists::AddUnique(std::move(text), &e->aliases);
}

/// Splits "Additional Firm Info" into parenthesised pieces and the text
/// around them, dropping the "*677" cross-reference marks.
void ParseAdditionalInfo(std::string_view info, ListEntry* e) {
  std::string outside;
  size_t i = 0;
  while (i < info.size()) {
    char c = info[i];
    if (c == '(') {
      int depth = 1;
      size_t j = i + 1;
      while (j < info.size() && depth > 0) {
        if (info[j] == '(') ++depth;
        if (info[j] == ')') --depth;
        ++j;
      }
      size_t inner_end = depth == 0 ? j - 1 : j;
      InterpretInfoPiece(info.substr(i + 1, inner_end - i - 1), e);
      outside.push_back(' ');
      i = j;
    } else if (c == '*') {
      ++i;
      while (i < info.size() && info[i] >= '0' && info[i] <= '9') ++i;
      outside.push_back(' ');
    } else {
      outside.push_back(c);
      ++i;
    }
  }
  InterpretInfoPiece(outside, e);
}

}  // namespace

Result<ListReadResult> ReadWorldBankList(const std::string& path, const ListReadOptions& options) {
  const std::string source = options.source.empty() ? "worldbank" : options.source;
  CsvOptions csv;
  csv.max_record_bytes = options.max_record_bytes;
  csv.lenient_quotes = true;  // the published export leaves quotes inside names unescaped
  ListReadResult out;
  ASSIGN_OR_RETURN(lists::CsvListFile file, lists::OpenCsvList(path, csv, &out));

  CsvRecord record;
  std::string error;
  for (int i = 0; i < kMaxHeaderSearch && file.reader->Next(&record, &error); ++i) {
    if (error.empty() && lists::ColumnIndex(record.fields, "Firm Name") >= 0) {
      file.header = record.fields;
      file.header_line = record.line;
      break;
    }
  }
  if (file.header.empty()) {
    return Status::ParseError(fmt::format("{}: no \"Firm Name\" header row in the first {} records "
                                          "(is this the World Bank ineligible firms list?)",
                                          path, kMaxHeaderSearch));
  }
  const int name_col = file.Column("Firm Name");
  const int info_col = file.Column("Additional Firm Info");
  const int address_col = file.Column("Address");
  const int country_col = file.Column("Country");
  const int grounds_col = file.Column("Grounds");
  int from_col = file.Column("From");
  int to_col = file.Column("To");
  if (from_col < 0) from_col = file.Column("Ineligibility Period");
  if (to_col < 0 && from_col >= 0) to_col = from_col + 1;
  RETURN_IF_ERROR(file.RequireColumns({country_col, from_col, grounds_col},
                                      "header lacks Country, From/Ineligibility Period or Grounds"));

  lists::CsvRowChecks checks;
  checks.width = file.header.size();
  bool first = true;
  checks.pass_over = [&](const CsvRecord& r) {
    if (!first) return false;
    first = false;  // the "From Date, To Date" sub-header row
    int sub_from = lists::ColumnIndex(r.fields, "From Date");
    if (sub_from < 0) return false;
    from_col = sub_from;
    int sub_to = lists::ColumnIndex(r.fields, "To Date");
    to_col = sub_to >= 0 ? sub_to : sub_from + 1;
    return true;
  };
  lists::ForEachCsvRow(*file.reader, path, checks, options, &out, [&](const lists::CsvListRow& row) {
    const std::vector<std::string>& f = row.fields();
    ListEntry e;
    e.source = source;
    e.source_line = row.line();
    e.name = CleanText(f[name_col]);
    if (e.name.empty()) {
      row.Skip("empty Firm Name");
      return;
    }
    Result<std::string> from = lists::NormalizeListDate(f[from_col]);
    Result<std::string> to = to_col >= 0 ? lists::NormalizeListDate(f[to_col]) : Result<std::string>(std::string());
    if (!from.ok() || !to.ok()) {
      row.Skip(fmt::format("{} date: {}", from.ok() ? "To" : "From", (from.ok() ? to : from).status().message()));
      return;
    }
    e.listed_from = *from;
    e.listed_until = *to;
    e.active = lists::IsActive(e.listed_until, options.as_of);
    e.schema = lists::StripHonorific(&e.name) ? EntitySchema::kPerson : EntitySchema::kCompany;
    std::string country_name = CleanText(f[country_col]);
    lists::AddCountries(country_name, &e.countries);
    if (address_col >= 0 && !CleanText(f[address_col]).empty()) {
      Address a;
      a.street_address = CleanText(f[address_col]);
      a.country_name = country_name;
      a.country = e.countries.empty() ? "" : e.countries[0];
      e.addresses.push_back(std::move(a));
    }
    e.reason = CleanText(f[grounds_col]);
    if (info_col >= 0) {
      e.notes = CleanText(f[info_col]);
      ParseAdditionalInfo(f[info_col], &e);
    }
    e.entry_id = lists::StableId("wb", {f[name_col], f[country_col], f[from_col], f[grounds_col]});
    out.entries.push_back(std::move(e));
  });
  lists::DeduplicateIds(&out.entries);
  return out;
}

}  // namespace clearbid
