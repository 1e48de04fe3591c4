#pragma once
// Registration of the clearbid subcommands. Each subcommand lives in its own
// file (cli/<name>_command.cc) and only parses flags, wires the libraries and
// prints; the work is done in engine/, connectors/ and reports/.

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace clearbid::cli {

/// Options every subcommand takes.
struct GlobalOptions {
  /// SQLite file (default ./clearbid.db); later a postgresql:// URL.
  std::string db = "clearbid.db";
};

/// Exit codes, documented in docs/cli.md.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,   // could not run at all (bad database, unreadable rule pack, …)
  kExitUsage = 2,     // bad flags
  kExitRejected = 3,  // ran, stored every valid record, but rejected some input
  kExitNewFlags = 4,  // scan --fail-on: processes newly at or above the band
};

/// A subcommand's action runs after parsing and returns the process exit code.
using Action = std::function<int()>;

void AddIngestCommand(CLI::App& app, GlobalOptions& global, Action& action);
void AddGenerateCommand(CLI::App& app, GlobalOptions& global, Action& action);
void AddListsCommand(CLI::App& app, GlobalOptions& global, Action& action);
void AddRulesCommand(CLI::App& app, GlobalOptions& global, Action& action);
void AddScreenCommand(CLI::App& app, GlobalOptions& global, Action& action);
void AddScanCommand(CLI::App& app, GlobalOptions& global, Action& action);
void AddReportCommand(CLI::App& app, GlobalOptions& global, Action& action);
void AddMatchCommand(CLI::App& app, GlobalOptions& global, Action& action);
void AddUsersCommand(CLI::App& app, GlobalOptions& global, Action& action);
void AddAuditCommand(CLI::App& app, GlobalOptions& global, Action& action);
void AddServeCommand(CLI::App& app, GlobalOptions& global, Action& action);

/// The rule pack folder: `flag` when given, else $CLEARBID_RULES, else
/// ./rules/core, else the source tree's rules/core.
std::string ResolveRulesDir(const std::string& flag);

/// The web UI folder: `flag` when given, else $CLEARBID_WEB, else ./web,
/// else the source tree's web/.
std::string ResolveWebDir(const std::string& flag);

/// Today's date (UTC, YYYY-MM-DD) unless `as_of` is given (then checked).
/// Empty on a malformed `as_of`.
std::string ResolveAsOf(const std::string& as_of);

}  // namespace clearbid::cli
