#pragma once
// A streaming writer of the assessment JSON: the same bytes as the engine's
// AssessmentToJson (engine/rules/assessment_json.h, schema
// "clearbid.assessment/1.0"), about five times faster because it builds no
// DOM. Reports embed assessments with it; tests compare it with
// AssessmentToJson byte for byte on hand-built, example and real assessments,
// so a change of the engine's form shows up as a failing test here.

#include <string>

#include "engine/rules/assessment.h"
#include "reports/json_writer.h"

namespace clearbid::reports {

void WriteAssessment(JsonWriter* w, const ProcessAssessment& assessment);

/// Appends FastAssessmentJson(assessment, indent) to *out (no intermediate string).
void AppendAssessmentJson(std::string* out, const ProcessAssessment& assessment, int indent = -1);
/// AssessmentToJson(assessment, indent), streamed: the same bytes.
std::string FastAssessmentJson(const ProcessAssessment& assessment, int indent = -1);

}  // namespace clearbid::reports
