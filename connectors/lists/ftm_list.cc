// FollowTheMoney entities as JSON lines (the form OpenSanctions publishes):
// {"id", "schema", "caption", "properties": {prop: [strings]}, "target", …}.
// Listed subjects are the target entities of schema Person, Company,
// Organization, LegalEntity, PublicBody, Vessel or Airplane; Address entities
// give their country to the subjects that reference them; everything else
// (relations, sanctions, non-target related parties) is ignored, not an error.

#include <fmt/format.h>

#include <simdjson.h>

#include <fstream>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "connectors/lists/list_reader.h"
#include "connectors/lists/list_util.h"
#include "engine/base/digest.h"
#include "engine/model/country.h"

namespace clearbid {

namespace {

using lists::CleanText;
using Properties = std::map<std::string, std::vector<std::string>, std::less<>>;

struct FtmEntity {
  std::string id;
  std::string schema;
  std::string caption;
  bool target = true;
  Properties props;
};

/// Parses one entity; returns an error reason, or "" on success.
std::string ParseEntity(simdjson::dom::parser& parser, const simdjson::padded_string& text, size_t max_field,
                        FtmEntity* out) {
  simdjson::dom::element doc;
  auto err = parser.parse(text).get(doc);
  if (err) return fmt::format("invalid JSON: {}", simdjson::error_message(err));
  simdjson::dom::object obj;
  if (doc.get(obj)) return "not a JSON object";
  std::string_view s;
  if (obj["id"].get(s) || s.empty()) return "entity without a string \"id\"";
  if (s.size() > max_field) return "id too long";
  out->id = std::string(s);
  if (obj["schema"].get(s) || s.empty()) return fmt::format("entity {} without a string \"schema\"", out->id);
  out->schema = std::string(s);
  if (!obj["caption"].get(s)) out->caption = CleanText(s.substr(0, max_field));
  bool target = true;
  if (!obj["target"].get(target)) out->target = target;
  simdjson::dom::object props;
  auto props_err = obj["properties"].get(props);
  if (props_err == simdjson::NO_SUCH_FIELD) return "";
  if (props_err) return fmt::format("entity {}: \"properties\" is not an object", out->id);
  for (auto field : props) {
    simdjson::dom::array values;
    if (field.value.get(values)) return fmt::format("entity {}: property {} is not a list", out->id, field.key);
    std::vector<std::string>& list = out->props[std::string(field.key)];
    for (simdjson::dom::element v : values) {
      std::string_view str;
      if (v.get(str)) return fmt::format("entity {}: property {} holds a non-string", out->id, field.key);
      if (str.size() > max_field) return fmt::format("entity {}: a {} value is longer than {} bytes", out->id, field.key, max_field);
      list.push_back(CleanText(str));
    }
  }
  return "";
}

const std::vector<std::string>& Prop(const Properties& props, std::string_view key) {
  static const std::vector<std::string> kNone;
  auto it = props.find(key);
  return it == props.end() ? kNone : it->second;
}

bool SubjectSchema(std::string_view schema, EntitySchema* out) {
  static const std::unordered_map<std::string_view, EntitySchema> kSchemas = {
      {"Person", EntitySchema::kPerson},          {"Company", EntitySchema::kCompany},
      {"Organization", EntitySchema::kOrganization}, {"LegalEntity", EntitySchema::kOrganization},
      {"PublicBody", EntitySchema::kOrganization}, {"Vessel", EntitySchema::kVessel},
      {"Airplane", EntitySchema::kAircraft}};
  auto it = kSchemas.find(schema);
  if (it == kSchemas.end()) return false;
  *out = it->second;
  return true;
}

struct IdProp {
  std::string_view prop;
  std::string_view scheme;
};
constexpr IdProp kIdProps[] = {
    {"registrationNumber", "registration"}, {"taxNumber", "tax"},        {"innCode", "RU-INN"},
    {"ogrnCode", "RU-OGRN"},                 {"leiCode", "XI-LEI"},       {"vatCode", "vat"},
    {"okpoCode", "okpo"},                    {"idNumber", "id"},          {"passportNumber", "passport"},
    {"imoNumber", "IMO"},                    {"mmsi", "MMSI"},            {"swiftBic", "SWIFT"},
    {"dunsCode", "DUNS"},                    {"uniqueEntityId", "US-SAM"}, {"npiCode", "npi"}};

ListEntry ToEntry(FtmEntity&& f, EntitySchema schema, const std::string& source, int64_t line) {
  ListEntry e;
  e.source = source;
  e.source_line = line;
  e.entry_id = f.id;
  e.schema = schema;
  const std::vector<std::string>& names = Prop(f.props, "name");
  e.name = f.caption;
  if (e.name.empty() && !names.empty()) e.name = names[0];
  if (e.name.empty()) {
    std::string first = Prop(f.props, "firstName").empty() ? "" : Prop(f.props, "firstName")[0];
    std::string last = Prop(f.props, "lastName").empty() ? "" : Prop(f.props, "lastName")[0];
    e.name = CleanText(first + " " + last);
  }
  for (const char* key : {"name", "alias", "previousName"}) {
    for (const std::string& n : Prop(f.props, key))
      if (n != e.name) lists::AddUnique(n, &e.aliases);
  }
  for (const std::string& n : Prop(f.props, "weakAlias")) lists::AddUnique(n, &e.weak_aliases);
  for (const char* key : {"country", "nationality", "citizenship", "jurisdiction", "mainCountry"}) {
    for (const std::string& c : Prop(f.props, key)) lists::AddUnique(CountryCode(c), &e.countries);
  }
  for (const IdProp& p : kIdProps) {
    for (const std::string& id : Prop(f.props, p.prop))
      if (!id.empty()) e.identifiers.push_back({std::string(p.scheme), id, ""});
  }
  for (const std::string& d : Prop(f.props, "birthDate")) lists::AddUnique(d, &e.birth_dates);
  for (const char* key : {"startDate", "createdAt"}) {
    if (!e.listed_from.empty()) break;
    for (const std::string& d : Prop(f.props, key)) {
      Result<std::string> date = lists::NormalizeListDate(d);
      if (date.ok() && !date->empty()) {
        e.listed_from = *date;
        break;
      }
    }
  }
  for (const std::string& d : Prop(f.props, "endDate")) {
    Result<std::string> date = lists::NormalizeListDate(d);
    if (date.ok() && !date->empty() && *date > e.listed_until) e.listed_until = *date;
  }
  for (const std::string& t : Prop(f.props, "topics")) e.reason += (e.reason.empty() ? "" : "; ") + t;
  for (const std::string& n : Prop(f.props, "notes")) e.notes += (e.notes.empty() ? "" : " ") + n;
  return e;
}

}  // namespace

Result<ListReadResult> ReadFtmList(const std::string& path, const ListReadOptions& options) {
  const std::string source = options.source.empty() ? "opensanctions" : options.source;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(fmt::format("{}: cannot open for reading", path));
  ListReadResult out;
  out.files = {path};
  simdjson::dom::parser parser;
  std::unordered_set<std::string> seen;
  std::unordered_map<std::string, Address> addresses;  // Address entity id -> address
  std::vector<std::vector<std::string>> address_refs;  // per entry: referenced Address ids
  auto skip = [&](int64_t line, std::string_view reason) {
    ++out.skipped;
    out.AddError(fmt::format("{}:{}: {}", path, line, reason), options.max_errors);
  };
  auto handle_line = [&](std::string_view text, int64_t line) {
    if (lists::Trim(text).empty()) return;
    simdjson::padded_string padded(text);
    FtmEntity f;
    std::string problem = ParseEntity(parser, padded, options.max_field_bytes, &f);
    if (!problem.empty()) {
      skip(line, problem);
      return;
    }
    if (f.schema == "Address") {
      auto first = [&](std::string_view key) {
        const std::vector<std::string>& v = Prop(f.props, key);
        return v.empty() ? std::string() : v[0];
      };
      Address a;
      a.street_address = first("full").empty() ? f.caption : first("full");
      a.locality = first("city");
      a.postal_code = first("postalCode");
      a.country_name = first("country");
      a.country = CountryCode(a.country_name);
      addresses.emplace(f.id, std::move(a));
      ++out.ignored;
      return;
    }
    EntitySchema schema;
    if (!SubjectSchema(f.schema, &schema) || !f.target) {
      ++out.ignored;
      return;
    }
    if (!seen.insert(f.id).second) {
      skip(line, fmt::format("duplicate entity id {}", f.id));
      return;
    }
    std::vector<std::string> refs = Prop(f.props, "addressEntity");
    ListEntry e = ToEntry(std::move(f), schema, source, line);
    if (e.name.empty()) {
      skip(line, fmt::format("entity {} has no name", e.entry_id));
      return;
    }
    e.active = lists::IsActive(e.listed_until, options.as_of);
    out.entries.push_back(std::move(e));
    address_refs.push_back(std::move(refs));
  };

  // JSON Lines: one entity per physical line, so a broken line never hides
  // the next. Memory is bounded by max_record_bytes per line.
  Sha256 sha;
  std::string chunk(1 << 16, '\0');
  std::string line;
  bool oversize = false;
  int64_t line_no = 1;
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    size_t n = static_cast<size_t>(in.gcount());
    if (n == 0) break;
    std::string_view data(chunk.data(), n);
    sha.Update(data);
    while (!data.empty()) {
      size_t eol = data.find('\n');
      std::string_view piece = data.substr(0, eol);
      if (!oversize) {
        if (line.size() + piece.size() > options.max_record_bytes) {
          oversize = true;
          line.clear();
        } else {
          line.append(piece);
        }
      }
      if (eol == std::string_view::npos) break;
      data.remove_prefix(eol + 1);
      if (oversize) {
        skip(line_no, fmt::format("line longer than {} bytes", options.max_record_bytes));
      } else {
        handle_line(line, line_no);
      }
      line.clear();
      oversize = false;
      ++line_no;
    }
  }
  if (in.bad()) return Status::IoError(fmt::format("{}: read error", path));
  if (oversize) {
    skip(line_no, fmt::format("line longer than {} bytes", options.max_record_bytes));
  } else {
    handle_line(line, line_no);
  }
  out.sha256 = sha.FinishHex();
  // Address entities may come before or after their subjects: link at the end.
  for (size_t i = 0; i < out.entries.size(); ++i) {
    for (const std::string& ref : address_refs[i]) {
      auto it = addresses.find(ref);
      if (it == addresses.end()) continue;
      out.entries[i].addresses.push_back(it->second);
      lists::AddUnique(it->second.country, &out.entries[i].countries);
    }
  }
  return out;
}

}  // namespace clearbid
