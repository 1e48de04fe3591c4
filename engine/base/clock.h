#pragma once
// Clock: the one way the core learns the time, injected so that the same
// inputs give the same outputs byte for byte (tests and auditors use a
// FixedClock).

#include <cstdint>
#include <string>
#include <string_view>

namespace clearbid {

class Clock {
 public:
  virtual ~Clock() = default;
  /// Seconds since the Unix epoch, UTC.
  virtual int64_t NowSeconds() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowSeconds() const override;
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(int64_t seconds) : seconds_(seconds) {}
  int64_t NowSeconds() const override { return seconds_; }

 private:
  int64_t seconds_;
};

/// True for a real calendar date written YYYY-MM-DD.
bool IsIsoDate(std::string_view s);

/// "2026-11-25T12:00:00Z" for a Unix time in seconds.
std::string FormatUtc(int64_t seconds);

}  // namespace clearbid
