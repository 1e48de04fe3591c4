#pragma once
// Routes: method + path pattern ("/api/v1/processes/{ocid}") → handler,
// each with the access it requires. The route table is the single source
// of truth for dispatch, for the role × endpoint test and for the check
// that the OpenAPI document describes exactly the served routes.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/access/role.h"
#include "engine/store/access_store.h"
#include "server/http_message.h"

namespace clearbid {

enum class RouteAccess {
  kPublic,         // anyone (health, sign-in, OpenAPI document, UI files)
  kAuthenticated,  // any signed-in user
  kPermission,     // a user whose role has `permission`
};

/// What a handler receives besides the request.
struct RequestContext {
  const HttpRequest* request = nullptr;
  std::map<std::string, std::string> params;  // path parameters, decoded
  std::optional<User> user;                   // set unless the route is public
  std::string session_id;                     // when signed in by cookie
  std::string csrf;                           // that session's CSRF token
};

struct Route {
  std::string method;
  std::string pattern;  // segments; "{name}" matches one non-empty segment
  RouteAccess access = RouteAccess::kPublic;
  Permission permission = Permission::kScreen;  // for kPermission
  std::string summary;
  std::function<HttpResponse(RequestContext&)> handler;
};

class Router {
 public:
  void Add(Route route) { routes_.push_back(std::move(route)); }

  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    bool path_known = false;  // some route has this path with another method
  };
  /// The route for `method` and `path` (percent-encoded; parameters are
  /// decoded after the path is split, so a parameter may hold an encoded '/';
  /// never NUL).
  Match Find(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace clearbid
