// The PostgreSQL AccessStore: users, hashed API tokens and hashed UI
// sessions. The same rules as the SQLite store (engine/store/access_checks.h);
// the column naming the user is user_name ("user" is reserved in SQL).

#include <fmt/format.h>

#include "engine/access/credentials.h"
#include "engine/store/access_checks.h"
#include "engine/store/pg/pg_stores.h"

namespace clearbid {
namespace {

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE users (
  name          TEXT PRIMARY KEY,
  role          TEXT NOT NULL,
  password_hash TEXT NOT NULL DEFAULT '',
  active        BOOLEAN NOT NULL DEFAULT TRUE,
  created_at    TEXT NOT NULL
);
CREATE TABLE api_tokens (
  digest     TEXT PRIMARY KEY,
  user_name  TEXT NOT NULL REFERENCES users(name),
  label      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked    BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX api_tokens_user ON api_tokens(user_name);
CREATE TABLE sessions (
  digest     TEXT PRIMARY KEY,
  user_name  TEXT NOT NULL REFERENCES users(name),
  csrf       TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_name);
CREATE INDEX sessions_expiry ON sessions(expires_at);
)sql"},
  };
  return kMigrations;
}

constexpr const char* kUserColumns = "u.name, u.role, u.active, u.created_at, u.password_hash";

class PgAccessStore final : public AccessStore {
 public:
  PgAccessStore(PgConnection* conn, const Clock* clock, int iterations)
      : conn_(conn), clock_(clock), iterations_(iterations) {}

  Status Prepare() {
    const std::string cols = kUserColumns;
    const std::pair<const char*, std::string> statements[] = {
        {"access_add_user",
         "INSERT INTO users(name, role, password_hash, active, created_at) VALUES ($1, $2, $3, TRUE, $4)"},
        {"access_get_user", "SELECT " + cols + " FROM users u WHERE u.name = $1"},
        {"access_list_users", "SELECT " + cols + " FROM users u ORDER BY u.name COLLATE \"C\""},
        {"access_set_password", "UPDATE users SET password_hash = $2 WHERE name = $1"},
        {"access_set_active", "UPDATE users SET active = $2 WHERE name = $1"},
        {"access_add_token",
         "INSERT INTO api_tokens(digest, user_name, label, created_at, revoked) VALUES ($1, $2, $3, $4, FALSE)"},
        {"access_token_user", "SELECT " + cols +
                                  " FROM api_tokens t JOIN users u ON u.name = t.user_name"
                                  " WHERE t.digest = $1 AND NOT t.revoked AND u.active"},
        {"access_revoke_tokens", "UPDATE api_tokens SET revoked = TRUE WHERE user_name = $1"},
        {"access_add_session", "INSERT INTO sessions(digest, user_name, csrf, expires_at) VALUES ($1, $2, $3, $4)"},
        {"access_purge_sessions", "DELETE FROM sessions WHERE expires_at <= $1"},
        {"access_session_user", "SELECT " + cols +
                                    ", s.csrf FROM sessions s JOIN users u ON u.name = s.user_name"
                                    " WHERE s.digest = $1 AND s.expires_at > $2 AND u.active"},
        {"access_end_session", "DELETE FROM sessions WHERE digest = $1"},
    };
    for (const auto& [name, sql] : statements) RETURN_IF_ERROR(conn_->Prepare(name, sql));
    return Status::Ok();
  }

  Status AddUser(const std::string& name, Role role, const std::string& password) override {
    RETURN_IF_ERROR(CheckUserName(name));
    if (!password.empty()) RETURN_IF_ERROR(CheckPasswordPolicy(password));
    ASSIGN_OR_RETURN(auto existing, Lookup(name));
    if (existing) return Status::AlreadyExists(fmt::format("user {} exists", name));
    std::string hash = password.empty() ? std::string() : HashPassword(password, iterations_);
    Result<PgRows> added =
        conn_->Run("access_add_user", {name, std::string(RoleName(role)), hash, FormatUtc(clock_->NowSeconds())});
    // Another connection may have added the name since the look-up: the
    // adapter reports the unique violation as AlreadyExists.
    if (!added.ok() && added.status().code() == Status::Code::kAlreadyExists) {
      return Status::AlreadyExists(fmt::format("user {} exists", name));
    }
    return added.status();
  }

  /// An empty `password` removes password sign-in (token-only user).
  Status SetPassword(const std::string& name, const std::string& password) override {
    RETURN_IF_ERROR(CheckUserName(name));
    if (!password.empty()) RETURN_IF_ERROR(CheckPasswordPolicy(password));
    std::string hash = password.empty() ? std::string() : HashPassword(password, iterations_);
    ASSIGN_OR_RETURN(PgRows changed, conn_->Run("access_set_password", {name, hash}));
    if (changed.affected() == 0) return Status::NotFound(fmt::format("no user {}", name));
    return Status::Ok();
  }

  Status SetActive(const std::string& name, bool active) override {
    RETURN_IF_ERROR(CheckUserName(name));
    ASSIGN_OR_RETURN(PgRows changed, conn_->Run("access_set_active", {name, PgParam::Bool(active)}));
    if (changed.affected() == 0) return Status::NotFound(fmt::format("no user {}", name));
    return Status::Ok();
  }

  Result<std::optional<User>> GetUser(const std::string& name) override {
    if (!ValidUserName(name)) return std::optional<User>();
    ASSIGN_OR_RETURN(auto row, Lookup(name));
    if (!row) return std::optional<User>();
    return std::optional<User>(std::move(row->user));
  }

  Result<std::vector<User>> ListUsers() override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("access_list_users"));
    std::vector<User> out;
    out.reserve(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) {
      ASSIGN_OR_RETURN(UserRow u, ReadUser(rows, r));
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
    RETURN_IF_ERROR(
        conn_->Run("access_add_token", {TokenDigest(token), name, label, FormatUtc(clock_->NowSeconds())}).status());
    return token;
  }

  Result<std::optional<User>> UserForToken(const std::string& token) override {
    if (!LooksLikeToken(token)) return std::optional<User>();
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("access_token_user", {TokenDigest(token)}));
    if (rows.empty()) return std::optional<User>();
    ASSIGN_OR_RETURN(UserRow u, ReadUser(rows, 0));
    return std::optional<User>(std::move(u.user));
  }

  Status RevokeTokens(const std::string& name) override {
    RETURN_IF_ERROR(CheckUserName(name));
    ASSIGN_OR_RETURN(auto row, Lookup(name));
    if (!row) return Status::NotFound(fmt::format("no user {}", name));
    return conn_->Run("access_revoke_tokens", {name}).status();
  }

  Result<Session> CreateSession(const std::string& name, int64_t ttl_seconds) override {
    RETURN_IF_ERROR(CheckSessionLifetime(ttl_seconds));
    RETURN_IF_ERROR(CheckUserName(name));
    ASSIGN_OR_RETURN(auto row, Lookup(name));
    if (!row) return Status::NotFound(fmt::format("no user {}", name));
    if (!row->user.active) return Status::InvalidArgument(fmt::format("user {} is disabled", name));
    const int64_t now = clock_->NowSeconds();
    // Expired sessions are of no use to anyone: dropped as new ones come.
    RETURN_IF_ERROR(conn_->Run("access_purge_sessions", {now}).status());
    Session session{NewToken(), NewToken(), now + ttl_seconds};
    RETURN_IF_ERROR(
        conn_->Run("access_add_session", {TokenDigest(session.id), name, session.csrf, session.expires_at}).status());
    return session;
  }

  Result<std::optional<SessionUser>> UserForSession(const std::string& session_id) override {
    if (!LooksLikeToken(session_id)) return std::optional<SessionUser>();
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("access_session_user", {TokenDigest(session_id), clock_->NowSeconds()}));
    if (rows.empty()) return std::optional<SessionUser>();
    ASSIGN_OR_RETURN(UserRow u, ReadUser(rows, 0));
    return std::optional<SessionUser>(SessionUser{std::move(u.user), rows.Text(0, 5)});
  }

  Status EndSession(const std::string& session_id) override {
    if (!LooksLikeToken(session_id)) return Status::Ok();
    return conn_->Run("access_end_session", {TokenDigest(session_id)}).status();
  }

 private:
  using UserRow = StoredUser;

  /// Columns name, role, active, created_at, password_hash of row `r`.
  static Result<UserRow> ReadUser(const PgRows& rows, size_t r) {
    UserRow u;
    u.user.name = rows.Text(r, 0);
    std::optional<Role> role = ParseRole(rows.Text(r, 1));
    if (!role) {
      return Status::Corruption(fmt::format("user {} has an unknown role \"{}\"", u.user.name, rows.Text(r, 1)));
    }
    u.user.role = *role;
    u.user.active = rows.Bool(r, 2);
    u.user.created_at = rows.Text(r, 3);
    u.password_hash = rows.Text(r, 4);
    return u;
  }

  Result<std::optional<UserRow>> Lookup(const std::string& name) {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("access_get_user", {name}));
    if (rows.empty()) return std::optional<UserRow>();
    ASSIGN_OR_RETURN(UserRow u, ReadUser(rows, 0));
    return std::optional<UserRow>(std::move(u));
  }

  PgConnection* conn_;
  const Clock* clock_;
  int iterations_;
};

}  // namespace

Result<std::unique_ptr<AccessStore>> OpenPostgresAccessStore(PgConnection* conn, const Clock* clock,
                                                             int password_iterations) {
  if (conn == nullptr || clock == nullptr) return Status::InvalidArgument("access store needs a connection and a clock");
  if (password_iterations < 1) return Status::InvalidArgument("password iterations must be at least 1");
  RETURN_IF_ERROR(conn->Migrate("access", Migrations()));
  auto store = std::make_unique<PgAccessStore>(conn, clock, password_iterations);
  RETURN_IF_ERROR(store->Prepare());
  return std::unique_ptr<AccessStore>(std::move(store));
}

}  // namespace clearbid
