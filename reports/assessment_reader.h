#pragma once
// Reads the JSON form of an assessment (AssessmentToJson, schema
// "clearbid.assessment/1.x") back into a ProcessAssessment: the input of the
// delta report and of reports over a scan folder. Numbers come back as the
// JSON holds them (rounded to two decimals), so AssessmentToJson of what is
// read gives the same bytes as the file (when it was written on one line).

#include <string_view>

#include "engine/base/status.h"
#include "engine/rules/assessment.h"

namespace clearbid::reports {

/// Largest assessment JSON accepted (one process).
inline constexpr size_t kMaxAssessmentJsonBytes = 64u << 20;

/// Parses one assessment. On error `out` is unspecified and the message
/// names `source` and the JSON path of the bad field ("$.parties[2].band").
/// Unknown keys are ignored (a later minor version may add some); an unknown
/// major schema version is an error.
Status ReadAssessmentJson(std::string_view json, std::string_view source, ProcessAssessment* out);

}  // namespace clearbid::reports
