#include "engine/screening/list_match_json.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

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

Result<Json> Parse(std::string_view json, std::string_view source) {
  try {
    return Json::parse(json.begin(), json.end());
  } catch (const nlohmann::json::exception& e) {
    return Status::ParseError(fmt::format("{}: not valid JSON: {}", source, e.what()));
  }
}

Result<std::vector<ListMatchEvidence>> MatchesFromJson(const Json& doc, std::string_view source) {
  std::vector<ListMatchEvidence> out;
  if (!doc.is_array()) return Status::ParseError(fmt::format("{}: expected an array", source));
  for (size_t i = 0; i < doc.size(); ++i) {
    const Json& j = doc[i];
    const std::string path = fmt::format("{}: [{}]", source, i);
    if (!j.is_object()) return Status::ParseError(path + ": expected an object");
    ListMatchEvidence m;
    try {
      m.list = j.at("list").get<std::string>();
      m.list_version = j.at("list_version").get<int64_t>();
      m.entry_id = j.at("entry_id").get<std::string>();
      m.entry_name = j.at("entry_name").get<std::string>();
      m.query_name = j.at("query_name").get<std::string>();
      m.subject = j.at("subject").get<std::string>();
      m.score = j.at("score").get<double>();
      m.is_match = j.at("is_match").get<bool>();
      m.identifier_match = j.at("identifier_match").get<bool>();
      m.entry_active = j.at("entry_active").get<bool>();
      m.decision = j.at("decision").get<std::string>();
      m.subject_key = j.at("subject_key").get<std::string>();
      m.entry_digest = j.at("entry_digest").get<std::string>();
      m.explanation = j.at("explanation").get<std::string>();
    } catch (const nlohmann::json::exception& e) {
      return Status::ParseError(fmt::format("{}: {}", path, e.what()));
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace

std::string ListMatchesToJson(const std::vector<ListMatchEvidence>& matches) {
  if (matches.empty()) return "[]";
  return MatchesJson(matches).dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<std::vector<ListMatchEvidence>> ListMatchesFromJson(std::string_view json, std::string_view source) {
  if (json == "[]") return std::vector<ListMatchEvidence>();
  ASSIGN_OR_RETURN(Json doc, Parse(json, source));
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
  ASSIGN_OR_RETURN(Json doc, Parse(json, source));
  if (doc.is_array()) {
    ASSIGN_OR_RETURN(out.matches, MatchesFromJson(doc, source));
    return out;
  }
  if (!doc.is_object()) return Status::ParseError(fmt::format("{}: expected an object or an array", source));
  auto query = doc.find("query");
  if (query == doc.end() || !query->is_array() || query->size() != 5) {
    return Status::ParseError(fmt::format("{}: query: expected [name, country, scheme, id, subject]", source));
  }
  for (const Json& part : *query) {
    if (!part.is_string()) return Status::ParseError(fmt::format("{}: query: expected strings", source));
  }
  out.query = ScreeningQuery{(*query)[0].get<std::string>(), (*query)[1].get<std::string>(),
                             (*query)[2].get<std::string>(), (*query)[3].get<std::string>(),
                             (*query)[4].get<std::string>()};
  auto matches = doc.find("matches");
  if (matches == doc.end()) return Status::ParseError(fmt::format("{}: matches: missing", source));
  ASSIGN_OR_RETURN(out.matches, MatchesFromJson(*matches, fmt::format("{}: matches", source)));
  return out;
}

}  // namespace clearbid
