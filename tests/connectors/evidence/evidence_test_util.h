#pragma once
// Shared by the evidence reader tests: example paths and padded reads.

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "connectors/json/document_stream.h"
#include "tests/test_util.h"

namespace clearbid::testing {

inline std::string ExamplesDir() { return std::string(CLEARBID_SOURCE_DIR) + "/data/examples"; }

/// Files under data/examples/<sub> ending in `ext`, sorted.
inline std::vector<std::string> ExampleFiles(const std::string& sub, const std::string& ext) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(ExamplesDir() + "/" + sub)) {
    if (e.path().extension() == ext) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Text followed by kJsonPadding spaces, as the readers require.
struct Padded {
  explicit Padded(std::string text) : size(text.size()), bytes(std::move(text)) { bytes.append(kJsonPadding, ' '); }
  std::string_view view() const { return {bytes.data(), size}; }
  size_t size;
  std::string bytes;
};

}  // namespace clearbid::testing
