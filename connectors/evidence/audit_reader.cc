#include "connectors/evidence/audit_reader.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <set>

#include "connectors/evidence/json_fields.h"

namespace clearbid {
namespace {

using evidence_internal::FieldReader;
using evidence_internal::Need;
namespace dom = simdjson::dom;

constexpr int64_t kMaxCount = 100000000;

std::string IloList() {
  std::string out;
  for (int i = 0; i < kIloIndicatorCount; ++i) {
    if (i) out += ", ";
    out += IloIndicatorCode(static_cast<IloIndicator>(i));
  }
  return out;
}

void ReadFinding(FieldReader& r, dom::object o, const std::string& p, AuditFinding* f) {
  static const std::string kIlo = IloList() + " (or ILO-FL-01..ILO-FL-11)";
  r.CheckKeys(o, p,
              {"code", "title", "category", "ilo_indicator", "severity", "status", "description", "cap_due",
               "cap_verified_closed"});
  r.Text(o, p, "code", &f->code, Need::kRequired);
  r.Text(o, p, "title", &f->title);
  r.Enum(o, p, "category", &f->category, &ParseFindingCategory,
         "forced_labour, child_labour, recruitment_fees, identity_documents, wages, working_hours, health_safety, "
         "housing, freedom_of_association, discrimination, subcontracting, management_systems, other");
  r.Enum(o, p, "ilo_indicator", &f->ilo_indicator, &ParseIloIndicator, kIlo);
  std::optional<FindingSeverity> severity;
  r.Enum(o, p, "severity", &severity, &ParseFindingSeverity, "observation, minor, major, critical, zero_tolerance",
         Need::kRequired);
  if (severity) f->severity = *severity;
  std::optional<CapStatus> status;
  r.Enum(o, p, "status", &status, &ParseCapStatus, "open, in_progress, closed", Need::kRequired);
  if (status) f->status = *status;
  r.LongText(o, p, "description", &f->description);
  r.Date(o, p, "cap_due", &f->cap_due);
  r.Date(o, p, "cap_verified_closed", &f->cap_verified_closed);
  if (!f->cap_verified_closed.empty() && f->status != CapStatus::kClosed) {
    r.Error(p + ".cap_verified_closed", "a verified closing date needs status \"closed\"");
  }
}

void ReadAuditObject(FieldReader& r, dom::object o, AuditReport* a) {
  r.CheckKeys(o, "",
              {"format", "audit_id", "auditor", "date", "report_date", "site", "audited_party", "ocid", "scope",
               "rating", "findings", "narrative", "narrative_language"});
  r.Text(o, "", "format", &a->format, Need::kRequired);
  if (!a->format.empty() && a->format != kAuditFormat) {
    r.Error("format",
            fmt::format("\"{}\" is not supported; this clearbid reads {}", a->format.substr(0, 64), kAuditFormat));
  }
  r.Text(o, "", "audit_id", &a->audit_id, Need::kRequired);
  r.Object(
      o, "", "auditor",
      [&](dom::object p, const std::string& pp) {
        r.CheckKeys(p, pp, {"firm", "accreditation", "lead_auditor", "independence"});
        r.Text(p, pp, "firm", &a->auditor.firm, Need::kRequired);
        r.Text(p, pp, "accreditation", &a->auditor.accreditation);
        r.Text(p, pp, "lead_auditor", &a->auditor.lead_auditor);
        r.Text(p, pp, "independence", &a->auditor.independence);
        const auto& v = a->auditor.independence;
        if (!v.empty() && v != "third_party" && v != "second_party" && v != "first_party") {
          r.Error(pp + ".independence",
                  fmt::format("\"{}\" is not one of third_party, second_party, first_party", v.substr(0, 64)));
        }
      },
      Need::kRequired);
  r.Date(o, "", "date", &a->date, Need::kRequired);
  r.Date(o, "", "report_date", &a->report_date);
  r.Object(
      o, "", "site",
      [&](dom::object p, const std::string& pp) {
        r.CheckKeys(p, pp, {"name", "address", "identifier", "ref"});
        r.Text(p, pp, "name", &a->site_name, Need::kRequired);
        r.AddressOf(p, pp, "address", &a->site_address);
        r.Party(p, pp, "identifier", &a->site_identifier, FieldReader::PartyFields::kKeyOnly);
        r.Text(p, pp, "ref", &a->site_ref);
        if (a->site_address.country.empty()) r.Error(pp + ".address.country", "required field is missing");
      },
      Need::kRequired);
  r.Party(o, "", "audited_party", &a->audited_party, FieldReader::PartyFields::kNameOptional, Need::kRequired);
  r.Text(o, "", "ocid", &a->ocid);
  r.Object(
      o, "", "scope",
      [&](dom::object p, const std::string& pp) {
        auto& s = a->scope;
        r.CheckKeys(p, pp,
                    {"standard", "forced_labour_in_scope", "recruitment_in_scope", "subcontractors_in_scope",
                     "dormitories_in_scope", "announcement", "workers_on_site", "workers_interviewed"});
        r.Text(p, pp, "standard", &s.standard, Need::kRequired);
        r.Bool(p, pp, "forced_labour_in_scope", &s.forced_labour_in_scope);
        r.Bool(p, pp, "recruitment_in_scope", &s.recruitment_in_scope);
        r.Bool(p, pp, "subcontractors_in_scope", &s.subcontractors_in_scope);
        r.Bool(p, pp, "dormitories_in_scope", &s.dormitories_in_scope);
        r.Text(p, pp, "announcement", &s.announcement);
        if (!s.announcement.empty() && s.announcement != "announced" && s.announcement != "semi_announced" &&
            s.announcement != "unannounced") {
          r.Error(pp + ".announcement", fmt::format("\"{}\" is not one of announced, semi_announced, unannounced",
                                                    s.announcement.substr(0, 64)));
        }
        r.Int(p, pp, "workers_on_site", &s.workers_on_site, 0, kMaxCount);
        r.Int(p, pp, "workers_interviewed", &s.workers_interviewed, 0, kMaxCount);
      },
      Need::kRequired);
  r.Text(o, "", "rating", &a->rating);
  r.Objects(o, "", "findings", [&](dom::object f, const std::string& fp) {
    a->findings.emplace_back();
    ReadFinding(r, f, fp, &a->findings.back());
  });
  std::set<std::string> codes;
  for (size_t i = 0; i < a->findings.size(); ++i) {
    const auto& c = a->findings[i].code;
    if (!c.empty() && !codes.insert(c).second) {
      r.Error(fmt::format("findings[{}].code", i), fmt::format("duplicate finding code \"{}\"", c));
    }
  }
  r.LongText(o, "", "narrative", &a->narrative);
  r.Text(o, "", "narrative_language", &a->narrative_language);
}

}  // namespace

Status ReadAuditJson(std::string_view json_text_padded, std::string_view file, int64_t line, AuditReport* out,
                     std::vector<InputIssue>* errors, const EvidenceLimits& limits) {
  *out = AuditReport{};
  FieldReader r(file, line, limits, errors);
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
    r.Error("", fmt::format("an audit report must be a JSON object, got {}", evidence_internal::TypeName(root.type())));
    return Status::InvalidArgument(r.first_error());
  }
  ReadAuditObject(r, root.get_object().value_unsafe(), out);
  if (r.error_count() > 0) {
    return Status::InvalidArgument(
        fmt::format("audit report rejected with {} error(s); first: {}", r.error_count(), r.first_error()));
  }
  return Status::Ok();
}

}  // namespace clearbid
