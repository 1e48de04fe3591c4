#pragma once
// A Clock the test moves by hand (FixedClock cannot move). Safe to read from
// several threads.

#include <atomic>
#include <cstdint>

#include "engine/base/clock.h"

namespace clearbid::testing {

class MutableClock final : public Clock {
 public:
  explicit MutableClock(int64_t seconds) : seconds_(seconds) {}
  int64_t NowSeconds() const override { return seconds_.load(); }
  void Set(int64_t seconds) { seconds_.store(seconds); }
  void Advance(int64_t seconds) { seconds_.fetch_add(seconds); }

 private:
  std::atomic<int64_t> seconds_;
};

}  // namespace clearbid::testing
