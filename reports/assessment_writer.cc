#include "reports/assessment_writer.h"

#include <cmath>

#include "engine/rules/assessment_json.h"
#include "engine/rules/facts.h"

namespace clearbid::reports {
namespace {

double Round2(double v) { return std::round(v * 100) / 100; }

void WriteLegalBasis(JsonWriter* w, const std::vector<LegalBasis>& legal_basis) {
  w->Key("legal_basis");
  w->BeginArray();
  for (const LegalBasis& lb : legal_basis) {
    w->BeginObject();
    if (!lb.seed.empty()) {
      w->Key("seed");
      w->String(lb.seed);
      w->Key("lines");
      w->String(lb.lines);
    }
    if (!lb.standard.empty()) {
      w->Key("standard");
      w->String(lb.standard);
      if (!lb.article.empty()) {
        w->Key("article");
        w->String(lb.article);
      }
    }
    if (!lb.quote.empty()) {
      w->Key("quote");
      w->String(lb.quote);
    }
    w->Key("citation");
    w->String(lb.Citation());
    w->EndObject();
  }
  w->EndArray();
}

void WriteEvidence(JsonWriter* w, const std::vector<EvidenceItem>& evidence) {
  w->Key("evidence");
  w->BeginArray();
  for (const EvidenceItem& e : evidence) {
    w->BeginObject();
    w->Key("kind");
    w->String(e.kind);
    w->Key("text");
    w->String(e.text);
    if (!e.source.empty()) {
      w->Key("source");
      w->String(e.source);
    }
    if (e.begin >= 0) {
      w->Key("begin");
      w->Int(e.begin);
      w->Key("end");
      w->Int(e.end);
    }
    w->EndObject();
  }
  w->EndArray();
}

void WriteFinding(JsonWriter* w, const Finding& f) {
  w->BeginObject();
  w->Key("rule");
  w->String(f.rule_id);
  w->Key("title");
  w->String(f.title());
  w->Key("category");
  w->String(RuleCategoryCode(f.category));
  w->Key("severity");
  w->String(SeverityCode(f.severity));
  w->Key("status");
  w->String(RuleStatusCode(f.status));
  w->Key("zero_tolerance");
  w->Bool(f.zero_tolerance);
  w->Key("mitigated");
  w->Bool(f.mitigated);
  w->Key("contribution");
  w->Double(Round2(f.contribution));
  w->Key("action");
  w->String(ActionCode(f.action));
  if (!f.action_text().empty()) {
    w->Key("action_text");
    w->String(f.action_text());
  }
  if (!f.condition().empty()) {
    w->Key("condition");
    w->String(f.condition());
  }
  WriteLegalBasis(w, f.legal_basis());
  WriteEvidence(w, f.evidence);
  w->Key("missing");
  w->BeginArray();
  for (const MissingEvidence& m : f.missing) {
    w->BeginObject();
    w->Key("fact");
    w->String(m.fact);
    w->Key("supplied_by");
    w->String(m.supplied_by);
    w->EndObject();
  }
  w->EndArray();
  w->EndObject();
}

bool SameLegalBasis(const std::vector<LegalBasis>& a, const std::vector<LegalBasis>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].seed != b[i].seed || a[i].lines != b[i].lines || a[i].standard != b[i].standard ||
        a[i].article != b[i].article || a[i].quote != b[i].quote) {
      return false;
    }
  }
  return true;
}

// Whether a finding shows the texts its rule's catalogue entry gives for its status.
bool HasCatalogueTexts(const Finding& f, const RuleCatalogue::Entry& e) {
  const std::shared_ptr<const RuleTexts>& expected = e.TextsFor(f.status);
  if (f.texts == expected) return true;  // shared with the assessor: the usual case
  if (!f.texts) return false;
  const RuleTexts& a = *f.texts;
  const RuleTexts& b = *expected;
  return a.title == b.title && a.condition == b.condition && a.action_text == b.action_text &&
         SameLegalBasis(a.legal_basis, b.legal_basis);
}

// The compact finding: rule id, status and what the data decided; what the
// rule decides is left to the catalogue, unless this finding differs from it
// (then it is written out, so that nothing is lost).
void WriteCompactFinding(JsonWriter* w, const Finding& f, const RuleCatalogue& catalogue) {
  const RuleCatalogue::Entry* e = catalogue.Find(f.rule_id);
  w->BeginObject();
  w->Key("rule");
  w->String(f.rule_id);
  w->Key("status");
  w->String(RuleStatusCode(f.status));
  if (!e || f.category != e->category) {
    w->Key("category");
    w->String(RuleCategoryCode(f.category));
  }
  if (!e || f.severity != e->severity) {
    w->Key("severity");
    w->String(SeverityCode(f.severity));
  }
  if (!e || f.zero_tolerance != e->zero_tolerance) {
    w->Key("zero_tolerance");
    w->Bool(f.zero_tolerance);
  }
  if (!e || f.action != e->action) {
    w->Key("action");
    w->String(ActionCode(f.action));
  }
  if (!e || !HasCatalogueTexts(f, *e)) {
    // "title" present: the reader takes the texts from this finding.
    w->Key("title");
    w->String(f.title());
    if (!f.action_text().empty()) {
      w->Key("action_text");
      w->String(f.action_text());
    }
    if (!f.condition().empty()) {
      w->Key("condition");
      w->String(f.condition());
    }
    WriteLegalBasis(w, f.legal_basis());
  }
  if (f.mitigated) {
    w->Key("mitigated");
    w->Bool(true);
  }
  if (Round2(f.contribution) != 0) {
    w->Key("contribution");
    w->Double(Round2(f.contribution));
  }
  if (!f.evidence.empty()) WriteEvidence(w, f.evidence);
  if (!f.missing.empty()) {
    // A fact's name; {fact, supplied_by} only when the source differs from the fact's own.
    w->Key("missing");
    w->BeginArray();
    for (const MissingEvidence& m : f.missing) {
      std::optional<FactId> id = FindFact(m.fact);
      if (id && GetFactInfo(*id).source == m.supplied_by) {
        w->String(m.fact);
        continue;
      }
      w->BeginObject();
      w->Key("fact");
      w->String(m.fact);
      w->Key("supplied_by");
      w->String(m.supplied_by);
      w->EndObject();
    }
    w->EndArray();
  }
  w->EndObject();
}

void WriteAssessmentForm(JsonWriter* w, const ProcessAssessment& a, const RuleCatalogue* compact) {
  auto finding = [&](const Finding& f) {
    if (compact) {
      WriteCompactFinding(w, f, *compact);
    } else {
      WriteFinding(w, f);
    }
  };
  w->BeginObject();
  w->Key("schema");
  w->String(compact ? kCompactAssessmentSchema : kAssessmentSchema);
  w->Key("ocid");
  w->String(a.ocid);
  w->Key("band");
  w->String(BandCode(a.band));
  w->Key("score");
  w->Double(Round2(a.score));
  w->Key("band_reason");
  w->String(a.band_reason);
  w->Key("contributions");
  w->BeginArray();
  for (const Contribution& c : a.contributions) {
    w->BeginObject();
    w->Key("subject");
    w->String(c.subject);
    w->Key("score");
    w->Double(Round2(c.score));
    w->Key("factor");
    w->Double(Round2(c.factor));
    w->Key("points");
    w->Double(Round2(c.points));
    w->Key("reason");
    w->String(c.reason);
    w->EndObject();
  }
  w->EndArray();
  w->Key("parties");
  w->BeginArray();
  for (const PartyAssessment& p : a.parties) {
    w->BeginObject();
    w->Key("id");
    w->String(p.party_id);
    w->Key("name");
    w->String(p.name);
    w->Key("identifier");
    w->String(p.identifier);
    w->Key("roles");
    w->StringArray(p.roles);
    w->Key("tier");
    w->Int(p.tier);
    w->Key("country");
    w->String(p.country);
    w->Key("score");
    w->Double(Round2(p.score));
    w->Key("band");
    w->String(BandCode(p.band));
    w->Key("band_reason");
    w->String(p.band_reason);
    w->Key("counts");
    w->BeginObject();
    w->Key("flagged");
    w->Int(p.flagged);
    w->Key("clear");
    w->Int(p.clear);
    w->Key("insufficient_data");
    w->Int(p.insufficient);
    w->Key("not_applicable");
    w->Int(p.not_applicable);
    w->EndObject();
    w->Key("findings");
    w->BeginArray();
    for (const Finding& f : p.findings) finding(f);
    w->EndArray();
    w->EndObject();
  }
  w->EndArray();
  w->Key("process_findings");
  w->BeginArray();
  for (const Finding& f : a.process_findings) finding(f);
  w->EndArray();
  w->Key("provenance");
  w->BeginObject();
  w->Key("as_of");
  w->String(a.as_of);
  w->Key("rule_pack");
  w->String(a.pack_id);
  w->Key("rule_pack_version");
  w->String(a.pack_version);
  w->Key("engine");
  w->String(a.engine_version);
  w->Key("list_versions");
  w->StringArray(a.list_versions);
  w->Key("input_digests");
  w->StringArray(a.input_digests);
  w->EndObject();
  w->EndObject();
}

}  // namespace

void WriteAssessment(JsonWriter* w, const ProcessAssessment& a) { WriteAssessmentForm(w, a, nullptr); }

void RoundAsWritten(ProcessAssessment* a) {
  a->score = Round2(a->score);
  for (Contribution& c : a->contributions) {
    c.score = Round2(c.score);
    c.factor = Round2(c.factor);
    c.points = Round2(c.points);
  }
  auto findings = [](std::vector<Finding>& fs) {
    for (Finding& f : fs) f.contribution = Round2(f.contribution);
  };
  for (PartyAssessment& p : a->parties) {
    p.score = Round2(p.score);
    findings(p.findings);
  }
  findings(a->process_findings);
}

void AppendAssessmentJson(std::string* out, const ProcessAssessment& a, int indent) {
  size_t findings = a.process_findings.size();
  for (const PartyAssessment& p : a.parties) findings += p.findings.size();
  out->reserve(out->size() + 4096 + findings * 1024);  // one-line findings run 300 B to 1.5 KB
  JsonWriter w(out, indent);
  WriteAssessment(&w, a);
}

std::string FastAssessmentJson(const ProcessAssessment& a, int indent) {
  std::string out;
  AppendAssessmentJson(&out, a, indent);
  return out;
}

void AppendCompactAssessmentJson(std::string* out, const ProcessAssessment& a, const RuleCatalogue& catalogue,
                                 int indent) {
  size_t findings = a.process_findings.size();
  for (const PartyAssessment& p : a.parties) findings += p.findings.size();
  out->reserve(out->size() + 2048 + findings * 96);  // most compact findings are 40-120 B
  JsonWriter w(out, indent);
  WriteAssessmentForm(&w, a, &catalogue);
}

std::string CompactAssessmentJson(const ProcessAssessment& a, const RuleCatalogue& catalogue, int indent) {
  std::string out;
  AppendCompactAssessmentJson(&out, a, catalogue, indent);
  return out;
}

}  // namespace clearbid::reports
