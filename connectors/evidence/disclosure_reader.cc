#include "connectors/evidence/disclosure_reader.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <set>

#include "connectors/evidence/disclosure_csv.h"
#include "connectors/evidence/json_fields.h"

namespace clearbid {
namespace {

using evidence_internal::FieldReader;
using evidence_internal::Need;
namespace dom = simdjson::dom;

constexpr int64_t kMaxCount = 100000000;

void ReadEntry(FieldReader& r, dom::object o, const std::string& p, SupplyChainEntry* e) {
  r.CheckKeys(o, p,
              {"ref", "role", "tier", "name", "site_type", "identifier", "address", "parent", "products", "cpv",
               "workers"},
              /*with_practices=*/true);
  r.Text(o, p, "ref", &e->ref, Need::kRequired);
  std::optional<ChainRole> role;
  r.Enum(o, p, "role", &role, &ParseChainRole, "subcontractor, supplier, site", Need::kRequired);
  if (role) e->role = *role;
  r.Int(o, p, "tier", &e->tier, 1, 100);
  r.Text(o, p, "name", &e->name, Need::kRequired);
  r.Text(o, p, "site_type", &e->site_type);
  r.Party(o, p, "identifier", &e->identifier, FieldReader::PartyFields::kKeyOnly);
  r.AddressOf(o, p, "address", &e->address);
  r.Party(o, p, "parent", &e->parent, FieldReader::PartyFields::kNameOptional);
  r.TextList(o, p, "products", &e->products);
  r.TextList(o, p, "cpv", &e->cpv);
  r.Int(o, p, "workers", &e->workers, 0, kMaxCount);
  r.Practices(o, p, &e->practices);
}

void ReadAgency(FieldReader& r, dom::object o, const std::string& p, RecruitmentAgency* a) {
  r.CheckKeys(o, p, {"ref", "name", "identifier", "country", "licensed", "licence", "supplies", "origin_countries"},
              /*with_practices=*/true);
  r.Text(o, p, "ref", &a->ref, Need::kRequired);
  r.Text(o, p, "name", &a->name, Need::kRequired);
  r.Party(o, p, "identifier", &a->identifier, FieldReader::PartyFields::kKeyOnly);
  r.Country(o, p, "country", &a->country);
  r.Bool(o, p, "licensed", &a->licensed);
  r.Object(o, p, "licence", [&](dom::object l, const std::string& lp) {
    r.CheckKeys(l, lp, {"number", "issuer", "valid_from", "valid_until"});
    r.Text(l, lp, "number", &a->licence.number);
    r.Text(l, lp, "issuer", &a->licence.issuer);
    r.Date(l, lp, "valid_from", &a->licence.valid_from);
    r.Date(l, lp, "valid_until", &a->licence.valid_until);
  });
  r.TextList(o, p, "supplies", &a->supplies);
  r.TextList(o, p, "origin_countries", &a->origin_countries);
  r.Practices(o, p, &a->practices);
}

// Cross-references: refs unique, agencies and audits point at existing entries.
void CheckReferences(FieldReader& r, const SupplierDisclosure& d) {
  std::set<std::string> refs;
  for (size_t i = 0; i < d.supply_chain.entries.size(); ++i) {
    const auto& ref = d.supply_chain.entries[i].ref;
    if (!ref.empty() && !refs.insert(ref).second) {
      r.Error(fmt::format("supply_chain.entries[{}].ref", i), fmt::format("duplicate ref \"{}\"", ref));
    }
  }
  std::set<std::string> agency_refs;
  for (size_t i = 0; i < d.recruitment.agencies.size(); ++i) {
    const auto& a = d.recruitment.agencies[i];
    if (!a.ref.empty() && !agency_refs.insert(a.ref).second) {
      r.Error(fmt::format("recruitment.agencies[{}].ref", i), fmt::format("duplicate ref \"{}\"", a.ref));
    }
    for (size_t j = 0; j < a.supplies.size(); ++j) {
      if (a.supplies[j] != "self" && !refs.count(a.supplies[j])) {
        r.Error(fmt::format("recruitment.agencies[{}].supplies[{}]", i, j),
                fmt::format("\"{}\" is neither \"self\" nor a supply_chain entry ref", a.supplies[j]));
      }
    }
  }
  std::set<std::string> audit_ids;
  for (size_t i = 0; i < d.audits.size(); ++i) {
    const auto& a = d.audits[i];
    if (!a.audit_id.empty() && !audit_ids.insert(a.audit_id).second) {
      r.Error(fmt::format("audits[{}].audit_id", i), fmt::format("duplicate audit_id \"{}\"", a.audit_id));
    }
    if (!a.site_ref.empty() && a.site_ref != "self" && !refs.count(a.site_ref)) {
      r.Error(fmt::format("audits[{}].site_ref", i),
              fmt::format("\"{}\" is neither \"self\" nor a supply_chain entry ref", a.site_ref));
    }
  }
  std::set<std::string> cap_ids;
  for (size_t i = 0; i < d.corrective_action_plans.size(); ++i) {
    const auto& c = d.corrective_action_plans[i].cap_id;
    if (!c.empty() && !cap_ids.insert(c).second) {
      r.Error(fmt::format("corrective_action_plans[{}].cap_id", i), fmt::format("duplicate cap_id \"{}\"", c));
    }
  }
}

void ReadDisclosureObject(FieldReader& r, dom::object o, SupplierDisclosure* d) {
  r.CheckKeys(o, "",
              {"format", "disclosure_id", "submitted", "party", "ocid", "language", "policy", "due_diligence",
               "supply_chain", "recruitment", "grievance", "audits", "corrective_action_plans", "notes"});
  r.Text(o, "", "format", &d->format, Need::kRequired);
  if (!d->format.empty() && d->format != kDisclosureFormat) {
    r.Error("format", fmt::format("\"{}\" is not supported; this clearbid reads {}", d->format.substr(0, 64),
                                  kDisclosureFormat));
  }
  r.Text(o, "", "disclosure_id", &d->disclosure_id, Need::kRequired);
  r.Date(o, "", "submitted", &d->submitted, Need::kRequired);
  r.Party(o, "", "party", &d->party, FieldReader::PartyFields::kNameRequired, Need::kRequired);
  r.Text(o, "", "ocid", &d->ocid);
  r.Text(o, "", "language", &d->language);
  r.Object(o, "", "policy", [&](dom::object p, const std::string& pp) {
    auto& x = d->policy;
    r.CheckKeys(p, pp,
                {"exists", "adopted", "scope", "covers_subcontractors", "covers_recruitment_agencies",
                 "prohibits_worker_paid_fees", "prohibits_document_retention", "references_ilo_core_conventions",
                 "url"});
    r.Bool(p, pp, "exists", &x.exists);
    r.Date(p, pp, "adopted", &x.adopted);
    r.LongText(p, pp, "scope", &x.scope);
    r.Bool(p, pp, "covers_subcontractors", &x.covers_subcontractors);
    r.Bool(p, pp, "covers_recruitment_agencies", &x.covers_recruitment_agencies);
    r.Bool(p, pp, "prohibits_worker_paid_fees", &x.prohibits_worker_paid_fees);
    r.Bool(p, pp, "prohibits_document_retention", &x.prohibits_document_retention);
    r.Bool(p, pp, "references_ilo_core_conventions", &x.references_ilo_core_conventions);
    r.Text(p, pp, "url", &x.url);
  });
  r.Object(o, "", "due_diligence", [&](dom::object p, const std::string& pp) {
    auto& x = d->due_diligence;
    r.CheckKeys(p, pp,
                {"process_exists", "description", "risk_assessment", "last_reviewed", "compliance_plan",
                 "awareness_training", "subcontractor_monitoring", "remediation_procedure"});
    r.Bool(p, pp, "process_exists", &x.process_exists);
    r.LongText(p, pp, "description", &x.description);
    r.Bool(p, pp, "risk_assessment", &x.risk_assessment);
    r.Date(p, pp, "last_reviewed", &x.last_reviewed);
    r.Bool(p, pp, "compliance_plan", &x.compliance_plan);
    r.Bool(p, pp, "awareness_training", &x.awareness_training);
    r.Bool(p, pp, "subcontractor_monitoring", &x.subcontractor_monitoring);
    r.Bool(p, pp, "remediation_procedure", &x.remediation_procedure);
  });
  r.Object(o, "", "supply_chain", [&](dom::object p, const std::string& pp) {
    auto& x = d->supply_chain;
    r.CheckKeys(p, pp, {"complete", "tiers_mapped", "entries"});
    r.Bool(p, pp, "complete", &x.complete);
    r.Int(p, pp, "tiers_mapped", &x.tiers_mapped, 0, 100);
    r.Objects(p, pp, "entries", [&](dom::object e, const std::string& ep) {
      x.entries.emplace_back();
      ReadEntry(r, e, ep, &x.entries.back());
    });
  });
  r.Object(o, "", "recruitment", [&](dom::object p, const std::string& pp) {
    auto& x = d->recruitment;
    r.CheckKeys(p, pp, {"uses_agencies", "agencies"}, /*with_practices=*/true);
    r.Bool(p, pp, "uses_agencies", &x.uses_agencies);
    r.Practices(p, pp, &x.practices);
    r.Objects(p, pp, "agencies", [&](dom::object a, const std::string& ap) {
      x.agencies.emplace_back();
      ReadAgency(r, a, ap, &x.agencies.back());
    });
  });
  r.Object(o, "", "grievance", [&](dom::object p, const std::string& pp) {
    auto& x = d->grievance;
    r.CheckKeys(p, pp,
                {"exists", "channels", "languages", "anonymous", "third_party_operated",
                 "open_to_supply_chain_workers", "non_retaliation"});
    r.Bool(p, pp, "exists", &x.exists);
    r.TextList(p, pp, "channels", &x.channels);
    r.TextList(p, pp, "languages", &x.languages);
    r.Bool(p, pp, "anonymous", &x.anonymous);
    r.Bool(p, pp, "third_party_operated", &x.third_party_operated);
    r.Bool(p, pp, "open_to_supply_chain_workers", &x.open_to_supply_chain_workers);
    r.Bool(p, pp, "non_retaliation", &x.non_retaliation);
  });
  r.Objects(o, "", "audits", [&](dom::object p, const std::string& pp) {
    d->audits.emplace_back();
    auto& x = d->audits.back();
    r.CheckKeys(p, pp,
                {"audit_id", "site_ref", "auditor", "date", "standard", "forced_labour_in_scope",
                 "report_provided", "withheld_reason"});
    r.Text(p, pp, "audit_id", &x.audit_id, Need::kRequired);
    r.Text(p, pp, "site_ref", &x.site_ref);
    r.Text(p, pp, "auditor", &x.auditor);
    r.Date(p, pp, "date", &x.date);
    r.Text(p, pp, "standard", &x.standard);
    r.Bool(p, pp, "forced_labour_in_scope", &x.forced_labour_in_scope);
    r.Bool(p, pp, "report_provided", &x.report_provided);
    r.LongText(p, pp, "withheld_reason", &x.withheld_reason);
  });
  r.Objects(o, "", "corrective_action_plans", [&](dom::object p, const std::string& pp) {
    d->corrective_action_plans.emplace_back();
    auto& x = d->corrective_action_plans.back();
    r.CheckKeys(p, pp,
                {"cap_id", "audit_id", "finding_code", "description", "status", "due", "verified_closed",
                 "verified_by"});
    r.Text(p, pp, "cap_id", &x.cap_id, Need::kRequired);
    r.Text(p, pp, "audit_id", &x.audit_id);
    r.Text(p, pp, "finding_code", &x.finding_code);
    r.LongText(p, pp, "description", &x.description);
    r.Enum(p, pp, "status", &x.status, &ParseCapStatus, "open, in_progress, closed");
    r.Date(p, pp, "due", &x.due);
    r.Date(p, pp, "verified_closed", &x.verified_closed);
    r.Text(p, pp, "verified_by", &x.verified_by);
  });
  r.LongText(o, "", "notes", &d->notes);
  CheckReferences(r, *d);
}

}  // namespace

namespace evidence_internal {

Status ReadDisclosureWith(std::string_view json_text_padded, std::string_view file, int64_t line,
                          SupplierDisclosure* out, std::vector<InputIssue>* errors, const EvidenceLimits& limits,
                          FieldReader::LineResolver resolver) {
  *out = SupplierDisclosure{};
  FieldReader r(file, line, limits, errors, std::move(resolver));
  if (json_text_padded.size() > limits.max_document_bytes) {
    r.Error("", fmt::format("document of {} bytes exceeds the limit of {} bytes", json_text_padded.size(),
                            limits.max_document_bytes));
    return Status::InvalidArgument(r.first_error());
  }
  thread_local dom::parser parser;
  dom::element root;
  auto err = parser.parse(json_text_padded.data(), json_text_padded.size(), false).get(root);
  if (err != simdjson::SUCCESS) {
    r.Error("", fmt::format("invalid JSON: {}", simdjson::error_message(err)));
    return Status::ParseError(r.first_error());
  }
  if (!root.is_object()) {
    r.Error("", fmt::format("a disclosure must be a JSON object, got {}", evidence_internal::TypeName(root.type())));
    return Status::InvalidArgument(r.first_error());
  }
  ReadDisclosureObject(r, root.get_object().value_unsafe(), out);
  if (r.error_count() > 0) {
    return Status::InvalidArgument(fmt::format("disclosure rejected with {} error(s); first: {}", r.error_count(),
                                               r.first_error()));
  }
  return Status::Ok();
}

}  // namespace evidence_internal

Status ReadDisclosureJson(std::string_view json_text_padded, std::string_view file, int64_t line,
                          SupplierDisclosure* out, std::vector<InputIssue>* errors, const EvidenceLimits& limits) {
  return evidence_internal::ReadDisclosureWith(json_text_padded, file, line, out, errors, limits, {});
}

}  // namespace clearbid
