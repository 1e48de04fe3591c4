#pragma once
// A one-line progress bar with rate and ETA on a terminal (stderr). No Debian
// package provides one for C++ (indicators is not packaged), so ~40 lines here.

#include <chrono>
#include <cstdint>
#include <string>

namespace clearbid::cli {

class ProgressBar {
 public:
  /// Enabled only when stderr is a terminal and `enabled` is true.
  explicit ProgressBar(std::string label, bool enabled = true);
  /// Redraws at most 10 times a second.
  void Update(uint64_t done, uint64_t total);
  /// Clears the line.
  void Finish();

 private:
  std::string label_;
  bool active_;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace clearbid::cli
