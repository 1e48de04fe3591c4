// clearbid generate: writes a deterministic synthetic OCDS dataset (JSON Lines)
// for demonstrations and benchmarks.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <iostream>
#include <memory>
#include <string>

#include "cli/command.h"
#include "connectors/synthetic/ocds_generator.h"

namespace clearbid::cli {

void AddGenerateCommand(CLI::App& app, GlobalOptions& global, Action& action) {
  struct Flags {
    int64_t processes = 1000;
    uint64_t seed = 1;
    std::string out = "generated";
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = app.add_subcommand(
      "generate", "Write a synthetic OCDS dataset (JSON Lines, one release per process); same seed, same bytes");
  cmd->add_option("--db", global.db, "SQLite file (unused by generate; accepted like every subcommand)");
  cmd->add_option("--processes,-n", flags->processes, "Contracting processes to generate (about 3.4 KB each)")
      ->check(CLI::Range(int64_t{0}, synthetic::kMaxGeneratedProcesses));
  cmd->add_option("--seed", flags->seed, "Seed of the generator");
  cmd->add_option("--out,-o", flags->out,
                  "Output file (.jsonl/.json) or directory (then DIR/ocds-generated.jsonl)");
  cmd->callback([&action, flags] {
    action = [flags]() -> int {
      synthetic::GeneratorOptions options;
      options.processes = flags->processes;
      options.seed = flags->seed;
      Result<synthetic::GeneratorSummary> summary = synthetic::GenerateOcdsFile(options, flags->out);
      if (!summary.ok()) {
        std::cerr << "clearbid generate: " << summary.status().ToString() << "\n";
        return kExitFailure;
      }
      std::cout << "generated " << summary->path << ": " << summary->processes << " processes, "
                << summary->releases << " releases, " << summary->bytes << " bytes (seed " << options.seed
                << ")\n";
      return kExitOk;
    };
  });
}

}  // namespace clearbid::cli
