#include "connectors/ocds/release_compiler.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

namespace clearbid {
namespace {

using Json = nlohmann::ordered_json;

bool IsIdentifiedArray(const Json& a) {
  if (!a.is_array() || a.empty()) return false;
  for (const Json& el : a) {
    if (!el.is_object() || !el.contains("id")) return false;
  }
  return true;
}

void Merge(Json& dst, const Json& src);

// A value as it stands alone: nested nulls removed.
Json Clean(const Json& v) {
  if (v.is_object()) {
    Json out = Json::object();
    Merge(out, v);
    return out;
  }
  return v;
}

void Merge(Json& dst, const Json& src) {
  for (auto it = src.begin(); it != src.end(); ++it) {
    const std::string& key = it.key();
    const Json& val = it.value();
    if (val.is_null()) {
      dst.erase(key);
    } else if (val.is_object()) {
      if (!dst.contains(key) || !dst[key].is_object()) dst[key] = Json::object();
      Merge(dst[key], val);
    } else if (IsIdentifiedArray(val) && dst.contains(key) && IsIdentifiedArray(dst[key])) {
      Json& target = dst[key];
      for (const Json& el : val) {
        bool found = false;
        for (Json& existing : target) {
          if (existing["id"] == el["id"]) {
            Merge(existing, el);
            found = true;
            break;
          }
        }
        if (!found) target.push_back(Clean(el));
      }
    } else if (val.is_array()) {
      Json arr = Json::array();
      for (const Json& el : val) arr.push_back(Clean(el));
      dst[key] = std::move(arr);
    } else {
      dst[key] = val;
    }
  }
}

}  // namespace

Result<std::string> CompileReleases(const std::vector<std::string>& releases) {
  if (releases.empty()) return Status::InvalidArgument("no releases to compile");
  Json compiled = Json::object();
  try {
    for (const std::string& text : releases) {
      Json rel = Json::parse(text);
      if (!rel.is_object()) return Status::ParseError("a release is not a JSON object");
      rel.erase("id");
      rel.erase("tag");
      Merge(compiled, rel);
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::ParseError(fmt::format("cannot compile releases: {}", e.what()));
  }
  std::string ocid = compiled.value("ocid", "");
  std::string date = compiled.contains("date") && compiled["date"].is_string() ? compiled["date"].get<std::string>() : "";
  compiled["id"] = ocid + "-" + date;
  compiled["tag"] = Json::array({"compiled"});
  return compiled.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace clearbid
