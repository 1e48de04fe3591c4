#pragma once
// The nightly scan: assesses every contracting process of the store (only
// what changed, when incremental), writes a dated scan folder, and can be
// resumed after a crash with identical results.
//
// On a SQLite store one process runs the scan (its --jobs threads use every
// core). On a PostgreSQL store several processes, on one host or many, may
// split one scan: the process that starts it (RunScan without `worker`)
// writes the work list, and every participant, itself included, claims
// batches of items with a lease (ScanStore::ClaimItems), assesses them,
// writes their files into the scan folder (which must then be a folder all
// hosts share) and records them done. A participant that dies leaves its
// claims to expire; the others take them over after the lease. The starter
// waits until every item is done, then writes the summary and completes the
// scan. Every assessment is a pure function of its inputs and the as-of
// date, so the folder ends byte for byte as one process would leave it.
//
// Crash safety: each process's assessment file is written to a temporary name
// and renamed; once a batch's files are written, the folder's file system is
// synced, and only then are the batch's items marked done in the store (one
// transaction per batch). A scan left "running" is resumed by the next run
// with its own as-of date, mode and folder, redoing only the items not marked
// done; every assessment is a pure function of the inputs and the as-of date,
// so the folder ends byte-for-byte as an uninterrupted run would leave it.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/clock.h"
#include "engine/base/status.h"
#include "engine/rules/assessment.h"

namespace clearbid {

struct ScanOptions {
  std::string db;  // a SQLite file or a postgresql:// URL
  std::string out = "scans";
  std::string rules_dir;
  std::string goods_list;  // DOL list of goods (CSV); part of the fingerprint
  std::string as_of;          // YYYY-MM-DD for a new scan (a resumed scan keeps its own)
  bool full = false;          // re-evaluate everything even when unchanged
  unsigned jobs = 0;          // 0: one per core
  size_t batch = 512;         // items per transaction
  std::vector<std::string> ingest;  // ingest these first
  std::optional<Band> fail_on;
  /// Write the portfolio report (portfolio.html, portfolio.json) on an
  /// incremental scan too; a full scan always writes it. An incremental scan
  /// reads every process's file for it, a full scan counts as it assesses.
  bool portfolio = false;
  /// On SQLite, link every file of the previous scan into a staging folder
  /// while ingesting (CarryAhead), which becomes the folder of an incremental
  /// scan; false: link the carried-over files once the scan knows them.
  bool carry_ahead = true;
  /// Join the running scan as one more worker instead of starting one
  /// (PostgreSQL only): claim, assess and leave when no item is left. Never
  /// ingests, never writes the summary. Must use the same rule pack, goods
  /// list and lists as the scan (checked: the scan records their digests).
  bool worker = false;
  /// Names this participant's claims (default: host name and process id).
  std::string worker_name;
  /// How long a claim lasts (PostgreSQL): longer than one batch takes; a dead
  /// participant's items wait this long before another takes them.
  int64_t lease_seconds = 300;
  /// How long a worker waits for a scan to be started before it gives up.
  int64_t wait_seconds = 60;
  /// Time for leases (not owned; default: the system clock). Assessments do
  /// not read it: they use the scan's as-of date.
  const Clock* clock = nullptr;
  /// Progress: (done, total) after each batch.
  std::function<void(int64_t, int64_t)> on_progress;
  /// Structured events ("scan_started", "batch", …) as JSON object bodies.
  std::function<void(const std::string&)> on_event;
};

struct ScanOutcome {
  std::string scan_id;
  std::string folder;
  bool resumed = false;
  int64_t processes = 0;
  int64_t assessed = 0;  // for a worker: the processes it assessed itself
  int64_t reused = 0;    // for a worker: the unchanged processes it took over
  int64_t bands[4] = {0, 0, 0, 0};
  /// Processes at or above --fail-on now that were below it (or absent) in the previous scan.
  int64_t new_at_or_above = 0;
  std::string previous_scan;
  /// A worker that found no running scan to join within wait_seconds.
  bool nothing_to_join = false;
  /// Screenings read from the persisted memo (names screened by earlier scans
  /// against the same lists), and whether this run built the list index (only
  /// when some name was not in the memo).
  int64_t screenings_from_memo = 0;
  /// Names this run screened against the list index (not in any memo).
  int64_t names_screened = 0;
  bool list_index_built = false;
};

Status RunScan(const ScanOptions& options, ScanOutcome* outcome);

}  // namespace clearbid
