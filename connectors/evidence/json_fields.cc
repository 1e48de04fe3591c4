#include "connectors/evidence/json_fields.h"

#include "engine/base/clock.h"

#include "connectors/json/json_types.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace clearbid::evidence_internal {
namespace {

constexpr std::array<std::string_view, 7> kPracticeKeys = {
    "recruitment_fees_paid_by",     "related_costs_paid_by", "identity_documents_retained",
    "contracts_in_worker_language", "written_contracts",     "migrant_workers_share",
    "worker_languages"};

constexpr std::string_view kCostBearers = "employer, worker, shared, none_charged";

}  // namespace

std::string JoinPath(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  std::string out;
  out.reserve(path.size() + 1 + key.size());
  out.append(path).append(".").append(key);
  return out;
}

std::string IndexPath(std::string_view path, size_t index) { return fmt::format("{}[{}]", path, index); }


std::string_view TypeName(dom::element_type t) { return JsonTypeName(t); }

FieldReader::FieldReader(std::string_view file, int64_t line, const EvidenceLimits& limits,
                         std::vector<InputIssue>* errors, LineResolver resolver)
    : file_(file), line_(line), limits_(limits), errors_(errors), resolver_(std::move(resolver)) {}

void FieldReader::Error(std::string_view path, std::string_view reason) {
  int64_t line = line_;
  if (resolver_) {
    if (int64_t l = resolver_(path); l > 0) line = l;
  }
  std::string text = path.empty() ? std::string(reason) : fmt::format("{}: {}", path, reason);
  if (error_count_ == 0) first_error_ = fmt::format("{}:{}: {}", file_, line, text);
  ++error_count_;
  if (errors_) errors_->push_back({std::string(file_), line, std::move(text)});
}

std::optional<dom::element> FieldReader::Member(dom::object o, std::string_view key) {
  dom::element e;
  if (o.at_key(key).get(e) != simdjson::SUCCESS) return std::nullopt;
  if (e.is_null()) return std::nullopt;
  return e;
}

void FieldReader::CheckKeys(dom::object o, std::string_view path, std::initializer_list<std::string_view> allowed,
                            bool with_practices) {
  for (auto field : o) {
    std::string_view k = field.key;
    bool known = std::find(allowed.begin(), allowed.end(), k) != allowed.end() ||
                 (with_practices && std::find(kPracticeKeys.begin(), kPracticeKeys.end(), k) != kPracticeKeys.end());
    if (!known) {
      std::string shown(k.substr(0, 64));
      Error(JoinPath(path, shown), "unknown field (see docs/formats for the field list)");
    }
  }
}

bool FieldReader::StringValue(dom::element e, const std::string& path, size_t max, std::string* out) {
  if (!e.is_string()) {
    Error(path, fmt::format("expected a string, got {}", TypeName(e.type())));
    return false;
  }
  std::string_view s = e.get_string().value_unsafe();
  if (s.size() > max) {
    Error(path, fmt::format("string of {} bytes exceeds the limit of {} bytes", s.size(), max));
    return false;
  }
  out->assign(s);
  return true;
}

void FieldReader::Text(dom::object o, std::string_view path, std::string_view key, std::string* out, Need need) {
  std::string p = JoinPath(path, key);
  auto e = Member(o, key);
  if (!e) {
    if (need == Need::kRequired) Error(p, "required field is missing");
    return;
  }
  if (!StringValue(*e, p, limits_.max_string_bytes, out)) return;
  if (need == Need::kRequired && out->empty()) Error(p, "required field is empty");
}

void FieldReader::LongText(dom::object o, std::string_view path, std::string_view key, std::string* out) {
  auto e = Member(o, key);
  if (e) StringValue(*e, JoinPath(path, key), limits_.max_text_bytes, out);
}

void FieldReader::Date(dom::object o, std::string_view path, std::string_view key, std::string* out, Need need) {
  std::string value;
  Text(o, path, key, &value, need);
  if (value.empty()) return;
  if (!IsIsoDate(value)) {
    Error(JoinPath(path, key), fmt::format("\"{}\" is not a date written YYYY-MM-DD", value.substr(0, 64)));
    return;
  }
  *out = std::move(value);
}

void FieldReader::Country(dom::object o, std::string_view path, std::string_view key, std::string* out,
                          Need need) {
  std::string value;
  Text(o, path, key, &value, need);
  if (value.empty()) return;
  if (value.size() != 2 || !std::isupper(static_cast<unsigned char>(value[0])) ||
      !std::isupper(static_cast<unsigned char>(value[1]))) {
    Error(JoinPath(path, key),
          fmt::format("\"{}\" is not an ISO 3166-1 alpha-2 code in upper case", value.substr(0, 64)));
    return;
  }
  *out = std::move(value);
}

void FieldReader::Bool(dom::object o, std::string_view path, std::string_view key, std::optional<bool>* out) {
  auto e = Member(o, key);
  if (!e) return;
  if (!e->is_bool()) {
    Error(JoinPath(path, key),
          fmt::format("expected true, false or null (unknown), got {}", TypeName(e->type())));
    return;
  }
  *out = e->get_bool().value_unsafe();
}

void FieldReader::Int(dom::object o, std::string_view path, std::string_view key, std::optional<int64_t>* out,
                      int64_t min, int64_t max) {
  auto e = Member(o, key);
  if (!e) return;
  int64_t v = 0;
  if (e->is_int64()) {
    v = e->get_int64().value_unsafe();
  } else if (e->is_double() && std::trunc(e->get_double().value_unsafe()) == e->get_double().value_unsafe() &&
             std::fabs(e->get_double().value_unsafe()) < 9e15) {
    v = static_cast<int64_t>(e->get_double().value_unsafe());
  } else {
    Error(JoinPath(path, key), fmt::format("expected an integer, got {}", TypeName(e->type())));
    return;
  }
  if (v < min || v > max) {
    Error(JoinPath(path, key), fmt::format("{} is outside {}..{}", v, min, max));
    return;
  }
  *out = v;
}

void FieldReader::Share(dom::object o, std::string_view path, std::string_view key, std::optional<double>* out) {
  auto e = Member(o, key);
  if (!e) return;
  if (!e->is_number()) {
    Error(JoinPath(path, key), fmt::format("expected a number from 0 to 1, got {}", TypeName(e->type())));
    return;
  }
  double v = e->get_double().value_unsafe();
  if (e->is_int64()) v = static_cast<double>(e->get_int64().value_unsafe());
  if (e->is_uint64()) v = static_cast<double>(e->get_uint64().value_unsafe());
  if (!(v >= 0.0 && v <= 1.0)) {
    Error(JoinPath(path, key), fmt::format("{} is outside 0..1 (a share, not a percentage)", v));
    return;
  }
  *out = v;
}

void FieldReader::TextList(dom::object o, std::string_view path, std::string_view key,
                           std::vector<std::string>* out) {
  auto e = Member(o, key);
  if (!e) return;
  std::string p = JoinPath(path, key);
  if (!e->is_array()) {
    Error(p, fmt::format("expected an array of strings, got {}", TypeName(e->type())));
    return;
  }
  dom::array a = e->get_array().value_unsafe();
  if (a.size() > limits_.max_array_elements) {
    Error(p, fmt::format("array of {} elements exceeds the limit of {}", a.size(), limits_.max_array_elements));
    return;
  }
  size_t i = 0;
  for (dom::element v : a) {
    std::string s;
    if (StringValue(v, IndexPath(p, i), limits_.max_string_bytes, &s)) out->push_back(std::move(s));
    ++i;
  }
}

void FieldReader::Object(dom::object o, std::string_view path, std::string_view key,
                         const std::function<void(dom::object, const std::string&)>& each, Need need) {
  std::string p = JoinPath(path, key);
  auto e = Member(o, key);
  if (!e) {
    if (need == Need::kRequired) Error(p, "required object is missing");
    return;
  }
  if (!e->is_object()) {
    Error(p, fmt::format("expected an object, got {}", TypeName(e->type())));
    return;
  }
  each(e->get_object().value_unsafe(), p);
}

void FieldReader::Objects(dom::object o, std::string_view path, std::string_view key,
                          const std::function<void(dom::object, const std::string&)>& each) {
  std::string p = JoinPath(path, key);
  auto e = Member(o, key);
  if (!e) return;
  if (!e->is_array()) {
    Error(p, fmt::format("expected an array of objects, got {}", TypeName(e->type())));
    return;
  }
  dom::array a = e->get_array().value_unsafe();
  if (a.size() > limits_.max_array_elements) {
    Error(p, fmt::format("array of {} elements exceeds the limit of {}", a.size(), limits_.max_array_elements));
    return;
  }
  size_t i = 0;
  for (dom::element v : a) {
    std::string item = IndexPath(p, i++);
    if (!v.is_object()) {
      Error(item, fmt::format("expected an object, got {}", TypeName(v.type())));
      continue;
    }
    each(v.get_object().value_unsafe(), item);
  }
}

void FieldReader::Practices(dom::object o, std::string_view path, LabourPractices* out) {
  Enum(o, path, "recruitment_fees_paid_by", &out->recruitment_fees_paid_by, &ParseCostBearer, kCostBearers);
  Enum(o, path, "related_costs_paid_by", &out->related_costs_paid_by, &ParseCostBearer, kCostBearers);
  Bool(o, path, "identity_documents_retained", &out->identity_documents_retained);
  Bool(o, path, "contracts_in_worker_language", &out->contracts_in_worker_language);
  Bool(o, path, "written_contracts", &out->written_contracts);
  Share(o, path, "migrant_workers_share", &out->migrant_workers_share);
  TextList(o, path, "worker_languages", &out->worker_languages);
}

void FieldReader::Party(dom::object o, std::string_view path, std::string_view key, EvidenceParty* out,
                        PartyFields fields, Need need) {
  Object(
      o, path, key,
      [&](dom::object p, const std::string& pp) {
        if (fields == PartyFields::kKeyOnly) {
          CheckKeys(p, pp, {"scheme", "id"});
        } else {
          CheckKeys(p, pp, {"scheme", "id", "name", "country"});
        }
        Text(p, pp, "scheme", &out->scheme, Need::kRequired);
        Text(p, pp, "id", &out->id, Need::kRequired);
        if (fields != PartyFields::kKeyOnly) {
          Need name_need = fields == PartyFields::kNameRequired ? Need::kRequired : Need::kOptional;
          Text(p, pp, "name", &out->name, name_need);
          Country(p, pp, "country", &out->country, name_need);
        }
      },
      need);
}

void FieldReader::AddressOf(dom::object o, std::string_view path, std::string_view key, Address* out) {
  Object(o, path, key, [&](dom::object a, const std::string& ap) {
    CheckKeys(a, ap, {"street_address", "locality", "region", "postal_code", "country_name", "country"});
    Text(a, ap, "street_address", &out->street_address);
    Text(a, ap, "locality", &out->locality);
    Text(a, ap, "region", &out->region);
    Text(a, ap, "postal_code", &out->postal_code);
    Text(a, ap, "country_name", &out->country_name);
    Country(a, ap, "country", &out->country);
  });
}

}  // namespace clearbid::evidence_internal
