#include "reports/assessment_reader.h"

#include <gtest/gtest.h>

#include "engine/rules/assessment_json.h"
#include "tests/reports/report_test_util.h"

namespace clearbid::reports {
namespace {

TEST(AssessmentReaderTest, RoundTripsToTheSameBytes) {
  ProcessAssessment a = clearbid::testing::ExampleAssessment();
  for (int indent : {-1, 2}) {
    std::string json = AssessmentToJson(a, indent);
    ProcessAssessment back;
    ASSERT_TRUE(ReadAssessmentJson(json, "mem", &back).ok());
    EXPECT_EQ(AssessmentToJson(back, indent), json);
    EXPECT_EQ(back.parties.size(), 2u);
    EXPECT_EQ(back.parties[0].findings[4].evidence[1].begin, 120);
    EXPECT_EQ(back.parties[0].findings[4].legal_basis()[1].quote,
              a.parties[0].findings[4].legal_basis()[1].quote);
  }
}

TEST(AssessmentReaderTest, ErrorsNameTheSourceAndField) {
  std::string json = AssessmentToJson(clearbid::testing::ExampleAssessment());
  std::string bad = json;
  bad.replace(bad.find("\"band\":\"critical\""), 17, "\"band\":\"purple\"");
  ProcessAssessment out;
  Status s = ReadAssessmentJson(bad, "scan/processes/x.json", &out);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("scan/processes/x.json"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("$.band"), std::string::npos) << s.message();

  std::string bad_status = json;
  bad_status.replace(bad_status.find("\"status\":\"flagged\""), 18, "\"status\":\"maybe\"");
  s = ReadAssessmentJson(bad_status, "f.json", &out);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("$.parties[0].findings[1].status"), std::string::npos) << s.message();

  EXPECT_FALSE(ReadAssessmentJson("{not json", "f.json", &out).ok());
  EXPECT_FALSE(ReadAssessmentJson("[]", "f.json", &out).ok());
  std::string other_schema = json;
  other_schema.replace(other_schema.find("clearbid.assessment/1.0"), 23, "clearbid.assessment/2.0");
  s = ReadAssessmentJson(other_schema, "f.json", &out);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("unsupported schema"), std::string::npos) << s.message();
  std::string no_parties = json;
  no_parties.replace(no_parties.find("\"parties\""), 9, "\"partiez\"");
  s = ReadAssessmentJson(no_parties, "f.json", &out);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("missing \"parties\""), std::string::npos) << s.message();
}

TEST(AssessmentReaderTest, AcceptsALaterMinorVersionWithExtraKeys) {
  std::string json = AssessmentToJson(clearbid::testing::ExampleAssessment());
  json.replace(json.find("clearbid.assessment/1.0"), 23, "clearbid.assessment/1.7");
  json.insert(1, "\"extra\":{\"x\":1},");
  ProcessAssessment out;
  EXPECT_TRUE(ReadAssessmentJson(json, "f.json", &out).ok());
  EXPECT_EQ(out.ocid, "ocds-test01-0001");
}

}  // namespace
}  // namespace clearbid::reports
