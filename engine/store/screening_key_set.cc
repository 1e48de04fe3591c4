#include "engine/store/screening_key_set.h"

#include <algorithm>
#include <cstring>

namespace clearbid {

ScreeningKeySet::ScreeningKeySet(const std::unordered_set<std::string>& keys)
    : sorted_(keys.begin(), keys.end()) {
  std::sort(sorted_.begin(), sorted_.end());
  for (const std::string& k : sorted_) sieve_.set(Slot(k));
}

uint32_t ScreeningKeySet::Slot(std::string_view key) {
  // The first eight bytes and the length, mixed by one multiplication (a
  // memo key is a hexadecimal digest: its first bytes are already spread).
  uint64_t h = 0;
  std::memcpy(&h, key.data(), std::min<size_t>(key.size(), sizeof h));
  h ^= static_cast<uint64_t>(key.size()) * 0x9e3779b97f4a7c15ULL;
  h *= 0xff51afd7ed558ccdULL;
  return static_cast<uint32_t>(h >> (64 - kSieveBits));
}

bool ScreeningKeySet::Contains(std::string_view key) const {
  return !key.empty() && sieve_.test(Slot(key)) && std::binary_search(sorted_.begin(), sorted_.end(), key);
}

bool ScreeningKeySet::UsedBy(std::string_view screening_keys) const {
  if (sorted_.empty()) return false;
  size_t at = 0;
  while (at < screening_keys.size()) {
    size_t end = screening_keys.find(' ', at);
    if (end == std::string_view::npos) end = screening_keys.size();
    if (Contains(screening_keys.substr(at, end - at))) return true;
    at = end + 1;
  }
  return false;
}

}  // namespace clearbid
