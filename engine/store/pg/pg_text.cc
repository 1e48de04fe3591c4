#include "engine/store/pg/pg_text.h"

#include "engine/base/utf8.h"

#include <cstddef>
#include <cstdint>

namespace clearbid {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

}  // namespace

std::string PgText(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    size_t n = ValidUtf8SequenceAt(text, i);
    if (n == 0) break;
    i += n;
  }
  if (i == text.size()) return std::string(text);
  std::string out(text.substr(0, i));
  out.reserve(text.size() + 8);
  while (i < text.size()) {
    size_t n = ValidUtf8SequenceAt(text, i);
    if (n == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace clearbid
