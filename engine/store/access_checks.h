#pragma once
// What every AccessStore (SQLite, PostgreSQL) refuses before it touches its
// database: one set of rules for user names, passwords, token labels,
// session lifetimes and the shape of bearer secrets.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "engine/base/status.h"
#include "engine/store/access_store.h"

namespace clearbid {

inline constexpr size_t kMinPasswordBytes = 12;
inline constexpr size_t kMaxPasswordBytes = 1024;
inline constexpr size_t kMaxUserNameBytes = 64;
inline constexpr size_t kMaxTokenLabelBytes = 128;
inline constexpr int64_t kMaxSessionSeconds = 366LL * 24 * 3600;

/// 1 to 64 characters of [A-Za-z0-9._@-].
bool ValidUserName(const std::string& name);
/// InvalidArgument unless ValidUserName().
Status CheckUserName(const std::string& name);
/// InvalidArgument for a password shorter than 12 or longer than 1,024 bytes.
Status CheckPasswordPolicy(const std::string& password);
/// InvalidArgument for a token label over 128 bytes.
Status CheckTokenLabel(const std::string& label);
/// InvalidArgument unless 1 <= ttl_seconds <= 366 days.
Status CheckSessionLifetime(int64_t ttl_seconds);

/// A user as a store reads it back, with its password hash ("" when none is set).
struct StoredUser {
  User user;
  std::string password_hash;
};

/// The sign-in decision every store makes once it has looked the name up
/// (`stored` nullopt: no such user, or a name ValidUserName() refuses): the
/// active user whose hash `password` matches, else nullopt. When there is no
/// hash to check, a dummy hash of `iterations` (made once per process) is
/// checked instead, so the time taken does not tell whether the name exists.
std::optional<User> DecideSignIn(std::optional<StoredUser> stored, const std::string& password, int iterations);

/// A bearer secret from the outside is looked up only when it has the shape
/// NewToken() gives ("cb_" + 43 characters); anything else is simply unknown.
bool LooksLikeToken(const std::string& token);

}  // namespace clearbid
