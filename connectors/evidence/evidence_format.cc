#include "connectors/evidence/evidence_format.h"

#include <cctype>
#include <cstring>
#include <string>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

constexpr std::string_view kFormatPrefix = "\"clearbid.";

// The offset of the first kFormatPrefix in `text` at or after `from`, or
// npos. Every ingested document is searched (and hardly any holds it): with
// SSE2, 16 places at a time are tested for the prefix's first byte ('"')
// and its last ('.') nine bytes on, a pair much rarer in JSON than a quote
// alone, and only those candidates compared whole; memmem for the last
// bytes (and without SSE2). Reads nothing outside `text`.
size_t FindFormatPrefix(std::string_view text, size_t from) {
  const char* data = text.data();
  const size_t n = text.size();
  size_t i = from;
#if defined(__SSE2__)
  constexpr size_t kLast = kFormatPrefix.size() - 1;
  const __m128i first = _mm_set1_epi8(kFormatPrefix.front()), last = _mm_set1_epi8(kFormatPrefix.back());
  for (; i + kLast + 16 <= n; i += 16) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i + kLast));
    unsigned candidates =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last))));
    while (candidates) {
      const size_t at = i + static_cast<size_t>(__builtin_ctz(candidates));
      if (std::memcmp(data + at + 1, kFormatPrefix.data() + 1, kLast - 1) == 0) return at;
      candidates &= candidates - 1;
    }
  }
#endif
  if (i >= n) return std::string_view::npos;
  const void* hit = memmem(data + i, n - i, kFormatPrefix.data(), kFormatPrefix.size());
  return hit ? static_cast<size_t>(static_cast<const char*>(hit) - data) : std::string_view::npos;
}

}  // namespace

EvidenceKind DetectEvidence(std::string_view text) {
  size_t pos = 0;
  while ((pos = FindFormatPrefix(text, pos)) != std::string_view::npos) {
    std::string_view rest = text.substr(pos + kFormatPrefix.size());
    if (PrecededByFormatKey(text, pos)) {
      if (rest.starts_with("disclosure/")) return EvidenceKind::kDisclosure;
      if (rest.starts_with("audit/")) return EvidenceKind::kAudit;
    }
    pos += kFormatPrefix.size();
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
