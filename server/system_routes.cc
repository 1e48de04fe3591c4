// Health, metrics, the OpenAPI document and the UI files.

#include "server/api_context.h"

namespace clearbid {
namespace {

HttpResponse StaticResponse(const StaticFile& f, const HttpRequest& request) {
  HttpResponse r;
  r.SetHeader("ETag", f.etag);
  r.SetHeader("Cache-Control", "no-cache");
  if (request.Header("if-none-match") == f.etag) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }
  r.content_type = f.content_type;
  r.body = f.body;
  return r;
}

}  // namespace

void AddSystemRoutes(ApiContext& c, Router& router) {
  router.Add({"GET", "/healthz", RouteAccess::kPublic, Permission::kScreen, "Liveness and store check",
              [&c](RequestContext&) {
                Result<StorePool::Lease> lease = c.stores.Acquire();
                if (!lease.ok()) return ErrorResponse(503, "store unavailable");
                return JsonResponse(200, {{"status", "ok"}});
              }});
  router.Add({"GET", "/metrics", RouteAccess::kPermission, Permission::kReadMetrics, "Prometheus metrics",
              [&c](RequestContext&) {
                HttpResponse r;
                r.content_type = "text/plain; version=0.0.4; charset=utf-8";
                r.body = c.metrics->Render();
                return r;
              }});
  router.Add({"GET", "/api/v1/openapi.json", RouteAccess::kPublic, Permission::kScreen, "This API's OpenAPI 3 document",
              [&c](RequestContext&) {
                HttpResponse r;
                r.body = c.openapi;
                return r;
              }});
  router.Add({"GET", "/", RouteAccess::kPublic, Permission::kScreen, "Web UI",
              [&c](RequestContext& rc) { return StaticResponse(c.web.at("/"), *rc.request); }});
  router.Add({"GET", "/static/{file}", RouteAccess::kPublic, Permission::kScreen, "Web UI files",
              [&c](RequestContext& rc) {
                auto it = c.web.find("/static/" + rc.params["file"]);
                if (it == c.web.end()) return ErrorResponse(404, "not found");
                return StaticResponse(it->second, *rc.request);
              }});
}

}  // namespace clearbid
