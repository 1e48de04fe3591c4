// The compact assessment form (reports/assessment_writer.h) and the rule
// catalogue (engine/rules/rule_catalogue.h): read back with the catalogue, a
// compact assessment is the full assessment, byte for byte.

#include <gtest/gtest.h>

#include "engine/rules/assessment_json.h"
#include "engine/rules/rule_catalogue.h"
#include "reports/assessment_reader.h"
#include "reports/assessment_writer.h"
#include "tests/reports/engine_fixture.h"
#include "tests/reports/report_test_util.h"
#include "tests/test_util.h"

namespace clearbid::reports {
namespace {

clearbid::testing::AssessedInputs& Assessed() { return clearbid::testing::ExamplesAndMoldovaAssessed(); }

TEST(CompactAssessmentTest, ReadWithItsCatalogueGivesTheFullAssessmentBack) {
  const auto& in = Assessed();
  ASSERT_TRUE(in.catalogue);
  ASSERT_GT(in.assessments.size(), 3u);
  size_t full_bytes = 0, compact_bytes = 0, flagged = 0, insufficient = 0;
  for (const ProcessAssessment& a : in.assessments) {
    const std::string full = FastAssessmentJson(a);
    const std::string compact = CompactAssessmentJson(a, *in.catalogue);
    full_bytes += full.size();
    compact_bytes += compact.size();
    ASSERT_EQ(compact.find("\"legal_basis\""), std::string::npos) << a.ocid << ": texts repeated";
    ProcessAssessment back;
    Status s = ReadAssessmentJson(compact, a.ocid, in.catalogue.get(), &back);
    ASSERT_TRUE(s.ok()) << s.message();
    ASSERT_EQ(FastAssessmentJson(back), full) << a.ocid;
    ASSERT_EQ(CompactAssessmentJson(back, *in.catalogue), compact) << a.ocid;
    for (const PartyAssessment& p : a.parties) {
      flagged += p.flagged;
      insufficient += p.insufficient;
    }
  }
  // The round trip covered findings with evidence and with missing facts.
  EXPECT_GT(flagged, 0u);
  EXPECT_GT(insufficient, 0u);
  // Texts are most of a finding; evidence (kept) is most of what remains.
  EXPECT_LT(compact_bytes * 3, full_bytes) << compact_bytes << " compact vs " << full_bytes << " full";
}

TEST(CompactAssessmentTest, FindingsThatDifferFromTheirRuleKeepWhatDiffers) {
  const auto& in = Assessed();
  ProcessAssessment a = in.assessments.front();
  ASSERT_FALSE(a.parties.empty());
  ASSERT_GT(a.parties[0].findings.size(), 2u);
  Finding& changed = a.parties[0].findings[0];
  changed.severity = changed.severity == Severity::kLow ? Severity::kHigh : Severity::kLow;
  changed.texts = std::make_shared<const RuleTexts>(RuleTexts{"Edited title", "x > 1", "Do this", {}});
  changed.missing.push_back({"audit.open_zero_tolerance", "a source of its own"});
  Finding& unknown = a.parties[0].findings[1];
  unknown.rule_id = "ZZ-99";  // not in the catalogue: written out whole
  a.parties[0].findings[2].texts = nullptr;  // no texts (explanations off)
  const std::string compact = CompactAssessmentJson(a, *in.catalogue);
  ProcessAssessment back;
  Status s = ReadAssessmentJson(compact, "mem", in.catalogue.get(), &back);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(FastAssessmentJson(back), FastAssessmentJson(a));
}

TEST(CompactAssessmentTest, ErrorsSayWhatIsMissing) {
  const auto& in = Assessed();
  const ProcessAssessment& a = in.assessments.front();
  const std::string compact = CompactAssessmentJson(a, *in.catalogue);
  ProcessAssessment out;
  Status s = ReadAssessmentJson(compact, "scan/processes/x.json", &out);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("rule catalogue"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("scan/processes/x.json"), std::string::npos) << s.message();

  // A catalogue of another pack version.
  std::string other = in.catalogue->ToJson();
  const std::string version = "\"rule_pack_version\": \"" + in.catalogue->pack_version() + "\"";
  ASSERT_NE(other.find(version), std::string::npos);
  other.replace(other.find(version), version.size(), "\"rule_pack_version\": \"0.0.0-other\"");
  Result<std::shared_ptr<const RuleCatalogue>> wrong = RuleCatalogue::FromJson(other, "rules.json");
  ASSERT_TRUE(wrong.ok()) << wrong.status().message();
  s = ReadAssessmentJson(compact, "x.json", wrong->get(), &out);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("0.0.0-other"), std::string::npos) << s.message();

  // An unknown fact among the missing ones.
  std::string bad = compact;
  size_t missing = bad.find("\"missing\":[\"");
  ASSERT_NE(missing, std::string::npos);
  bad.insert(missing + 11, "\"no.such_fact\",");
  s = ReadAssessmentJson(bad, "x.json", in.catalogue.get(), &out);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("unknown fact \"no.such_fact\""), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(".missing[0]"), std::string::npos) << s.message();
}

TEST(RuleCatalogueTest, JsonRoundTripsToTheSameBytesAndTheSameAssessments) {
  const auto& in = Assessed();
  const std::string json = in.catalogue->ToJson();
  Result<std::shared_ptr<const RuleCatalogue>> back = RuleCatalogue::FromJson(json, "rules.json");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ((*back)->ToJson(), json);
  EXPECT_EQ((*back)->entries().size(), in.catalogue->entries().size());
  for (const ProcessAssessment& a : in.assessments) {
    ProcessAssessment read;
    ASSERT_TRUE(ReadAssessmentJson(CompactAssessmentJson(a, *in.catalogue), a.ocid, back->get(), &read).ok());
    ASSERT_EQ(FastAssessmentJson(read), FastAssessmentJson(a)) << a.ocid;
  }
}

TEST(RuleCatalogueTest, BadCataloguesNameTheField) {
  const std::string json = RuleCatalogue::FromPack(RulePack{})->ToJson();
  EXPECT_TRUE(RuleCatalogue::FromJson(json, "rules.json").ok());
  Result<std::shared_ptr<const RuleCatalogue>> r = RuleCatalogue::FromJson("{", "rules.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("rules.json"), std::string::npos);
  std::string wrong_schema = json;
  wrong_schema.replace(wrong_schema.find("rule-catalogue/1.0"), 18, "rule-catalogue/9.0");
  EXPECT_FALSE(RuleCatalogue::FromJson(wrong_schema, "rules.json").ok());
  const std::string one_rule = R"({"schema":"clearbid.rule-catalogue/1.0","rule_pack":"p","rule_pack_version":"1",
    "rules":[{"rule":"A-1","title":"t","category":"blacklist","severity":"purple","zero_tolerance":false,
              "action":"none","action_text":"","condition":"c","legal_basis":[]}]})";
  r = RuleCatalogue::FromJson(one_rule, "rules.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("$.rules[0].severity"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace clearbid::reports
