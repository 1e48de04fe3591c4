#pragma once
// The JSON form of assessments (schema: docs/schemas/assessment.schema.json,
// version in "schema"). Keys in a fixed order, numbers rounded to two
// decimals: the same assessment always gives the same bytes.

#include <string>

#include "engine/rules/assessment.h"

namespace clearbid {

inline constexpr std::string_view kAssessmentSchema = "clearbid.assessment/1.0";
/// The compact form (reports/assessment_writer.h): findings without what their
/// rule decides, which the rule catalogue (engine/rules/rule_catalogue.h) gives.
inline constexpr std::string_view kCompactAssessmentSchema = "clearbid.assessment-compact/1.0";

/// One JSON object; `indent` < 0 for one line.
std::string AssessmentToJson(const ProcessAssessment& assessment, int indent = -1);

}  // namespace clearbid
