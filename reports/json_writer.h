#pragma once
// A streaming JSON writer for the hot report paths (one contract summary per
// process, 100,000s per scan). It writes exactly the bytes nlohmann::json's
// dump(indent, ' ', false, replace) writes for the same document (tested), so
// the JSON forms stay byte-for-byte stable whichever writer produced them,
// without building a DOM first (building one cost ~3 ms per summary).
//
// Written by hand because no Debian-packaged JSON library streams with
// nlohmann's exact formatting; strings that are not valid UTF-8 (rare) are
// delegated to nlohmann so that the U+FFFD replacement is identical.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clearbid::reports {

class JsonWriter {
 public:
  /// `indent` < 0 writes one line; otherwise that many spaces per level.
  explicit JsonWriter(std::string* out, int indent = -1) : out_(out), indent_(indent) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  /// The next value's key (inside an object).
  void Key(std::string_view key);

  void String(std::string_view value);
  void Int(int64_t value);
  void Double(double value);
  void Bool(bool value);
  void Null();
  /// A complete JSON value written elsewhere with the same indent, starting
  /// at depth 0 (re-indented to the current depth).
  void Raw(std::string_view json);

  void StringArray(const std::vector<std::string>& values);

 private:
  void BeforeValue();
  void Newline(size_t depth);
  void Open(char ch);
  void Close(char ch);

  struct Level {
    bool empty = true;
  };
  std::string* out_;
  int indent_;
  std::vector<Level> stack_;
  bool after_key_ = false;
};

/// Appends `s` as a JSON string literal (quotes included), as nlohmann does.
void AppendJsonString(std::string* out, std::string_view s);

}  // namespace clearbid::reports
