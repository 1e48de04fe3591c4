#pragma once
// Users, API tokens and UI sessions. An interface: SQLite is the embedded
// default; PostgreSQL shares the conformance tests. Tokens and session ids
// are stored only as TokenDigest(); passwords only as HashPassword().
// One AccessStore per connection; not thread-safe.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/access/role.h"
#include "engine/base/clock.h"
#include "engine/base/result.h"
#include "engine/store/sqlite_db.h"

namespace clearbid {

struct User {
  std::string name;  // 1-64 characters of [A-Za-z0-9._@-]
  Role role = Role::kOfficer;
  bool active = true;
  std::string created_at;
};

class AccessStore {
 public:
  virtual ~AccessStore() = default;

  /// Adds a user; `password` may be empty (token-only user). AlreadyExists
  /// when the name is taken; InvalidArgument for a bad name or a password
  /// shorter than 12 bytes (or longer than 1,024).
  virtual Status AddUser(const std::string& name, Role role, const std::string& password) = 0;
  virtual Status SetPassword(const std::string& name, const std::string& password) = 0;
  virtual Status SetActive(const std::string& name, bool active) = 0;
  virtual Result<std::optional<User>> GetUser(const std::string& name) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;

  /// The active user when `password` is theirs, else nullopt.
  virtual Result<std::optional<User>> CheckPassword(const std::string& name, const std::string& password) = 0;

  /// A new API token for `name` (returned once, in clear; only its digest is
  /// kept). `label` says what it is for.
  virtual Result<std::string> IssueToken(const std::string& name, const std::string& label) = 0;
  /// The active user an API token belongs to, else nullopt.
  virtual Result<std::optional<User>> UserForToken(const std::string& token) = 0;
  virtual Status RevokeTokens(const std::string& name) = 0;

  /// A new UI session for `name` lasting `ttl_seconds` from the clock; returns
  /// the session id (cookie value) and a CSRF token bound to it.
  struct Session {
    std::string id;
    std::string csrf;
    int64_t expires_at = 0;
  };
  virtual Result<Session> CreateSession(const std::string& name, int64_t ttl_seconds) = 0;
  /// The active user of an unexpired session, and the session's CSRF token.
  struct SessionUser {
    User user;
    std::string csrf;
  };
  virtual Result<std::optional<SessionUser>> UserForSession(const std::string& session_id) = 0;
  virtual Status EndSession(const std::string& session_id) = 0;
};

/// The PBKDF2 iterations of new passwords (HashPassword's default).
inline constexpr int kDefaultPasswordIterations = 200000;

/// The SQLite store on `db` (not owned), applying the "access" migrations.
/// `clock` (not owned) stamps users and expires sessions. New passwords are
/// hashed with `password_iterations` (tests pass fewer); stored hashes keep
/// their own count.
Result<std::unique_ptr<AccessStore>> OpenSqliteAccessStore(Database* db, const Clock* clock,
                                                           int password_iterations = kDefaultPasswordIterations);

}  // namespace clearbid
