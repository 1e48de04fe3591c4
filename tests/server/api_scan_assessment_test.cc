// A scan stores compact assessments; the process page's API returns them
// whole: the compact file completed with the scan's rule catalogue.

#include <filesystem>

#include <nlohmann/json.hpp>

#include "engine/rules/assessment_json.h"
#include "reports/assessment_reader.h"
#include "reports/assessment_writer.h"
#include "reports/file_names.h"
#include "service/scan_runner.h"
#include "tests/server/server_fixture.h"

namespace clearbid::testing {
namespace {

using nlohmann::json;

class ApiScanAssessmentTest : public ServerFixture {};

TEST_F(ApiScanAssessmentTest, AScannedProcessIsServedInTheFullForm) {
  const std::string examples = std::string(CLEARBID_SOURCE_DIR) + "/data/examples";
  ScanOptions options;
  options.db = db_path_;
  options.out = dir_ + "/scans";
  options.rules_dir = std::string(CLEARBID_SOURCE_DIR) + "/rules/core";
  options.as_of = "2026-11-25";
  options.jobs = 1;
  options.clock = &clock_;
  options.ingest = {examples + "/ocds", examples + "/disclosures", examples + "/audits"};
  ScanOutcome outcome;
  Status s = RunScan(options, &outcome);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_GT(outcome.processes, 0);

  Result<std::shared_ptr<const RuleCatalogue>> catalogue = reports::ReadScanRuleCatalogue(outcome.folder);
  ASSERT_TRUE(catalogue.ok()) << catalogue.status().message();
  ASSERT_TRUE(*catalogue) << "the scan folder has no rules.json";
  int served = 0;
  for (const auto& entry : std::filesystem::directory_iterator(outcome.folder + "/processes")) {
    if (entry.path().extension() != ".json") continue;  // contract summaries (.html) of the portfolio
    const std::string compact = ReadFile(entry.path().string());
    ASSERT_NE(compact.find(std::string(kCompactAssessmentSchema)), std::string::npos) << entry.path();
    ProcessAssessment a;
    ASSERT_TRUE(reports::ReadAssessmentJson(compact, entry.path().string(), catalogue->get(), &a).ok());
    Reply r = Send(port(), "GET", "/api/v1/processes/" + a.ocid, "", As(Role::kOfficer));
    ASSERT_EQ(r.status, 200) << r.body;
    json body = json::parse(r.body);
    EXPECT_EQ(body["source"], outcome.scan_id);
    // The full form, with every finding's texts: the same as the completed file.
    EXPECT_EQ(body["assessment"], json::parse(reports::FastAssessmentJson(a)));
    EXPECT_EQ(body["assessment"]["schema"], std::string(kAssessmentSchema));
    ++served;
  }
  EXPECT_EQ(served, outcome.processes);
}

}  // namespace
}  // namespace clearbid::testing
