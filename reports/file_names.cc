#include "reports/file_names.h"

#include "engine/base/digest.h"

namespace clearbid::reports {
namespace {

bool IsPlain(char ch) {
  return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' ||
         ch == '_' || ch == '-';
}

int HexValue(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;  // lower-case hex is never produced, so it is not accepted either
}

}  // namespace

std::string FileSafeName(std::string_view ocid) {
  if (ocid.empty()) return "%";
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(ocid.size());
  for (size_t i = 0; i < ocid.size(); ++i) {
    char ch = ocid[i];
    if (IsPlain(ch) && !(i == 0 && ch == '.')) {
      out.push_back(ch);
    } else {
      auto byte = static_cast<unsigned char>(ch);
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xF]);
    }
  }
  if (out.size() > kMaxFileSafeName) {
    size_t cut = 160;
    // Never cut inside a %XX escape.
    if (out[cut - 1] == '%')
      cut -= 1;
    else if (out[cut - 2] == '%')
      cut -= 2;
    out.resize(cut);
    out.push_back('~');
    out.append(Sha256Hex(ocid).substr(0, 32));
  }
  return out;
}

bool IsProcessFileName(std::string_view name) {
  return name.size() > 5 && name.ends_with(".json") && name.front() != '.';
}

std::optional<std::string> OcidFromFileSafeName(std::string_view name) {
  if (name == "%") return std::string();
  if (name.empty()) return std::nullopt;
  std::string out;
  out.reserve(name.size());
  for (size_t i = 0; i < name.size(); ++i) {
    char ch = name[i];
    if (ch == '%') {
      if (i + 2 >= name.size()) return std::nullopt;
      int hi = HexValue(name[i + 1]);
      int lo = HexValue(name[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      char decoded = static_cast<char>(hi * 16 + lo);
      // Canonical form only: a byte that would not have been encoded is rejected.
      if (IsPlain(decoded) && !(i == 0 && decoded == '.')) return std::nullopt;
      out.push_back(decoded);
      i += 2;
    } else if (IsPlain(ch) && !(i == 0 && ch == '.')) {
      out.push_back(ch);
    } else {
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace clearbid::reports
