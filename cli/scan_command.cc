// clearbid scan: the nightly batch scan for compliance teams.

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/progress_bar.h"
#include "service/scan_runner.h"

namespace clearbid::cli {
namespace {

struct ScanFlags {
  std::vector<std::string> ingest;
  std::string out = "scans";
  std::string rules;
  std::string as_of;
  std::string fail_on;
  bool full = false;
  bool incremental = false;
  unsigned jobs = 0;
  size_t batch = 512;
  std::string goods;
  bool worker = false;
  std::string worker_name;
  int64_t lease = 300;
  int64_t wait = 60;
  bool portfolio = false;
  bool no_carry_ahead = false;
};

int RunScanCommand(const GlobalOptions& global, const ScanFlags& flags) {
  ScanOptions options;
  options.db = global.db;
  options.out = flags.out;
  options.rules_dir = ResolveRulesDir(flags.rules);
  options.goods_list = flags.goods;
  options.as_of = ResolveAsOf(flags.as_of);
  options.full = flags.full;
  options.jobs = flags.jobs;
  options.batch = std::max<size_t>(1, flags.batch);
  options.ingest = flags.ingest;
  options.worker = flags.worker;
  options.worker_name = flags.worker_name;
  options.lease_seconds = flags.lease;
  options.wait_seconds = flags.wait;
  options.carry_ahead = !flags.no_carry_ahead;
  options.portfolio = flags.portfolio;
  if (flags.worker && !flags.ingest.empty()) {
    fmt::print(stderr, "clearbid scan: --worker joins a scan; --ingest belongs to the process that starts it\n");
    return kExitUsage;
  }
  if (options.as_of.empty()) {
    fmt::print(stderr, "clearbid scan: --as-of must be YYYY-MM-DD\n");
    return kExitUsage;
  }
  if (!flags.fail_on.empty()) {
    options.fail_on = ParseBand(flags.fail_on);
    if (!options.fail_on) {
      fmt::print(stderr, "clearbid scan: --fail-on must be low, medium, high or critical\n");
      return kExitUsage;
    }
  }
  // On a terminal: a progress bar. Otherwise (cron, systemd): JSON log lines.
  const bool tty = isatty(STDERR_FILENO);
  ProgressBar bar("scan", tty);
  std::shared_ptr<spdlog::logger> log;
  if (!tty) {
    log = spdlog::stderr_logger_st("scan-json");
    log->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})", spdlog::pattern_time_type::utc);
  }
  options.on_progress = [&](int64_t done, int64_t total) {
    bar.Update(static_cast<uint64_t>(done), static_cast<uint64_t>(total));
  };
  options.on_event = [&](const std::string& body) {
    if (log) log->info(body);
  };
  ScanOutcome outcome;
  Status s = RunScan(options, &outcome);
  bar.Finish();
  if (!s.ok()) {
    if (log) log->error(R"("event":"scan_failed","reason":{})", nlohmann::json(s.message()).dump());
    fmt::print(stderr, "clearbid scan: {}\n", s.message());
    return kExitFailure;
  }
  if (flags.worker) {
    if (outcome.nothing_to_join) {
      fmt::print("no running scan to join (waited {} s)\n", flags.wait);
    } else {
      fmt::print("worker left scan {}: {} processes assessed here, {} unchanged taken over\n", outcome.scan_id,
                 outcome.assessed, outcome.reused);
    }
    return kExitOk;
  }
  fmt::print("scan {}{} in {}: {} processes ({} assessed, {} unchanged); bands: low {}, medium {}, high {}, critical {}\n",
             outcome.scan_id, outcome.resumed ? " (resumed)" : "", outcome.folder, outcome.processes,
             outcome.assessed, outcome.reused, outcome.bands[0], outcome.bands[1], outcome.bands[2],
             outcome.bands[3]);
  if (options.fail_on && outcome.new_at_or_above > 0) {
    fmt::print("{} process(es) newly at or above {}\n", outcome.new_at_or_above, BandCode(*options.fail_on));
    return kExitNewFlags;
  }
  return kExitOk;
}

}  // namespace

void AddScanCommand(CLI::App& app, GlobalOptions& global, Action& action) {
  auto flags = std::make_shared<ScanFlags>();
  CLI::App* sub = app.add_subcommand("scan", "Assess every process of the store; incremental after the first scan");
  sub->add_option("--db", global.db, "SQLite store file or postgresql:// URL")->capture_default_str();
  sub->add_option("--ingest", flags->ingest, "Ingest these files or folders first");
  sub->add_option("--out", flags->out, "Folder for the dated scan folders")->capture_default_str();
  sub->add_option("--rules", flags->rules, "Rule pack folder (default: rules/core)");
  sub->add_option("--as-of", flags->as_of, "Assessment date YYYY-MM-DD (default: today, UTC)");
  auto* full = sub->add_flag("--full", flags->full, "Re-evaluate every process");
  sub->add_flag("--incremental", flags->incremental, "Re-evaluate only what changed (the default after a first scan)")
      ->excludes(full);
  sub->add_option("--jobs,-j", flags->jobs, "Assessing threads (default: one per core)");
  sub->add_option("--goods", flags->goods, "US DOL list of goods (CSV) for goods x country risk (default: $CLEARBID_GOODS_LIST)");
  sub->add_option("--batch", flags->batch, "Processes per transaction")->capture_default_str();
  sub->add_flag("--portfolio", flags->portfolio,
                "Write the portfolio report into the scan folder on an incremental scan too (full scans always do)");
  sub->add_flag("--no-carry-ahead", flags->no_carry_ahead,
                "Do not link the previous scan's files while ingesting (an incremental scan then links those it "
                "carries over once it knows them; for comparisons)");
  sub->add_option("--fail-on", flags->fail_on,
                  "Exit 4 when processes newly reach this band (low|medium|high|critical): for cron alerts");
  sub->add_flag("--worker", flags->worker,
                "Join the running scan as one more worker (PostgreSQL store): claim batches, assess, leave when done");
  sub->add_option("--worker-name", flags->worker_name, "Name of this participant's claims (default: host:pid)");
  sub->add_option("--lease", flags->lease, "Seconds a claimed batch stays with its worker (PostgreSQL)")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{7 * 24 * 3600}));
  sub->add_option("--wait", flags->wait, "Seconds a worker waits for a scan to be started")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{24 * 3600}));
  sub->callback([&global, &action, flags] { action = [&global, flags] { return RunScanCommand(global, *flags); }; });
}

}  // namespace clearbid::cli
