#include "engine/store/list_entry_json.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "engine/base/utf8.h"

namespace clearbid {
namespace {

using Json = nlohmann::json;

/// Compact JSON; invalid UTF-8 in list data is replaced (U+FFFD), never thrown.
std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string IdentifiersJson(const std::vector<Identifier>& ids) {
  Json out = Json::array();
  for (const Identifier& id : ids) {
    Json o = {{"scheme", id.scheme}, {"id", id.id}};
    if (!id.legal_name.empty()) o["legal_name"] = id.legal_name;
    out.push_back(std::move(o));
  }
  return Dump(out);
}

std::string AddressesJson(const std::vector<Address>& addresses) {
  Json out = Json::array();
  for (const Address& a : addresses) {
    Json o = Json::object();
    auto put = [&](const char* key, const std::string& v) {
      if (!v.empty()) o[key] = v;
    };
    put("street_address", a.street_address);
    put("locality", a.locality);
    put("region", a.region);
    put("postal_code", a.postal_code);
    put("country_name", a.country_name);
    put("country", a.country);
    out.push_back(std::move(o));
  }
  return Dump(out);
}

/// Parses a JSON column written by a list store; a damaged one is
/// Corruption, named by `what()` (called only then). "[]", what most
/// columns of most entries hold, is not handed to the parser.
template <typename What>
Result<Json> ParseArray(std::string_view text, const What& what) {
  if (text == "[]") return Json::array();
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_array())
    return Status::Corruption(fmt::format("{} is not a JSON array", what()));
  return j;
}

std::vector<std::string> Strings(const Json& array) {
  std::vector<std::string> out;
  for (const Json& v : array)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::string StringField(const Json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

ListEntryJson EncodeListEntryJson(const ListEntry& e) {
  return {StringsToJson(e.aliases),       StringsToJson(e.weak_aliases), StringsToJson(e.countries),
          IdentifiersJson(e.identifiers), AddressesJson(e.addresses),    StringsToJson(e.birth_dates)};
}

Status DecodeListEntryJson(const ListEntryJsonView& text, ListEntry* e) {
  // The column's name for an error (formatted only then: a list delta
  // decodes a million entries).
  auto what = [&](const char* column) {
    return [e, column] { return fmt::format("list_entries {} of entry {}", column, e->entry_id); };
  };
  auto strings = [&](std::string_view json, const char* column) -> Result<std::vector<std::string>> {
    ASSIGN_OR_RETURN(Json j, ParseArray(json, what(column)));
    return Strings(j);
  };
  ASSIGN_OR_RETURN(e->aliases, strings(text.aliases, "aliases"));
  ASSIGN_OR_RETURN(e->weak_aliases, strings(text.weak_aliases, "weak_aliases"));
  ASSIGN_OR_RETURN(e->countries, strings(text.countries, "countries"));
  ASSIGN_OR_RETURN(Json ids, ParseArray(text.identifiers, what("identifiers")));
  e->identifiers.clear();
  for (const Json& o : ids) {
    if (!o.is_object()) continue;
    e->identifiers.push_back({StringField(o, "scheme"), StringField(o, "id"), StringField(o, "legal_name")});
  }
  ASSIGN_OR_RETURN(Json addresses, ParseArray(text.addresses, what("addresses")));
  e->addresses.clear();
  for (const Json& o : addresses) {
    if (!o.is_object()) continue;
    Address a;
    a.street_address = StringField(o, "street_address");
    a.locality = StringField(o, "locality");
    a.region = StringField(o, "region");
    a.postal_code = StringField(o, "postal_code");
    a.country_name = StringField(o, "country_name");
    a.country = StringField(o, "country");
    e->addresses.push_back(std::move(a));
  }
  ASSIGN_OR_RETURN(e->birth_dates, strings(text.birth_dates, "birth_dates"));
  return Status::Ok();
}

std::string StringsToJson(const std::vector<std::string>& values) { return Dump(Json(values)); }

Result<std::vector<std::string>> StringsFromJson(std::string_view text, std::string_view what) {
  ASSIGN_OR_RETURN(Json j, ParseArray(text, [what] { return what; }));
  return Strings(j);
}

std::optional<std::string> StoredEntryDigest(const ListEntry& e) {
  bool plain = IsValidUtf8WithoutNul(e.entry_id) && IsValidUtf8WithoutNul(e.source) &&
               IsValidUtf8WithoutNul(e.name) && IsValidUtf8WithoutNul(e.listed_from) &&
               IsValidUtf8WithoutNul(e.listed_until) && IsValidUtf8WithoutNul(e.reason) &&
               IsValidUtf8WithoutNul(e.notes);
  for (const auto* list : {&e.aliases, &e.weak_aliases, &e.countries, &e.birth_dates})
    for (const std::string& v : *list) plain = plain && IsValidUtf8WithoutNul(v);
  for (const Identifier& id : e.identifiers)
    plain = plain && IsValidUtf8WithoutNul(id.scheme) && IsValidUtf8WithoutNul(id.id) &&
            IsValidUtf8WithoutNul(id.legal_name);
  for (const Address& a : e.addresses)
    for (const std::string* v : {&a.street_address, &a.locality, &a.region, &a.postal_code, &a.country_name, &a.country})
      plain = plain && IsValidUtf8WithoutNul(*v);
  if (!plain) return std::nullopt;
  return ListEntryDigest(e);
}

}  // namespace clearbid
