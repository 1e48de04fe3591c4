#include "engine/store/access_checks.h"

#include <map>
#include <mutex>

#include <fmt/format.h>

#include "engine/access/credentials.h"

namespace clearbid {
namespace {

// NewToken(): "cb_" + 43 base64url characters.
constexpr size_t kTokenLength = 46;

}  // namespace

bool ValidUserName(const std::string& name) {
  if (name.empty() || name.size() > kMaxUserNameBytes) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '@' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Status CheckUserName(const std::string& name) {
  if (ValidUserName(name)) return Status::Ok();
  return Status::InvalidArgument(
      fmt::format("user name must be 1 to {} characters of A-Z a-z 0-9 . _ @ -", kMaxUserNameBytes));
}

Status CheckPasswordPolicy(const std::string& password) {
  if (password.size() < kMinPasswordBytes) {
    return Status::InvalidArgument(fmt::format("password shorter than {} bytes", kMinPasswordBytes));
  }
  if (password.size() > kMaxPasswordBytes) {
    return Status::InvalidArgument(fmt::format("password longer than {} bytes", kMaxPasswordBytes));
  }
  return Status::Ok();
}

Status CheckTokenLabel(const std::string& label) {
  if (label.size() <= kMaxTokenLabelBytes) return Status::Ok();
  return Status::InvalidArgument(fmt::format("label longer than {} bytes", kMaxTokenLabelBytes));
}

Status CheckSessionLifetime(int64_t ttl_seconds) {
  if (ttl_seconds > 0 && ttl_seconds <= kMaxSessionSeconds) return Status::Ok();
  return Status::InvalidArgument(fmt::format("session lifetime must be 1 to {} seconds", kMaxSessionSeconds));
}

bool LooksLikeToken(const std::string& token) { return token.size() == kTokenLength && token.rfind("cb_", 0) == 0; }

std::optional<User> DecideSignIn(std::optional<StoredUser> stored, const std::string& password, int iterations) {
  if (!stored || stored->password_hash.empty()) {
    static std::mutex mu;
    static std::map<int, std::string> dummies;  // by iterations
    std::string dummy;
    {
      std::lock_guard<std::mutex> lock(mu);
      std::string& d = dummies[iterations];
      if (d.empty()) d = HashPassword("clearbid-no-such-user", iterations);
      dummy = d;
    }
    (void)VerifyPassword(password, dummy);
    return std::nullopt;
  }
  if (!VerifyPassword(password, stored->password_hash) || !stored->user.active) return std::nullopt;
  return std::move(stored->user);
}

}  // namespace clearbid
