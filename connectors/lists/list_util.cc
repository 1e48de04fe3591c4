#include "connectors/lists/list_util.h"

#include <fmt/format.h>

#include <fstream>
#include <unordered_map>

#include "engine/base/digest.h"
#include "engine/model/country.h"

namespace clearbid::lists {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

std::string CleanText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : Trim(s)) {
    if (static_cast<unsigned char>(c) <= ' ') {
      space = true;
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  return out;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

std::vector<std::string> SplitList(std::string_view s, std::string_view separators) {
  std::vector<std::string> out;
  while (!s.empty()) {
    size_t cut = s.find_first_of(separators);
    std::string part = CleanText(s.substr(0, cut));
    if (!part.empty()) out.push_back(std::move(part));
    if (cut == std::string_view::npos) break;
    s.remove_prefix(cut + 1);
  }
  return out;
}

int ColumnIndex(const std::vector<std::string>& header, std::string_view name) {
  std::string want = AsciiLower(name);
  for (size_t i = 0; i < header.size(); ++i) {
    std::string_view h = header[i];
    if (h.substr(0, 3) == "\xEF\xBB\xBF") h.remove_prefix(3);
    if (AsciiLower(CleanText(h)) == want) return static_cast<int>(i);
  }
  return -1;
}

bool StripHonorific(std::string* name) {
  static constexpr std::string_view kTitles[] = {"MR. ", "MRS. ", "MS. ", "DR. ", "MR ", "MRS ", "MS ", "MISS "};
  std::string upper = AsciiUpper(*name);
  for (std::string_view t : kTitles) {
    if (upper.size() > t.size() && upper.compare(0, t.size(), t) == 0) {
      *name = CleanText(std::string_view(*name).substr(t.size()));
      return true;
    }
  }
  return false;
}

namespace {
bool Digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}
}  // namespace

Result<std::string> NormalizeListDate(std::string_view value) {
  std::string_view v = Trim(value);
  std::string lower = AsciiLower(v);
  if (v.empty() || lower == "ongoing" || lower == "permanent" || lower == "indefinite" || lower == "-0-") {
    return std::string();
  }
  if (v.size() >= 10 && Digits(v.substr(0, 4)) && v[4] == '-' && Digits(v.substr(5, 2)) && v[7] == '-' &&
      Digits(v.substr(8, 2)) && (v.size() == 10 || v[10] == 'T' || v[10] == ' ')) {
    int year = std::stoi(std::string(v.substr(0, 4)));
    int month = std::stoi(std::string(v.substr(5, 2)));
    int day = std::stoi(std::string(v.substr(8, 2)));
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) {
      if (year >= 2900) return std::string();
      return std::string(v.substr(0, 10));
    }
  }
  return Status::ParseError(fmt::format("unrecognised date \"{}\" (want YYYY-MM-DD)", v.substr(0, 40)));
}

bool IsActive(const std::string& listed_until, const std::string& as_of) {
  return listed_until.empty() || as_of.empty() || listed_until >= as_of;
}

void AddUnique(std::string value, std::vector<std::string>* values) {
  if (value.empty()) return;
  for (const std::string& v : *values)
    if (v == value) return;
  values->push_back(std::move(value));
}

void AddCountries(std::string_view value, std::vector<std::string>* countries) {
  for (const std::string& part : SplitList(value, "\n;")) AddUnique(CountryCode(part), countries);
}

std::string StableId(std::string_view prefix, std::initializer_list<std::string_view> parts) {
  std::string joined;
  for (std::string_view p : parts) {
    joined.append(p);
    joined.push_back('\x1f');
  }
  return fmt::format("{}-{}", prefix, ContentHash(joined).substr(0, 16));
}

std::optional<std::string> CheckFieldSizes(const std::vector<std::string>& fields, size_t max_bytes) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].size() > max_bytes) return fmt::format("field {} longer than {} bytes", i + 1, max_bytes);
  }
  return std::nullopt;
}

Result<std::string> FilesSha256(const std::vector<std::string>& paths) {
  Sha256 sha;
  std::string buf(1 << 16, '\0');
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::IoError(fmt::format("{}: cannot open for reading", path));
    while (in) {
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      std::streamsize n = in.gcount();
      if (n > 0) sha.Update(std::string_view(buf.data(), static_cast<size_t>(n)));
    }
    if (in.bad()) return Status::IoError(fmt::format("{}: read error", path));
  }
  return sha.FinishHex();
}

void DeduplicateIds(std::vector<ListEntry>* entries) {
  std::unordered_map<std::string, int> seen;
  for (ListEntry& e : *entries) {
    int n = ++seen[e.entry_id];
    if (n > 1) e.entry_id += fmt::format("-{}", n);
  }
}

int CsvListFile::Column(std::string_view name) const { return ColumnIndex(header, name); }

Status CsvListFile::ReadHeader(std::string_view empty_message) {
  CsvRecord record;
  std::string error;
  if (!reader->Next(&record, &error) || !error.empty()) {
    return Status::ParseError(error.empty() ? fmt::format("{}: {}", path, empty_message) : error);
  }
  header = std::move(record.fields);
  header_line = record.line;
  return Status::Ok();
}

Status CsvListFile::RequireColumns(std::initializer_list<int> columns, std::string_view message) const {
  for (int c : columns) {
    if (c < 0) return Status::ParseError(fmt::format("{}:{}: {}", path, header_line, message));
  }
  return Status::Ok();
}

Result<CsvListFile> OpenCsvList(const std::string& path, const CsvOptions& csv, ListReadResult* out) {
  CsvListFile file;
  file.path = path;
  ASSIGN_OR_RETURN(file.reader, CsvReader::Open(path, csv));
  out->files = {path};
  ASSIGN_OR_RETURN(out->sha256, FilesSha256(out->files));
  return file;
}

std::string CsvListRow::Field(int col) const {
  return col >= 0 ? CleanText(record_.fields[static_cast<size_t>(col)]) : std::string();
}

void CsvListRow::Skip(std::string_view reason) const {
  ++out_->skipped;
  out_->AddError(fmt::format("{}:{}: {}", path_, record_.line, reason), options_.max_errors);
}

void CsvListRow::Warn(std::string_view message) const {
  if (out_->warnings.size() < options_.max_errors) {
    out_->warnings.push_back(fmt::format("{}:{}: {}", path_, record_.line, message));
  }
}

void ForEachCsvRow(CsvReader& reader, const std::string& path, const CsvRowChecks& checks,
                   const ListReadOptions& options, ListReadResult* out,
                   const std::function<void(const CsvListRow&)>& on_row) {
  CsvRecord record;
  std::string error;
  while (reader.Next(&record, &error)) {
    if (!error.empty()) {
      ++out->skipped;
      out->AddError(error, options.max_errors);
      continue;
    }
    const CsvListRow row(path, record, options, out);
    if (record.repaired) row.Warn("unescaped quote read as part of the text");
    if (checks.pass_over && checks.pass_over(record)) continue;
    if (record.fields.size() != checks.width) {
      row.Skip(fmt::format("expected {} fields, found {}", checks.width, record.fields.size()));
      continue;
    }
    if (checks.check_field_sizes) {
      if (auto too_long = CheckFieldSizes(record.fields, options.max_field_bytes)) {
        row.Skip(*too_long);
        continue;
      }
    }
    on_row(row);
  }
}

}  // namespace clearbid::lists
