#include "server/api_server.h"

#include <openssl/crypto.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "engine/base/digest.h"
#include "engine/screening/caching_list_screener.h"
#include "engine/screening/list_screener.h"
#include "server/api_context.h"
#include "service/list_index.h"

namespace clearbid {
namespace fs = std::filesystem;

namespace {

constexpr const char* kSessionCookie = "cb_session";

// Every response: no sniffing, no framing, no referrer, scripts and styles
// only from this origin (the UI has no inline script or style).
void SecurityHeaders(HttpResponse* r) {
  r->SetHeader("Content-Security-Policy",
               "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  r->SetHeader("X-Content-Type-Options", "nosniff");
  r->SetHeader("X-Frame-Options", "DENY");
  r->SetHeader("Referrer-Policy", "no-referrer");
  r->SetHeader("Cross-Origin-Opener-Policy", "same-origin");
  r->SetHeader("Cross-Origin-Resource-Policy", "same-origin");
  r->SetHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  bool cache_set = false;
  for (const auto& [k, v] : r->headers) cache_set |= k == "Cache-Control";
  if (!cache_set) r->SetHeader("Cache-Control", "no-store");
}

std::string ContentType(const fs::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  return "";
}

Status LoadWeb(const std::string& dir, ApiContext* c) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound("web UI folder not found: " + dir);
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(dir, ec)) {
    if (!e.is_regular_file()) continue;
    const std::string type = ContentType(e.path());
    if (type.empty()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    const std::string rel = fs::relative(e.path(), dir).generic_string();
    StaticFile f{type, bytes.str(), "\"" + ContentHash(bytes.str()) + "\""};
    if (rel == "openapi.json") {
      c->openapi = f.body;
      continue;
    }
    c->web[rel == "index.html" ? "/" : "/" + rel] = std::move(f);
  }
  if (!c->web.count("/")) return Status::NotFound("web UI folder has no index.html: " + dir);
  if (c->openapi.empty()) return Status::NotFound("web UI folder has no openapi.json: " + dir);
  return Status::Ok();
}

bool EqualSecret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string ApiContext::AsOf() const {
  return options.as_of.empty() ? FormatUtc(clock->NowSeconds()).substr(0, 10) : options.as_of;
}

HttpResponse JsonResponse(int status, const nlohmann::json& body) {
  HttpResponse r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

HttpResponse ErrorResponse(int status, std::string_view message) {
  return JsonResponse(status, {{"error", std::string(message)}});
}

HttpResponse StatusResponse(const Status& status) {
  switch (status.code()) {
    case Status::Code::kInvalidArgument:
    case Status::Code::kParseError:
      return ErrorResponse(422, status.message());
    case Status::Code::kNotFound:
      return ErrorResponse(404, status.message());
    case Status::Code::kAlreadyExists:
      return ErrorResponse(409, status.message());
    default:
      spdlog::error("request failed: {}", status.message());
      return ErrorResponse(500, "internal error (see the server log)");
  }
}

bool ParseJsonBody(const HttpRequest& request, nlohmann::json* out, HttpResponse* error) {
  std::string_view type = request.Header("content-type");
  if (type.substr(0, 16) != "application/json") {
    *error = ErrorResponse(415, "Content-Type must be application/json");
    return false;
  }
  *out = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (out->is_discarded() || !out->is_object()) {
    *error = ErrorResponse(400, "body: not a JSON object");
    return false;
  }
  return true;
}

bool StringMember(const nlohmann::json& object, const char* name, size_t max_bytes, std::string* out) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) {
    out->clear();
    return true;
  }
  if (!it->is_string()) return false;
  *out = it->get<std::string>();
  return out->size() <= max_bytes;
}

bool SizeParam(const HttpRequest& request, std::string_view name, size_t fallback, size_t max, size_t* out) {
  std::string v = request.QueryParam(name);
  if (v.empty()) {
    *out = std::min(fallback, max);
    return true;
  }
  if (v.size() > 12 || v.find_first_not_of("0123456789") != std::string::npos) return false;
  *out = std::min<size_t>(std::stoull(v), max);
  return true;
}

ApiServer::~ApiServer() = default;

Result<std::unique_ptr<ApiServer>> ApiServer::Open(const ApiServerOptions& options, const Clock* clock) {
  std::unique_ptr<ApiServer> server(new ApiServer());
  server->context_ = std::make_unique<ApiContext>(options, clock);
  ApiContext& c = *server->context_;
  RETURN_IF_ERROR(c.stores.Open());
  RETURN_IF_ERROR(LoadWeb(options.web_dir, &c));
  // The lists, read once, behind a bounded memo: the same suppliers come back
  // in bid after bid, and a name's screening result only changes with the
  // list versions, which are fixed for the server's lifetime.
  std::shared_ptr<const ListScreener> lists;
  {
    ASSIGN_OR_RETURN(StorePool::Lease lease, c.stores.Acquire());
    // On SQLite, the index a scan kept beside the store is read instead of
    // built when the lists are the same.
    ASSIGN_OR_RETURN(std::unique_ptr<MatcherListScreener> screener,
                     OpenListScreener(options.db, lease->lists.get(), c.AsOf()));
    if (screener->entry_count() > 0 && options.screening_cache_entries > 0)
      lists = std::make_shared<CachingListScreener>(std::move(screener), options.screening_cache_entries);
    else if (screener->entry_count() > 0)
      lists = std::move(screener);
  }
  // Stored evidence is read per request through the leased stores, so the
  // context opens no database of its own.
  RETURN_IF_ERROR(c.screening.Open("", options.rules_dir, options.goods_list, c.AsOf(), lists));
  AddSystemRoutes(c, server->router_);
  AddSessionRoutes(c, server->router_);
  AddScreenRoutes(c, server->router_);
  AddReviewRoutes(c, server->router_);
  std::vector<std::string> labels;
  for (const Route& r : server->router_.routes()) labels.push_back(r.method + " " + r.pattern);
  server->metrics_ = std::make_unique<ServerMetrics>(std::move(labels));
  c.metrics = server->metrics_.get();
  return server;
}

HttpResponse ApiServer::Handle(const HttpRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  Router::Match match = router_.Find(request.method, request.path);
  HttpResponse response;
  int route_index = -1;
  if (!match.route) {
    response = match.path_known ? ErrorResponse(405, "method not allowed") : ErrorResponse(404, "not found");
  } else {
    route_index = static_cast<int>(match.route - router_.routes().data());
    RequestContext rc;
    rc.request = &request;
    rc.params = std::move(match.params);
    bool allowed = true;
    if (match.route->access != RouteAccess::kPublic) {
      Result<StorePool::Lease> lease = context_->stores.Acquire();
      if (!lease.ok()) {
        response = StatusResponse(lease.status());
        allowed = false;
      } else {
        std::string_view auth = request.Header("authorization");
        if (auth.substr(0, 7) == "Bearer ") {
          Result<std::optional<User>> user = (*lease)->access->UserForToken(std::string(auth.substr(7)));
          if (user.ok() && *user) rc.user = **user;
        } else if (std::string sid = request.Cookie(kSessionCookie); !sid.empty()) {
          Result<std::optional<AccessStore::SessionUser>> su = (*lease)->access->UserForSession(sid);
          if (su.ok() && *su) {
            rc.user = (*su)->user;
            rc.session_id = sid;
            rc.csrf = (*su)->csrf;
          }
        }
      }
      if (allowed && !rc.user) {
        response = ErrorResponse(401, "sign in or send an API token (Authorization: Bearer …)");
        response.SetHeader("WWW-Authenticate", "Bearer realm=\"clearbid\"");
        allowed = false;
      }
      // A cookie is sent by the browser on its own: a state-changing request
      // signed in by cookie must also carry the session's CSRF token.
      const bool unsafe = request.method != "GET" && request.method != "HEAD";
      if (allowed && unsafe && !rc.session_id.empty() &&
          !EqualSecret(request.Header("x-csrf-token"), rc.csrf)) {
        response = ErrorResponse(403, "missing or wrong CSRF token (X-CSRF-Token)");
        allowed = false;
      }
      if (allowed && match.route->access == RouteAccess::kPermission &&
          !RoleAllows(rc.user->role, match.route->permission)) {
        response = ErrorResponse(403, fmt::format("role {} may not {}", RoleName(rc.user->role),
                                                  PermissionName(match.route->permission)));
        allowed = false;
      }
    }
    if (allowed) response = match.route->handler(rc);
  }
  SecurityHeaders(&response);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_->Observe(route_index, response.status, seconds);
  return response;
}

}  // namespace clearbid
