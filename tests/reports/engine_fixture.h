#pragma once
// Assesses real inputs through the engine for report tests: the rule pack of
// the source tree, inputs read in memory (LoadInputs), no store and no lists.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "connectors/ingest/input_loader.h"
#include "engine/rules/assessor.h"
#include "engine/rules/rule_pack.h"
#include "engine/screening/evidence_builder.h"
#include "tests/test_util.h"

namespace clearbid::testing {

struct AssessedInputs {
  LoadedInputs inputs;
  std::vector<ProcessAssessment> assessments;  // one per inputs.processes, same order
  std::shared_ptr<const RuleCatalogue> catalogue;  // of the pack that assessed them
};

/// Loads `paths` and assesses every process as of 2026-11-25. Fails the
/// calling test (ASSERT) when the pack or the inputs cannot be read.
inline void AssessPaths(const std::vector<std::string>& paths, AssessedInputs* out) {
  std::vector<PackIssue> issues;
  Result<RulePack> pack = LoadRulePack(std::string(CLEARBID_SOURCE_DIR) + "/rules/core", &issues);
  ASSERT_TRUE(pack.ok()) << pack.status().message();
  auto owned = std::make_unique<RulePack>(std::move(pack).value());
  Result<std::unique_ptr<Assessor>> assessor = Assessor::Create(owned.get());
  ASSERT_TRUE(assessor.ok()) << assessor.status().message();
  out->catalogue = (*assessor)->catalogue();
  ASSERT_TRUE(LoadInputs(paths, &out->inputs).ok());
  EvidenceSources sources;
  sources.disclosures = out->inputs.disclosures;
  sources.audits = out->inputs.audits;
  sources.input_digests = out->inputs.input_digests;
  AssessOptions options;
  options.as_of = "2026-11-25";
  for (const ContractingProcess& p : out->inputs.processes) {
    out->assessments.push_back((*assessor)->Assess(BuildEvidence(p, sources), options));
  }
}

/// The examples of the source tree (OCDS, disclosures, audits) and, when
/// ../shared/data is present, real Moldovan records, assessed once per test
/// binary.
inline AssessedInputs& ExamplesAndMoldovaAssessed() {
  static AssessedInputs* in = [] {
    auto* all = new AssessedInputs();
    std::string dir = std::string(CLEARBID_SOURCE_DIR) + "/data/examples";
    std::vector<std::string> paths = {dir + "/ocds", dir + "/disclosures", dir + "/audits"};
    if (!SharedDataDir().empty()) {
      paths.push_back(SharedDataDir() + "/ocds/real/sample-data-real-examples/moldova/sample/records");
    }
    AssessPaths(paths, all);
    return all;
  }();
  return *in;
}

}  // namespace clearbid::testing
