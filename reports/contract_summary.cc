#include "reports/contract_summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "reports/assessment_writer.h"
#include "reports/html_page.h"
#include "reports/json_writer.h"
#include "reports/svg_charts.h"
#include "reports/text_safety.h"

namespace clearbid::reports {
namespace {

double Round2(double v) { return std::round(v * 100) / 100; }

std::string E(std::string_view s) { return HtmlEscape(s); }

int ActionRank(Action a) { return static_cast<int>(a); }

std::string SeverityBadge(Severity sev) {
  std::string_view cls = sev == Severity::kCritical ? "critical"
                         : sev == Severity::kHigh   ? "high"
                         : sev == Severity::kMedium ? "medium"
                                                    : "low";
  return fmt::format("<span class=\"band band-{}\">{}</span>", cls, SeverityCode(sev));
}

bool MoreSerious(const SubjectFinding& x, const SubjectFinding& y) {
  const Finding& a = *x.finding;
  const Finding& b = *y.finding;
  if (a.zero_tolerance != b.zero_tolerance) return a.zero_tolerance;
  if (a.contribution != b.contribution) return a.contribution > b.contribution;
  if (a.severity != b.severity) return a.severity > b.severity;
  return false;  // stable sort keeps party order, then rule order
}

std::string JoinCitations(const Finding& f) {
  std::string out;
  for (const LegalBasis& lb : f.legal_basis()) {
    if (!out.empty()) out += "; ";
    out += lb.Citation();
  }
  return out;
}

std::string JoinEvidence(const Finding& f) {
  std::string out;
  for (const EvidenceItem& e : f.evidence) {
    if (!out.empty()) out += " | ";
    out += fmt::format("{}: {}", EvidenceKindLabel(e.kind), e.text);
    if (!e.source.empty()) out += fmt::format(" ({})", e.source);
  }
  return out;
}

std::string JoinMissing(const Finding& f) {
  std::string out;
  for (const MissingEvidence& m : f.missing) {
    if (!out.empty()) out += "; ";
    out += fmt::format("{} (from {})", m.fact, m.supplied_by);
  }
  return out;
}

std::string ProvenanceHtml(const ContractSummary& s) {
  const ProcessAssessment& a = *s.assessment;
  std::string out = "<h2 id=\"provenance\">Provenance</h2>\n<table class=\"small\">\n";
  auto row = [&out](std::string_view k, const std::string& v_html) {
    out += fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n", k, v_html);
  };
  row("Assessment date (as of)", E(a.as_of));
  row("Rule pack", E(a.pack_id) + " " + E(a.pack_version));
  row("Engine", E(a.engine_version));
  std::string lists;
  for (const std::string& l : a.list_versions) lists += "<code>" + E(l) + "</code><br>";
  row("List versions", lists.empty() ? "<span class=\"muted\">none (no list screening)</span>" : lists);
  std::string digests;
  for (const std::string& d : a.input_digests) digests += "<code>" + E(d) + "</code><br>";
  row("Input digests", digests.empty() ? "<span class=\"muted\">none recorded</span>" : digests);
  row("Generated", E(s.generated_at) + " by " + E(s.generator));
  out += "</table>\n";
  return out;
}

std::string FindingHtml(const SubjectFinding& sf) {
  const Finding& f = *sf.finding;
  std::string out =
      fmt::format("<div class=\"finding sev-{}\">\n<h3>{} <code>{}</code> — {}</h3>\n",
                  SeverityCode(f.severity), SeverityBadge(f.severity), E(f.rule_id), E(f.title()));
  out += fmt::format(
      "<div class=\"small\">Subject: <strong>{}</strong> <code>{}</code> · {} · severity {} · contribution "
      "{}{}{}</div>\n",
      E(sf.subject_name), E(sf.subject_id), E(RuleCategoryCode(f.category)), E(SeverityCode(f.severity)),
      FormatNumber(f.contribution), f.zero_tolerance ? " · <strong>zero tolerance</strong>" : "",
      f.mitigated ? " · mitigated (verified corrective action)" : "");
  if (!f.evidence.empty()) {
    out += "<div class=\"kind\">Evidence</div><ul>\n";
    for (const EvidenceItem& e : f.evidence) {
      out += fmt::format("<li><span class=\"kind\">{}</span> ", E(EvidenceKindLabel(e.kind)));
      if (e.kind == "narrative") {
        out += "<span class=\"snippet\">" + E(e.text) + "</span>";
      } else {
        out += E(e.text);
      }
      if (!e.source.empty()) {
        out += fmt::format(" <span class=\"muted small\">({}{})</span>", E(e.source),
                           e.begin >= 0 ? fmt::format(", bytes {}–{}", e.begin, e.end) : "");
      }
      out += "</li>\n";
    }
    out += "</ul>\n";
  }
  if (!f.legal_basis().empty()) {
    out += "<div class=\"kind\">Legal basis</div><ul>\n";
    for (const LegalBasis& lb : f.legal_basis()) {
      out += "<li>" + E(lb.Citation());
      if (!lb.quote.empty()) out += " — <q>" + E(lb.quote) + "</q>";
      out += "</li>\n";
    }
    out += "</ul>\n";
  }
  if (f.action != Action::kNone || !f.action_text().empty()) {
    out += fmt::format("<div><span class=\"kind\">Action</span> <strong>{}</strong>{}</div>\n",
                       E(ActionCode(f.action)), f.action_text().empty() ? "" : ": " + E(f.action_text()));
  }
  out += "</div>\n";
  return out;
}

}  // namespace

std::string_view EvidenceKindLabel(std::string_view kind) {
  if (kind == "list_match") return "List match";
  if (kind == "audit_finding") return "Audit finding";
  if (kind == "narrative") return "Narrative snippet";
  if (kind == "disclosure") return "Disclosure";
  if (kind == "fact") return "Fact";
  return kind;
}

ContractSummary BuildContractSummary(const ProcessAssessment& assessment, const ContractingProcess* process,
                                     const ReportOptions& options) {
  ContractSummary s;
  s.assessment = &assessment;
  if (process) s.process = DescribeProcess(*process);
  s.generated_at = options.GeneratedAt();
  s.generator = options.generator;
  s.attribution = options.attribution;
  auto visit = [&s](const std::string& id, const std::string& name, const std::vector<Finding>& findings) {
    for (const Finding& f : findings) {
      if (f.status == RuleStatus::kFlagged) s.drivers.push_back({id, name, &f});
      if (f.status == RuleStatus::kInsufficientData) s.data_gaps.push_back({id, name, &f});
    }
  };
  for (const PartyAssessment& p : assessment.parties) visit(p.party_id, p.name, p.findings);
  visit("process", "the contracting process", assessment.process_findings);
  std::stable_sort(s.drivers.begin(), s.drivers.end(), MoreSerious);
  std::stable_sort(s.data_gaps.begin(), s.data_gaps.end(),
                   [](const SubjectFinding& x, const SubjectFinding& y) {
                     if (x.finding->zero_tolerance != y.finding->zero_tolerance)
                       return x.finding->zero_tolerance;
                     return x.finding->severity > y.finding->severity;
                   });

  // Documents: one per (subject, supplier of the evidence), in first-gap order.
  std::map<std::pair<std::string, std::string>, size_t> doc_index;
  for (const SubjectFinding& g : s.data_gaps) {
    for (const MissingEvidence& m : g.finding->missing) {
      std::string document = m.supplied_by.empty() ? "(not stated by the rule pack)" : m.supplied_by;
      auto [it, inserted] = doc_index.try_emplace({g.subject_id, document}, s.documents.size());
      if (inserted) s.documents.push_back({g.subject_id, g.subject_name, document, {}, {}});
      DocumentRequest& d = s.documents[it->second];
      if (std::find(d.facts.begin(), d.facts.end(), m.fact) == d.facts.end()) d.facts.push_back(m.fact);
      if (std::find(d.rules.begin(), d.rules.end(), g.finding->rule_id) == d.rules.end()) {
        d.rules.push_back(g.finding->rule_id);
      }
    }
  }

  std::map<std::pair<Action, std::string>, size_t> action_index;
  for (const SubjectFinding& d : s.drivers) {
    if (d.finding->action == Action::kNone && d.finding->action_text().empty()) continue;
    auto [it, inserted] =
        action_index.try_emplace({d.finding->action, d.finding->action_text()}, s.actions.size());
    if (inserted) s.actions.push_back({d.finding->action, d.finding->action_text(), {}});
    s.actions[it->second].findings.emplace_back(d.subject_id, d.finding->rule_id);
  }
  std::stable_sort(s.actions.begin(), s.actions.end(), [](const ActionItem& x, const ActionItem& y) {
    return ActionRank(x.action) > ActionRank(y.action);
  });
  return s;
}

std::string ContractSummaryJson(const ContractSummary& s, int indent) {
  // Streamed (JsonWriter), not built as a DOM: this runs once per process of a scan.
  const ProcessAssessment& a = *s.assessment;
  std::string out;
  out.reserve(32768);
  JsonWriter w(&out, indent);
  w.BeginObject();
  w.Key("schema");
  w.String(kContractSummarySchema);
  w.Key("ocid");
  w.String(a.ocid);
  w.Key("generated_at");
  w.String(s.generated_at);
  w.Key("generator");
  w.String(s.generator);
  w.Key("process");
  if (s.process) {
    const ProcessInfo& p = *s.process;
    w.BeginObject();
    w.Key("title");
    w.String(p.title);
    w.Key("buyer");
    w.String(p.buyer);
    w.Key("buyer_id");
    w.String(p.buyer_id);
    w.Key("value");
    w.BeginObject();
    w.Key("amount");
    if (p.amount) {
      w.Double(*p.amount);
    } else {
      w.Null();
    }
    w.Key("currency");
    w.String(p.currency);
    w.Key("source");
    w.String(p.value_source);
    w.EndObject();
    w.Key("procurement_method");
    w.String(p.procurement_method);
    w.Key("date");
    w.String(p.date);
    w.Key("sectors");
    w.StringArray(p.sectors);
    w.Key("items");
    w.BeginArray();
    for (const ItemInfo& i : p.items) {
      w.BeginObject();
      w.Key("description");
      w.String(i.description);
      w.Key("scheme");
      w.String(i.scheme);
      w.Key("code");
      w.String(i.code);
      w.Key("sector");
      w.String(i.sector);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  } else {
    w.Null();
  }
  w.Key("overall");
  w.BeginObject();
  w.Key("band");
  w.String(BandCode(a.band));
  w.Key("score");
  w.Double(Round2(a.score));
  w.Key("band_reason");
  w.String(a.band_reason);
  w.EndObject();

  w.Key("drivers");
  w.BeginArray();
  for (const SubjectFinding& d : s.drivers) {
    const Finding& f = *d.finding;
    w.BeginObject();
    w.Key("subject");
    w.String(d.subject_id);
    w.Key("subject_name");
    w.String(d.subject_name);
    w.Key("rule");
    w.String(f.rule_id);
    w.Key("title");
    w.String(f.title());
    w.Key("category");
    w.String(RuleCategoryCode(f.category));
    w.Key("severity");
    w.String(SeverityCode(f.severity));
    w.Key("zero_tolerance");
    w.Bool(f.zero_tolerance);
    w.Key("mitigated");
    w.Bool(f.mitigated);
    w.Key("contribution");
    w.Double(Round2(f.contribution));
    w.Key("evidence");
    w.BeginArray();
    for (const EvidenceItem& e : f.evidence) {
      w.BeginObject();
      w.Key("kind");
      w.String(e.kind);
      w.Key("label");
      w.String(EvidenceKindLabel(e.kind));
      w.Key("text");
      w.String(e.text);
      if (!e.source.empty()) {
        w.Key("source");
        w.String(e.source);
      }
      if (e.begin >= 0) {
        w.Key("begin");
        w.Int(e.begin);
        w.Key("end");
        w.Int(e.end);
      }
      w.EndObject();
    }
    w.EndArray();
    w.Key("legal_basis");
    w.BeginArray();
    for (const LegalBasis& lb : f.legal_basis()) {
      w.BeginObject();
      w.Key("citation");
      w.String(lb.Citation());
      if (!lb.quote.empty()) {
        w.Key("quote");
        w.String(lb.quote);
      }
      w.EndObject();
    }
    w.EndArray();
    w.Key("action");
    w.String(ActionCode(f.action));
    w.Key("action_text");
    w.String(f.action_text());
    w.EndObject();
  }
  w.EndArray();

  w.Key("parties");
  w.BeginArray();
  for (const PartyAssessment& p : a.parties) {
    w.BeginObject();
    w.Key("id");
    w.String(p.party_id);
    w.Key("name");
    w.String(p.name);
    w.Key("identifier");
    w.String(p.identifier);
    w.Key("roles");
    w.StringArray(p.roles);
    w.Key("tier");
    w.Int(p.tier);
    w.Key("country");
    w.String(p.country);
    w.Key("band");
    w.String(BandCode(p.band));
    w.Key("score");
    w.Double(Round2(p.score));
    w.Key("flagged");
    w.Int(p.flagged);
    w.Key("insufficient_data");
    w.Int(p.insufficient);
    w.EndObject();
  }
  w.EndArray();

  w.Key("data_gaps");
  w.BeginArray();
  for (const SubjectFinding& g : s.data_gaps) {
    w.BeginObject();
    w.Key("subject");
    w.String(g.subject_id);
    w.Key("subject_name");
    w.String(g.subject_name);
    w.Key("rule");
    w.String(g.finding->rule_id);
    w.Key("title");
    w.String(g.finding->title());
    w.Key("severity");
    w.String(SeverityCode(g.finding->severity));
    w.Key("zero_tolerance");
    w.Bool(g.finding->zero_tolerance);
    w.Key("missing");
    w.BeginArray();
    for (const MissingEvidence& m : g.finding->missing) {
      w.BeginObject();
      w.Key("fact");
      w.String(m.fact);
      w.Key("supplied_by");
      w.String(m.supplied_by);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();

  w.Key("documents_to_request");
  w.BeginArray();
  for (const DocumentRequest& d : s.documents) {
    w.BeginObject();
    w.Key("subject");
    w.String(d.subject_id);
    w.Key("subject_name");
    w.String(d.subject_name);
    w.Key("document");
    w.String(d.document);
    w.Key("facts");
    w.StringArray(d.facts);
    w.Key("rules");
    w.StringArray(d.rules);
    w.EndObject();
  }
  w.EndArray();

  w.Key("actions");
  w.BeginArray();
  for (const ActionItem& ai : s.actions) {
    w.BeginObject();
    w.Key("action");
    w.String(ActionCode(ai.action));
    w.Key("text");
    w.String(ai.text);
    w.Key("findings");
    w.BeginArray();
    for (const auto& [subject, rule] : ai.findings) {
      w.BeginObject();
      w.Key("subject");
      w.String(subject);
      w.Key("rule");
      w.String(rule);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();

  w.Key("provenance");
  w.BeginObject();
  w.Key("as_of");
  w.String(a.as_of);
  w.Key("rule_pack");
  w.String(a.pack_id);
  w.Key("rule_pack_version");
  w.String(a.pack_version);
  w.Key("engine");
  w.String(a.engine_version);
  w.Key("list_versions");
  w.StringArray(a.list_versions);
  w.Key("input_digests");
  w.StringArray(a.input_digests);
  w.Key("generated_at");
  w.String(s.generated_at);
  w.Key("generator");
  w.String(s.generator);
  w.EndObject();
  w.Key("attribution");
  w.String(s.attribution);
  w.Key("assessment");
  WriteAssessment(&w, a);
  w.EndObject();
  return out;
}

std::string ContractSummaryHtml(const ContractSummary& s) {
  const ProcessAssessment& a = *s.assessment;
  std::string body;
  body.reserve(16384);
  std::string title = s.process && !s.process->title.empty() ? s.process->title : a.ocid;
  body +=
      "<header>\n<div class=\"muted small\">Contract risk summary · labour-exploitation screening</div>\n";
  body += "<h1>" + E(title) + "</h1>\n";
  body += "<div class=\"small\">OCID <code>" + E(a.ocid) + "</code>";
  if (s.process) {
    const ProcessInfo& p = *s.process;
    if (!p.buyer.empty()) body += " · Buyer <strong>" + E(p.buyer) + "</strong>";
    if (p.amount) {
      body += fmt::format(" · Value {} {} <span class=\"muted\">({})</span>", E(FormatNumber(*p.amount)),
                          E(p.currency), E(p.value_source));
    }
    if (!p.procurement_method.empty()) body += " · Method " + E(p.procurement_method);
    if (!p.sectors.empty()) {
      std::string sectors;
      for (const std::string& sec : p.sectors) sectors += (sectors.empty() ? "" : ", ") + sec;
      body += " · Sectors " + E(sectors);
    }
  }
  body += "</div>\n</header>\n";

  body += "<section class=\"headline\">\n<div>Overall band<br>" + BandBadge(a.band) + "</div>\n";
  body += "<div>Score<br><span class=\"score\">" + FormatNumber(a.score) +
          "</span> <span class=\"muted\">/ 100</span></div>\n";
  body += fmt::format("<div>{} flagged · {} data gaps · {} parties assessed</div>\n", s.drivers.size(),
                      s.data_gaps.size(), a.parties.size());
  body += "<div style=\"flex-basis:100%\">" + E(a.band_reason) + "</div>\n</section>\n";

  if (!a.contributions.empty()) {
    body += "<h2>Score contributions</h2>\n";
    std::vector<Bar> bars;
    for (const Contribution& c : a.contributions) {
      std::string color = "#5f6b7a";  // process-level rules: neutral
      for (const PartyAssessment& p : a.parties) {
        if (p.party_id == c.subject) color = BandColor(p.band);
      }
      bars.push_back({c.reason.empty() ? c.subject : c.reason, c.points, color});
    }
    body += SvgHorizontalBars(bars, "Points each party and the process add to the contract score", 100);
  }

  body += "<h2 id=\"drivers\">What drives the band</h2>\n";
  if (s.drivers.empty()) {
    body += "<p>No rule is flagged for this process.</p>\n";
  } else {
    for (const SubjectFinding& d : s.drivers) body += FindingHtml(d);
  }

  body +=
      "<h2 id=\"parties\">Parties</h2>\n<table>\n<thead><tr><th>Party</th><th>Identifier</th><th>Roles</th>"
      "<th class=\"num\">Tier</th><th>Country</th><th>Band</th><th class=\"num\">Score</th>"
      "<th class=\"num\">Flagged</th><th class=\"num\">Data gaps</th></tr></thead>\n<tbody>\n";
  for (const PartyAssessment& p : a.parties) {
    std::string roles;
    for (const std::string& r : p.roles) roles += (roles.empty() ? "" : ", ") + r;
    body += fmt::format(
        "<tr><td>{}<br><code class=\"muted\">{}</code></td><td><code>{}</code></td><td>{}</td><td "
        "class=\"num\">{}</td>"
        "<td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td></tr>\n",
        E(p.name), E(p.party_id), E(p.identifier), E(roles), p.tier, E(p.country), BandBadge(p.band),
        FormatNumber(p.score), p.flagged, p.insufficient);
  }
  body += "</tbody>\n</table>\n";

  body += "<h2 id=\"data-gaps\">Data gaps</h2>\n";
  if (s.data_gaps.empty()) {
    body += "<p>Every applicable rule had the evidence it needs.</p>\n";
  } else {
    body +=
        "<p class=\"small\">A rule without the evidence it needs is never reported as clear. Each row names "
        "the "
        "document that would close the gap.</p>\n<table>\n<thead><tr><th>Subject</th><th>Rule</th>"
        "<th>Severity</th><th>Missing fact</th><th>Document that closes it</th></tr></thead>\n<tbody>\n";
    for (const SubjectFinding& g : s.data_gaps) {
      std::string facts, docs;
      for (const MissingEvidence& m : g.finding->missing) {
        facts += "<code>" + E(m.fact) + "</code><br>";
        docs += E(m.supplied_by) + "<br>";
      }
      body +=
          fmt::format("<tr><td>{}</td><td><code>{}</code> {}{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                      E(g.subject_name), E(g.finding->rule_id), E(g.finding->title()),
                      g.finding->zero_tolerance ? " <strong>(zero tolerance)</strong>" : "",
                      E(SeverityCode(g.finding->severity)), facts, docs);
    }
    body += "</tbody>\n</table>\n<h3>Documents to request</h3>\n<ul>\n";
    for (const DocumentRequest& d : s.documents) {
      std::string rules;
      for (const std::string& r : d.rules) rules += (rules.empty() ? "" : ", ") + r;
      body += fmt::format(
          "<li>From <strong>{}</strong>: {} <span class=\"muted small\">(closes {})</span></li>\n",
          E(d.subject_name), E(d.document), E(rules));
    }
    body += "</ul>\n";
  }

  body += "<h2 id=\"actions\">Recommended actions</h2>\n";
  if (s.actions.empty()) {
    body += s.documents.empty() ? "<p>None.</p>\n" : "<p>Request the documents listed under data gaps.</p>\n";
  } else {
    body += "<ol>\n";
    for (const ActionItem& ai : s.actions) {
      std::string refs;
      for (const auto& [subject, rule] : ai.findings)
        refs += (refs.empty() ? "" : ", ") + rule + " (" + subject + ")";
      body += fmt::format("<li><strong>{}</strong>{} <span class=\"muted small\">— {}</span></li>\n",
                          E(ActionCode(ai.action)), ai.text.empty() ? "" : ": " + E(ai.text), E(refs));
    }
    body += "</ol>\n";
  }

  if (s.process && !s.process->items.empty()) {
    body +=
        "<h2 id=\"items\">Items</h2>\n<table>\n<thead><tr><th>Description</th><th>Classification</th>"
        "<th>Sector</th></tr></thead>\n<tbody>\n";
    for (const ItemInfo& i : s.process->items) {
      body += fmt::format("<tr><td>{}</td><td>{} <code>{}</code></td><td>{}</td></tr>\n", E(i.description),
                          E(i.scheme), E(i.code), E(i.sector));
    }
    body += "</tbody>\n</table>\n";
  }

  body += ProvenanceHtml(s);
  body += "<footer>Generated " + E(s.generated_at) + " by " + E(s.generator) +
          ". This summary screens for risk indicators; it is not a finding of wrongdoing.";
  if (!s.attribution.empty()) body += "<br>" + E(s.attribution);
  body += "</footer>\n";
  return HtmlDocument("Contract risk summary: " + a.ocid, body);
}

std::vector<Table> ContractSummaryTables(const ContractSummary& s) {
  const ProcessAssessment& a = *s.assessment;
  Table findings{
      "findings",
      {"ocid", "subject", "subject_name", "rule", "title", "category", "severity", "status", "zero_tolerance",
       "mitigated", "contribution", "action", "action_text", "legal_basis", "evidence", "missing"},
      {}};
  auto add = [&](const std::string& id, const std::string& name, const std::vector<Finding>& fs) {
    for (const Finding& f : fs) {
      if (f.status == RuleStatus::kNotApplicable) continue;
      findings.rows.push_back(
          {Cell::Text(a.ocid), Cell::Text(id), Cell::Text(name), Cell::Text(f.rule_id), Cell::Text(f.title()),
           Cell::Text(std::string(RuleCategoryCode(f.category))),
           Cell::Text(std::string(SeverityCode(f.severity))),
           Cell::Text(std::string(RuleStatusCode(f.status))), Cell::Text(f.zero_tolerance ? "yes" : "no"),
           Cell::Text(f.mitigated ? "yes" : "no"), Cell::Number(Round2(f.contribution)),
           Cell::Text(std::string(ActionCode(f.action))), Cell::Text(f.action_text()),
           Cell::Text(JoinCitations(f)), Cell::Text(JoinEvidence(f)), Cell::Text(JoinMissing(f))});
    }
  };
  for (const PartyAssessment& p : a.parties) add(p.party_id, p.name, p.findings);
  add("process", "the contracting process", a.process_findings);

  Table parties{"parties",
                {"ocid", "party", "name", "identifier", "roles", "tier", "country", "band", "score",
                 "flagged", "insufficient_data", "clear", "not_applicable", "band_reason"},
                {}};
  for (const PartyAssessment& p : a.parties) {
    std::string roles;
    for (const std::string& r : p.roles) roles += (roles.empty() ? "" : ";") + r;
    parties.rows.push_back({Cell::Text(a.ocid), Cell::Text(p.party_id), Cell::Text(p.name),
                            Cell::Text(p.identifier), Cell::Text(roles), Cell::Number(p.tier),
                            Cell::Text(p.country), Cell::Text(std::string(BandCode(p.band))),
                            Cell::Number(Round2(p.score)), Cell::Number(static_cast<double>(p.flagged)),
                            Cell::Number(static_cast<double>(p.insufficient)),
                            Cell::Number(static_cast<double>(p.clear)),
                            Cell::Number(static_cast<double>(p.not_applicable)), Cell::Text(p.band_reason)});
  }

  Table gaps{"data_gaps",
             {"ocid", "subject", "subject_name", "rule", "title", "severity", "fact", "supplied_by"},
             {}};
  for (const SubjectFinding& g : s.data_gaps) {
    for (const MissingEvidence& m : g.finding->missing) {
      gaps.rows.push_back({Cell::Text(a.ocid), Cell::Text(g.subject_id), Cell::Text(g.subject_name),
                           Cell::Text(g.finding->rule_id), Cell::Text(g.finding->title()),
                           Cell::Text(std::string(SeverityCode(g.finding->severity))), Cell::Text(m.fact),
                           Cell::Text(m.supplied_by)});
    }
  }
  return {std::move(findings), std::move(parties), std::move(gaps)};
}

}  // namespace clearbid::reports
