#include "reports/brief_reader.h"

#include <simdjson.h>

#include <optional>
#include <string>

#include "engine/rules/assessment.h"
#include "engine/rules/assessment_json.h"
#include "reports/assessment_reader.h"

namespace clearbid::reports {

struct BriefReader::Parser {
  simdjson::dom::parser dom;
};

BriefReader::BriefReader() : parser_(std::make_unique<Parser>()) {}
BriefReader::~BriefReader() = default;

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

// Adds the flagged findings of `findings` (a compact finding array) for
// `subject`; false when one is not a plain compact finding of a catalogue
// rule (the whole reader decides those).
bool AddFlags(element findings, std::string_view subject_id, std::string_view subject_name,
              const RuleCatalogue& catalogue, ProcessBrief* out) {
  array list;
  if (findings.get_array().get(list)) return false;
  const std::string_view flagged = RuleStatusCode(RuleStatus::kFlagged);
  for (element f : list) {
    object o;
    std::string_view rule, status;
    if (f.get_object().get(o) || o["rule"].get_string().get(rule) || o["status"].get_string().get(status)) {
      return false;
    }
    bool known = false;
    for (int k = 0; k < 4; ++k) known = known || status == RuleStatusCode(static_cast<RuleStatus>(k));
    if (!known) return false;
    if (status != flagged) continue;
    // Texts, severity or the mark of its own: left to the whole reader.
    for (const char* own : {"title", "category", "severity", "zero_tolerance", "action"}) {
      if (o[own].error() != simdjson::NO_SUCH_FIELD) return false;
    }
    const RuleCatalogue::Entry* e = catalogue.Find(rule);
    if (!e) return false;
    const std::shared_ptr<const RuleTexts>& texts = e->TextsFor(RuleStatus::kFlagged);
    out->flags.push_back({std::string(subject_id), std::string(subject_name), std::string(rule),
                          texts ? texts->title : std::string(), e->severity, e->zero_tolerance});
  }
  return true;
}

// The brief of a compact assessment, or nullopt when the fast way does not apply.
std::optional<ProcessBrief> FastBrief(simdjson::dom::parser& dom, std::string_view json,
                                      const RuleCatalogue& catalogue) {
  element doc;
  if (dom.parse(json.data(), json.size()).get(doc)) return std::nullopt;
  object root;
  std::string_view schema, ocid, band_code, pack, version;
  double score = 0;
  if (doc.get_object().get(root) || root["schema"].get_string().get(schema) ||
      !schema.starts_with(SchemaMajorPrefix(kCompactAssessmentSchema)) || root["ocid"].get_string().get(ocid) ||
      root["band"].get_string().get(band_code) || root["score"].get_double().get(score)) {
    return std::nullopt;
  }
  // Made by the catalogue's pack (else the whole reader names the mismatch).
  object provenance;
  if (root["provenance"].get_object().get(provenance) || provenance["rule_pack"].get_string().get(pack) ||
      provenance["rule_pack_version"].get_string().get(version) || pack != catalogue.pack_id() ||
      version != catalogue.pack_version()) {
    return std::nullopt;
  }
  const std::optional<Band> band = ParseBand(band_code);
  if (!band) return std::nullopt;
  ProcessBrief brief{std::string(ocid), *band, score, {}};
  array parties;
  if (root["parties"].get_array().get(parties)) return std::nullopt;
  for (element p : parties) {
    object party;
    std::string_view id, name;
    element findings;
    if (p.get_object().get(party) || party["id"].get_string().get(id) || party["name"].get_string().get(name) ||
        party["findings"].get(findings) || !AddFlags(findings, id, name, catalogue, &brief)) {
      return std::nullopt;
    }
  }
  element process_findings;
  if (root["process_findings"].get(process_findings) ||
      !AddFlags(process_findings, "process", "the contracting process", catalogue, &brief)) {
    return std::nullopt;
  }
  return brief;
}

}  // namespace

Result<ProcessBrief> BriefReader::Read(std::string_view json, std::string_view source,
                                       const RuleCatalogue* catalogue) {
  if (catalogue && json.size() <= kMaxAssessmentJsonBytes) {
    if (std::optional<ProcessBrief> brief = FastBrief(parser_->dom, json, *catalogue)) {
      ++fast_reads_;
      // In BriefOf's order, without repeats.
      return NormalisedBrief(std::move(*brief));
    }
  }
  ProcessAssessment a;
  RETURN_IF_ERROR(ReadAssessmentJson(json, source, catalogue, &a));
  return BriefOf(a);
}

}  // namespace clearbid::reports
