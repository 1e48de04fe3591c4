// The SQLite AccessStore: users, hashed API tokens and hashed UI sessions.

#include <fmt/format.h>

#include "engine/access/credentials.h"
#include "engine/store/access_checks.h"
#include "engine/store/access_store.h"

namespace clearbid {
namespace {

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE users (
  name          TEXT PRIMARY KEY,
  role          TEXT NOT NULL,
  password_hash TEXT NOT NULL DEFAULT '',
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL
);
CREATE TABLE api_tokens (
  digest     TEXT PRIMARY KEY,
  user       TEXT NOT NULL REFERENCES users(name),
  label      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens(user);
CREATE TABLE sessions (
  digest     TEXT PRIMARY KEY,
  user       TEXT NOT NULL REFERENCES users(name),
  csrf       TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user);
CREATE INDEX sessions_expiry ON sessions(expires_at);
)sql"},
  };
  return kMigrations;
}

class ResetOnExit {
 public:
  explicit ResetOnExit(Statement& s) : s_(s) { s_.Reset(); }
  ~ResetOnExit() { s_.Reset(); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  Statement& s_;
};

class SqliteAccessStore final : public AccessStore {
 public:
  SqliteAccessStore(Database* db, const Clock* clock, int iterations)
      : db_(db), clock_(clock), iterations_(iterations) {}

  Status Prepare() {
    struct {
      Statement* stmt;
      const char* sql;
    } statements[] = {
        {&add_user_, "INSERT INTO users(name, role, password_hash, active, created_at) VALUES (?1, ?2, ?3, 1, ?4)"},
        {&get_user_, "SELECT name, role, active, created_at, password_hash FROM users WHERE name = ?1"},
        {&list_users_, "SELECT name, role, active, created_at, password_hash FROM users ORDER BY name"},
        {&set_password_, "UPDATE users SET password_hash = ?2 WHERE name = ?1"},
        {&set_active_, "UPDATE users SET active = ?2 WHERE name = ?1"},
        {&add_token_, "INSERT INTO api_tokens(digest, user, label, created_at, revoked) VALUES (?1, ?2, ?3, ?4, 0)"},
        {&token_user_,
         "SELECT u.name, u.role, u.active, u.created_at, u.password_hash FROM api_tokens t"
         " JOIN users u ON u.name = t.user WHERE t.digest = ?1 AND t.revoked = 0 AND u.active = 1"},
        {&revoke_tokens_, "UPDATE api_tokens SET revoked = 1 WHERE user = ?1"},
        {&add_session_, "INSERT INTO sessions(digest, user, csrf, expires_at) VALUES (?1, ?2, ?3, ?4)"},
        {&purge_sessions_, "DELETE FROM sessions WHERE expires_at <= ?1"},
        {&session_user_,
         "SELECT u.name, u.role, u.active, u.created_at, u.password_hash, s.csrf FROM sessions s"
         " JOIN users u ON u.name = s.user WHERE s.digest = ?1 AND s.expires_at > ?2 AND u.active = 1"},
        {&end_session_, "DELETE FROM sessions WHERE digest = ?1"},
    };
    for (auto& s : statements) {
      ASSIGN_OR_RETURN(*s.stmt, db_->Prepare(s.sql));
    }
    return Status::Ok();
  }

  Status AddUser(const std::string& name, Role role, const std::string& password) override {
    RETURN_IF_ERROR(CheckUserName(name));
    if (!password.empty()) RETURN_IF_ERROR(CheckPasswordPolicy(password));
    ASSIGN_OR_RETURN(auto existing, Lookup(name));
    if (existing) return Status::AlreadyExists(fmt::format("user {} exists", name));
    std::string hash = password.empty() ? std::string() : HashPassword(password, iterations_);
    ResetOnExit reset(add_user_);
    add_user_.Bind(1, name).Bind(2, RoleName(role)).Bind(3, hash).Bind(4, FormatUtc(clock_->NowSeconds()));
    Status s = add_user_.Run();
    // Another connection may have added the name since the look-up.
    if (!s.ok() && s.message().find("UNIQUE") != std::string::npos) {
      return Status::AlreadyExists(fmt::format("user {} exists", name));
    }
    return s;
  }

  /// An empty `password` removes password sign-in (token-only user).
  Status SetPassword(const std::string& name, const std::string& password) override {
    RETURN_IF_ERROR(CheckUserName(name));
    if (!password.empty()) RETURN_IF_ERROR(CheckPasswordPolicy(password));
    std::string hash = password.empty() ? std::string() : HashPassword(password, iterations_);
    ResetOnExit reset(set_password_);
    set_password_.Bind(1, name).Bind(2, hash);
    RETURN_IF_ERROR(set_password_.Run());
    if (db_->Changes() == 0) return Status::NotFound(fmt::format("no user {}", name));
    return Status::Ok();
  }

  Status SetActive(const std::string& name, bool active) override {
    RETURN_IF_ERROR(CheckUserName(name));
    ResetOnExit reset(set_active_);
    set_active_.Bind(1, name).Bind(2, int64_t{active ? 1 : 0});
    RETURN_IF_ERROR(set_active_.Run());
    if (db_->Changes() == 0) return Status::NotFound(fmt::format("no user {}", name));
    return Status::Ok();
  }

  Result<std::optional<User>> GetUser(const std::string& name) override {
    if (!ValidUserName(name)) return std::optional<User>();
    ASSIGN_OR_RETURN(auto row, Lookup(name));
    if (!row) return std::optional<User>();
    return std::optional<User>(std::move(row->user));
  }

  Result<std::vector<User>> ListUsers() override {
    ResetOnExit reset(list_users_);
    std::vector<User> out;
    for (;;) {
      ASSIGN_OR_RETURN(bool row, list_users_.Step());
      if (!row) break;
      ASSIGN_OR_RETURN(UserRow u, ReadUser(list_users_));
      out.push_back(std::move(u.user));
    }
    return out;
  }

  Result<std::optional<User>> CheckPassword(const std::string& name, const std::string& password) override {
    if (password.empty() || password.size() > kMaxPasswordBytes) return std::optional<User>();
    std::optional<UserRow> row;
    if (ValidUserName(name)) {
      ASSIGN_OR_RETURN(row, Lookup(name));
    }
    return DecideSignIn(std::move(row), password, iterations_);
  }

  Result<std::string> IssueToken(const std::string& name, const std::string& label) override {
    RETURN_IF_ERROR(CheckTokenLabel(label));
    RETURN_IF_ERROR(CheckUserName(name));
    ASSIGN_OR_RETURN(auto row, Lookup(name));
    if (!row) return Status::NotFound(fmt::format("no user {}", name));
    if (!row->user.active) return Status::InvalidArgument(fmt::format("user {} is disabled", name));
    std::string token = NewToken();
    ResetOnExit reset(add_token_);
    add_token_.Bind(1, TokenDigest(token)).Bind(2, name).Bind(3, label).Bind(4, FormatUtc(clock_->NowSeconds()));
    RETURN_IF_ERROR(add_token_.Run());
    return token;
  }

  Result<std::optional<User>> UserForToken(const std::string& token) override {
    if (!LooksLikeToken(token)) return std::optional<User>();
    ResetOnExit reset(token_user_);
    token_user_.Bind(1, TokenDigest(token));
    ASSIGN_OR_RETURN(bool found, token_user_.Step());
    if (!found) return std::optional<User>();
    ASSIGN_OR_RETURN(UserRow u, ReadUser(token_user_));
    return std::optional<User>(std::move(u.user));
  }

  Status RevokeTokens(const std::string& name) override {
    RETURN_IF_ERROR(CheckUserName(name));
    ASSIGN_OR_RETURN(auto row, Lookup(name));
    if (!row) return Status::NotFound(fmt::format("no user {}", name));
    ResetOnExit reset(revoke_tokens_);
    revoke_tokens_.Bind(1, name);
    return revoke_tokens_.Run();
  }

  Result<Session> CreateSession(const std::string& name, int64_t ttl_seconds) override {
    RETURN_IF_ERROR(CheckSessionLifetime(ttl_seconds));
    RETURN_IF_ERROR(CheckUserName(name));
    ASSIGN_OR_RETURN(auto row, Lookup(name));
    if (!row) return Status::NotFound(fmt::format("no user {}", name));
    if (!row->user.active) return Status::InvalidArgument(fmt::format("user {} is disabled", name));
    const int64_t now = clock_->NowSeconds();
    {
      // Expired sessions are of no use to anyone: dropped as new ones come.
      ResetOnExit reset(purge_sessions_);
      purge_sessions_.Bind(1, now);
      RETURN_IF_ERROR(purge_sessions_.Run());
    }
    Session session{NewToken(), NewToken(), now + ttl_seconds};
    ResetOnExit reset(add_session_);
    add_session_.Bind(1, TokenDigest(session.id)).Bind(2, name).Bind(3, session.csrf).Bind(4, session.expires_at);
    RETURN_IF_ERROR(add_session_.Run());
    return session;
  }

  Result<std::optional<SessionUser>> UserForSession(const std::string& session_id) override {
    if (!LooksLikeToken(session_id)) return std::optional<SessionUser>();
    ResetOnExit reset(session_user_);
    session_user_.Bind(1, TokenDigest(session_id)).Bind(2, clock_->NowSeconds());
    ASSIGN_OR_RETURN(bool found, session_user_.Step());
    if (!found) return std::optional<SessionUser>();
    ASSIGN_OR_RETURN(UserRow u, ReadUser(session_user_));
    return std::optional<SessionUser>(SessionUser{std::move(u.user), session_user_.ColumnText(5)});
  }

  Status EndSession(const std::string& session_id) override {
    if (!LooksLikeToken(session_id)) return Status::Ok();
    ResetOnExit reset(end_session_);
    end_session_.Bind(1, TokenDigest(session_id));
    return end_session_.Run();
  }

 private:
  using UserRow = StoredUser;

  /// Columns name, role, active, created_at, password_hash.
  static Result<UserRow> ReadUser(const Statement& q) {
    UserRow r;
    r.user.name = q.ColumnText(0);
    std::optional<Role> role = ParseRole(q.ColumnView(1));
    if (!role) {
      return Status::Corruption(fmt::format("user {} has an unknown role \"{}\"", r.user.name, q.ColumnView(1)));
    }
    r.user.role = *role;
    r.user.active = q.ColumnInt(2) != 0;
    r.user.created_at = q.ColumnText(3);
    r.password_hash = q.ColumnText(4);
    return r;
  }

  Result<std::optional<UserRow>> Lookup(const std::string& name) {
    ResetOnExit reset(get_user_);
    get_user_.Bind(1, name);
    ASSIGN_OR_RETURN(bool found, get_user_.Step());
    if (!found) return std::optional<UserRow>();
    ASSIGN_OR_RETURN(UserRow u, ReadUser(get_user_));
    return std::optional<UserRow>(std::move(u));
  }

  Database* db_;
  const Clock* clock_;
  int iterations_;
  Statement add_user_, get_user_, list_users_, set_password_, set_active_, add_token_, token_user_, revoke_tokens_,
      add_session_, purge_sessions_, session_user_, end_session_;
};

}  // namespace

Result<std::unique_ptr<AccessStore>> OpenSqliteAccessStore(Database* db, const Clock* clock, int password_iterations) {
  if (db == nullptr || clock == nullptr) return Status::InvalidArgument("access store needs a database and a clock");
  if (password_iterations < 1) return Status::InvalidArgument("password iterations must be at least 1");
  RETURN_IF_ERROR(db->Migrate("access", Migrations()));
  auto store = std::make_unique<SqliteAccessStore>(db, clock, password_iterations);
  RETURN_IF_ERROR(store->Prepare());
  return std::unique_ptr<AccessStore>(std::move(store));
}

}  // namespace clearbid
