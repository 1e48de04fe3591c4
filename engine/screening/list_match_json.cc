#include "engine/screening/list_match_json.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <array>

namespace clearbid {
namespace {
using Json = nlohmann::ordered_json;

Json MatchesJson(const std::vector<ListMatchEvidence>& matches) {
  Json out = Json::array();
  for (const ListMatchEvidence& m : matches) {
    out.push_back({{"list", m.list},
                   {"list_version", m.list_version},
                   {"entry_id", m.entry_id},
                   {"entry_name", m.entry_name},
                   {"query_name", m.query_name},
                   {"subject", m.subject},
                   {"score", m.score},
                   {"is_match", m.is_match},
                   {"identifier_match", m.identifier_match},
                   {"entry_active", m.entry_active},
                   {"decision", m.decision},
                   {"subject_key", m.subject_key},
                   {"entry_digest", m.entry_digest},
                   {"explanation", m.explanation}});
  }
  return out;
}

// Rows are read with simdjson's DOM (a memo of a million rows is read when a
// list changes); errors are values here, no exception leaves this file.
using Element = simdjson::dom::element;

// ": <field>: <what>": the caller prefixes where.
Status Invalid(std::string_view field, std::string_view what) {
  return Status::ParseError(fmt::format(": {}: {}", field, what));
}

// Field `key` of `o` into `out` (std::string_view, int64_t, double or bool);
// ParseError ": <key>: <what>" (the caller prefixes where) when missing or of
// another type.
template <typename T, typename Out>
Status ReadField(simdjson::dom::object o, std::string_view key, std::string_view what, Out* out) {
  auto field = o.at_key(key);
  if (field.error() == simdjson::NO_SUCH_FIELD) return Invalid(key, "missing");
  T value;
  if (field.get<T>().get(value)) return Invalid(key, what);
  *out = Out(value);
  return Status::Ok();
}

Result<std::vector<ListMatchEvidence>> MatchesFromJson(Element doc, std::string_view source) {
  std::vector<ListMatchEvidence> out;
  simdjson::dom::array matches;
  if (doc.get_array().get(matches)) return Status::ParseError(fmt::format("{}: expected an array", source));
  size_t i = 0;
  for (Element j : matches) {
    // The element's place, formatted only for an error.
    auto at = [&] { return fmt::format("{}: [{}]", source, i); };
    simdjson::dom::object o;
    if (j.get_object().get(o)) return Status::ParseError(at() + ": expected an object");
    ListMatchEvidence m;
    Status st = Status::Ok();
    auto str = [&](std::string_view key, std::string* v) {
      if (st.ok()) st = ReadField<std::string_view>(o, key, "expected a string", v);
    };
    auto flag = [&](std::string_view key, bool* v) {
      if (st.ok()) st = ReadField<bool>(o, key, "expected true or false", v);
    };
    str("list", &m.list);
    if (st.ok()) st = ReadField<int64_t>(o, "list_version", "expected an integer", &m.list_version);
    str("entry_id", &m.entry_id);
    str("entry_name", &m.entry_name);
    str("query_name", &m.query_name);
    str("subject", &m.subject);
    if (st.ok()) st = ReadField<double>(o, "score", "expected a number", &m.score);
    flag("is_match", &m.is_match);
    flag("identifier_match", &m.identifier_match);
    flag("entry_active", &m.entry_active);
    str("decision", &m.decision);
    str("subject_key", &m.subject_key);
    str("entry_digest", &m.entry_digest);
    str("explanation", &m.explanation);
    // The field's message starts ": <field>: ...", the source left empty.
    if (!st.ok()) return Status::ParseError(at() + st.message());
    out.push_back(std::move(m));
    ++i;
  }
  return out;
}

Result<Element> Parse(simdjson::dom::parser& parser, std::string_view json, std::string_view source) {
  Element doc;
  if (auto error = parser.parse(json.data(), json.size()).get(doc)) {
    return Status::ParseError(fmt::format("{}: not valid JSON: {}", source, simdjson::error_message(error)));
  }
  return doc;
}

}  // namespace

std::string ListMatchesToJson(const std::vector<ListMatchEvidence>& matches) {
  if (matches.empty()) return "[]";
  return MatchesJson(matches).dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<std::vector<ListMatchEvidence>> ListMatchesFromJson(std::string_view json, std::string_view source) {
  if (json == "[]") return std::vector<ListMatchEvidence>();
  thread_local simdjson::dom::parser parser;
  ASSIGN_OR_RETURN(Element doc, Parse(parser, json, source));
  return MatchesFromJson(doc, source);
}

std::string ScreeningToJson(const ScreeningQuery& query, const std::vector<ListMatchEvidence>& matches) {
  Json out = {{"query", Json::array({query.name, query.country, query.scheme, query.id, query.subject})},
              {"matches", MatchesJson(matches)}};
  return out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<StoredScreening> ScreeningFromJson(std::string_view json, std::string_view source) {
  StoredScreening out;
  if (json == "[]") return out;
  thread_local simdjson::dom::parser parser;
  ASSIGN_OR_RETURN(Element doc, Parse(parser, json, source));
  if (doc.is_array()) {
    ASSIGN_OR_RETURN(out.matches, MatchesFromJson(doc, source));
    return out;
  }
  simdjson::dom::object o;
  if (doc.get_object().get(o)) return Status::ParseError(fmt::format("{}: expected an object or an array", source));
  simdjson::dom::array query;
  if (o.at_key("query").get_array().get(query) || query.size() != 5) {
    return Status::ParseError(fmt::format("{}: query: expected [name, country, scheme, id, subject]", source));
  }
  std::array<std::string, 5> parts;
  size_t k = 0;
  for (Element part : query) {
    std::string_view v;
    if (part.get_string().get(v)) return Status::ParseError(fmt::format("{}: query: expected strings", source));
    parts[k++].assign(v);
  }
  out.query = ScreeningQuery{std::move(parts[0]), std::move(parts[1]), std::move(parts[2]), std::move(parts[3]),
                             std::move(parts[4])};
  Element matches;
  if (o.at_key("matches").get(matches)) return Status::ParseError(fmt::format("{}: matches: missing", source));
  if (auto m = MatchesFromJson(matches, ""); m.ok()) {
    out.matches = std::move(*m);
  } else {
    // Its message starts ": ..." (no source given): the source and field are prefixed.
    return Status::ParseError(fmt::format("{}: matches{}", source, m.status().message()));
  }
  return out;
}

void CiteListVersions(const std::unordered_map<std::string, int64_t>& version_of,
                      std::vector<ListMatchEvidence>* matches) {
  for (ListMatchEvidence& m : *matches) {
    if (auto v = version_of.find(m.list); v != version_of.end()) m.list_version = v->second;
  }
}

}  // namespace clearbid
