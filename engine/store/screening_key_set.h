#pragma once
// The screening keys a change of the lists touched, asked about the keys each
// stored assessment used (ScanStore::AssessmentsUsing()).
//
// A new list version changes the screenings of a few thousand names; the
// scan then asks, of each of a million stored assessments, whether one of
// the (about four) keys it used is among them. Almost every answer is no: a
// sieve of one bit per hash answers most of them without touching the keys,
// which only a key that passes it is looked up among. No packaged structure
// is built for that one question (a Bloom filter library would need the same
// hashing, and more code than this).

#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace clearbid {

class ScreeningKeySet {
 public:
  explicit ScreeningKeySet(const std::unordered_set<std::string>& keys);

  /// True when the space-separated `screening_keys` (StoredAssessment's form)
  /// hold one of the keys. Empty keys (two spaces in a row) are no keys.
  bool UsedBy(std::string_view screening_keys) const;
  bool Contains(std::string_view key) const;
  bool empty() const { return sorted_.empty(); }

 private:
  static constexpr unsigned kSieveBits = 16;
  static uint32_t Slot(std::string_view key);
  std::bitset<size_t{1} << kSieveBits> sieve_;
  std::vector<std::string> sorted_;
};

}  // namespace clearbid
