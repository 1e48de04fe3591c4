// reports/brief_reader.h: the fast brief of a compact assessment is the brief
// of the whole assessment read back; whatever the fast way does not take is
// read the whole way (same brief, or ReadAssessmentJson's error).

#include "reports/brief_reader.h"

#include <gtest/gtest.h>

#include "engine/rules/assessment_json.h"
#include "reports/assessment_reader.h"
#include "reports/assessment_writer.h"
#include "tests/reports/engine_fixture.h"
#include "tests/test_util.h"

namespace clearbid::reports {
namespace {

clearbid::testing::AssessedInputs& Assessed() { return clearbid::testing::ExamplesAndMoldovaAssessed(); }

std::string Describe(const ProcessBrief& b) {
  std::string out = b.ocid + " " + std::string(BandCode(b.band)) + " " + std::to_string(b.score);
  for (const FlagBrief& f : b.flags) {
    out += "\n  " + f.subject_id + " | " + f.subject_name + " | " + f.rule_id + " | " + f.title + " | " +
           std::string(SeverityCode(f.severity)) + (f.zero_tolerance ? " | zt" : "");
  }
  return out;
}

// The brief the whole reader gives.
ProcessBrief SlowBrief(const std::string& json, const RuleCatalogue* catalogue) {
  ProcessAssessment a;
  Status s = ReadAssessmentJson(json, "mem", catalogue, &a);
  EXPECT_TRUE(s.ok()) << s.message();
  return BriefOf(a);
}

TEST(BriefReaderTest, CompactAssessmentsGiveTheWholeReadersBrief) {
  const auto& in = Assessed();
  ASSERT_TRUE(in.catalogue);
  ASSERT_GT(in.assessments.size(), 3u);
  BriefReader reader;
  size_t flags = 0, zero_tolerance = 0;
  for (const ProcessAssessment& a : in.assessments) {
    // As a scan writes it (numbers rounded as written).
    const std::string compact = CompactAssessmentJson(a, *in.catalogue);
    Result<ProcessBrief> fast = reader.Read(compact, a.ocid, in.catalogue.get());
    ASSERT_TRUE(fast.ok()) << fast.status().message();
    EXPECT_EQ(Describe(*fast), Describe(SlowBrief(compact, in.catalogue.get())));
    flags += fast->flags.size();
    for (const FlagBrief& f : fast->flags) zero_tolerance += f.zero_tolerance;
  }
  // Every one the fast way, and the data had flags of every kind to compare.
  EXPECT_EQ(reader.fast_reads(), static_cast<int64_t>(in.assessments.size()));
  EXPECT_GT(flags, 5u);
  EXPECT_GT(zero_tolerance, 0u);
}

TEST(BriefReaderTest, WhatTheFastWayDoesNotTakeIsReadWhole) {
  const auto& in = Assessed();
  // A flagged finding with a title and severity of its own, and one of a
  // rule the catalogue lacks: written out with their texts.
  ProcessAssessment a;
  for (const ProcessAssessment& x : in.assessments) {
    for (const PartyAssessment& p : x.parties) {
      if (p.flagged >= 2 && a.ocid.empty()) a = x;
    }
  }
  ASSERT_FALSE(a.ocid.empty()) << "no party with two flags in the fixture";
  for (PartyAssessment& p : a.parties) {
    int changed = 0;
    for (Finding& f : p.findings) {
      if (f.status != RuleStatus::kFlagged || changed == 2) continue;
      if (changed++ == 0) {
        f.severity = f.severity == Severity::kLow ? Severity::kCritical : Severity::kLow;
        f.texts = std::make_shared<const RuleTexts>(RuleTexts{"Edited title", "x > 1", "Do this", {}});
      } else {
        f.rule_id = "ZZ-99";
      }
    }
    if (changed) break;
  }
  const std::string compact = CompactAssessmentJson(a, *in.catalogue);
  BriefReader reader;
  Result<ProcessBrief> brief = reader.Read(compact, "mem", in.catalogue.get());
  ASSERT_TRUE(brief.ok()) << brief.status().message();
  EXPECT_EQ(reader.fast_reads(), 0);
  EXPECT_EQ(Describe(*brief), Describe(SlowBrief(compact, in.catalogue.get())));
  EXPECT_NE(Describe(*brief).find("Edited title"), std::string::npos);
  EXPECT_NE(Describe(*brief).find("ZZ-99"), std::string::npos);

  // The full form, without a catalogue.
  const std::string full = AssessmentToJson(in.assessments.front());
  Result<ProcessBrief> whole = reader.Read(full, "full", nullptr);
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  EXPECT_EQ(Describe(*whole), Describe(SlowBrief(full, nullptr)));
  EXPECT_EQ(reader.fast_reads(), 0);
}

TEST(BriefReaderTest, BadFilesGiveTheWholeReadersError) {
  const auto& in = Assessed();
  const std::string compact = CompactAssessmentJson(in.assessments.front(), *in.catalogue);
  BriefReader reader;
  for (const std::string& bad :
       {compact.substr(0, compact.size() / 2), std::string("{\"schema\":\"clearbid.assessment-compact/1.0\"}"),
        std::string("[]"), std::string(""), compact.substr(0, compact.find("\"band\":\"") + 8) + "purple" +
                                                 compact.substr(compact.find("\"", compact.find("\"band\":\"") + 8))}) {
    Result<ProcessBrief> brief = reader.Read(bad, "scan/processes/x.json", in.catalogue.get());
    ASSERT_FALSE(brief.ok()) << bad.substr(0, 80);
    ProcessAssessment a;
    Status whole = ReadAssessmentJson(bad, "scan/processes/x.json", in.catalogue.get(), &a);
    EXPECT_EQ(brief.status().message(), whole.message());
    EXPECT_NE(brief.status().message().find("scan/processes/x.json"), std::string::npos);
  }
  // Another pack's catalogue: the whole reader names the mismatch.
  std::string other = in.catalogue->ToJson();
  const std::string version = "\"rule_pack_version\": \"" + in.catalogue->pack_version() + "\"";
  ASSERT_NE(other.find(version), std::string::npos);
  other.replace(other.find(version), version.size(), "\"rule_pack_version\": \"0.0.0-other\"");
  Result<std::shared_ptr<const RuleCatalogue>> other_catalogue = RuleCatalogue::FromJson(other, "other");
  ASSERT_TRUE(other_catalogue.ok());
  Result<ProcessBrief> mismatch = reader.Read(compact, "x.json", other_catalogue->get());
  ASSERT_FALSE(mismatch.ok());
  EXPECT_NE(mismatch.status().message().find("0.0.0-other"), std::string::npos) << mismatch.status().message();
  EXPECT_EQ(reader.fast_reads(), 0);
}

}  // namespace
}  // namespace clearbid::reports
