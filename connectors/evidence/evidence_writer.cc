#include "connectors/evidence/evidence_writer.h"

#include <nlohmann/json.hpp>

#include "connectors/evidence/disclosure_csv.h"

namespace clearbid {
namespace {

using Json = nlohmann::ordered_json;

void Put(Json& o, const char* key, const std::string& v) {
  if (!v.empty()) o[key] = v;
}
void Put(Json& o, const char* key, const std::optional<bool>& v) {
  if (v) o[key] = *v;
}
void Put(Json& o, const char* key, const std::optional<int64_t>& v) {
  if (v) o[key] = *v;
}
void Put(Json& o, const char* key, const std::optional<double>& v) {
  if (v) o[key] = *v;
}
void Put(Json& o, const char* key, const std::vector<std::string>& v) {
  if (!v.empty()) o[key] = v;
}
void PutObject(Json& o, const char* key, Json v) {
  if (!v.empty()) o[key] = std::move(v);
}
template <typename E>
void PutEnum(Json& o, const char* key, const std::optional<E>& v, std::string_view (*code)(E)) {
  if (v) o[key] = std::string(code(*v));
}

Json PartyJson(const EvidenceParty& p, bool with_name) {
  Json o = Json::object();
  Put(o, "scheme", p.scheme);
  Put(o, "id", p.id);
  if (with_name) {
    Put(o, "name", p.name);
    Put(o, "country", p.country);
  }
  return o;
}

Json AddressJson(const Address& a) {
  Json o = Json::object();
  Put(o, "street_address", a.street_address);
  Put(o, "locality", a.locality);
  Put(o, "region", a.region);
  Put(o, "postal_code", a.postal_code);
  Put(o, "country_name", a.country_name);
  Put(o, "country", a.country);
  return o;
}

void PutPractices(Json& o, const LabourPractices& p) {
  PutEnum(o, "recruitment_fees_paid_by", p.recruitment_fees_paid_by, &CostBearerCode);
  PutEnum(o, "related_costs_paid_by", p.related_costs_paid_by, &CostBearerCode);
  Put(o, "identity_documents_retained", p.identity_documents_retained);
  Put(o, "contracts_in_worker_language", p.contracts_in_worker_language);
  Put(o, "written_contracts", p.written_contracts);
  Put(o, "migrant_workers_share", p.migrant_workers_share);
  Put(o, "worker_languages", p.worker_languages);
}

std::string Dump(const Json& j) {
  // Strings came through the readers, which validated UTF-8; replace defends
  // against a model built in code with invalid bytes.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::string DisclosureToJson(const SupplierDisclosure& d) {
  Json o = Json::object();
  o["format"] = d.format.empty() ? std::string(kDisclosureFormat) : d.format;
  Put(o, "disclosure_id", d.disclosure_id);
  Put(o, "submitted", d.submitted);
  PutObject(o, "party", PartyJson(d.party, true));
  Put(o, "ocid", d.ocid);
  Put(o, "language", d.language);

  Json policy = Json::object();
  Put(policy, "exists", d.policy.exists);
  Put(policy, "adopted", d.policy.adopted);
  Put(policy, "scope", d.policy.scope);
  Put(policy, "covers_subcontractors", d.policy.covers_subcontractors);
  Put(policy, "covers_recruitment_agencies", d.policy.covers_recruitment_agencies);
  Put(policy, "prohibits_worker_paid_fees", d.policy.prohibits_worker_paid_fees);
  Put(policy, "prohibits_document_retention", d.policy.prohibits_document_retention);
  Put(policy, "references_ilo_core_conventions", d.policy.references_ilo_core_conventions);
  Put(policy, "url", d.policy.url);
  PutObject(o, "policy", std::move(policy));

  Json dd = Json::object();
  const auto& x = d.due_diligence;
  Put(dd, "process_exists", x.process_exists);
  Put(dd, "description", x.description);
  Put(dd, "risk_assessment", x.risk_assessment);
  Put(dd, "last_reviewed", x.last_reviewed);
  Put(dd, "compliance_plan", x.compliance_plan);
  Put(dd, "awareness_training", x.awareness_training);
  Put(dd, "subcontractor_monitoring", x.subcontractor_monitoring);
  Put(dd, "remediation_procedure", x.remediation_procedure);
  PutObject(o, "due_diligence", std::move(dd));

  Json chain = Json::object();
  Put(chain, "complete", d.supply_chain.complete);
  Put(chain, "tiers_mapped", d.supply_chain.tiers_mapped);
  if (!d.supply_chain.entries.empty()) {
    Json entries = Json::array();
    for (const auto& e : d.supply_chain.entries) {
      Json j = Json::object();
      Put(j, "ref", e.ref);
      j["role"] = std::string(ChainRoleCode(e.role));
      Put(j, "tier", e.tier);
      Put(j, "name", e.name);
      Put(j, "site_type", e.site_type);
      PutObject(j, "identifier", PartyJson(e.identifier, false));
      PutObject(j, "address", AddressJson(e.address));
      PutObject(j, "parent", PartyJson(e.parent, true));
      Put(j, "products", e.products);
      Put(j, "cpv", e.cpv);
      Put(j, "workers", e.workers);
      PutPractices(j, e.practices);
      entries.push_back(std::move(j));
    }
    chain["entries"] = std::move(entries);
  }
  PutObject(o, "supply_chain", std::move(chain));

  Json rec = Json::object();
  Put(rec, "uses_agencies", d.recruitment.uses_agencies);
  PutPractices(rec, d.recruitment.practices);
  if (!d.recruitment.agencies.empty()) {
    Json agencies = Json::array();
    for (const auto& a : d.recruitment.agencies) {
      Json j = Json::object();
      Put(j, "ref", a.ref);
      Put(j, "name", a.name);
      PutObject(j, "identifier", PartyJson(a.identifier, false));
      Put(j, "country", a.country);
      Put(j, "licensed", a.licensed);
      Json licence = Json::object();
      Put(licence, "number", a.licence.number);
      Put(licence, "issuer", a.licence.issuer);
      Put(licence, "valid_from", a.licence.valid_from);
      Put(licence, "valid_until", a.licence.valid_until);
      PutObject(j, "licence", std::move(licence));
      Put(j, "supplies", a.supplies);
      Put(j, "origin_countries", a.origin_countries);
      PutPractices(j, a.practices);
      agencies.push_back(std::move(j));
    }
    rec["agencies"] = std::move(agencies);
  }
  PutObject(o, "recruitment", std::move(rec));

  Json g = Json::object();
  Put(g, "exists", d.grievance.exists);
  Put(g, "channels", d.grievance.channels);
  Put(g, "languages", d.grievance.languages);
  Put(g, "anonymous", d.grievance.anonymous);
  Put(g, "third_party_operated", d.grievance.third_party_operated);
  Put(g, "open_to_supply_chain_workers", d.grievance.open_to_supply_chain_workers);
  Put(g, "non_retaliation", d.grievance.non_retaliation);
  PutObject(o, "grievance", std::move(g));

  if (!d.audits.empty()) {
    Json audits = Json::array();
    for (const auto& a : d.audits) {
      Json j = Json::object();
      Put(j, "audit_id", a.audit_id);
      Put(j, "site_ref", a.site_ref);
      Put(j, "auditor", a.auditor);
      Put(j, "date", a.date);
      Put(j, "standard", a.standard);
      Put(j, "forced_labour_in_scope", a.forced_labour_in_scope);
      Put(j, "report_provided", a.report_provided);
      Put(j, "withheld_reason", a.withheld_reason);
      audits.push_back(std::move(j));
    }
    o["audits"] = std::move(audits);
  }
  if (!d.corrective_action_plans.empty()) {
    Json caps = Json::array();
    for (const auto& c : d.corrective_action_plans) {
      Json j = Json::object();
      Put(j, "cap_id", c.cap_id);
      Put(j, "audit_id", c.audit_id);
      Put(j, "finding_code", c.finding_code);
      Put(j, "description", c.description);
      PutEnum(j, "status", c.status, &CapStatusCode);
      Put(j, "due", c.due);
      Put(j, "verified_closed", c.verified_closed);
      Put(j, "verified_by", c.verified_by);
      caps.push_back(std::move(j));
    }
    o["corrective_action_plans"] = std::move(caps);
  }
  Put(o, "notes", d.notes);
  return Dump(o);
}

std::string AuditToJson(const AuditReport& a) {
  Json o = Json::object();
  o["format"] = a.format.empty() ? std::string(kAuditFormat) : a.format;
  Put(o, "audit_id", a.audit_id);
  Json auditor = Json::object();
  Put(auditor, "firm", a.auditor.firm);
  Put(auditor, "accreditation", a.auditor.accreditation);
  Put(auditor, "lead_auditor", a.auditor.lead_auditor);
  Put(auditor, "independence", a.auditor.independence);
  PutObject(o, "auditor", std::move(auditor));
  Put(o, "date", a.date);
  Put(o, "report_date", a.report_date);
  Json site = Json::object();
  Put(site, "name", a.site_name);
  PutObject(site, "address", AddressJson(a.site_address));
  PutObject(site, "identifier", PartyJson(a.site_identifier, false));
  Put(site, "ref", a.site_ref);
  PutObject(o, "site", std::move(site));
  PutObject(o, "audited_party", PartyJson(a.audited_party, true));
  Put(o, "ocid", a.ocid);
  Json scope = Json::object();
  const auto& s = a.scope;
  Put(scope, "standard", s.standard);
  Put(scope, "forced_labour_in_scope", s.forced_labour_in_scope);
  Put(scope, "recruitment_in_scope", s.recruitment_in_scope);
  Put(scope, "subcontractors_in_scope", s.subcontractors_in_scope);
  Put(scope, "dormitories_in_scope", s.dormitories_in_scope);
  Put(scope, "announcement", s.announcement);
  Put(scope, "workers_on_site", s.workers_on_site);
  Put(scope, "workers_interviewed", s.workers_interviewed);
  PutObject(o, "scope", std::move(scope));
  Put(o, "rating", a.rating);
  if (!a.findings.empty()) {
    Json findings = Json::array();
    for (const auto& f : a.findings) {
      Json j = Json::object();
      Put(j, "code", f.code);
      Put(j, "title", f.title);
      PutEnum(j, "category", f.category, &FindingCategoryCode);
      PutEnum(j, "ilo_indicator", f.ilo_indicator, &IloIndicatorCode);
      j["severity"] = std::string(FindingSeverityCode(f.severity));
      j["status"] = std::string(CapStatusCode(f.status));
      Put(j, "description", f.description);
      Put(j, "cap_due", f.cap_due);
      Put(j, "cap_verified_closed", f.cap_verified_closed);
      findings.push_back(std::move(j));
    }
    o["findings"] = std::move(findings);
  }
  Put(o, "narrative", a.narrative);
  Put(o, "narrative_language", a.narrative_language);
  return Dump(o);
}

std::string DisclosureToCsv(const SupplierDisclosure& d) {
  return evidence_internal::DisclosureJsonToCsv(DisclosureToJson(d));
}

}  // namespace clearbid
