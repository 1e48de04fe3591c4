// Screening a bid, and reading stored process and supplier assessments.

#include <fmt/format.h>

#include "connectors/ingest/input_loader.h"
#include "engine/base/clock.h"
#include "engine/base/digest.h"
#include "engine/rules/assessment_json.h"
#include "engine/rules/rule_catalogue.h"
#include "reports/assessment_reader.h"
#include "reports/assessment_writer.h"
#include "engine/screening/evidence_builder.h"
#include "server/api_context.h"
#include "service/stored_match_decisions.h"

namespace clearbid {
namespace {

nlohmann::json MatchJson(const ListMatchEvidence& m, const Party* party) {
  nlohmann::json j = {{"subject", m.subject},
                      {"subject_key", m.subject_key},
                      {"query_name", m.query_name},
                      {"list", m.list},
                      {"list_version", m.list_version},
                      {"entry_id", m.entry_id},
                      {"entry_name", m.entry_name},
                      {"entry_digest", m.entry_digest},
                      {"score", m.score},
                      {"match", m.is_match},
                      {"identifier_match", m.identifier_match},
                      {"decision", m.decision},
                      {"explanation", m.explanation}};
  if (party) {
    j["party_id"] = party->id;
    j["party_name"] = party->name;
  }
  return j;
}

HttpResponse Screen(ApiContext& c, RequestContext& rc) {
  const HttpRequest& req = *rc.request;
  std::string_view type = req.Header("content-type");
  if (type.substr(0, 16) != "application/json" && type.substr(0, 20) != "application/x-ndjson")
    return ErrorResponse(415, "Content-Type must be application/json or application/x-ndjson");
  std::string as_of = req.QueryParam("as_of");
  if (as_of.empty()) as_of = c.AsOf();
  if (!IsIsoDate(as_of)) return ErrorResponse(400, "as_of must be YYYY-MM-DD");
  const bool bid = req.QueryParam("bid") == "1" || req.QueryParam("bid") == "true";
  const bool store = req.QueryParam("store") == "1" || req.QueryParam("store") == "true";
  if (store && !RoleAllows(rc.user->role, Permission::kReadQueue))
    return ErrorResponse(403, fmt::format("role {} may not store screenings", RoleName(rc.user->role)));

  LoadedInputs inputs;
  if (Status s = LoadInputsFromText("request", req.body, &inputs); !s.ok()) return ErrorResponse(400, s.message());
  nlohmann::json errors = nlohmann::json::array(), warnings = nlohmann::json::array();
  for (const InputIssue& i : inputs.errors) errors.push_back({{"line", i.line}, {"reason", i.reason}});
  for (const InputIssue& i : inputs.warnings) warnings.push_back({{"line", i.line}, {"reason", i.reason}});
  if (inputs.processes.empty()) {
    return JsonResponse(422, {{"error", "no OCDS contracting process in the body"}, {"errors", errors}});
  }
  if (inputs.processes.size() > 100) return ErrorResponse(413, "at most 100 contracting processes per screen");

  Result<StorePool::Lease> lease = c.stores.Acquire();
  if (!lease.ok()) return StatusResponse(lease.status());
  StoredMatchDecisions decisions((*lease)->review.get());
  AssessOptions options;
  options.as_of = as_of;
  HttpResponse r;
  std::string& body = r.body;  // written in place: a bid's assessments are ~100 KB
  body.reserve(128 << 10);
  body = "{\"assessments\":[";
  nlohmann::json matches = nlohmann::json::array();
  for (const ContractingProcess& process : inputs.processes) {
    Result<EvidenceSources> gathered = c.screening.SourcesFor(process, inputs, (*lease)->evidence.get());
    if (!gathered.ok()) return StatusResponse(gathered.status());
    EvidenceSources& sources = *gathered;
    sources.bid_screening = bid;
    sources.decisions = &decisions;
    ProcessEvidence evidence = BuildEvidence(process, sources);
    ProcessAssessment a = c.screening.assessor().Assess(evidence, options);
    if (body.back() != '[') body += ",";
    const size_t begin = body.size();
    reports::AppendAssessmentJson(&body, a, -1);  // same bytes as AssessmentToJson
    for (const PartyEvidence& pe : evidence.parties) {
      for (const ListMatchEvidence& m : pe.matches) {
        nlohmann::json mj = MatchJson(m, &process.parties[pe.party_index]);
        mj["ocid"] = process.ocid;
        matches.push_back(std::move(mj));
      }
    }
    c.metrics->CountScreen(static_cast<int>(a.band));
    if (store) {
      // SQLite: one transaction for both; PostgreSQL: each put is atomic and
      // the flags are derived from the assessment, so a crash in between
      // only leaves the queue one screen behind.
      std::optional<Transaction> tx;
      if ((*lease)->sqlite) {
        tx.emplace(*(*lease)->sqlite);
        if (!tx->status().ok()) return StatusResponse(tx->status());
      }
      const std::string json = body.substr(begin);
      Status s = (*lease)->scans->PutAssessment(
          {a.ocid, "screen:" + ContentHash(json), "screen", std::string(BandCode(a.band)), a.score, json});
      if (s.ok()) s = (*lease)->flags->Put(a.ocid, PartyFlagsOf(a, process, "screen"));
      if (s.ok() && tx) s = tx->Commit();
      if (!s.ok()) return StatusResponse(s);
    }
  }
  if (!decisions.status().ok()) return StatusResponse(decisions.status());
  nlohmann::json rest = {{"matches", matches}, {"errors", errors}, {"warnings", warnings}, {"stored", store}};
  std::string tail = rest.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  body += "],";
  body.append(tail, 1);
  return r;
}

// The full form of a stored assessment: scans store the compact form
// (reports/assessment_writer.h), completed here with the rule catalogue of
// the pack that made it (kept in the scan store per pack version); screens
// store the full form, returned as it is.
Result<std::string> FullAssessmentJson(ScanStore& scans, const StoredAssessment& stored) {
  const std::string compact_head = fmt::format(R"({{"schema":"{})", kCompactAssessmentSchema.substr(
                                                  0, kCompactAssessmentSchema.find('/') + 1));
  if (stored.json.rfind(compact_head, 0) != 0) return stored.json;
  ASSIGN_OR_RETURN(std::optional<ScanRecord> scan, scans.GetScan(stored.scan_id));
  if (!scan) return Status::Corruption(fmt::format("{}: assessment of unknown scan {}", stored.ocid, stored.scan_id));
  ASSIGN_OR_RETURN(std::optional<std::string> catalogue_json, scans.GetRuleCatalogue(scan->pack_version));
  if (!catalogue_json) {
    return Status::Corruption(fmt::format("{}: no rule catalogue of {} in the store", stored.ocid, scan->pack_version));
  }
  ASSIGN_OR_RETURN(std::shared_ptr<const RuleCatalogue> catalogue,
                   RuleCatalogue::FromJson(*catalogue_json, "rule catalogue " + scan->pack_version));
  ProcessAssessment a;
  RETURN_IF_ERROR(reports::ReadAssessmentJson(stored.json, "stored assessment " + stored.ocid, catalogue.get(), &a));
  return reports::FastAssessmentJson(a, -1);
}

HttpResponse Process(ApiContext& c, RequestContext& rc) {
  Result<StorePool::Lease> lease = c.stores.Acquire();
  if (!lease.ok()) return StatusResponse(lease.status());
  Result<std::optional<StoredAssessment>> a = (*lease)->scans->GetAssessment(rc.params["ocid"]);
  if (!a.ok()) return StatusResponse(a.status());
  if (!*a) return ErrorResponse(404, "no stored assessment for this ocid");
  nlohmann::json head = {{"ocid", (*a)->ocid}, {"band", (*a)->band}, {"score", (*a)->score}, {"source", (*a)->scan_id}};
  std::string h = head.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  h.pop_back();
  HttpResponse r;
  Result<std::string> full = FullAssessmentJson(*(*lease)->scans, **a);
  if (!full.ok()) return StatusResponse(full.status());
  r.body = h + ",\"assessment\":" + *full + "}";
  return r;
}

HttpResponse Supplier(ApiContext& c, RequestContext& rc) {
  const std::string key = rc.params["key"];
  Result<StorePool::Lease> lease = c.stores.Acquire();
  if (!lease.ok()) return StatusResponse(lease.status());
  FlagFilter filter;
  filter.min_band = Band::kLow;
  filter.party_key = key;
  Result<std::vector<PartyFlag>> flags = (*lease)->flags->Find(filter, 0, 500);
  if (!flags.ok()) return StatusResponse(flags.status());
  std::string name = rc.request->QueryParam("name"), country = rc.request->QueryParam("country");
  if (name.empty() && !flags->empty()) {
    name = flags->front().name;
    country = flags->front().country;
  }
  if (name.empty()) return ErrorResponse(404, "no flagged process of this supplier (pass ?name= to screen the name)");
  nlohmann::json appearances = nlohmann::json::array();
  for (const PartyFlag& f : *flags) {
    appearances.push_back({{"ocid", f.ocid}, {"party_id", f.party_id}, {"band", std::string(BandCode(f.band))},
                           {"score", f.score}, {"flagged", f.flagged}, {"rules", f.rules}, {"source", f.source}});
  }
  // The supplier's list matches as of now, with reviewers' decisions.
  nlohmann::json matches = nlohmann::json::array();
  if (c.screening.lists()) {
    Identifier id;
    if (key.rfind("name:", 0) != 0) {
      size_t slash = key.find('/');
      if (slash != std::string::npos) id = {key.substr(0, slash), key.substr(slash + 1), ""};
    }
    std::vector<ListMatchEvidence> found;
    c.screening.lists()->Screen(name, country, id, "party", &found);
    StoredMatchDecisions decisions((*lease)->review.get());
    for (ListMatchEvidence& m : found) {
      m.subject_key = key;
      m.decision = decisions.Decision(key, m.list, m.entry_id, m.entry_digest);
      matches.push_back(MatchJson(m, nullptr));
    }
  }
  Result<std::optional<ReviewState>> state = (*lease)->review->State("party", key);
  if (!state.ok()) return StatusResponse(state.status());
  return JsonResponse(200, {{"party_key", key},
                            {"name", name},
                            {"country", country},
                            {"review_state", *state ? (*state)->state : "open"},
                            {"processes", appearances},
                            {"matches", matches}});
}

}  // namespace

void AddScreenRoutes(ApiContext& c, Router& router) {
  router.Add({"POST", "/api/v1/screen", RouteAccess::kPermission, Permission::kScreen,
              "Screen a bid: OCDS plus optional disclosures and audits",
              [&c](RequestContext& rc) { return Screen(c, rc); }});
  router.Add({"GET", "/api/v1/processes/{ocid}", RouteAccess::kPermission, Permission::kReadAssessments,
              "A stored process assessment", [&c](RequestContext& rc) { return Process(c, rc); }});
  router.Add({"GET", "/api/v1/suppliers/{key}", RouteAccess::kPermission, Permission::kReadAssessments,
              "A supplier: flagged processes, list matches and review state",
              [&c](RequestContext& rc) { return Supplier(c, rc); }});
}

}  // namespace clearbid
