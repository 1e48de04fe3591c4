#pragma once
// clearbid's HTTP API and web UI as one handler: authentication (API
// tokens, or a session cookie plus CSRF token), the role check of every
// route, security headers, metrics, and dispatch to the route groups
// (session, screening, review, system). Thread-safe: Handle() is called
// from every server thread.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/base/clock.h"
#include "engine/base/result.h"
#include "server/http_message.h"
#include "server/metrics.h"
#include "server/router.h"

namespace clearbid {

struct ApiServerOptions {
  std::string db = "clearbid.db";  // SQLite store (created when absent)
  std::string rules_dir;           // rule pack folder
  std::string goods_list;          // US DOL goods CSV, optional
  std::string web_dir;             // UI files (index.html, static/, openapi.json)
  std::string as_of;               // fixed assessment date; "" = today by the clock
  int64_t session_ttl_seconds = 8 * 3600;
  bool secure_cookies = false;     // mark cookies Secure (when served behind TLS)
  /// Screened names whose list matches are kept in memory (bounded memo; 0: none).
  size_t screening_cache_entries = 200000;
};

struct ApiContext;

class ApiServer {
 public:
  /// Opens the store (creating it), the rule pack, the lists and the UI files.
  static Result<std::unique_ptr<ApiServer>> Open(const ApiServerOptions& options, const Clock* clock);
  ~ApiServer();

  HttpResponse Handle(const HttpRequest& request);
  const Router& router() const { return router_; }

 private:
  ApiServer() = default;
  std::unique_ptr<ApiContext> context_;
  Router router_;
  std::unique_ptr<ServerMetrics> metrics_;
};

}  // namespace clearbid
