#pragma once
// The nightly scan: assesses every contracting process of the store (only
// what changed, when incremental), writes a dated scan folder, and can be
// resumed after a crash with identical results.
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

#include "engine/base/status.h"
#include "engine/rules/assessment.h"

namespace clearbid::cli {

struct ScanOptions {
  std::string db;
  std::string out = "scans";
  std::string rules_dir;
  std::string goods_list;  // DOL list of goods (CSV); part of the fingerprint
  std::string as_of;          // YYYY-MM-DD for a new scan (a resumed scan keeps its own)
  bool full = false;          // re-evaluate everything even when unchanged
  unsigned jobs = 0;          // 0: one per core
  size_t batch = 512;         // items per transaction
  std::vector<std::string> ingest;  // ingest these first
  std::optional<Band> fail_on;
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
  int64_t assessed = 0;
  int64_t reused = 0;
  int64_t bands[4] = {0, 0, 0, 0};
  /// Processes at or above --fail-on now that were below it (or absent) in the previous scan.
  int64_t new_at_or_above = 0;
  std::string previous_scan;
};

Status RunScan(const ScanOptions& options, ScanOutcome* outcome);

}  // namespace clearbid::cli
