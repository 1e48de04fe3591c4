// The auditor's side: the queue of flagged suppliers, review decisions and
// the audit trail.

#include <fmt/format.h>

#include "engine/review/review.h"
#include "server/api_context.h"

namespace clearbid {
namespace {

nlohmann::json StateJson(const ReviewState& s) {
  return {{"kind", s.kind},     {"key", s.key},           {"subject_key", s.subject_key},
          {"state", s.state},   {"entry_digest", s.entry_digest}, {"reason", s.reason},
          {"actor", s.actor},   {"decided_at", s.decided_at},     {"audit_seq", s.audit_seq}};
}

nlohmann::json EntryJson(const AuditEntry& e) {
  return {{"seq", e.seq},       {"at", e.at},           {"actor", e.actor},
          {"action", e.action}, {"subject", e.subject}, {"old_state", e.old_state},
          {"new_state", e.new_state}, {"reason", e.reason}, {"detail", e.detail},
          {"prev_hash", e.prev_hash}, {"hash", e.hash}};
}

HttpResponse Flagged(ApiContext& c, RequestContext& rc) {
  const HttpRequest& req = *rc.request;
  FlagFilter filter;
  filter.min_band = Band::kLow;  // every queued party: band high or above, or any flagged finding
  if (std::string band = req.QueryParam("band"); !band.empty()) {
    std::optional<Band> b = ParseBand(band);
    if (!b) return ErrorResponse(400, "band must be low, medium, high or critical");
    filter.min_band = *b;
  }
  filter.country = req.QueryParam("country");
  filter.rule = req.QueryParam("rule");
  if (filter.country.size() > 2 || filter.rule.size() > 64) return ErrorResponse(400, "country or rule too long");
  size_t offset = 0, limit = 0;
  if (!SizeParam(req, "offset", 0, 10'000'000, &offset) || !SizeParam(req, "limit", 50, 500, &limit))
    return ErrorResponse(400, "offset and limit must be non-negative integers");
  Result<StorePool::Lease> lease = c.stores.Acquire();
  if (!lease.ok()) return StatusResponse(lease.status());
  Result<std::vector<PartyFlag>> flags = (*lease)->flags->Find(filter, offset, limit);
  if (!flags.ok()) return StatusResponse(flags.status());
  Result<int64_t> total = (*lease)->flags->Count(filter);
  if (!total.ok()) return StatusResponse(total.status());
  nlohmann::json items = nlohmann::json::array();
  for (const PartyFlag& f : *flags) {
    Result<std::optional<ReviewState>> state = (*lease)->review->State("party", f.party_key);
    if (!state.ok()) return StatusResponse(state.status());
    items.push_back({{"ocid", f.ocid},
                     {"party_id", f.party_id},
                     {"party_key", f.party_key},
                     {"name", f.name},
                     {"identifier", f.identifier},
                     {"country", f.country},
                     {"band", std::string(BandCode(f.band))},
                     {"score", f.score},
                     {"flagged", f.flagged},
                     {"rules", f.rules},
                     {"source", f.source},
                     {"review_state", *state ? (*state)->state : "open"}});
  }
  return JsonResponse(200, {{"total", *total}, {"offset", offset}, {"limit", limit}, {"items", items}});
}

HttpResponse Decide(ApiContext& c, RequestContext& rc) {
  nlohmann::json body;
  HttpResponse error;
  if (!ParseJsonBody(*rc.request, &body, &error)) return error;
  ReviewRequest request;
  std::string action;
  if (!StringMember(body, "kind", 16, &request.kind) || !StringMember(body, "key", 2048, &request.key) ||
      !StringMember(body, "subject_key", 2048, &request.subject_key) ||
      !StringMember(body, "entry_digest", 128, &request.entry_digest) || !StringMember(body, "action", 32, &action) ||
      !StringMember(body, "reason", 4000, &request.reason))
    return ErrorResponse(422, "kind, key, subject_key, entry_digest, action and reason must be strings within limits");
  std::optional<ReviewAction> a = ParseReviewAction(action);
  if (!a) return ErrorResponse(422, "action must be confirm, dismiss, escalate or request_documents");
  request.action = *a;
  request.actor = rc.user->name;
  Result<StorePool::Lease> lease = c.stores.Acquire();
  if (!lease.ok()) return StatusResponse(lease.status());
  Result<AuditEntry> entry = (*lease)->review->Decide(request);
  if (!entry.ok()) return StatusResponse(entry.status());
  c.metrics->CountDecision();
  return JsonResponse(201, EntryJson(*entry));
}

HttpResponse Decisions(ApiContext& c, RequestContext& rc) {
  size_t offset = 0, limit = 0;
  if (!SizeParam(*rc.request, "offset", 0, 10'000'000, &offset) || !SizeParam(*rc.request, "limit", 50, 500, &limit))
    return ErrorResponse(400, "offset and limit must be non-negative integers");
  std::string kind = rc.request->QueryParam("kind"), state = rc.request->QueryParam("state");
  if (kind.size() > 16 || state.size() > 32) return ErrorResponse(400, "kind or state too long");
  Result<StorePool::Lease> lease = c.stores.Acquire();
  if (!lease.ok()) return StatusResponse(lease.status());
  Result<std::vector<ReviewState>> states = (*lease)->review->States(kind, state, offset, limit);
  if (!states.ok()) return StatusResponse(states.status());
  nlohmann::json items = nlohmann::json::array();
  for (const ReviewState& s : *states) items.push_back(StateJson(s));
  return JsonResponse(200, {{"offset", offset}, {"limit", limit}, {"items", items}});
}

HttpResponse Trail(ApiContext& c, RequestContext& rc) {
  size_t after = 0, limit = 0;
  if (!SizeParam(*rc.request, "after", 0, SIZE_MAX / 2, &after) || !SizeParam(*rc.request, "limit", 100, 1000, &limit))
    return ErrorResponse(400, "after and limit must be non-negative integers");
  std::string subject = rc.request->QueryParam("subject");
  if (subject.size() > 4096) return ErrorResponse(400, "subject too long");
  Result<StorePool::Lease> lease = c.stores.Acquire();
  if (!lease.ok()) return StatusResponse(lease.status());
  Result<std::vector<AuditEntry>> entries = (*lease)->review->Trail(static_cast<int64_t>(after), limit, subject);
  if (!entries.ok()) return StatusResponse(entries.status());
  nlohmann::json items = nlohmann::json::array();
  for (const AuditEntry& e : *entries) items.push_back(EntryJson(e));
  return JsonResponse(200, {{"after", after}, {"limit", limit}, {"items", items}});
}

HttpResponse Verify(ApiContext& c, RequestContext&) {
  Result<StorePool::Lease> lease = c.stores.Acquire();
  if (!lease.ok()) return StatusResponse(lease.status());
  Result<AuditVerification> v = (*lease)->review->Verify();
  if (!v.ok()) return StatusResponse(v.status());
  return JsonResponse(200, {{"ok", v->ok},
                            {"entries", v->entries},
                            {"head_hash", v->head_hash},
                            {"bad_seq", v->bad_seq},
                            {"problem", v->problem}});
}

}  // namespace

void AddReviewRoutes(ApiContext& c, Router& router) {
  router.Add({"GET", "/api/v1/flagged", RouteAccess::kPermission, Permission::kReadQueue,
              "Flagged suppliers (review queue), filtered and paginated",
              [&c](RequestContext& rc) { return Flagged(c, rc); }});
  router.Add({"POST", "/api/v1/decisions", RouteAccess::kPermission, Permission::kDecide,
              "Record a review decision (confirm, dismiss, escalate, request documents)",
              [&c](RequestContext& rc) { return Decide(c, rc); }});
  router.Add({"GET", "/api/v1/decisions", RouteAccess::kPermission, Permission::kReadQueue,
              "Current review states, newest first", [&c](RequestContext& rc) { return Decisions(c, rc); }});
  router.Add({"GET", "/api/v1/audit", RouteAccess::kPermission, Permission::kReadAuditTrail,
              "The audit trail, in order", [&c](RequestContext& rc) { return Trail(c, rc); }});
  router.Add({"GET", "/api/v1/audit/verify", RouteAccess::kPermission, Permission::kReadAuditTrail,
              "Check the audit trail's hash chain", [&c](RequestContext& rc) { return Verify(c, rc); }});
}

}  // namespace clearbid
