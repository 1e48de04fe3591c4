// Must-show 2 of issue 7: every endpoint answers 401 without a token and 403
// to a role without its permission, walked over the router's own table.

#include <nlohmann/json.hpp>

#include "tests/server/server_fixture.h"

namespace clearbid::testing {
namespace {

// A concrete target for a route pattern.
std::string Target(const std::string& pattern) {
  std::string out = pattern;
  for (auto [from, to] : {std::pair<std::string, std::string>{"{ocid}", "ocds-x-1"},
                          {"{key}", "PT-NIPPC%2F505678901"},
                          {"{file}", "app.js"}}) {
    size_t at = out.find(from);
    if (at != std::string::npos) out.replace(at, from.size(), to);
  }
  return out;
}

class ApiAccessTest : public ServerFixture {};

TEST_F(ApiAccessTest, EveryProtectedRouteNeedsATokenAndTheRightRole) {
  int protected_routes = 0, checks = 0;
  for (const Route& route : api_->router().routes()) {
    const std::string target = Target(route.pattern);
    const std::string body = route.method == "POST" ? "{}" : "";
    if (route.access == RouteAccess::kPublic) continue;
    ++protected_routes;
    Reply anonymous = Send(port(), route.method, target, body, {{"Content-Type", "application/json"}});
    EXPECT_EQ(anonymous.status, 401) << route.method << " " << target;
    EXPECT_EQ(anonymous.headers["www-authenticate"], "Bearer realm=\"clearbid\"");
    Reply forged = Send(port(), route.method, target, body,
                        {{"Authorization", "Bearer cb_not-a-real-token"}, {"Content-Type", "application/json"}});
    EXPECT_EQ(forged.status, 401) << route.method << " " << target;
    for (Role role : {Role::kOfficer, Role::kCompliance, Role::kAuditor, Role::kAdmin}) {
      Reply r = Send(port(), route.method, target, body, As(role));
      const bool allowed = route.access == RouteAccess::kAuthenticated || RoleAllows(role, route.permission);
      if (allowed) {
        EXPECT_NE(r.status, 401) << RoleName(role) << " " << route.method << " " << target << ": " << r.body;
        EXPECT_NE(r.status, 403) << RoleName(role) << " " << route.method << " " << target << ": " << r.body;
      } else {
        EXPECT_EQ(r.status, 403) << RoleName(role) << " " << route.method << " " << target << ": " << r.body;
      }
      ++checks;
    }
  }
  EXPECT_GE(protected_routes, 11);
  EXPECT_EQ(checks, protected_routes * 4);
}

TEST_F(ApiAccessTest, PublicRoutesAreOnlyHealthSignInDocumentAndUi) {
  std::vector<std::string> public_routes;
  for (const Route& route : api_->router().routes())
    if (route.access == RouteAccess::kPublic) public_routes.push_back(route.method + " " + route.pattern);
  EXPECT_EQ(public_routes, (std::vector<std::string>{"GET /healthz", "GET /api/v1/openapi.json", "GET /",
                                                     "GET /static/{file}", "POST /api/v1/session"}));
}

TEST_F(ApiAccessTest, CookieSessionsNeedTheCsrfTokenForStateChanges) {
  Reply login = Send(port(), "POST", "/api/v1/session",
                     nlohmann::json({{"name", "auditor1"}, {"password", kPassword}}).dump(),
                     {{"Content-Type", "application/json"}});
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string cookie = login.headers["set-cookie"];
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  const std::string session = cookie.substr(0, cookie.find(';'));
  const std::string csrf = nlohmann::json::parse(login.body)["csrf"];
  ASSERT_FALSE(csrf.empty());
  const std::string decision =
      nlohmann::json({{"kind", "party"}, {"key", "PT-NIPPC/505678901"}, {"action", "escalate"}, {"reason", "check"}})
          .dump();
  // Reading works with the cookie alone.
  EXPECT_EQ(Send(port(), "GET", "/api/v1/session", "", {{"Cookie", session}}).status, 200);
  // Writing needs the CSRF token too.
  Reply no_csrf = Send(port(), "POST", "/api/v1/decisions", decision,
                       {{"Cookie", session}, {"Content-Type", "application/json"}});
  EXPECT_EQ(no_csrf.status, 403) << no_csrf.body;
  Reply wrong_csrf = Send(port(), "POST", "/api/v1/decisions", decision,
                          {{"Cookie", session}, {"Content-Type", "application/json"}, {"X-CSRF-Token", csrf + "x"}});
  EXPECT_EQ(wrong_csrf.status, 403);
  Reply ok = Send(port(), "POST", "/api/v1/decisions", decision,
                  {{"Cookie", session}, {"Content-Type", "application/json"}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(ok.status, 201) << ok.body;
  // A form post (not JSON) is refused outright.
  Reply form = Send(port(), "POST", "/api/v1/decisions", "kind=party",
                    {{"Cookie", session}, {"Content-Type", "application/x-www-form-urlencoded"}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(form.status, 415);
  // Signing out ends the session.
  EXPECT_EQ(Send(port(), "DELETE", "/api/v1/session", "", {{"Cookie", session}, {"X-CSRF-Token", csrf}}).status, 200);
  EXPECT_EQ(Send(port(), "GET", "/api/v1/session", "", {{"Cookie", session}}).status, 401);
}

TEST_F(ApiAccessTest, WrongPasswordIsRefused) {
  Reply r = Send(port(), "POST", "/api/v1/session",
                 nlohmann::json({{"name", "auditor1"}, {"password", "not the password"}}).dump(),
                 {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.headers.count("set-cookie"), 0u);
}

TEST_F(ApiAccessTest, EveryResponseCarriesSecurityHeaders) {
  for (const std::string target : {"/", "/healthz", "/api/v1/flagged", "/nowhere"}) {
    Reply r = Send(port(), "GET", target);
    EXPECT_EQ(r.headers["x-content-type-options"], "nosniff") << target;
    EXPECT_EQ(r.headers["x-frame-options"], "DENY") << target;
    EXPECT_NE(r.headers["content-security-policy"].find("script-src 'self'"), std::string::npos) << target;
    EXPECT_EQ(r.headers["referrer-policy"], "no-referrer") << target;
  }
}

}  // namespace
}  // namespace clearbid::testing
