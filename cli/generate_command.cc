// clearbid generate: writes a deterministic synthetic OCDS dataset (JSON Lines)
// and/or a synthetic exclusion list (generic list CSV) for demonstrations and
// benchmarks.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>

#include "cli/command.h"
#include "connectors/synthetic/list_generator.h"
#include "connectors/synthetic/ocds_generator.h"

namespace clearbid::cli {

void AddGenerateCommand(CLI::App& app, GlobalOptions& global, Action& action) {
  struct Flags {
    int64_t processes = 1000;
    uint64_t seed = 1;
    std::string out = "generated";
    int64_t list_entities = 0;
    std::string list_out;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd =
      app.add_subcommand("generate",
                         "Write a synthetic OCDS dataset (JSON Lines, one release per process) "
                         "and/or a synthetic exclusion list (generic list CSV); same seed, same bytes");
  cmd->add_option("--db", global.db, "SQLite file (unused by generate; accepted like every subcommand)");
  CLI::Option* processes = cmd->add_option("--processes,-n", flags->processes,
                                           "Contracting processes to generate (about 3.4 KB each)")
                               ->check(CLI::Range(int64_t{0}, synthetic::kMaxGeneratedProcesses));
  cmd->add_option("--seed", flags->seed, "Seed of the generator (processes and list)");
  CLI::Option* out = cmd->add_option(
      "--out,-o", flags->out, "Output file (.jsonl/.json) or directory (then DIR/ocds-generated.jsonl)");
  CLI::Option* list_entities =
      cmd->add_option("--list-entities", flags->list_entities,
                      "List entities to generate (about 70 bytes each); without --processes or --out, "
                      "only the list is written")
          ->check(CLI::Range(int64_t{0}, synthetic::kMaxGeneratedListEntities));
  CLI::Option* list_out = cmd->add_option("--list-out", flags->list_out,
                                          "List output file (generic list CSV, docs/formats/list-csv.md)");
  list_entities->needs(list_out);
  list_out->needs(list_entities);
  cmd->callback([&action, flags, processes, out, list_entities] {
    // Processes are written unless only the list was asked for.
    const bool want_list = list_entities->count() > 0;
    const bool want_processes = !want_list || processes->count() > 0 || out->count() > 0;
    action = [flags, want_processes, want_list]() -> int {
      if (want_processes) {
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
      }
      if (want_list) {
        synthetic::ListGeneratorOptions options;
        options.entities = flags->list_entities;
        options.seed = flags->seed;
        Result<synthetic::ListGeneratorSummary> summary =
            synthetic::GenerateListCsvFile(options, flags->list_out);
        if (!summary.ok()) {
          std::cerr << "clearbid generate: " << summary.status().ToString() << "\n";
          return kExitFailure;
        }
        std::cout << "generated " << summary->path << ": " << summary->entities << " list entities ("
                  << summary->persons << " persons, " << summary->cyrillic << " in Cyrillic), "
                  << summary->bytes << " bytes (seed " << options.seed << ")\n";
      }
      return kExitOk;
    };
  });
}

}  // namespace clearbid::cli
