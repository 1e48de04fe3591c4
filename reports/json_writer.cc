#include "reports/json_writer.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>

namespace clearbid::reports {
namespace {

/// Length of the strict UTF-8 sequence (no overlong forms, no surrogates, at
/// most U+10FFFF: nlohmann's acceptance) starting at `p` with a byte >= 0x80,
/// or 0 when it is invalid.
size_t Utf8SequenceLength(const char* p, size_t available) {
  auto c = static_cast<unsigned char>(p[0]);
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (len > available) return 0;
  auto c1 = static_cast<unsigned char>(p[1]);
  if (c1 < lo || c1 > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    auto ck = static_cast<unsigned char>(p[k]);
    if (ck < 0x80 || ck > 0xBF) return 0;
  }
  return len;
}

// True when none of the 8 bytes at `p` needs attention in a JSON string:
// each is printable ASCII (0x20..0x7F) and neither '"' nor '\\'. SWAR
// byte tests (each exact about whether any byte matches): most text in
// assessments is plain ASCII, copied 8 bytes per test instead of one.
inline bool PlainAscii8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  const uint64_t below_space = (v - kOnes * 0x20) & ~v & kHigh;
  const uint64_t q = v ^ (kOnes * static_cast<uint64_t>('"'));
  const uint64_t quote = (q - kOnes) & ~q & kHigh;
  const uint64_t b = v ^ (kOnes * static_cast<uint64_t>('\\'));
  const uint64_t backslash = (b - kOnes) & ~b & kHigh;
  return ((v & kHigh) | below_space | quote | backslash) == 0;
}

}  // namespace

void AppendJsonString(std::string* out, std::string_view s) {
  // One pass: plain runs are copied in bulk, escapes written as nlohmann
  // writes them; a byte sequence that is not valid UTF-8 rolls back and
  // hands the whole string to nlohmann (its U+FFFD replacement).
  static constexpr char kHex[] = "0123456789abcdef";
  const size_t rollback = out->size();
  out->push_back('"');
  const char* data = s.data();
  const size_t n = s.size();
  size_t run = 0;
  size_t i = 0;
  while (i < n) {
    while (i + 8 <= n && PlainAscii8(data + i)) i += 8;
    if (i >= n) break;
    auto c = static_cast<unsigned char>(data[i]);
    if (c >= 0x80) {
      size_t len = Utf8SequenceLength(data + i, n - i);
      if (len == 0) {
        out->resize(rollback);
        out->append(
            nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        return;
      }
      i += len;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out->append(data + run, i - run);
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 0xF]);
    }
    ++i;
    run = i;
  }
  out->append(data + run, n - run);
  out->push_back('"');
}

void JsonWriter::Newline(size_t depth) {
  out_->push_back('\n');
  out_->append(depth * static_cast<size_t>(indent_), ' ');
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  Level& level = stack_.back();
  if (!level.empty) out_->push_back(',');
  level.empty = false;
  if (indent_ >= 0) Newline(stack_.size());
}

void JsonWriter::Open(char ch) {
  BeforeValue();
  out_->push_back(ch);
  stack_.push_back({});
}

void JsonWriter::Close(char ch) {
  bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty && indent_ >= 0) Newline(stack_.size());
  out_->push_back(ch);
}

void JsonWriter::BeginObject() { Open('{'); }
void JsonWriter::EndObject() { Close('}'); }
void JsonWriter::BeginArray() { Open('['); }
void JsonWriter::EndArray() { Close(']'); }

void JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendJsonString(out_, key);
  out_->append(indent_ >= 0 ? ": " : ":");
  after_key_ = true;
}

void JsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendJsonString(out_, value);
}

void JsonWriter::Int(int64_t value) {
  BeforeValue();
  fmt::format_int text(value);
  out_->append(text.data(), text.size());
}

void JsonWriter::Double(double value) {
  BeforeValue();
  double magnitude = std::fabs(value);
  if (!std::isfinite(value) || magnitude >= 1e15 || (magnitude != 0 && magnitude < 1e-4)) {
    // Outside the range where both print plain decimals: nlohmann's own form.
    out_->append(nlohmann::json(value).dump());
    return;
  }
  char buf[40];
  char* end = fmt::format_to(buf, "{}", value);
  std::string_view text(buf, static_cast<size_t>(end - buf));
  out_->append(text);
  if (text.find_first_of(".e") == std::string_view::npos) out_->append(".0");
}

void JsonWriter::Bool(bool value) {
  BeforeValue();
  out_->append(value ? "true" : "false");
}

void JsonWriter::Null() {
  BeforeValue();
  out_->append("null");
}

void JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  if (indent_ < 0 || stack_.empty()) {
    out_->append(json);
    return;
  }
  std::string pad(stack_.size() * static_cast<size_t>(indent_), ' ');
  size_t start = 0;
  for (size_t nl = json.find('\n'); nl != std::string_view::npos; nl = json.find('\n', start)) {
    out_->append(json.data() + start, nl + 1 - start);
    out_->append(pad);
    start = nl + 1;
  }
  out_->append(json.data() + start, json.size() - start);
}

void JsonWriter::StringArray(const std::vector<std::string>& values) {
  BeginArray();
  for (const std::string& v : values) String(v);
  EndArray();
}

}  // namespace clearbid::reports
