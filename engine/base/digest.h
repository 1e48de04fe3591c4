#pragma once
// Digests. Sha256 (OpenSSL) names inputs in provenance records auditors read;
// ContentHash (XXH3-128) is a fast, non-cryptographic change detector used to
// decide whether a stored record changed.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace clearbid {

/// Incremental SHA-256. Not thread-safe; one per stream.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view bytes);
  /// Lower-case hex digest; the object must not be updated afterwards.
  std::string FinishHex();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string Sha256Hex(std::string_view bytes);

/// 32 lower-case hex characters of XXH3-128.
std::string ContentHash(std::string_view bytes);

}  // namespace clearbid
