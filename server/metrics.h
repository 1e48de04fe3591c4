#pragma once
// Server metrics in the Prometheus text exposition format (version 0.0.4).
// Debian 12 ships prometheus-cpp only as runtime libraries (no -dev
// package), so this small, lock-free set of counters and one latency
// histogram is written here.

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace clearbid {

class ServerMetrics {
 public:
  /// `routes`: the route labels ("GET /api/v1/screen"), fixed at start.
  explicit ServerMetrics(std::vector<std::string> routes);

  /// Records one request of route index `route` (or -1: no route) with its
  /// status and duration.
  void Observe(int route, int status, double seconds);
  void CountScreen(int band_index);  // Band: 0 low … 3 critical
  void CountDecision() { decisions_.fetch_add(1, std::memory_order_relaxed); }

  /// The exposition text, including process resident memory (from
  /// /proc/self/statm) and open file descriptors.
  std::string Render() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02,
                                                      0.05,   0.1,   0.25,  0.5,   1,    5};
  static constexpr int kStatusClasses = 5;  // 1xx … 5xx
  struct RouteCounters {
    std::array<std::atomic<uint64_t>, kStatusClasses> by_class{};
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> micros{0};
  };
  std::vector<std::string> routes_;
  std::vector<RouteCounters> counters_;  // routes_.size() + 1 (unrouted last)
  std::array<std::atomic<uint64_t>, 4> screens_{};
  std::atomic<uint64_t> decisions_{0};
};

}  // namespace clearbid
