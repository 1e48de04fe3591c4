#pragma once
// What the route groups share: options, clock, store pool, the screening
// wiring, metrics and the UI files; and small helpers to answer in JSON.
// Internal to server/.

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/api_server.h"
#include "server/router.h"
#include "server/store_pool.h"
#include "service/screening_context.h"

namespace clearbid {

struct StaticFile {
  std::string content_type;
  std::string body;
  std::string etag;
};

struct ApiContext {
  ApiContext(const ApiServerOptions& o, const Clock* c) : options(o), clock(c), stores(o.db, c) {}
  ApiServerOptions options;
  const Clock* clock;
  StorePool stores;
  ScreeningContext screening;
  ServerMetrics* metrics = nullptr;
  /// UI files by URL path ("/", "/static/app.js"), loaded once at start.
  std::map<std::string, StaticFile> web;
  std::string openapi;  // the OpenAPI document served at /api/v1/openapi.json

  /// The assessment date: options.as_of, else the clock's UTC date.
  std::string AsOf() const;
};

HttpResponse JsonResponse(int status, const nlohmann::json& body);
/// {"error": message} with `status`.
HttpResponse ErrorResponse(int status, std::string_view message);
/// An error from a store or loader: 422 for invalid arguments, 404 for not
/// found, 409 for conflicts, 500 otherwise (the message is logged, not sent).
HttpResponse StatusResponse(const Status& status);

/// Parses a JSON object body. On failure returns false and sets *error to a
/// 400/415 response naming the problem.
bool ParseJsonBody(const HttpRequest& request, nlohmann::json* out, HttpResponse* error);
/// The string member `name` of `object` ("" when absent); false when present
/// but not a string, or longer than `max_bytes`.
bool StringMember(const nlohmann::json& object, const char* name, size_t max_bytes, std::string* out);
/// A non-negative integer query parameter, `fallback` when absent, clamped to `max`.
bool SizeParam(const HttpRequest& request, std::string_view name, size_t fallback, size_t max, size_t* out);

void AddSessionRoutes(ApiContext& context, Router& router);
void AddScreenRoutes(ApiContext& context, Router& router);
void AddReviewRoutes(ApiContext& context, Router& router);
void AddSystemRoutes(ApiContext& context, Router& router);

}  // namespace clearbid
