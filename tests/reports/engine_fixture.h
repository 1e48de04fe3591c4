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

}  // namespace clearbid::testing
