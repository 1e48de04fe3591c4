// US OFAC SDN list in the legacy CSV quartet: sdn.csv (ent_num, SDN_Name,
// SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag,
// Vess_owner, Remarks), alt.csv (ent_num, alt_num, alt_type, alt_name,
// alt_remarks) and add.csv (ent_num, add_num, address, city/state/postal,
// country, add_remarks). No header rows; "-0-" stands for null.

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <unordered_map>

#include "connectors/csv/csv_reader.h"
#include "connectors/lists/list_reader.h"
#include "connectors/lists/list_util.h"
#include "engine/model/country.h"

namespace clearbid {

namespace {

using lists::CleanText;

constexpr size_t kSdnFields = 12;
constexpr size_t kAltFields = 5;
constexpr size_t kAddFields = 6;

/// A field with OFAC's "-0-" null turned into "".
std::string Value(const std::string& field) {
  std::string v = CleanText(field);
  return v == "-0-" ? std::string() : v;
}

bool ParseEntNum(const std::string& field, int64_t* out) {
  std::string v = CleanText(field);
  if (v.empty() || v.size() > 12) return false;
  int64_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');
  }
  *out = n;
  return true;
}

/// "14 Jun 1975" -> "1975-06-14", "Jun 1975" -> "1975-06", "1975" -> "1975",
/// "circa 1960" -> "1960", "1958 to 1960" -> "1958/1960"; "" when unrecognised.
std::string OfacDate(std::string_view text) {
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::vector<std::string> words = lists::SplitList(text, " ");
  if (!words.empty() && (words[0] == "circa" || words[0] == "approximately")) words.erase(words.begin());
  auto year = [](const std::string& w) {
    return w.size() == 4 && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  auto month = [&](const std::string& w) {
    for (size_t i = 0; i < 12; ++i)
      if (w == kMonths[i]) return static_cast<int>(i + 1);
    return 0;
  };
  if (words.size() == 1 && year(words[0])) return words[0];
  if (words.size() == 3 && year(words[0]) && words[1] == "to" && year(words[2])) {
    return words[0] + "/" + words[2];
  }
  if (words.size() == 2 && month(words[0]) && year(words[1])) {
    return fmt::format("{}-{:02d}", words[1], month(words[0]));
  }
  if (words.size() == 3 && words[0].size() <= 2 && month(words[1]) && year(words[2])) {
    int day = std::atoi(words[0].c_str());
    if (day >= 1 && day <= 31) return fmt::format("{}-{:02d}-{:02d}", words[2], month(words[1]), day);
  }
  return "";
}

struct IdLabel {
  std::string_view label;
  std::string_view scheme;
};
constexpr IdLabel kIdLabels[] = {
    {"Passport", "passport"},
    {"National ID No.", "national-id"},
    {"Tax ID No.", "tax"},
    {"Registration ID", "registration"},
    {"Registration Number", "registration"},
    {"Business Registration Document #", "registration"},
    {"Business Registration Number", "registration"},
    {"Company Number", "registration"},
    {"Identification Number", "id"},
    {"Cedula No.", "cedula"},
    {"NIT #", "CO-NIT"},
    {"R.F.C.", "MX-RFC"},
    {"RFC", "MX-RFC"},
    {"C.U.R.P.", "MX-CURP"},
    {"RUC #", "ruc"},
    {"D.N.I.", "dni"},
    {"SSN", "US-SSN"},
    {"Vessel Registration Identification IMO", "IMO"},
    {"MMSI", "MMSI"},
    {"SWIFT/BIC", "SWIFT"},
    {"D-U-N-S Number", "DUNS"},
};

/// Reads the "; "-separated remarks: dates of birth, nationality and
/// citizenship, identifiers and quoted nicknames.
void ParseRemarks(std::string_view remarks, ListEntry* e) {
  for (std::string piece : lists::SplitList(remarks, ";")) {
    while (!piece.empty() && piece.back() == '.') piece.pop_back();
    if (piece.rfind("alt. ", 0) == 0) piece = piece.substr(5);
    auto rest_after = [&](std::string_view prefix) { return CleanText(std::string_view(piece).substr(prefix.size())); };
    if (piece.rfind("DOB ", 0) == 0) {
      lists::AddUnique(OfacDate(rest_after("DOB ")), &e->birth_dates);
    } else if (piece.rfind("nationality ", 0) == 0) {
      lists::AddCountries(rest_after("nationality "), &e->countries);
    } else if (piece.rfind("citizen ", 0) == 0) {
      lists::AddCountries(rest_after("citizen "), &e->countries);
    } else if (piece.rfind("a.k.a. ", 0) == 0) {
      std::string alias = rest_after("a.k.a. ");
      while (!alias.empty() && (alias.front() == '\'' || alias.front() == '"')) alias.erase(0, 1);
      while (!alias.empty() && (alias.back() == '\'' || alias.back() == '"' || alias.back() == '.')) alias.pop_back();
      lists::AddUnique(std::move(alias), &e->weak_aliases);
    } else {
      for (const IdLabel& l : kIdLabels) {
        if (piece.size() <= l.label.size() + 1 || piece.compare(0, l.label.size(), l.label) != 0 ||
            piece[l.label.size()] != ' ') {
          continue;
        }
        std::string_view id = std::string_view(piece).substr(l.label.size() + 1);
        for (std::string_view stop : {" (", " expires", " issued"}) id = id.substr(0, id.find(stop));
        std::string clean = CleanText(id);
        if (!clean.empty()) e->identifiers.push_back({std::string(l.scheme), clean, ""});
        break;
      }
    }
  }
}

/// The row's ent_num (its first field); false, with the row skipped, when it is not a number.
bool ReadEntNum(const lists::CsvListRow& row, int64_t* ent_num) {
  if (ParseEntNum(row.fields()[0], ent_num)) return true;
  row.Skip(fmt::format("ent_num \"{}\" is not a number", CleanText(row.fields()[0]).substr(0, 40)));
  return false;
}

EntitySchema SdnSchema(std::string_view type) {
  if (type == "individual") return EntitySchema::kPerson;
  if (type == "vessel") return EntitySchema::kVessel;
  if (type == "aircraft") return EntitySchema::kAircraft;
  return EntitySchema::kOrganization;
}

/// sdn.csv, alt.csv and add.csv: `path` is the folder or sdn.csv itself.
struct OfacFiles {
  std::string sdn, alt, add;
};

Result<OfacFiles> LocateFiles(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir;
  fs::path sdn;
  if (fs::is_directory(path, ec)) {
    dir = path;
    for (const char* n : {"sdn.csv", "SDN.CSV", "sdn.CSV", "SDN.csv"}) {
      if (fs::is_regular_file(dir / n, ec)) {
        sdn = dir / n;
        break;
      }
    }
    if (sdn.empty()) return Status::NotFound(fmt::format("{}: no sdn.csv in this folder", path));
  } else {
    sdn = path;
    dir = sdn.parent_path();
  }
  OfacFiles files;
  files.sdn = sdn.string();
  bool upper = sdn.filename().string().find("SDN") != std::string::npos;
  auto beside = [&](const char* lower, const char* upper_name) {
    const char* first = upper ? upper_name : lower;
    const char* second = upper ? lower : upper_name;
    if (fs::is_regular_file(dir / first, ec)) return (dir / first).string();
    if (fs::is_regular_file(dir / second, ec)) return (dir / second).string();
    return std::string();
  };
  files.alt = beside("alt.csv", "ALT.CSV");
  files.add = beside("add.csv", "ADD.CSV");
  return files;
}

}  // namespace

Result<ListReadResult> ReadOfacCsvList(const std::string& path, const ListReadOptions& options) {
  const std::string source = options.source.empty() ? "ofac-sdn" : options.source;
  ASSIGN_OR_RETURN(OfacFiles files, LocateFiles(path));
  CsvOptions csv;
  csv.max_record_bytes = options.max_record_bytes;
  ListReadResult out;
  out.files = {files.sdn};
  if (!files.alt.empty()) out.files.push_back(files.alt);
  if (!files.add.empty()) out.files.push_back(files.add);
  ASSIGN_OR_RETURN(out.sha256, lists::FilesSha256(out.files));

  std::unordered_map<int64_t, size_t> index;  // ent_num -> entries[i]
  // The entry a row of alt.csv or add.csv belongs to (its ent_num in f[0]);
  // nullptr, with the row skipped, when there is none.
  auto entry_of = [&](const lists::CsvListRow& row) -> ListEntry* {
    int64_t ent_num = 0;
    if (!ReadEntNum(row, &ent_num)) return nullptr;
    auto it = index.find(ent_num);
    if (it == index.end()) {
      row.Skip(fmt::format("ent_num {} is not in sdn.csv", ent_num));
      return nullptr;
    }
    return &out.entries[it->second];
  };
  auto blank = [](const CsvRecord& r) { return r.fields.size() == 1 && CleanText(r.fields[0]).empty(); };

  ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> sdn, CsvReader::Open(files.sdn, csv));
  lists::CsvRowChecks sdn_checks;
  sdn_checks.width = kSdnFields;
  sdn_checks.pass_over = [&](const CsvRecord& r) {
    return blank(r) || (r.fields.size() == 1 && r.fields[0] == "\x1a");  // trailing EOF marker
  };
  lists::ForEachCsvRow(*sdn, files.sdn, sdn_checks, options, &out, [&](const lists::CsvListRow& row) {
    const std::vector<std::string>& f = row.fields();
    int64_t ent_num = 0;
    if (!ReadEntNum(row, &ent_num)) return;
    if (index.count(ent_num)) {
      row.Skip(fmt::format("duplicate ent_num {}", ent_num));
      return;
    }
    ListEntry e;
    e.source = source;
    e.source_line = row.line();
    e.entry_id = std::to_string(ent_num);
    e.name = Value(f[1]);
    if (e.name.empty()) {
      row.Skip("empty SDN_Name");
      return;
    }
    e.schema = SdnSchema(Value(f[2]));
    std::string program = Value(f[3]);
    for (char& c : program)
      if (c == '[' || c == ']') c = ' ';
    std::vector<std::string> programs = lists::SplitList(program, " ");
    e.reason.clear();
    for (const std::string& p : programs) e.reason += (e.reason.empty() ? "" : "; ") + p;
    std::string flag = Value(f[9]);
    if (!flag.empty()) lists::AddCountries(flag, &e.countries);
    e.notes = Value(f[11]);
    ParseRemarks(e.notes, &e);
    e.active = true;  // the SDN list publishes no end dates: delisted entries are removed
    index.emplace(ent_num, out.entries.size());
    out.entries.push_back(std::move(e));
  });

  if (!files.alt.empty()) {
    ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> alt, CsvReader::Open(files.alt, csv));
    lists::CsvRowChecks alt_checks;
    alt_checks.width = kAltFields;
    alt_checks.check_field_sizes = false;  // only alt_name is limited, below
    alt_checks.pass_over = blank;
    lists::ForEachCsvRow(*alt, files.alt, alt_checks, options, &out, [&](const lists::CsvListRow& row) {
      const std::vector<std::string>& f = row.fields();
      ListEntry* e = entry_of(row);
      if (e == nullptr) return;
      std::string name = Value(f[3]);
      if (name.empty() || name.size() > options.max_field_bytes) {
        row.Skip(name.empty() ? "empty alt_name" : "alt_name too long");
        return;
      }
      // OFAC marks weak aliases "weak" in alt_type or alt_remarks ("Low quality a.k.a.").
      std::string type = lists::AsciiLower(Value(f[2]));
      std::string remarks = lists::AsciiLower(Value(f[4]));
      bool weak = type.find("weak") != std::string::npos || remarks.find("low quality") != std::string::npos;
      lists::AddUnique(std::move(name), weak ? &e->weak_aliases : &e->aliases);
    });
  }

  if (!files.add.empty()) {
    ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> add, CsvReader::Open(files.add, csv));
    lists::CsvRowChecks add_checks;
    add_checks.width = kAddFields;
    add_checks.pass_over = blank;
    lists::ForEachCsvRow(*add, files.add, add_checks, options, &out, [&](const lists::CsvListRow& row) {
      const std::vector<std::string>& f = row.fields();
      ListEntry* e = entry_of(row);
      if (e == nullptr) return;
      Address a;
      a.street_address = Value(f[2]);
      a.locality = Value(f[3]);
      a.country_name = Value(f[4]);
      a.country = CountryCode(a.country_name);
      lists::AddUnique(a.country, &e->countries);
      if (!a.street_address.empty() || !a.locality.empty() || !a.country_name.empty()) {
        e->addresses.push_back(std::move(a));
      }
    });
  }
  return out;
}

}  // namespace clearbid
