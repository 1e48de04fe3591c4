#include "engine/matching/edit_distance.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace clearbid {
namespace {

// Pattern bit masks per character ("Peq" in Myers' paper): ASCII through a
// direct table, other code points through a short linear list (names hold few
// distinct non-ASCII characters).
template <typename CharT>
class PatternMasks {
 public:
  PatternMasks(std::basic_string_view<CharT> pattern, size_t begin, size_t end) {
    ascii_.fill(0);
    for (size_t i = begin; i < end; ++i) {
      uint64_t bit = uint64_t{1} << (i - begin);
      uint32_t c = static_cast<uint32_t>(pattern[i]);
      if constexpr (sizeof(CharT) == 1) {
        ascii_[static_cast<uint8_t>(c)] |= bit;
      } else if (c < 256) {
        ascii_[c] |= bit;
      } else {
        auto it = std::find_if(other_.begin(), other_.end(), [c](const auto& e) { return e.first == c; });
        if (it == other_.end()) {
          other_.emplace_back(c, bit);
        } else {
          it->second |= bit;
        }
      }
    }
  }
  uint64_t Get(CharT ch) const {
    uint32_t c = static_cast<uint32_t>(ch);
    if constexpr (sizeof(CharT) == 1) {
      return ascii_[static_cast<uint8_t>(c)];
    } else {
      if (c < 256) return ascii_[c];
      for (const auto& e : other_)
        if (e.first == c) return e.second;
      return 0;
    }
  }

 private:
  std::array<uint64_t, 256> ascii_;
  std::vector<std::pair<uint32_t, uint64_t>> other_;
};

// One column step for a 64-row block; hin is the horizontal delta entering the
// block's top row (-1, 0, +1); returns the delta leaving its bottom row.
inline int AdvanceBlock(uint64_t eq, uint64_t last, uint64_t& pv, uint64_t& mv, int hin) {
  uint64_t xv = eq | mv;
  if (hin < 0) eq |= 1;
  uint64_t xh = (((eq & pv) + pv) ^ pv) | eq;
  uint64_t ph = mv | ~(xh | pv);
  uint64_t mh = pv & xh;
  int hout = (ph & last) ? 1 : ((mh & last) ? -1 : 0);
  ph <<= 1;
  mh <<= 1;
  if (hin < 0) {
    mh |= 1;
  } else if (hin > 0) {
    ph |= 1;
  }
  pv = mh | ~(xv | ph);
  mv = ph & xv;
  return hout;
}

template <typename CharT>
size_t BitParallel(std::basic_string_view<CharT> a, std::basic_string_view<CharT> b) {
  if (a.size() > b.size()) std::swap(a, b);  // a is the pattern (shorter)
  const size_t m = a.size();
  if (m == 0) return b.size();
  if (m <= 64) {
    PatternMasks<CharT> peq(a, 0, m);
    uint64_t pv = ~uint64_t{0}, mv = 0;
    const uint64_t last = uint64_t{1} << (m - 1);
    size_t score = m;
    for (CharT c : b) {
      int h = AdvanceBlock(peq.Get(c), last, pv, mv, 1);
      score += h;
    }
    return score;
  }
  const size_t blocks = (m + 63) / 64;
  std::vector<PatternMasks<CharT>> peq;
  peq.reserve(blocks);
  for (size_t k = 0; k < blocks; ++k) peq.emplace_back(a, k * 64, std::min(m, k * 64 + 64));
  std::vector<uint64_t> pv(blocks, ~uint64_t{0}), mv(blocks, 0);
  const uint64_t last_of_final = uint64_t{1} << ((m - 1) % 64);
  const uint64_t full_last = uint64_t{1} << 63;
  size_t score = m;
  for (CharT c : b) {
    int h = 1;  // the top row of the matrix is 0,1,2,...: +1 per column
    for (size_t k = 0; k < blocks; ++k) {
      h = AdvanceBlock(peq[k].Get(c), k + 1 == blocks ? last_of_final : full_last, pv[k], mv[k], h);
    }
    score += h;
  }
  return score;
}

template <typename CharT>
size_t OsaDynamic(std::basic_string_view<CharT> a, std::basic_string_view<CharT> b) {
  const size_t m = a.size(), n = b.size();
  std::vector<size_t> prev2(n + 1), prev(n + 1), cur(n + 1);
  for (size_t j = 0; j <= n; ++j) prev[j] = j;
  for (size_t i = 1; i <= m; ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= n; ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[n];
}

// Byte patterns of at most 64 characters: masks in a per-thread table that
// is all zero between calls (each call clears the entries it set), so short
// names do not pay for clearing 256 entries.
class BytePatternMasks {
 public:
  explicit BytePatternMasks(std::string_view pattern) : pattern_(pattern) {
    for (size_t i = 0; i < pattern.size(); ++i) table_[static_cast<uint8_t>(pattern[i])] |= uint64_t{1} << i;
  }
  ~BytePatternMasks() {
    for (char c : pattern_) table_[static_cast<uint8_t>(c)] = 0;
  }
  BytePatternMasks(const BytePatternMasks&) = delete;
  BytePatternMasks& operator=(const BytePatternMasks&) = delete;
  uint64_t Get(char c) const { return table_[static_cast<uint8_t>(c)]; }

 private:
  static thread_local std::array<uint64_t, 256> table_;
  std::string_view pattern_;
};

thread_local std::array<uint64_t, 256> BytePatternMasks::table_{};

template <typename CharT>
size_t OsaBitParallel(std::basic_string_view<CharT> a, std::basic_string_view<CharT> b) {
  if (a.size() > b.size()) std::swap(a, b);
  const size_t m = a.size();
  if (m == 0) return b.size();
  if (m > 64) return OsaDynamic(a, b);
  std::conditional_t<sizeof(CharT) == 1, BytePatternMasks, PatternMasks<CharT>> peq = [&]() {
    if constexpr (sizeof(CharT) == 1) {
      return BytePatternMasks(a);
    } else {
      return PatternMasks<CharT>(a, 0, m);
    }
  }();
  uint64_t vp = ~uint64_t{0}, vn = 0, d0 = 0, pm_old = 0;
  const uint64_t last = uint64_t{1} << (m - 1);
  size_t score = m;
  for (CharT c : b) {
    uint64_t pm = peq.Get(c);
    uint64_t tr = (((~d0) & pm) << 1) & pm_old;
    d0 = ((((pm & vp) + vp) ^ vp) | pm | vn) | tr;
    uint64_t hp = vn | ~(d0 | vp);
    uint64_t hn = d0 & vp;
    if (hp & last) ++score;
    if (hn & last) --score;
    hp = (hp << 1) | 1;
    hn <<= 1;
    vp = hn | ~(d0 | hp);
    vn = hp & d0;
    pm_old = pm;
  }
  return score;
}

bool IsAscii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

}  // namespace

size_t Levenshtein(std::u32string_view a, std::u32string_view b) { return BitParallel<char32_t>(a, b); }

size_t Levenshtein(std::string_view a, std::string_view b) { return BitParallel<char>(a, b); }

size_t OsaDistance(std::u32string_view a, std::u32string_view b) { return OsaBitParallel<char32_t>(a, b); }

size_t OsaDistance(std::string_view a, std::string_view b) { return OsaBitParallel<char>(a, b); }

size_t Utf8OsaDistance(std::string_view a, std::string_view b) {
  if (IsAscii(a) && IsAscii(b)) return OsaDistance(a, b);
  std::u32string ua = DecodeUtf8(a), ub = DecodeUtf8(b);
  return OsaDistance(std::u32string_view(ua), std::u32string_view(ub));
}

std::u32string DecodeUtf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
      out.push_back(U'\uFFFD');
      ++i;
      continue;
    }
    char32_t cp = len == 1 ? c : (c & (0x7F >> len));
    bool ok = true;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (!ok) {
      out.push_back(U'\uFFFD');
      ++i;
      continue;
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

size_t Utf8Levenshtein(std::string_view a, std::string_view b) {
  if (IsAscii(a) && IsAscii(b)) return Levenshtein(a, b);
  std::u32string ua = DecodeUtf8(a), ub = DecodeUtf8(b);
  return Levenshtein(std::u32string_view(ua), std::u32string_view(ub));
}

}  // namespace clearbid
