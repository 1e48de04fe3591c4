#include "engine/rules/assessment_json.h"

#include <cmath>

#include <nlohmann/json.hpp>

namespace clearbid {
namespace {

using Json = nlohmann::ordered_json;

double Round2(double v) { return std::round(v * 100) / 100; }

Json LegalBasisJson(const LegalBasis& lb) {
  Json j = Json::object();
  if (!lb.seed.empty()) {
    j["seed"] = lb.seed;
    j["lines"] = lb.lines;
  }
  if (!lb.standard.empty()) {
    j["standard"] = lb.standard;
    if (!lb.article.empty()) j["article"] = lb.article;
  }
  if (!lb.quote.empty()) j["quote"] = lb.quote;
  j["citation"] = lb.Citation();
  return j;
}

Json FindingJson(const Finding& f) {
  Json j = {{"rule", f.rule_id},
            {"title", f.title()},
            {"category", RuleCategoryCode(f.category)},
            {"severity", SeverityCode(f.severity)},
            {"status", RuleStatusCode(f.status)},
            {"zero_tolerance", f.zero_tolerance},
            {"mitigated", f.mitigated},
            {"contribution", Round2(f.contribution)},
            {"action", ActionCode(f.action)}};
  if (!f.action_text().empty()) j["action_text"] = f.action_text();
  if (!f.condition().empty()) j["condition"] = f.condition();
  Json lbs = Json::array();
  for (const LegalBasis& lb : f.legal_basis()) lbs.push_back(LegalBasisJson(lb));
  j["legal_basis"] = std::move(lbs);
  Json ev = Json::array();
  for (const EvidenceItem& e : f.evidence) {
    Json item = {{"kind", e.kind}, {"text", e.text}};
    if (!e.source.empty()) item["source"] = e.source;
    if (e.begin >= 0) {
      item["begin"] = e.begin;
      item["end"] = e.end;
    }
    ev.push_back(std::move(item));
  }
  j["evidence"] = std::move(ev);
  Json missing = Json::array();
  for (const MissingEvidence& m : f.missing) missing.push_back({{"fact", m.fact}, {"supplied_by", m.supplied_by}});
  j["missing"] = std::move(missing);
  return j;
}

}  // namespace

std::string AssessmentToJson(const ProcessAssessment& a, int indent) {
  Json parties = Json::array();
  for (const PartyAssessment& p : a.parties) {
    Json findings = Json::array();
    for (const Finding& f : p.findings) findings.push_back(FindingJson(f));
    parties.push_back({{"id", p.party_id},
                       {"name", p.name},
                       {"identifier", p.identifier},
                       {"roles", p.roles},
                       {"tier", p.tier},
                       {"country", p.country},
                       {"score", Round2(p.score)},
                       {"band", BandCode(p.band)},
                       {"band_reason", p.band_reason},
                       {"counts",
                        {{"flagged", p.flagged},
                         {"clear", p.clear},
                         {"insufficient_data", p.insufficient},
                         {"not_applicable", p.not_applicable}}},
                       {"findings", std::move(findings)}});
  }
  Json process_findings = Json::array();
  for (const Finding& f : a.process_findings) process_findings.push_back(FindingJson(f));
  Json contributions = Json::array();
  for (const Contribution& c : a.contributions)
    contributions.push_back({{"subject", c.subject},
                             {"score", Round2(c.score)},
                             {"factor", Round2(c.factor)},
                             {"points", Round2(c.points)},
                             {"reason", c.reason}});
  Json j = {{"schema", kAssessmentSchema},
            {"ocid", a.ocid},
            {"band", BandCode(a.band)},
            {"score", Round2(a.score)},
            {"band_reason", a.band_reason},
            {"contributions", std::move(contributions)},
            {"parties", std::move(parties)},
            {"process_findings", std::move(process_findings)},
            {"provenance",
             {{"as_of", a.as_of},
              {"rule_pack", a.pack_id},
              {"rule_pack_version", a.pack_version},
              {"engine", a.engine_version},
              {"list_versions", a.list_versions},
              {"input_digests", a.input_digests}}}};
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace clearbid
