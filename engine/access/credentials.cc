#include "engine/access/credentials.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "engine/base/digest.h"

namespace clearbid {
namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;
constexpr size_t kTokenBytes = 32;
// Bounds on what VerifyPassword accepts from a stored value: a corrupted or
// planted hash must not make a sign-in spin for minutes.
constexpr int kMaxIterations = 10'000'000;
constexpr size_t kMaxEncodedPart = 128;

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Fills `n` bytes from OpenSSL's CSPRNG. A CSPRNG that fails leaves no safe
/// way on (a predictable token or salt is worse than stopping), so it aborts.
std::vector<unsigned char> RandomBytes(size_t n) {
  std::vector<unsigned char> out(n);
  if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) {
    std::fputs("clearbid: OpenSSL RAND_bytes failed; refusing to make a predictable secret\n", stderr);
    std::abort();
  }
  return out;
}

/// Base64url (RFC 4648 section 5) without padding.
std::string Base64Url(const unsigned char* data, size_t n) {
  std::string out;
  out.reserve((n * 4 + 2) / 3);
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = (uint32_t{data[i]} << 16) | (uint32_t{data[i + 1]} << 8) | data[i + 2];
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (n - i == 1) {
    uint32_t v = uint32_t{data[i]} << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (n - i == 2) {
    uint32_t v = (uint32_t{data[i]} << 16) | (uint32_t{data[i + 1]} << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

int Base64UrlValue(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

/// Decodes unpadded base64url; nullopt for a character outside the alphabet
/// or an impossible length.
std::optional<std::vector<unsigned char>> FromBase64Url(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::vector<unsigned char> out;
  out.reserve(text.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = Base64UrlValue(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<unsigned char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

bool Pbkdf2(std::string_view password, const std::vector<unsigned char>& salt, int iterations,
            std::vector<unsigned char>* out) {
  return PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                           static_cast<int>(salt.size()), iterations, EVP_sha256(), static_cast<int>(out->size()),
                           out->data()) == 1;
}

}  // namespace

std::string NewToken() {
  std::vector<unsigned char> bytes = RandomBytes(kTokenBytes);
  return "cb_" + Base64Url(bytes.data(), bytes.size());
}

std::string TokenDigest(std::string_view token) { return Sha256Hex(token); }

std::string HashPassword(std::string_view password, int iterations) {
  if (iterations < 1) iterations = 1;
  if (iterations > kMaxIterations) iterations = kMaxIterations;
  std::vector<unsigned char> salt = RandomBytes(kSaltBytes);
  std::vector<unsigned char> hash(kHashBytes);
  if (!Pbkdf2(password, salt, iterations, &hash)) {
    std::fputs("clearbid: OpenSSL PKCS5_PBKDF2_HMAC failed\n", stderr);
    std::abort();
  }
  return fmt::format("{}${}${}${}", kScheme, iterations, Base64Url(salt.data(), salt.size()),
                     Base64Url(hash.data(), hash.size()));
}

bool VerifyPassword(std::string_view password, std::string_view encoded) {
  // scheme $ iterations $ salt $ hash
  std::string_view parts[4];
  size_t start = 0;
  for (int i = 0; i < 4; ++i) {
    size_t end = i < 3 ? encoded.find('$', start) : encoded.size();
    if (end == std::string_view::npos) return false;
    parts[i] = encoded.substr(start, end - start);
    start = end + 1;
  }
  if (parts[3].find('$') != std::string_view::npos) return false;
  if (parts[0] != kScheme) return false;
  int iterations = 0;
  auto [ptr, ec] = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), iterations);
  if (ec != std::errc() || ptr != parts[1].data() + parts[1].size()) return false;
  if (iterations < 1 || iterations > kMaxIterations) return false;
  if (parts[2].empty() || parts[3].empty() || parts[2].size() > kMaxEncodedPart || parts[3].size() > kMaxEncodedPart)
    return false;
  std::optional<std::vector<unsigned char>> salt = FromBase64Url(parts[2]);
  std::optional<std::vector<unsigned char>> expected = FromBase64Url(parts[3]);
  // Exactly the hash length HashPassword writes: a truncated hash would compare
  // equal on its prefix.
  if (!salt || !expected || salt->size() < 8 || expected->size() != kHashBytes) return false;
  std::vector<unsigned char> actual(expected->size());
  if (!Pbkdf2(password, *salt, iterations, &actual)) return false;
  return CRYPTO_memcmp(actual.data(), expected->data(), actual.size()) == 0;
}

}  // namespace clearbid
