#include "reports/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/rules/assessment_json.h"
#include "reports/assessment_writer.h"
#include "tests/reports/engine_fixture.h"
#include "tests/reports/report_test_util.h"
#include "tests/test_util.h"

namespace clearbid::reports {
namespace {

std::string Nlohmann(const nlohmann::ordered_json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(JsonWriterTest, StringsMatchNlohmannIncludingInvalidUtf8) {
  const std::string cases[] = {"plain",
                               "quote \" backslash \\ slash /",
                               "\b\f\n\r\t",
                               std::string("\0\x01\x1f\x7f", 4),
                               "Têxteis Атлантик 中文 😀",
                               "bad \xC3",
                               "bad \xED\xA0\x80 surrogate",
                               "overlong \xC0\xAF",
                               "\xF4\x90\x80\x80 too high",
                               "<script>alert(1)</script>"};
  for (const std::string& s : cases) {
    std::string ours;
    AppendJsonString(&ours, s);
    EXPECT_EQ(ours, Nlohmann(nlohmann::ordered_json(s), -1)) << s;
  }
}

// The 8-bytes-at-a-time fast path must notice a special byte wherever it
// falls in a window.
TEST(JsonWriterTest, EverySpecialByteAtEveryPositionOfLongStrings) {
  const std::string specials[] = {"\"", "\\", "\n", std::string("\0", 1), "\x1f", "\x7f", "\xC3\xA9", "\xC3", " ", "~"};
  for (const std::string& special : specials) {
    for (size_t at = 0; at < 24; ++at) {
      std::string s(24, 'a');
      s.replace(at, 1, special);
      std::string ours;
      AppendJsonString(&ours, s);
      EXPECT_EQ(ours, Nlohmann(nlohmann::ordered_json(s), -1)) << "byte at " << at;
    }
  }
}

TEST(JsonWriterTest, NumbersAndNestingMatchNlohmann) {
  for (int indent : {-1, 0, 2, 4}) {
    std::string ours;
    JsonWriter w(&ours, indent);
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    w.BeginObject();
    const double doubles[] = {0.0,  -0.0, 1.0,  100.0, 25.5, 0.9, 0.1, 1.0 / 3, 598400.0, 123456789012.25,
                              1e15, 1e20, 1e-5, -42.75};
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    w.Key("doubles");
    w.BeginArray();
    for (double d : doubles) {
      w.Double(d);
      arr.push_back(d);
    }
    w.EndArray();
    j["doubles"] = arr;
    w.Key("ints");
    w.BeginArray();
    w.Int(-1);
    w.Int(9007199254740993LL);
    w.EndArray();
    j["ints"] = {-1, 9007199254740993LL};
    w.Key("empty_object");
    w.BeginObject();
    w.EndObject();
    j["empty_object"] = nlohmann::ordered_json::object();
    w.Key("empty_array");
    w.BeginArray();
    w.EndArray();
    j["empty_array"] = nlohmann::ordered_json::array();
    w.Key("nested");
    w.BeginArray();
    w.BeginObject();
    w.Key("b");
    w.Bool(true);
    w.Key("n");
    w.Null();
    w.EndObject();
    w.EndArray();
    j["nested"] = nlohmann::ordered_json::array({{{"b", true}, {"n", nullptr}}});
    w.EndObject();
    EXPECT_EQ(ours, Nlohmann(j, indent)) << "indent " << indent;
  }
}

TEST(AssessmentWriterTest, SameBytesAsTheEnginesAssessmentToJson) {
  std::vector<ProcessAssessment> all = {
      clearbid::testing::ExampleAssessment(),
      clearbid::testing::ExampleAssessment("x\xC3", "<b>\"\x01\xED\xA0\x80")};
  clearbid::testing::AssessedInputs examples;
  std::string dir = std::string(CLEARBID_SOURCE_DIR) + "/data/examples";
  clearbid::testing::AssessPaths({dir + "/ocds", dir + "/disclosures", dir + "/audits"}, &examples);
  all.insert(all.end(), examples.assessments.begin(), examples.assessments.end());
  if (!clearbid::testing::SharedDataDir().empty()) {
    clearbid::testing::AssessedInputs real;
    clearbid::testing::AssessPaths(
        {clearbid::testing::SharedDataDir() + "/ocds/real/sample-data-real-examples/moldova/sample/records"},
        &real);
    EXPECT_GT(real.assessments.size(), 10u);
    all.insert(all.end(), real.assessments.begin(), real.assessments.end());
  }
  for (const ProcessAssessment& a : all) {
    for (int indent : {-1, 2}) {
      ASSERT_EQ(FastAssessmentJson(a, indent), AssessmentToJson(a, indent)) << a.ocid << " indent " << indent;
    }
  }
}

}  // namespace
}  // namespace clearbid::reports
