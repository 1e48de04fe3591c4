#pragma once
// Starts an incremental scan's links before the scan knows which processes
// changed. A night's scan carries most processes over (their files linked
// from the previous scan's folder, a million system calls, serialised per
// folder by the kernel, about 15 s); they could only start once the ingest
// was done and the store pass had decided what to carry. Here every file of
// the previous scan is linked at once, while the ingest runs, into a staging
// folder that becomes the new scan's `processes` folder when the scan is
// recorded; the processes the scan then assesses replace their link (always
// by a rename: the staged link is the previous scan's file, and writing
// through it would change that scan).
//
// Only one run per output folder stages at a time (a lock file,
// `<out>/.carry.lock`); the staging folder, `<out>/.carry-<previous scan>`,
// holds nothing but links to the previous scan's files, so a killed run's is
// continued by the next run against the same previous scan, and removed by a
// run against another one.

#include <dirent.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/base/status.h"
#include "service/file_carrier.h"

namespace clearbid {

class CarryAhead {
 public:
  /// Starts linking every process file (`<file-safe ocid>.json`) of
  /// `previous_processes` (the `processes` folder of the previous complete
  /// scan, `previous_scan`) into `<out>/.carry-<previous_scan>`, on a thread
  /// of its own; `on_linked` (may be empty) is called there after each link
  /// (fault injection in tests). Null, with nothing started, when another run
  /// holds the output folder's lock or a folder cannot be made: the scan then
  /// carries its files the usual way.
  static std::unique_ptr<CarryAhead> Start(const std::filesystem::path& out, const std::string& previous_scan,
                                           const std::filesystem::path& previous_processes,
                                           std::function<void()> on_linked = {});
  /// Stops linking (the links made stay: a staging folder not moved is
  /// continued or removed by a later run) and releases the lock.
  ~CarryAhead();
  CarryAhead(const CarryAhead&) = delete;
  CarryAhead& operator=(const CarryAhead&) = delete;

  const std::string& previous_scan() const { return previous_scan_; }
  const std::filesystem::path& staging() const { return staging_; }

  /// Renames the staging folder to `processes` (a path that does not exist,
  /// or an empty folder, on the same file system); the links go on there.
  /// An error (and nothing moved) otherwise, e.g. when `processes` holds
  /// files.
  Status MoveTo(const std::filesystem::path& processes);

  /// Waits until every file is linked; the names that could not be (their
  /// previous file is gone, another file system), in no particular order,
  /// each with band -1 (not known here).
  std::vector<FileCarrier::Job> Finish();
  /// After Finish(): whether every name of the previous folder was read (a
  /// folder that could not be read to its end leaves files not linked).
  bool complete() {
    std::lock_guard lock(mu_);
    return complete_;
  }
  /// Files linked so far by this run, or found linked already (a continued
  /// staging folder's).
  int64_t linked() const { return linked_.load(); }

 private:
  CarryAhead() = default;
  void Run(std::function<void()> on_linked);

  std::string previous_scan_;
  std::filesystem::path staging_;
  int lock_fd_ = -1;
  std::unique_ptr<FolderHandle> from_, to_;
  DIR* listing_ = nullptr;  // the previous folder, read by the thread
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> linked_{0};
  std::mutex mu_;
  std::vector<FileCarrier::Job> failed_;
  bool complete_ = false;
  std::thread thread_;
};

}  // namespace clearbid
