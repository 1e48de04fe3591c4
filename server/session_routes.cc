// Sign-in for the web UI: a session cookie (HttpOnly, SameSite=Strict) and
// a CSRF token the UI sends back in X-CSRF-Token on state-changing requests.

#include <fmt/format.h>

#include "server/api_context.h"

namespace clearbid {
namespace {

std::string SessionCookie(const ApiContext& c, const std::string& value, int64_t max_age) {
  return fmt::format("cb_session={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", value, max_age,
                     c.options.secure_cookies ? "; Secure" : "");
}

nlohmann::json UserJson(const User& u, const std::string& csrf) {
  nlohmann::json j = {{"name", u.name}, {"role", std::string(RoleName(u.role))}};
  if (!csrf.empty()) j["csrf"] = csrf;
  return j;
}

}  // namespace

void AddSessionRoutes(ApiContext& c, Router& router) {
  router.Add({"POST", "/api/v1/session", RouteAccess::kPublic, Permission::kScreen, "Sign in (sets the session cookie)",
              [&c](RequestContext& rc) {
                nlohmann::json body;
                HttpResponse error;
                if (!ParseJsonBody(*rc.request, &body, &error)) return error;
                std::string name, password;
                if (!StringMember(body, "name", 64, &name) || !StringMember(body, "password", 1024, &password) ||
                    name.empty() || password.empty())
                  return ErrorResponse(400, "body: name and password (strings) are required");
                Result<StorePool::Lease> lease = c.stores.Acquire();
                if (!lease.ok()) return StatusResponse(lease.status());
                Result<std::optional<User>> user = (*lease)->access->CheckPassword(name, password);
                if (!user.ok()) return StatusResponse(user.status());
                if (!*user) return ErrorResponse(401, "wrong name or password");
                Result<AccessStore::Session> session =
                    (*lease)->access->CreateSession(name, c.options.session_ttl_seconds);
                if (!session.ok()) return StatusResponse(session.status());
                HttpResponse r = JsonResponse(200, UserJson(**user, session->csrf));
                r.SetHeader("Set-Cookie", SessionCookie(c, session->id, c.options.session_ttl_seconds));
                return r;
              }});
  router.Add({"GET", "/api/v1/session", RouteAccess::kAuthenticated, Permission::kScreen, "Who is signed in",
              [](RequestContext& rc) { return JsonResponse(200, UserJson(*rc.user, rc.csrf)); }});
  router.Add({"DELETE", "/api/v1/session", RouteAccess::kAuthenticated, Permission::kScreen, "Sign out",
              [&c](RequestContext& rc) {
                if (!rc.session_id.empty()) {
                  Result<StorePool::Lease> lease = c.stores.Acquire();
                  if (!lease.ok()) return StatusResponse(lease.status());
                  if (Status s = (*lease)->access->EndSession(rc.session_id); !s.ok()) return StatusResponse(s);
                }
                HttpResponse r = JsonResponse(200, {{"signed_out", true}});
                r.SetHeader("Set-Cookie", SessionCookie(c, "", 0));
                return r;
              }});
}

}  // namespace clearbid
