#pragma once
// A streaming writer of the assessment JSON: the same bytes as the engine's
// AssessmentToJson (engine/rules/assessment_json.h, schema
// "clearbid.assessment/1.0"), about five times faster because it builds no
// DOM. Reports embed assessments with it; tests compare it with
// AssessmentToJson byte for byte on hand-built, example and real assessments,
// so a change of the engine's form shows up as a failing test here.

#include <string>

#include "engine/rules/assessment.h"
#include "engine/rules/rule_catalogue.h"
#include "reports/json_writer.h"

namespace clearbid::reports {

void WriteAssessment(JsonWriter* w, const ProcessAssessment& assessment);

/// Appends FastAssessmentJson(assessment, indent) to *out (no intermediate string).
void AppendAssessmentJson(std::string* out, const ProcessAssessment& assessment, int indent = -1);
/// AssessmentToJson(assessment, indent), streamed: the same bytes.
std::string FastAssessmentJson(const ProcessAssessment& assessment, int indent = -1);

/// Rounds every number of `assessment` as its JSON forms write them (two
/// decimals): the assessment as it reads back from its file.
void RoundAsWritten(ProcessAssessment* assessment);

/// The compact form, for scan folders and the scan store (a tenth of the size):
/// schema kCompactAssessmentSchema, the members of the full form in the same
/// order, but each finding keeps only "rule", "status" and what the data
/// decided ("mitigated" when true, "contribution" when not 0, "evidence" and
/// "missing" (fact names) when not empty). What the rule decides (category,
/// severity, zero_tolerance, action, title, condition, action_text,
/// legal_basis) comes back from `catalogue` when read
/// (reports/assessment_reader.h); a finding that differs from its catalogue
/// entry, or whose rule is not in it, keeps those members, so reading the
/// compact form with the same catalogue gives the assessment back whole.
void AppendCompactAssessmentJson(std::string* out, const ProcessAssessment& assessment,
                                 const RuleCatalogue& catalogue, int indent = -1);
std::string CompactAssessmentJson(const ProcessAssessment& assessment, const RuleCatalogue& catalogue,
                                  int indent = -1);

}  // namespace clearbid::reports
