#pragma once
// A small, portable pseudo-random generator for synthetic data.
//
// Hand-written on purpose: the standard engines are portable but the standard
// distributions (uniform_int_distribution, …) are implementation-defined, so
// the same seed would give different data on libstdc++ and libc++. Everything
// here is plain 64-bit integer arithmetic: the same seed gives the same
// sequence on every machine and compiler.

#include <cstdint>

namespace clearbid::synthetic {

/// SplitMix64 step (Steele, Lea, Flood 2014): turns any 64-bit value into a
/// well-mixed one. Used to derive independent seeds.
constexpr uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// Mixes a seed with stream identifiers into a new seed (order matters).
constexpr uint64_t MixSeed(uint64_t seed, uint64_t a, uint64_t b = 0) {
  uint64_t s = seed ^ (a * 0xD1B54A32D192ED03ull);
  uint64_t x = SplitMix64(s);
  s = x ^ (b * 0x8CB92BA72F3D8DD7ull);
  return SplitMix64(s);
}

/// xoshiro256** 1.0 (Blackman, Vigna), seeded through SplitMix64.
class Prng {
 public:
  explicit constexpr Prng(uint64_t seed) {
    uint64_t s = seed;
    for (uint64_t& word : state_) word = SplitMix64(s);
  }

  constexpr uint64_t Next() {
    const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  /// Uniform in [0, n); n must be > 0. Lemire's multiply-shift (the tiny bias
  /// for huge n does not matter for synthetic data, and it is portable).
  constexpr uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }

  /// Uniform in [lo, hi] (inclusive); requires lo <= hi.
  constexpr int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }

  /// True with probability per_mille / 1000.
  constexpr bool Chance(uint32_t per_mille) { return Below(1000) < per_mille; }

  /// An index in [0, n) skewed towards 0, as a few suppliers win many
  /// contracts: index = n * u^3 with u uniform, so P(index < k) = (k/n)^(1/3)
  /// (the first 1% of indices take about a fifth of the draws).
  constexpr uint64_t Skewed(uint64_t n) {
    const uint64_t u1 = Next() >> 32, u2 = Next() >> 32, u3 = Next() >> 32;
    const uint64_t cube = (((u1 * u2) >> 32) * u3) >> 32;  // a 32-bit fraction
    return static_cast<uint64_t>((static_cast<unsigned __int128>(cube) * n) >> 32);
  }

  /// A uniformly chosen element of a C array.
  template <typename T, uint64_t N>
  constexpr const T& Pick(const T (&items)[N]) {
    return items[Below(N)];
  }

 private:
  static constexpr uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4] = {};
};

}  // namespace clearbid::synthetic
