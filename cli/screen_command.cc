// clearbid screen FILE...: screen one bid or contract (OCDS plus optional
// supplier disclosures and audit reports) against the rule pack and the lists
// in the store, and print the contract-level assessment.

#include <CLI/CLI.hpp>

#include <iostream>

#include <fmt/format.h>

#include "cli/command.h"
#include "service/screening_context.h"
#include "connectors/ingest/input_loader.h"
#include "engine/rules/assessment_json.h"
#include "engine/rules/assessor.h"
#include "engine/screening/evidence_builder.h"

namespace clearbid::cli {
namespace {

struct ScreenFlags {
  std::vector<std::string> paths;
  std::string rules;
  std::string as_of;
  bool json = false;
  bool bid = false;
  bool no_store = false;
  std::string goods;
};

void PrintFinding(const Finding& f) {
  fmt::print("    [{}] {} {} ({}, weight {:.2f}{}): {}\n", RuleStatusCode(f.status), f.rule_id, SeverityCode(f.severity),
             RuleCategoryCode(f.category), f.contribution, f.mitigated ? ", mitigated" : "", f.title());
  for (const EvidenceItem& e : f.evidence) fmt::print("        evidence: {}\n", e.text);
  for (const MissingEvidence& m : f.missing) fmt::print("        missing: {} (from {})\n", m.fact, m.supplied_by);
  if (f.status == RuleStatus::kFlagged) {
    for (const LegalBasis& lb : f.legal_basis()) fmt::print("        legal basis: {}\n", lb.Citation());
    fmt::print("        action: {}{}\n", ActionCode(f.action), f.action_text().empty() ? "" : " — " + f.action_text());
  }
}

void PrintAssessment(const ProcessAssessment& a) {
  fmt::print("{}: band {} (score {:.2f})\n  {}\n", a.ocid, BandCode(a.band), a.score, a.band_reason);
  for (const PartyAssessment& p : a.parties) {
    fmt::print("  party {} \"{}\" [{}] tier {} {}: band {} (score {:.2f}) — {}\n", p.party_id, p.name,
               fmt::join(p.roles, ","), p.tier, p.country, BandCode(p.band), p.score, p.band_reason);
    fmt::print("    {} flagged, {} insufficient_data, {} clear, {} not applicable\n", p.flagged, p.insufficient,
               p.clear, p.not_applicable);
    for (const Finding& f : p.findings) {
      if (f.status == RuleStatus::kFlagged || f.status == RuleStatus::kInsufficientData) PrintFinding(f);
    }
  }
  for (const Finding& f : a.process_findings) {
    if (f.status == RuleStatus::kFlagged || f.status == RuleStatus::kInsufficientData) PrintFinding(f);
  }
  fmt::print("  provenance: rule pack {} {}, as of {}, lists [{}]\n", a.pack_id, a.pack_version, a.as_of,
             fmt::join(a.list_versions, "; "));
}

int RunScreen(const GlobalOptions& global, const ScreenFlags& flags) {
  std::string as_of = ResolveAsOf(flags.as_of);
  if (as_of.empty()) {
    fmt::print(stderr, "clearbid screen: --as-of must be YYYY-MM-DD\n");
    return kExitUsage;
  }
  LoadedInputs inputs;
  if (Status s = LoadInputs(flags.paths, &inputs); !s.ok()) {
    fmt::print(stderr, "clearbid screen: {}\n", s.message());
    return kExitFailure;
  }
  for (const InputIssue& i : inputs.errors) fmt::print(stderr, "error: {}:{}: {}\n", i.file, i.line, i.reason);
  if (inputs.processes.empty()) {
    fmt::print(stderr, "clearbid screen: no OCDS contracting process in the input\n");
    return kExitFailure;
  }
  ScreeningContext context;
  if (Status s = context.Open(flags.no_store ? "" : global.db, ResolveRulesDir(flags.rules), flags.goods, as_of); !s.ok()) {
    fmt::print(stderr, "clearbid screen: {}\n", s.message());
    return kExitFailure;
  }
  AssessOptions options;
  options.as_of = as_of;
  bool first = true;
  for (const ContractingProcess& process : inputs.processes) {
    Result<EvidenceSources> gathered = context.SourcesFor(process, inputs);
    if (!gathered.ok()) {
      fmt::print(stderr, "clearbid screen: {}\n", gathered.status().message());
      return kExitFailure;
    }
    EvidenceSources& sources = *gathered;
    sources.bid_screening = flags.bid;
    ProcessEvidence evidence = BuildEvidence(process, sources);
    ProcessAssessment a = context.assessor().Assess(evidence, options);
    if (flags.json) {
      std::cout << AssessmentToJson(a, 2) << "\n";
    } else {
      if (!first) fmt::print("\n");
      PrintAssessment(a);
    }
    first = false;
  }
  return inputs.errors.empty() ? kExitOk : kExitRejected;
}

}  // namespace

void AddScreenCommand(CLI::App& app, GlobalOptions& global, Action& action) {
  auto flags = std::make_shared<ScreenFlags>();
  CLI::App* sub = app.add_subcommand("screen", "Screen a bid or contract: OCDS plus optional disclosures and audits");
  sub->add_option("files", flags->paths, "OCDS, disclosure and audit files or folders")->required();
  sub->add_option("--db", global.db, "Store with lists and stored evidence: SQLite file or postgresql:// URL")->capture_default_str();
  sub->add_option("--rules", flags->rules, "Rule pack folder (default: rules/core)");
  sub->add_option("--as-of", flags->as_of, "Assessment date YYYY-MM-DD (default: today, UTC)");
  sub->add_flag("--json", flags->json, "Print the assessment as JSON (docs/schemas/assessment.md)");
  sub->add_flag("--bid", flags->bid, "Bid screening: assess the tenderers even when an award exists");
  sub->add_option("--goods", flags->goods, "US DOL list of goods (CSV) for goods x country risk (default: $CLEARBID_GOODS_LIST)");
  sub->add_flag("--no-store", flags->no_store, "Use only the given files (no lists, no stored evidence)");
  sub->callback([&global, &action, flags] { action = [&global, flags] { return RunScreen(global, *flags); }; });
}

}  // namespace clearbid::cli
