#include "server/metrics.h"

#include <dirent.h>
#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

namespace clearbid {
namespace {

constexpr const char* kBands[] = {"low", "medium", "high", "critical"};

// Label values are route patterns we wrote; escape anyway per the format.
std::string Escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

ServerMetrics::ServerMetrics(std::vector<std::string> routes)
    : routes_(std::move(routes)), counters_(routes_.size() + 1) {}

void ServerMetrics::Observe(int route, int status, double seconds) {
  RouteCounters& c = counters_[route < 0 || static_cast<size_t>(route) >= routes_.size() ? routes_.size()
                                                                                           : static_cast<size_t>(route)];
  int cls = status / 100 - 1;
  if (cls < 0 || cls >= kStatusClasses) cls = kStatusClasses - 1;
  c.by_class[cls].fetch_add(1, std::memory_order_relaxed);
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  c.buckets[b].fetch_add(1, std::memory_order_relaxed);
  c.count.fetch_add(1, std::memory_order_relaxed);
  c.micros.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void ServerMetrics::CountScreen(int band_index) {
  if (band_index >= 0 && band_index < 4) screens_[band_index].fetch_add(1, std::memory_order_relaxed);
}

std::string ServerMetrics::Render() const {
  std::string out;
  out += "# HELP clearbid_http_requests_total HTTP requests by route and status class.\n";
  out += "# TYPE clearbid_http_requests_total counter\n";
  for (size_t r = 0; r < counters_.size(); ++r) {
    const std::string route = r < routes_.size() ? Escape(routes_[r]) : "unrouted";
    for (int k = 0; k < kStatusClasses; ++k) {
      uint64_t v = counters_[r].by_class[k].load(std::memory_order_relaxed);
      if (v) out += fmt::format("clearbid_http_requests_total{{route=\"{}\",code=\"{}xx\"}} {}\n", route, k + 1, v);
    }
  }
  out += "# HELP clearbid_http_request_duration_seconds Time to handle a request (excluding network I/O).\n";
  out += "# TYPE clearbid_http_request_duration_seconds histogram\n";
  for (size_t r = 0; r < counters_.size(); ++r) {
    const RouteCounters& c = counters_[r];
    const uint64_t count = c.count.load(std::memory_order_relaxed);
    if (!count) continue;
    const std::string route = r < routes_.size() ? Escape(routes_[r]) : "unrouted";
    uint64_t cumulative = 0;
    for (size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += c.buckets[b].load(std::memory_order_relaxed);
      out += fmt::format("clearbid_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", route,
                         kBuckets[b], cumulative);
    }
    out += fmt::format("clearbid_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", route, count);
    out += fmt::format("clearbid_http_request_duration_seconds_sum{{route=\"{}\"}} {:.6f}\n", route,
                       static_cast<double>(c.micros.load(std::memory_order_relaxed)) / 1e6);
    out += fmt::format("clearbid_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route, count);
  }
  out += "# HELP clearbid_screens_total Screened contracting processes by band.\n";
  out += "# TYPE clearbid_screens_total counter\n";
  for (int b = 0; b < 4; ++b)
    out += fmt::format("clearbid_screens_total{{band=\"{}\"}} {}\n", kBands[b], screens_[b].load());
  out += "# HELP clearbid_review_decisions_total Review decisions recorded.\n";
  out += "# TYPE clearbid_review_decisions_total counter\n";
  out += fmt::format("clearbid_review_decisions_total {}\n", decisions_.load());
  long pages = 0, resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  out += "# HELP process_resident_memory_bytes Resident memory size in bytes.\n";
  out += "# TYPE process_resident_memory_bytes gauge\n";
  out += fmt::format("process_resident_memory_bytes {}\n", resident * sysconf(_SC_PAGESIZE));
  int fds = 0;
  if (DIR* d = opendir("/proc/self/fd")) {
    while (readdir(d)) ++fds;
    closedir(d);
    fds -= 2;  // "." and ".."
  }
  out += "# HELP process_open_fds Number of open file descriptors.\n";
  out += "# TYPE process_open_fds gauge\n";
  out += fmt::format("process_open_fds {}\n", fds);
  return out;
}

}  // namespace clearbid
