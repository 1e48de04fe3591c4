#pragma once
// Status: the outcome of an operation that can fail, as a value (LevelDB style).
// OK carries no allocation. Errors carry a code and a human-readable message
// that names the file, line or field and the reason where one is known.

#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace clearbid {

class Status {
 public:
  enum class Code { kOk = 0, kInvalidArgument, kNotFound, kIoError, kCorruption, kParseError,
                    kAlreadyExists, kResourceExhausted, kInternal };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status IoError(std::string msg) { return Status(Code::kIoError, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status ParseError(std::string msg) { return Status(Code::kParseError, std::move(msg)); }
  static Status AlreadyExists(std::string msg) { return Status(Code::kAlreadyExists, std::move(msg)); }
  static Status ResourceExhausted(std::string msg) { return Status(Code::kResourceExhausted, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }

  bool ok() const { return state_ == nullptr; }
  Code code() const { return state_ ? state_->code : Code::kOk; }
  const std::string& message() const {
    static const std::string kEmpty;
    return state_ ? state_->message : kEmpty;
  }
  /// "ParseError: file.json:12: expected string" style text.
  std::string ToString() const;

 private:
  struct State {
    Code code;
    std::string message;
  };
  Status(Code code, std::string msg) : state_(std::make_shared<const State>(State{code, std::move(msg)})) {}
  std::shared_ptr<const State> state_;
};

std::string_view CodeName(Status::Code code);

}  // namespace clearbid

#define CLEARBID_CONCAT_INNER(a, b) a##b
#define CLEARBID_CONCAT(a, b) CLEARBID_CONCAT_INNER(a, b)

/// Returns the Status from the enclosing function when it is not OK.
#define RETURN_IF_ERROR(expr)                          \
  do {                                                 \
    ::clearbid::Status _st = (expr);                   \
    if (!_st.ok()) return _st;                         \
  } while (0)
