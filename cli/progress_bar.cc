#include "cli/progress_bar.h"

#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

namespace clearbid::cli {

ProgressBar::ProgressBar(std::string label, bool enabled)
    : label_(std::move(label)), active_(enabled && isatty(STDERR_FILENO)) {
  start_ = last_draw_ = std::chrono::steady_clock::now();
}

void ProgressBar::Update(uint64_t done, uint64_t total) {
  if (!active_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100) && done < total) return;
  last_draw_ = now;
  double secs = std::chrono::duration<double>(now - start_).count();
  double frac = total ? static_cast<double>(done) / static_cast<double>(total) : 0.0;
  if (frac > 1) frac = 1;
  constexpr int kWidth = 30;
  int filled = static_cast<int>(frac * kWidth);
  double rate = secs > 0 ? static_cast<double>(done) / secs / 1e6 : 0;
  double eta = rate > 0 ? (static_cast<double>(total - std::min(done, total)) / 1e6) / rate : 0;
  std::string line = fmt::format("\r{} [{}{}] {:5.1f}% {:7.1f} MB/s ETA {:4.0f}s", label_, std::string(filled, '#'),
                                 std::string(kWidth - filled, '.'), frac * 100, rate, eta);
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

void ProgressBar::Finish() {
  if (!active_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
}

}  // namespace clearbid::cli
