// Every JSON report validates against its schema in docs/schemas/ (checked
// with the tests' MiniSchema, which rejects keywords it does not implement).

#include <gtest/gtest.h>

#include "engine/base/clock.h"
#include "engine/rules/assessment_json.h"
#include "reports/assessment_reader.h"
#include "reports/assessment_writer.h"
#include "reports/contract_summary.h"
#include "reports/delta.h"
#include "reports/portfolio.h"
#include "tests/reports/engine_fixture.h"
#include "tests/reports/report_test_util.h"

namespace clearbid::reports {
namespace {

using clearbid::testing::SchemaErrors;

std::string Joined(const std::vector<std::string>& errors) {
  std::string out;
  for (const std::string& e : errors) out += e + "\n";
  return out;
}

void ExpectValid(const std::string& schema, const std::string& json) {
  std::vector<std::string> errors = SchemaErrors(schema, json);
  EXPECT_TRUE(errors.empty()) << schema << ":\n" << Joined(errors);
}

TEST(ReportSchemaTest, HandBuiltReportsValidate) {
  FixedClock clock(1795000000);
  ReportOptions o;
  o.clock = &clock;
  ProcessAssessment a = clearbid::testing::ExampleAssessment();
  ContractingProcess p = clearbid::testing::ExampleProcess();
  ExpectValid("assessment.schema.json", AssessmentToJson(a, 2));
  std::string with = ContractSummaryJson(BuildContractSummary(a, &p, o));
  std::string without = ContractSummaryJson(BuildContractSummary(a, nullptr, o), -1);
  ExpectValid("contract-summary.schema.json", with);
  ExpectValid("contract-summary.schema.json", without);
  ExpectValid("assessment.schema.json", nlohmann::json::parse(with)["assessment"].dump());
  PortfolioBuilder b;
  b.Add(a, &p);
  b.Add(clearbid::testing::ExampleAssessment("ocds-test01-0002"), nullptr);
  ExpectValid("portfolio.schema.json", PortfolioJson(b.Finish(o)));
  Delta d;
  d.new_flags.push_back({"x", {"p", "P", "R-1", "t", Severity::kHigh, false}, Band::kHigh, true, false});
  d.resolved_flags.push_back({"y", {"p", "P", "R-2", "t", Severity::kLow, false}, Band::kLow, false, true});
  d.band_changes.push_back({"x", Band::kLow, Band::kHigh, 1, 60});
  d.new_processes.push_back({"x", Band::kHigh, 60, {}});
  d.issues.push_back("A: f.json: bad");
  ExpectValid("delta.schema.json", DeltaJson(d, {}, o));
}

TEST(ReportSchemaTest, SchemaRejectsAWrongDocument) {
  std::string json = AssessmentToJson(clearbid::testing::ExampleAssessment());
  json.replace(json.find("\"band\":\"critical\""), 17, "\"band\":\"purple\"");
  EXPECT_FALSE(SchemaErrors("assessment.schema.json", json).empty());
  EXPECT_FALSE(SchemaErrors("portfolio.schema.json", "{\"schema\":\"clearbid.portfolio/1.0\"}").empty());
}

TEST(ReportSchemaTest, ExampleBidThroughTheEngineValidates) {
  clearbid::testing::AssessedInputs in;
  std::string examples = std::string(CLEARBID_SOURCE_DIR) + "/data/examples";
  clearbid::testing::AssessPaths({examples + "/ocds", examples + "/disclosures", examples + "/audits"}, &in);
  ASSERT_FALSE(in.assessments.empty());
  FixedClock clock(1795000000);
  ReportOptions o;
  o.clock = &clock;
  PortfolioBuilder b;
  for (size_t i = 0; i < in.assessments.size(); ++i) {
    const ProcessAssessment& a = in.assessments[i];
    std::string assessment_json = AssessmentToJson(a, 2);
    ExpectValid("assessment.schema.json", assessment_json);
    ExpectValid("assessment-compact.schema.json", CompactAssessmentJson(a, *in.catalogue, 2));
    ProcessAssessment back;
    ASSERT_TRUE(ReadAssessmentJson(assessment_json, "example", &back).ok());
    EXPECT_EQ(AssessmentToJson(back, 2), assessment_json);
    ContractSummary s = BuildContractSummary(a, &in.inputs.processes[i], o);
    ExpectValid("contract-summary.schema.json", ContractSummaryJson(s));
    EXPECT_FALSE(s.drivers.empty() && s.data_gaps.empty()) << "the example bid should have findings or gaps";
    b.Add(a, &in.inputs.processes[i]);
  }
  ExpectValid("portfolio.schema.json", PortfolioJson(b.Finish(o)));
  ExpectValid("rule-catalogue.schema.json", in.catalogue->ToJson());
  // A compact finding that keeps its own texts and a missing fact with another source validates too.
  ProcessAssessment edited = in.assessments.front();
  ASSERT_FALSE(edited.parties.empty() || edited.parties[0].findings.empty());
  edited.parties[0].findings[0].texts = std::make_shared<const RuleTexts>(RuleTexts{"Edited", "x", "", {}});
  edited.parties[0].findings[0].missing.push_back({"audit.open_zero_tolerance", "somewhere else"});
  ExpectValid("assessment-compact.schema.json", CompactAssessmentJson(edited, *in.catalogue));
  EXPECT_FALSE(SchemaErrors("assessment-compact.schema.json", AssessmentToJson(edited)).empty())
      << "the full form is not the compact one";
}

}  // namespace
}  // namespace clearbid::reports
