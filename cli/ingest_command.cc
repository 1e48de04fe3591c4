// clearbid ingest PATH...: load OCDS data, supplier disclosures and audit
// reports into the store.

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include <fmt/format.h>
#include <jemalloc/jemalloc.h>

#include "cli/command.h"
#include "cli/progress_bar.h"
#include "connectors/ingest/ingester.h"
#include "engine/store/wal_checkpointer.h"
#include "service/printable_db_name.h"
#include "service/store_set.h"

namespace clearbid::cli {
namespace {

struct IngestFlags {
  std::vector<std::string> paths;
  bool json = false;
  unsigned jobs = 0;
  // SQLite: a rollback journal for the load (BulkJournal): always with
  // --exclusive, never with --no-exclusive, otherwise when the store holds
  // no release when the ingest starts (a first load).
  bool exclusive = false;
  bool no_exclusive = false;
  size_t max_errors_shown = 20;
};

nlohmann::ordered_json IssuesJson(const std::vector<InputIssue>& issues) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const InputIssue& i : issues) arr.push_back({{"file", i.file}, {"line", i.line}, {"reason", i.reason}});
  return arr;
}

// An ingest frees and allocates the same few hundred megabytes over and over
// (batches, release models, rows), on every thread: jemalloc keeps the pages
// it frees (the command exits after the ingest) instead of handing them back
// to the kernel bit by bit and taking them again, zeroed, at a page fault
// each (a third of the process's page faults, 0.1-0.2 CPU-s per 200 MB).
// Best effort: an allocator without these settings changes nothing.
void KeepFreedPages() {
  ssize_t never = -1;
  for (const std::string& name :
       {fmt::format("arena.{}.dirty_decay_ms", MALLCTL_ARENAS_ALL),
        fmt::format("arena.{}.muzzy_decay_ms", MALLCTL_ARENAS_ALL), std::string("arenas.dirty_decay_ms"),
        std::string("arenas.muzzy_decay_ms")}) {
    mallctl(name.c_str(), nullptr, nullptr, &never, sizeof never);
  }
}

int RunIngest(const GlobalOptions& global, const IngestFlags& flags) {
  KeepFreedPages();
  SystemClock clock;  // stamps nothing here
  StoreSetOptions open;
  open.kinds = kProcessStore | kEvidenceStore;
  Result<std::unique_ptr<StoreSet>> stores = OpenStoreSet(global.db, &clock, open);
  if (!stores.ok()) {
    fmt::print(stderr, "clearbid ingest: {}\n", stores.status().message());
    return kExitFailure;
  }
  StoreSet& set = **stores;
  IngestOptions options;
  options.jobs = flags.jobs;
  ProgressBar bar("ingest", !flags.json);
  options.on_progress = [&](const IngestProgress& p) { bar.Update(p.bytes_done, p.bytes_total); };
  // SQLite: a rollback journal for the load when no other connection has
  // the store open (the pages it appends are written once, not to the WAL
  // and again by a checkpoint: 11-15 % less CPU for 1 GB, docs/benchmarks.md;
  // other commands cannot open the store meanwhile), with --exclusive or
  // when the store holds no release yet: a first load, which nothing reads
  // (a store without releases has no processes to scan, screen or report);
  // a command that opens it meanwhile fails with "database is locked"
  // instead of waiting. Otherwise (and with --no-exclusive) WAL checkpoints
  // on a thread (and a connection) of their own while the ingest writes, so
  // they run on the other core.
  bool bulk_journal = false;
  if (set.sqlite && !flags.no_exclusive) {
    if (flags.exclusive) {
      bulk_journal = true;
    } else {
      Result<bool> has_releases = set.processes->HasReleases();
      if (!has_releases.ok()) {
        fmt::print(stderr, "clearbid ingest: {}\n", has_releases.status().message());
        return kExitFailure;
      }
      bulk_journal = !*has_releases;
    }
  }
  std::unique_ptr<BulkJournal> journal;
  std::unique_ptr<WalCheckpointer> checkpointer;
  if (bulk_journal) {
    Result<std::unique_ptr<BulkJournal>> j = BulkJournal::Start(set.sqlite.get());
    if (!j.ok()) {
      fmt::print(stderr, "clearbid ingest: {}\n", j.status().message());
      return kExitFailure;
    }
    journal = std::move(*j);
  }
  if (set.sqlite && !journal) {
    Result<std::unique_ptr<WalCheckpointer>> c = WalCheckpointer::Start(set.sqlite.get());
    if (!c.ok()) {
      fmt::print(stderr, "clearbid ingest: {}\n", c.status().message());
      return kExitFailure;
    }
    checkpointer = std::move(*c);
  }
  IngestSummary summary;
  Status s = Ingest(flags.paths, set.transactions.get(), set.processes.get(), set.evidence.get(), options, &summary);
  if (checkpointer) {
    Status c = checkpointer->Stop();
    if (s.ok()) s = c;
  }
  if (journal) {
    Status c = journal->Stop();
    if (s.ok()) s = c;
  }
  bar.Finish();
  if (!s.ok()) {
    fmt::print(stderr, "clearbid ingest: {}\n", s.message());
    return kExitFailure;
  }
  if (flags.json) {
    nlohmann::ordered_json out = {
        {"files", summary.files},
        {"files_ignored", summary.files_ignored},
        {"bytes", summary.bytes},
        {"documents", summary.documents},
        {"releases", summary.releases},
        {"releases_new", summary.releases_new},
        {"releases_updated", summary.releases_updated},
        {"releases_unchanged", summary.releases_unchanged},
        {"processes_changed", summary.processes_changed},
        {"disclosures", summary.disclosures},
        {"audits", summary.audits},
        {"evidence_changed", summary.evidence_changed},
        {"rejected", summary.rejected},
        {"store",
         {{"processes", summary.store.processes},
          {"releases", summary.store.releases},
          {"parties", summary.store.parties},
          {"process_parties", summary.store.process_parties},
          {"items", summary.store.items},
          {"source_files", summary.store.source_files}}},
        {"errors", IssuesJson(summary.errors)},
        {"warnings", IssuesJson(summary.warnings)},
    };
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    fmt::print("ingested {} files ({:.1f} MB, {} ignored): {} documents, {} releases ({} new, {} updated, {} unchanged)\n",
               summary.files, static_cast<double>(summary.bytes) / 1e6, summary.files_ignored, summary.documents,
               summary.releases, summary.releases_new, summary.releases_updated, summary.releases_unchanged);
    fmt::print("disclosures {}, audits {}, processes changed {}, rejected {}\n", summary.disclosures,
               summary.audits, summary.processes_changed, summary.rejected);
    fmt::print("store {}: {} processes, {} parties ({} appearances), {} items, {} releases\n", PrintableDbName(global.db),
               summary.store.processes, summary.store.parties, summary.store.process_parties, summary.store.items,
               summary.store.releases);
    size_t shown = 0;
    for (const InputIssue& i : summary.warnings) {
      if (shown++ >= flags.max_errors_shown) break;
      fmt::print(stderr, "warning: {}:{}: {}\n", i.file, i.line, i.reason);
    }
    shown = 0;
    for (const InputIssue& i : summary.errors) {
      if (shown++ >= flags.max_errors_shown) {
        fmt::print(stderr, "… {} more errors (use --json for all)\n", summary.errors.size() - flags.max_errors_shown);
        break;
      }
      fmt::print(stderr, "error: {}:{}: {}\n", i.file, i.line, i.reason);
    }
  }
  return summary.errors.empty() ? kExitOk : kExitRejected;
}

}  // namespace

void AddIngestCommand(CLI::App& app, GlobalOptions& global, Action& action) {
  auto flags = std::make_shared<IngestFlags>();
  CLI::App* sub = app.add_subcommand("ingest", "Load OCDS data, supplier disclosures and audit reports into the store");
  sub->add_option("--db", global.db, "SQLite store file or postgresql:// URL")->capture_default_str();
  sub->add_option("paths", flags->paths, "Files or folders (walked recursively)")->required();
  sub->add_flag("--json", flags->json, "Print the summary as one JSON object with every error");
  sub->add_option("--jobs,-j", flags->jobs, "Parser threads (default: one per core)");
  CLI::Option* exclusive = sub->add_flag(
      "--exclusive", flags->exclusive,
      "Nothing else uses the store during the ingest (SQLite): load through a rollback journal instead of the WAL, "
      "11-15 % less CPU; other commands cannot open the store until it ends. The default for a store that holds no "
      "release yet (a first load). Ignored (the WAL is kept) when another connection has the store open");
  sub->add_flag("--no-exclusive", flags->no_exclusive,
                "Keep the WAL even for a first load (SQLite), so that other commands can open the store meanwhile")
      ->excludes(exclusive);
  sub->callback([&global, &action, flags] { action = [&global, flags] { return RunIngest(global, *flags); }; });
}

}  // namespace clearbid::cli
