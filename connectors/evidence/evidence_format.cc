#include "connectors/evidence/evidence_format.h"

#include <cctype>
#include <cstring>
#include <string>

namespace clearbid {
namespace {

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// True when the bytes before `pos` (a quote opening a string value) are
// `"format"` then optional whitespace, a colon and optional whitespace.
bool PrecededByFormatKey(std::string_view text, size_t pos) {
  size_t i = pos;
  while (i > 0 && IsJsonSpace(text[i - 1])) --i;
  if (i == 0 || text[i - 1] != ':') return false;
  --i;
  while (i > 0 && IsJsonSpace(text[i - 1])) --i;
  constexpr std::string_view kKey = "\"format\"";
  return i >= kKey.size() && text.substr(i - kKey.size(), kKey.size()) == kKey;
}

}  // namespace

EvidenceKind DetectEvidence(std::string_view text) {
  constexpr std::string_view kPrefix = "\"clearbid.";
  // memmem, not string_view::find: find stops at every '"' (memchr for the
  // first byte), and a JSON text is full of them.
  auto find = [&](size_t from) -> size_t {
    const void* hit = memmem(text.data() + from, text.size() - from, kPrefix.data(), kPrefix.size());
    return hit ? static_cast<size_t>(static_cast<const char*>(hit) - text.data()) : std::string_view::npos;
  };
  size_t pos = 0;
  while ((pos = find(pos)) != std::string_view::npos) {
    std::string_view rest = text.substr(pos + kPrefix.size());
    if (PrecededByFormatKey(text, pos)) {
      if (rest.starts_with("disclosure/")) return EvidenceKind::kDisclosure;
      if (rest.starts_with("audit/")) return EvidenceKind::kAudit;
    }
    pos += kPrefix.size();
  }
  return EvidenceKind::kNone;
}

bool IsDisclosureCsvHeader(std::string_view line) {
  if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line == kDisclosureCsvHeader) return true;
  return line.starts_with(kDisclosureCsvHeader) && line.substr(kDisclosureCsvHeader.size()) == ",note";
}

}  // namespace clearbid
