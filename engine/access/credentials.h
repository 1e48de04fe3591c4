#pragma once
// Secrets of users: passwords (PBKDF2-HMAC-SHA256 from OpenSSL, salted) and
// bearer tokens (API tokens and UI session ids: 32 random bytes from
// OpenSSL's CSPRNG). Only digests are stored: a stolen database reveals no
// token and no password.

#include <string>
#include <string_view>

namespace clearbid {

/// A new random token, "cb_" + 43 base64url characters (256 bits).
std::string NewToken();

/// Lower-case hex SHA-256 of `token`: what the store keeps and looks up.
std::string TokenDigest(std::string_view token);

/// "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>" with a fresh 16-byte salt.
/// `iterations` defaults to 200,000 (OWASP 2023 guidance for PBKDF2-SHA256 is
/// 600,000; sign-in is rare, so tests may pass fewer).
std::string HashPassword(std::string_view password, int iterations = 200000);

/// True when `password` matches `encoded` (from HashPassword); constant-time
/// comparison; false for a malformed `encoded`.
bool VerifyPassword(std::string_view password, std::string_view encoded);

}  // namespace clearbid
