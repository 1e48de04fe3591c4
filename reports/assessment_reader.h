#pragma once
// Reads the JSON form of an assessment (AssessmentToJson, schema
// "clearbid.assessment/1.x") back into a ProcessAssessment: the input of the
// delta report and of reports over a scan folder. Numbers come back as the
// JSON holds them (rounded to two decimals), so AssessmentToJson of what is
// read gives the same bytes as the file (when it was written on one line).

#include <string_view>

#include "engine/base/result.h"
#include "engine/base/status.h"
#include "engine/rules/assessment.h"
#include "engine/rules/rule_catalogue.h"

namespace clearbid::reports {

/// Largest assessment JSON accepted (one process).
inline constexpr size_t kMaxAssessmentJsonBytes = 64u << 20;

/// A schema id up to its major version ("clearbid.assessment-compact/1."
/// of "clearbid.assessment-compact/1.0"): the ids a reader of that version
/// accepts start with it.
inline std::string_view SchemaMajorPrefix(std::string_view schema_id) {
  return schema_id.substr(0, schema_id.find('.', schema_id.find('/')) + 1);
}

/// Parses one assessment. On error `out` is unspecified and the message
/// names `source` and the JSON path of the bad field ("$.parties[2].band").
/// Unknown keys are ignored (a later minor version may add some); an unknown
/// major schema version is an error.
Status ReadAssessmentJson(std::string_view json, std::string_view source, ProcessAssessment* out);
/// Also reads the compact form (schema "clearbid.assessment-compact/1.x",
/// reports/assessment_writer.h), completing each finding from `catalogue`,
/// which must be that of the pack named in the assessment's provenance. A
/// compact assessment without a catalogue is an error saying so.
Status ReadAssessmentJson(std::string_view json, std::string_view source, const RuleCatalogue* catalogue,
                          ProcessAssessment* out);

/// The rule catalogue of the scan folder `scan_dir` (its rules.json), or null
/// when the folder has none (folders of full assessments). Errors name the file.
Result<std::shared_ptr<const RuleCatalogue>> ReadScanRuleCatalogue(const std::string& scan_dir);

}  // namespace clearbid::reports
