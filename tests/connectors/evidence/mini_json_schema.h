#pragma once
// Test helper: a minimal JSON Schema (draft 2020-12) validator for the
// keywords clearbid's format schemas use. No C++ JSON Schema validator is
// packaged in Debian 12 (python3-jsonschema is; schema_validation_test also
// runs it when present). A keyword this helper does not implement is reported
// as an error, so a schema can never pass by being half-understood.

#include <nlohmann/json.hpp>

#include <regex>
#include <set>
#include <string>
#include <vector>

namespace clearbid::testing {

class MiniSchema {
 public:
  explicit MiniSchema(nlohmann::json schema) : root_(std::move(schema)) {}

  /// Appends "path: reason" for every violation; true when there is none.
  bool Validate(const nlohmann::json& doc, std::vector<std::string>* errors) const {
    size_t before = errors->size();
    Check(root_, doc, "$", errors);
    return errors->size() == before;
  }

 private:
  static size_t CodePoints(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  }

  static bool HasType(const nlohmann::json& v, const std::string& t) {
    if (t == "null") return v.is_null();
    if (t == "boolean") return v.is_boolean();
    if (t == "object") return v.is_object();
    if (t == "array") return v.is_array();
    if (t == "string") return v.is_string();
    if (t == "number") return v.is_number();
    if (t == "integer") {
      return v.is_number_integer() || (v.is_number_float() && v.get<double>() == static_cast<double>(
                                                                    static_cast<long long>(v.get<double>())));
    }
    return false;
  }

  const nlohmann::json& Resolve(const std::string& ref, std::vector<std::string>* errors) const {
    static const nlohmann::json kEmpty = nlohmann::json::object();
    const std::string prefix = "#/$defs/";
    if (ref.rfind(prefix, 0) != 0 || !root_.contains("$defs") || !root_["$defs"].contains(ref.substr(prefix.size()))) {
      errors->push_back("schema: unresolvable $ref " + ref);
      return kEmpty;
    }
    return root_["$defs"][ref.substr(prefix.size())];
  }

  void Check(const nlohmann::json& s, const nlohmann::json& v, const std::string& path,
             std::vector<std::string>* errors) const {
    static const std::set<std::string> kKnown = {
        "$schema", "$id", "title", "description", "format", "$defs", "$ref", "type", "const", "enum", "properties",
        "required", "additionalProperties", "items", "maxItems", "minLength", "maxLength", "pattern", "minimum",
        "maximum"};
    for (const auto& [k, unused] : s.items()) {
      if (!kKnown.count(k)) errors->push_back(path + ": schema keyword not implemented by the test helper: " + k);
    }
    if (s.contains("$ref")) Check(Resolve(s["$ref"].get<std::string>(), errors), v, path, errors);
    if (s.contains("type")) {
      bool ok = false;
      if (s["type"].is_string()) {
        ok = HasType(v, s["type"].get<std::string>());
      } else {
        for (const auto& t : s["type"]) ok = ok || HasType(v, t.get<std::string>());
      }
      if (!ok) {
        errors->push_back(path + ": type " + std::string(v.type_name()) + " not allowed by " + s["type"].dump());
        return;
      }
    }
    if (s.contains("const") && v != s["const"]) errors->push_back(path + ": must equal " + s["const"].dump());
    if (s.contains("enum")) {
      bool found = false;
      for (const auto& e : s["enum"]) found = found || e == v;
      if (!found) errors->push_back(path + ": " + v.dump() + " not in enum");
    }
    if (v.is_string()) {
      const auto& str = v.get_ref<const std::string&>();
      if (s.contains("minLength") && CodePoints(str) < s["minLength"].get<size_t>()) {
        errors->push_back(path + ": shorter than minLength");
      }
      if (s.contains("maxLength") && CodePoints(str) > s["maxLength"].get<size_t>()) {
        errors->push_back(path + ": longer than maxLength");
      }
      if (s.contains("pattern") && !std::regex_search(str, std::regex(s["pattern"].get<std::string>()))) {
        errors->push_back(path + ": \"" + str + "\" does not match " + s["pattern"].get<std::string>());
      }
    }
    if (v.is_number()) {
      double d = v.get<double>();
      if (s.contains("minimum") && d < s["minimum"].get<double>()) errors->push_back(path + ": below minimum");
      if (s.contains("maximum") && d > s["maximum"].get<double>()) errors->push_back(path + ": above maximum");
    }
    if (v.is_array()) {
      if (s.contains("maxItems") && v.size() > s["maxItems"].get<size_t>()) {
        errors->push_back(path + ": more than maxItems");
      }
      if (s.contains("items")) {
        for (size_t i = 0; i < v.size(); ++i) Check(s["items"], v[i], path + "[" + std::to_string(i) + "]", errors);
      }
    }
    if (v.is_object()) {
      if (s.contains("required")) {
        for (const auto& r : s["required"]) {
          if (!v.contains(r.get<std::string>())) errors->push_back(path + ": missing required " + r.get<std::string>());
        }
      }
      const nlohmann::json* props = s.contains("properties") ? &s["properties"] : nullptr;
      for (const auto& [k, value] : v.items()) {
        if (props && props->contains(k)) {
          Check((*props)[k], value, path + "." + k, errors);
        } else if (s.contains("additionalProperties") && s["additionalProperties"] == false) {
          errors->push_back(path + ": additional property " + k);
        }
      }
    }
  }

  nlohmann::json root_;
};

}  // namespace clearbid::testing
