#pragma once
// Result<T>: a value or an error Status, with the shape of std::expected
// (GCC 12 lacks it in C++20). Third-party exceptions never cross a module
// boundary: adapters turn them into a Result.

#include <cassert>
#include <optional>
#include <utility>

#include "engine/base/status.h"

namespace clearbid {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.ok() && "Result built from an OK status without a value");
    if (status_.ok()) status_ = Status::Internal("Result built from an OK status");
  }

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Status& status() const { return status_; }

  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace clearbid

/// Declares `lhs` from a Result expression, or returns its error Status.
#define ASSIGN_OR_RETURN(lhs, expr)                                     \
  auto CLEARBID_CONCAT(_res_, __LINE__) = (expr);                        \
  if (!CLEARBID_CONCAT(_res_, __LINE__).ok())                            \
    return CLEARBID_CONCAT(_res_, __LINE__).status();                    \
  lhs = std::move(CLEARBID_CONCAT(_res_, __LINE__)).value()
