#include "connectors/evidence/disclosure_csv.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <cstdlib>
#include <map>

#include "connectors/csv/csv_reader.h"
#include "connectors/evidence/disclosure_reader.h"

namespace clearbid {
namespace evidence_internal {
namespace {

using Json = nlohmann::ordered_json;

enum class CsvKind : uint8_t { kText, kBool, kInt, kNumber, kList };

struct CsvField {
  std::string_view name;  // may be dotted: "address.country"
  CsvKind kind;
};

struct CsvSection {
  std::string_view name;
  /// Dotted JSON path of the object, or of the array for itemised sections; "" = the root.
  std::string_view json_path;
  /// The member that identifies an element of the array; "" for single objects.
  std::string_view item_key;
  std::vector<CsvField> fields;
};

constexpr CsvKind T = CsvKind::kText, B = CsvKind::kBool, I = CsvKind::kInt, N = CsvKind::kNumber,
                  L = CsvKind::kList;

std::vector<CsvField> WithPractices(std::vector<CsvField> fields) {
  fields.insert(fields.end(), {{"recruitment_fees_paid_by", T},
                               {"related_costs_paid_by", T},
                               {"identity_documents_retained", B},
                               {"contracts_in_worker_language", B},
                               {"written_contracts", B},
                               {"migrant_workers_share", N},
                               {"worker_languages", L}});
  return fields;
}

// Order matters: DisclosureJsonToCsv writes sections in this order.
const std::vector<CsvSection>& Sections() {
  static const std::vector<CsvSection> kSections = {
      {"disclosure", "", "", {{"disclosure_id", T}, {"submitted", T}, {"ocid", T}, {"language", T}, {"notes", T}}},
      {"party", "party", "", {{"scheme", T}, {"id", T}, {"name", T}, {"country", T}}},
      {"policy",
       "policy",
       "",
       {{"exists", B},
        {"adopted", T},
        {"scope", T},
        {"covers_subcontractors", B},
        {"covers_recruitment_agencies", B},
        {"prohibits_worker_paid_fees", B},
        {"prohibits_document_retention", B},
        {"references_ilo_core_conventions", B},
        {"url", T}}},
      {"due_diligence",
       "due_diligence",
       "",
       {{"process_exists", B},
        {"description", T},
        {"risk_assessment", B},
        {"last_reviewed", T},
        {"compliance_plan", B},
        {"awareness_training", B},
        {"subcontractor_monitoring", B},
        {"remediation_procedure", B}}},
      {"supply_chain", "supply_chain", "", {{"complete", B}, {"tiers_mapped", I}}},
      {"entry",
       "supply_chain.entries",
       "ref",
       WithPractices({{"role", T},
                      {"tier", I},
                      {"name", T},
                      {"site_type", T},
                      {"identifier.scheme", T},
                      {"identifier.id", T},
                      {"address.street_address", T},
                      {"address.locality", T},
                      {"address.region", T},
                      {"address.postal_code", T},
                      {"address.country_name", T},
                      {"address.country", T},
                      {"parent.scheme", T},
                      {"parent.id", T},
                      {"parent.name", T},
                      {"parent.country", T},
                      {"products", L},
                      {"cpv", L},
                      {"workers", I}})},
      {"recruitment", "recruitment", "", WithPractices({{"uses_agencies", B}})},
      {"agency",
       "recruitment.agencies",
       "ref",
       WithPractices({{"name", T},
                      {"identifier.scheme", T},
                      {"identifier.id", T},
                      {"country", T},
                      {"licensed", B},
                      {"licence.number", T},
                      {"licence.issuer", T},
                      {"licence.valid_from", T},
                      {"licence.valid_until", T},
                      {"supplies", L},
                      {"origin_countries", L}})},
      {"grievance",
       "grievance",
       "",
       {{"exists", B},
        {"channels", L},
        {"languages", L},
        {"anonymous", B},
        {"third_party_operated", B},
        {"open_to_supply_chain_workers", B},
        {"non_retaliation", B}}},
      {"audit",
       "audits",
       "audit_id",
       {{"site_ref", T},
        {"auditor", T},
        {"date", T},
        {"standard", T},
        {"forced_labour_in_scope", B},
        {"report_provided", B},
        {"withheld_reason", T}}},
      {"cap",
       "corrective_action_plans",
       "cap_id",
       {{"audit_id", T},
        {"finding_code", T},
        {"description", T},
        {"status", T},
        {"due", T},
        {"verified_closed", T},
        {"verified_by", T}}},
  };
  return kSections;
}

const CsvSection* FindSection(std::string_view name) {
  for (const auto& s : Sections()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const CsvField* FindField(const CsvSection& s, std::string_view name) {
  for (const auto& f : s.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::vector<std::string> SplitDots(std::string_view path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    out.emplace_back(path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (out.size() == 1 && out[0].empty()) out.clear();
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Resolves a field path of the generated JSON to the CSV line it came from:
// the exact path, else the first recorded path under the nearest enclosing one.
class PathLines {
 public:
  void Record(const std::string& path, int64_t line) { lines_.emplace(path, line); }
  int64_t Resolve(std::string_view path) const {
    std::string p(path);
    while (true) {
      auto it = lines_.lower_bound(p);
      if (it != lines_.end() && it->first.compare(0, p.size(), p) == 0) return it->second;
      size_t cut = p.find_last_of(".[");
      if (cut == std::string::npos) return 0;
      p.resize(cut);
    }
  }

 private:
  std::map<std::string, int64_t> lines_;
};

struct CsvBuild {
  Json root = Json::object();
  PathLines lines;
  std::map<std::string, int64_t> scalar_seen;  // full path -> line
  std::map<std::string, size_t> item_index;    // "section\x1fitem" -> array index
};

bool ParseBool(std::string_view v, std::optional<bool>* out) {
  std::string l = Lower(v);
  if (l == "yes" || l == "y" || l == "true" || l == "1") {
    *out = true;
  } else if (l == "no" || l == "n" || l == "false" || l == "0") {
    *out = false;
  } else if (l == "unknown" || l == "null") {
    *out = std::nullopt;
  } else {
    return false;
  }
  return true;
}

// Applies one data row; returns an error reason or "".
std::string ApplyRow(CsvBuild& b, const std::vector<std::string>& f, int64_t line) {
  if (f.size() < 4 || f.size() > 5) {
    return fmt::format("expected 4 fields (disclosure_section,item,field,value) or 5 with note, got {}", f.size());
  }
  for (const auto& v : f) {
    if (!simdjson::validate_utf8(v.data(), v.size())) return "invalid UTF-8 (save the sheet as CSV UTF-8)";
  }
  const std::string& section_name = f[0];
  const std::string& item = f[1];
  const std::string& field_name = f[2];
  const std::string& value = f[3];
  const CsvSection* section = FindSection(section_name);
  if (!section) return fmt::format("unknown disclosure_section \"{}\"", section_name.substr(0, 64));
  const CsvField* field = FindField(*section, field_name);
  if (!field) {
    return fmt::format("unknown field \"{}\" in section {}", field_name.substr(0, 64), section_name);
  }
  bool itemised = !section->item_key.empty();
  if (itemised && item.empty()) {
    return fmt::format("section {} needs an item ({}) in the second column", section_name, section->item_key);
  }
  if (!itemised && !item.empty()) return fmt::format("section {} takes no item; leave the second column empty", section_name);
  if (value.empty()) return "";  // unknown: nothing to record

  // The object the row writes into, and its path.
  Json* target = &b.root;
  std::string path;
  std::vector<std::string> section_parts = SplitDots(section->json_path);
  for (size_t i = 0; i < section_parts.size(); ++i) {
    Json& next = (*target)[section_parts[i]];
    path = JoinPath(path, section_parts[i]);
    bool last = i + 1 == section_parts.size();
    if (next.is_null()) next = (itemised && last) ? Json::array() : Json::object();
    target = &next;
  }
  if (itemised) {
    if (!target->is_array()) *target = Json::array();
    std::string key = std::string(section_name) + '\x1f' + item;
    auto it = b.item_index.find(key);
    size_t index;
    if (it == b.item_index.end()) {
      index = target->size();
      Json element = Json::object();
      element[std::string(section->item_key)] = item;
      target->push_back(std::move(element));
      b.item_index.emplace(key, index);
      b.lines.Record(JoinPath(IndexPath(path, index), section->item_key), line);
    } else {
      index = it->second;
    }
    target = &(*target)[index];
    path = IndexPath(path, index);
  }
  std::vector<std::string> parts = SplitDots(field->name);
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    Json& next = (*target)[parts[i]];
    if (next.is_null()) next = Json::object();
    target = &next;
    path = JoinPath(path, parts[i]);
  }
  const std::string& leaf = parts.back();
  std::string leaf_path = JoinPath(path, leaf);

  if (field->kind == CsvKind::kList) {
    Json& list = (*target)[leaf];
    if (list.is_null()) list = Json::array();
    b.lines.Record(IndexPath(leaf_path, list.size()), line);
    b.lines.Record(leaf_path, line);
    list.push_back(value);
    return "";
  }
  auto [seen, inserted] = b.scalar_seen.emplace(leaf_path, line);
  if (!inserted) return fmt::format("field {} given twice (first on line {})", leaf_path, seen->second);
  b.lines.Record(leaf_path, line);
  switch (field->kind) {
    case CsvKind::kText: (*target)[leaf] = value; break;
    case CsvKind::kBool: {
      std::optional<bool> v;
      if (!ParseBool(value, &v)) {
        return fmt::format("{}: \"{}\" is not yes, no or unknown", leaf_path, value.substr(0, 64));
      }
      if (v) (*target)[leaf] = *v;
      break;
    }
    case CsvKind::kInt: {
      int64_t v = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc() || end != value.data() + value.size()) {
        return fmt::format("{}: \"{}\" is not an integer", leaf_path, value.substr(0, 64));
      }
      (*target)[leaf] = v;
      break;
    }
    case CsvKind::kNumber: {
      char* end = nullptr;
      double v = std::strtod(value.c_str(), &end);
      if (end != value.c_str() + value.size() || !std::isfinite(v)) {
        return fmt::format("{}: \"{}\" is not a number", leaf_path, value.substr(0, 64));
      }
      (*target)[leaf] = v;
      break;
    }
    case CsvKind::kList: break;
  }
  return "";
}

std::string CsvQuote(std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void CsvRow(std::string* out, std::string_view section, std::string_view item, std::string_view field,
            std::string_view value) {
  out->append(CsvQuote(section)).append(",").append(CsvQuote(item)).append(",").append(CsvQuote(field));
  out->append(",").append(CsvQuote(value)).append("\n");
}

std::string ScalarText(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  return v.dump();
}

// Writes the rows of one object of `section` (fields in table order).
void WriteObject(std::string* out, const CsvSection& section, std::string_view item, const Json& obj) {
  for (const auto& f : section.fields) {
    const Json* v = &obj;
    for (const auto& part : SplitDots(f.name)) {
      if (!v->is_object() || !v->contains(part)) {
        v = nullptr;
        break;
      }
      v = &(*v)[part];
    }
    if (!v || v->is_null()) continue;
    if (f.kind == CsvKind::kList) {
      for (const auto& e : *v) CsvRow(out, section.name, item, f.name, ScalarText(e));
    } else {
      CsvRow(out, section.name, item, f.name, ScalarText(*v));
    }
  }
}

}  // namespace

std::string DisclosureJsonToCsv(std::string_view canonical_json) {
  Json root = Json::parse(canonical_json, nullptr, /*allow_exceptions=*/false);
  std::string out(kDisclosureCsvHeader);
  out += "\n";
  if (!root.is_object()) return out;
  for (const auto& section : Sections()) {
    const Json* node = &root;
    for (const auto& part : SplitDots(section.json_path)) {
      if (!node->is_object() || !node->contains(part)) {
        node = nullptr;
        break;
      }
      node = &(*node)[part];
    }
    if (!node) continue;
    if (section.item_key.empty()) {
      WriteObject(&out, section, "", *node);
    } else if (node->is_array()) {
      for (const auto& element : *node) {
        std::string item = ScalarText(element.value(std::string(section.item_key), Json("")));
        WriteObject(&out, section, item, element);
      }
    }
  }
  return out;
}

}  // namespace evidence_internal

namespace {

Status ReadCsv(std::unique_ptr<CsvReader> reader, std::string_view file, SupplierDisclosure* out,
               std::vector<InputIssue>* errors, const EvidenceLimits& limits) {
  using evidence_internal::CsvBuild;
  CsvBuild build;
  build.root["format"] = std::string(kDisclosureFormat);
  size_t row_errors = 0;
  std::string first_error;
  auto add_error = [&](int64_t line, std::string reason) {
    if (row_errors++ == 0) first_error = fmt::format("{}:{}: {}", file, line, reason);
    if (errors) errors->push_back({std::string(file), line, std::move(reason)});
  };
  CsvRecord record;
  std::string error;
  bool header_seen = false;
  size_t rows = 0;
  while (reader->Next(&record, &error)) {
    if (!error.empty()) {
      // The CSV reader's message already reads "file:line: reason".
      std::string reason = error;
      std::string prefix = fmt::format("{}:{}: ", file, record.line);
      if (reason.starts_with(prefix)) reason = reason.substr(prefix.size());
      add_error(record.line, reason);
      error.clear();
      continue;
    }
    if (!header_seen) {
      header_seen = true;
      std::string joined;
      for (size_t i = 0; i < record.fields.size(); ++i) joined += (i ? "," : "") + record.fields[i];
      if (!IsDisclosureCsvHeader(joined)) {
        add_error(record.line, fmt::format("not a disclosure CSV: the header must be \"{}\" (optionally \",note\")",
                                           kDisclosureCsvHeader));
        return Status::InvalidArgument(first_error);
      }
      continue;
    }
    if (++rows > limits.max_array_elements * 10) {
      add_error(record.line, fmt::format("more than {} rows", limits.max_array_elements * 10));
      break;
    }
    std::string reason = evidence_internal::ApplyRow(build, record.fields, record.line);
    if (!reason.empty()) add_error(record.line, std::move(reason));
  }
  if (!header_seen) {
    add_error(0, "empty file");
    return Status::InvalidArgument(first_error);
  }
  std::string json;
  try {
    json = build.root.dump();
  } catch (const nlohmann::json::exception& e) {
    add_error(0, fmt::format("cannot convert to JSON: {}", e.what()));
    return Status::InvalidArgument(first_error);
  }
  json.append(kJsonPadding, ' ');
  std::string_view text(json.data(), json.size() - kJsonPadding);
  const auto& lines = build.lines;
  Status st = evidence_internal::ReadDisclosureWith(text, file, 1, out, errors, limits,
                                                    [&lines](std::string_view p) { return lines.Resolve(p); });
  if (row_errors > 0) {
    return Status::InvalidArgument(fmt::format("disclosure rejected with {} error(s); first: {}",
                                               row_errors + (st.ok() ? 0 : 1), first_error));
  }
  return st;
}

}  // namespace

Status ReadDisclosureCsv(std::string_view csv_text, std::string_view file, SupplierDisclosure* out,
                         std::vector<InputIssue>* errors, const EvidenceLimits& limits) {
  if (csv_text.size() > limits.max_document_bytes) {
    std::string reason =
        fmt::format("file of {} bytes exceeds the limit of {} bytes", csv_text.size(), limits.max_document_bytes);
    if (errors) errors->push_back({std::string(file), 0, reason});
    return Status::InvalidArgument(fmt::format("{}: {}", file, reason));
  }
  return ReadCsv(CsvReader::FromString(std::string(file), std::string(csv_text)), file, out, errors, limits);
}

Status ReadDisclosureCsvFile(const std::string& path, SupplierDisclosure* out, std::vector<InputIssue>* errors,
                             const EvidenceLimits& limits) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > limits.max_document_bytes) {
    std::string reason = fmt::format("file of {} bytes exceeds the limit of {} bytes", size, limits.max_document_bytes);
    if (errors) errors->push_back({path, 0, reason});
    return Status::InvalidArgument(fmt::format("{}: {}", path, reason));
  }
  auto reader = CsvReader::Open(path);
  if (!reader.ok()) {
    if (errors) errors->push_back({path, 0, reader.status().message()});
    return reader.status();
  }
  return ReadCsv(std::move(reader).value(), path, out, errors, limits);
}

}  // namespace clearbid
