// clearbid rules lint [DIR] | rules list [--json]: check and show rule packs.

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

#include <fmt/format.h>

#include "cli/command.h"
#include "engine/rules/rule_pack.h"

namespace clearbid::cli {
namespace {

struct RulesFlags {
  std::string dir;
  bool json = false;
};

int RunLint(const RulesFlags& flags) {
  std::string dir = ResolveRulesDir(flags.dir);
  std::vector<PackIssue> issues;
  Result<RulePack> pack = LoadRulePack(dir, &issues);
  if (!pack.ok()) {
    if (issues.empty()) fmt::print(stderr, "{}\n", pack.status().message());
    for (const PackIssue& i : issues) fmt::print(stderr, "{}\n", i.ToString());
    fmt::print(stderr, "rules lint: {} problem(s) in {}\n", std::max<size_t>(issues.size(), 1), dir);
    return kExitFailure;
  }
  size_t party = 0;
  for (const Rule& r : pack->rules) party += r.subject == RuleSubject::kParty;
  fmt::print("{} {} ({}): {} rules ({} party, {} process), {} text patterns: OK\n", pack->id, pack->version, dir,
             pack->rules.size(), party, pack->rules.size() - party, pack->patterns.size());
  return kExitOk;
}

int RunList(const RulesFlags& flags) {
  std::string dir = ResolveRulesDir(flags.dir);
  std::vector<PackIssue> issues;
  Result<RulePack> pack = LoadRulePack(dir, &issues);
  if (!pack.ok()) {
    for (const PackIssue& i : issues) fmt::print(stderr, "{}\n", i.ToString());
    fmt::print(stderr, "rules list: {}\n", pack.status().message());
    return kExitFailure;
  }
  if (flags.json) {
    nlohmann::ordered_json rules = nlohmann::ordered_json::array();
    for (const Rule& r : pack->rules) {
      nlohmann::ordered_json lbs = nlohmann::ordered_json::array();
      for (const LegalBasis& lb : r.legal_basis) lbs.push_back(lb.Citation());
      rules.push_back({{"id", r.id},
                       {"title", r.title},
                       {"category", RuleCategoryCode(r.category)},
                       {"subject", r.subject == RuleSubject::kParty ? "party" : "process"},
                       {"severity", SeverityCode(r.severity)},
                       {"weight", r.weight},
                       {"zero_tolerance", r.zero_tolerance},
                       {"when", r.when.text()},
                       {"action", ActionCode(r.action)},
                       {"legal_basis", std::move(lbs)},
                       {"defined_at", fmt::format("{}:{}", r.file, r.line)}});
    }
    nlohmann::ordered_json out = {
        {"pack", pack->id}, {"version", pack->version}, {"folder", dir}, {"rules", std::move(rules)}};
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  fmt::print("{} {} — {}\n", pack->id, pack->version, pack->title);
  for (const Rule& r : pack->rules) {
    std::string cites;
    for (const LegalBasis& lb : r.legal_basis) cites += (cites.empty() ? "" : "; ") + lb.Citation();
    fmt::print("{:<7} {:<8} {:>5} {:<18} {}{}\n        basis: {}\n", r.id, SeverityCode(r.severity), r.weight,
               RuleCategoryCode(r.category), r.title, r.zero_tolerance ? " [zero tolerance]" : "", cites);
  }
  return kExitOk;
}

}  // namespace

void AddRulesCommand(CLI::App& app, GlobalOptions& global, Action& action) {
  CLI::App* rules = app.add_subcommand("rules", "Check and list rule packs");
  rules->require_subcommand(1);
  auto flags = std::make_shared<RulesFlags>();
  CLI::App* lint = rules->add_subcommand("lint", "Validate a rule pack (file:line for every problem)");
  lint->add_option("dir", flags->dir, "Rule pack folder (default: rules/core)");
  lint->add_option("--db", global.db, "SQLite store file (unused)");
  lint->callback([&action, flags] { action = [flags] { return RunLint(*flags); }; });
  CLI::App* list = rules->add_subcommand("list", "List the rules of a pack");
  list->add_option("--rules", flags->dir, "Rule pack folder (default: rules/core)");
  list->add_flag("--json", flags->json, "As JSON");
  list->add_option("--db", global.db, "SQLite store file (unused)");
  list->callback([&action, flags] { action = [flags] { return RunList(*flags); }; });
}

}  // namespace clearbid::cli
