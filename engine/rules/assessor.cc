#include "engine/rules/assessor.h"

#include <algorithm>
#include <cmath>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "engine/rules/explanation.h"

namespace clearbid {

std::string_view RuleStatusCode(RuleStatus s) {
  switch (s) {
    case RuleStatus::kFlagged: return "flagged";
    case RuleStatus::kClear: return "clear";
    case RuleStatus::kInsufficientData: return "insufficient_data";
    case RuleStatus::kNotApplicable: return "not_applicable";
  }
  return "?";
}

std::string_view BandCode(Band b) {
  switch (b) {
    case Band::kLow: return "low";
    case Band::kMedium: return "medium";
    case Band::kHigh: return "high";
    case Band::kCritical: return "critical";
  }
  return "?";
}

constinit const RuleTexts RuleTexts::kNone{};

std::optional<Band> ParseBand(std::string_view code) {
  for (Band b : {Band::kLow, Band::kMedium, Band::kHigh, Band::kCritical}) {
    if (BandCode(b) == code) return b;
  }
  return std::nullopt;
}

namespace {

// Two facts of one rule can rest on the same evidence (one list match
// explains both lists.possible_match and lists.best_score): an auditor reads
// each item once, where it first appears. Findings have tens of items at
// most, so the quadratic scan is cheaper than hashing.
void DropRepeatedEvidence(std::vector<EvidenceItem>* items) {
  size_t kept = 0;
  for (size_t i = 0; i < items->size(); ++i) {
    const EvidenceItem& item = (*items)[i];
    bool seen = false;
    for (size_t j = 0; j < kept && !seen; ++j) {
      const EvidenceItem& k = (*items)[j];
      seen = k.begin == item.begin && k.end == item.end && k.text == item.text && k.kind == item.kind &&
             k.source == item.source;
    }
    if (seen) continue;
    if (kept != i) (*items)[kept] = std::move((*items)[i]);
    ++kept;
  }
  items->resize(kept);
}


// Known roles as bits; a rule's unknown role codes are compared as text.
uint32_t RoleMask(const std::vector<std::string>& roles) {
  uint32_t mask = 0;
  for (const std::string& r : roles) {
    PartyRole role = ParsePartyRole(r);
    if (role != PartyRole::kOther) mask |= 1u << static_cast<unsigned>(role);
  }
  return mask;
}

bool HasAnyRole(const Party& p, uint32_t party_mask, const std::vector<std::string>& roles, uint32_t rule_mask) {
  if (party_mask & rule_mask) return true;
  for (const std::string& r : roles) {
    if (ParsePartyRole(r) != PartyRole::kOther) continue;
    for (const std::string& have : p.roles) {
      if (have == r) return true;
    }
  }
  return false;
}

std::string Percent(double score) { return fmt::format("{:.2f}", score); }

}  // namespace

Result<std::unique_ptr<Assessor>> Assessor::Create(const RulePack* pack) {
  std::unique_ptr<Assessor> a(new Assessor(pack));
  // The findings' texts are the catalogue's: one source for what the assessor
  // shows and what a compact assessment is completed with when read back.
  a->catalogue_ = RuleCatalogue::FromPack(*pack);
  for (size_t i = 0; i < pack->rules.size(); ++i) {
    a->role_masks_.push_back(RoleMask(pack->rules[i].roles));
    const RuleCatalogue::Entry& e = a->catalogue_->entries()[i];
    a->texts_.push_back({e.checked, e.called_for});
  }
  ASSIGN_OR_RETURN(a->scanner_, PatternScanner::Build(pack->patterns));
  return a;
}

bool Assessor::IsAssessed(const ContractingProcess& process, const Party& party, bool bid_screening) {
  const bool awarded = !process.awards.empty();
  for (const std::string& code : party.roles) {
    switch (ParsePartyRole(code)) {
      case PartyRole::kSupplier:
      case PartyRole::kSubcontractor:
      case PartyRole::kRecruitmentAgency:
      case PartyRole::kSite:
      case PartyRole::kConsortiumMember: return true;
      case PartyRole::kTenderer:
        if (bid_screening || !awarded) return true;
        break;
      default: break;
    }
  }
  return false;
}

Band Assessor::BandFor(double score) const {
  const Scoring& s = pack_->scoring;
  if (score >= s.band_critical) return Band::kCritical;
  if (score >= s.band_high) return Band::kHigh;
  if (score >= s.band_medium) return Band::kMedium;
  return Band::kLow;
}

void Assessor::Evaluate(const Rule& rule, const ProcessEvidence& ev, const PartyEvidence* pe, const FactSet& facts,
                        const std::vector<NarrativeHit>& hits, const AssessOptions& options, uint32_t party_mask,
                        Finding* out) const {
  Finding& f = *out;
  const size_t index = static_cast<size_t>(&rule - pack_->rules.data());
  f.rule_id = rule.id;
  f.category = rule.category;
  f.severity = rule.severity;
  f.zero_tolerance = rule.zero_tolerance;
  f.action = rule.action;
  const ContractingProcess& proc = ev.process;
  // Applicability: roles, value, item codes, countries, method, then the expression.
  bool applicable = true;
  if (pe && !rule.roles.empty()) {
    const Party& party = proc.parties[pe->party_index];
    applicable = HasAnyRole(party, party_mask, rule.roles, role_masks_[index]);
  }
  if (applicable && rule.min_value && proc.tender.value.amount) applicable = *proc.tender.value.amount >= *rule.min_value;
  if (applicable && !rule.item_code_prefixes.empty()) {
    const FactValue& codes = facts[FactId::kProcessItemCodes];
    applicable = false;
    for (const std::string& c : codes.list) {
      for (const std::string& p : rule.item_code_prefixes) applicable |= c.rfind(p, 0) == 0;
    }
  }
  if (applicable && !rule.countries.empty() && pe) {
    const std::string& country = proc.parties[pe->party_index].address.country;
    applicable = std::find(rule.countries.begin(), rule.countries.end(), country) != rule.countries.end();
  }
  if (applicable && !rule.procurement_methods.empty()) {
    applicable = std::find(rule.procurement_methods.begin(), rule.procurement_methods.end(),
                           proc.tender.procurement_method) != rule.procurement_methods.end();
  }
  // An applicability condition that cannot be decided keeps the rule applicable
  // (the conservative reading: the rule is checked rather than skipped).
  if (applicable && rule.applies_when) applicable = rule.applies_when->Evaluate(facts) != Tri::kFalse;
  if (!applicable) {
    f.status = RuleStatus::kNotApplicable;
    if (options.explain) f.texts = texts_[index].checked;
    return;
  }
  Tri t = rule.when.Evaluate(facts);
  // The legal basis and the recommended action go with the findings that call
  // for something: a flag, or missing evidence to request. A clear rule keeps
  // its id, title and condition (what was checked); `rules list` has the rest.
  // Shared, not copied: one reference count per finding.
  if (options.explain) f.texts = t == Tri::kFalse ? texts_[index].checked : texts_[index].called_for;
  if (t == Tri::kTrue) {
    f.status = RuleStatus::kFlagged;
    f.contribution = rule.weight;
    if (rule.mitigated_when && rule.mitigated_when->Evaluate(facts) == Tri::kTrue) {
      f.mitigated = true;
      f.contribution = rule.weight * rule.mitigation_factor;
    }
    if (options.explain) {
      // At least one line per fact read.
      f.evidence.reserve(rule.when.facts().size() + (f.mitigated ? rule.mitigated_when->facts().size() : 0));
      for (FactId id : rule.when.facts()) ExplainFact(id, facts, ev, pe, hits, &f.evidence);
      if (f.mitigated) {
        for (FactId id : rule.mitigated_when->facts()) ExplainFact(id, facts, ev, pe, hits, &f.evidence);
      }
      DropRepeatedEvidence(&f.evidence);
    }
  } else if (t == Tri::kFalse) {
    f.status = RuleStatus::kClear;
  } else {
    f.status = RuleStatus::kInsufficientData;
    if (options.explain) ListMissingEvidence(rule.when, facts, &f.missing);
  }
}

PartyAssessment Assessor::AssessParty(const ProcessEvidence& ev, size_t index, const AssessOptions& options) const {
  const PartyEvidence& pe = ev.parties[index];
  const Party& party = ev.process.parties[pe.party_index];
  PartyAssessment pa;
  pa.party_id = party.id;
  pa.name = party.name;
  if (!party.identifier.id.empty()) pa.identifier = party.identifier.scheme + "/" + party.identifier.id;
  pa.roles = party.roles;
  pa.tier = party.tier;
  pa.country = party.address.country;

  FactOptions fo;
  fo.as_of = options.as_of;
  fo.high_risk_cpv_prefixes = &pack_->high_risk_cpv_prefixes;
  fo.high_risk_unspsc_prefixes = &pack_->high_risk_unspsc_prefixes;
  fo.scanner = scanner_.get();
  // Reused per thread: a FactSet holds strings and lists whose capacity is
  // worth keeping between parties (ExtractFacts resets every value).
  thread_local FactSet facts;
  std::vector<NarrativeHit> hits;
  ExtractFacts(ev, pe, fo, &facts, &hits);

  const uint32_t party_mask = RoleMask(party.roles);
  pa.findings.reserve(pack_->rules.size());
  double sum = 0;
  bool zero_tolerance = false, severe_unknown = false;
  std::string zt_rules;
  int64_t severe_unknown_count = 0;
  for (const Rule& rule : pack_->rules) {
    if (rule.subject != RuleSubject::kParty) continue;
    // Evaluated in place: a finding is large (strings and vectors), and
    // moving one into the vector would cost more than evaluating the rule.
    Finding& f = pa.findings.emplace_back();
    Evaluate(rule, ev, &pe, facts, hits, options, party_mask, &f);
    switch (f.status) {
      case RuleStatus::kFlagged:
        ++pa.flagged;
        sum += f.contribution;
        if (f.zero_tolerance && !f.mitigated) {
          zero_tolerance = true;
          if (!zt_rules.empty()) zt_rules += ", ";
          zt_rules += f.rule_id;
        }
        break;
      case RuleStatus::kClear: ++pa.clear; break;
      case RuleStatus::kInsufficientData:
        ++pa.insufficient;
        if (f.severity >= Severity::kHigh) {
          severe_unknown = true;
          ++severe_unknown_count;
        }
        break;
      case RuleStatus::kNotApplicable: ++pa.not_applicable; break;
    }
    if (f.status == RuleStatus::kNotApplicable && !options.explain) pa.findings.pop_back();
  }
  pa.score = std::min(100.0, std::round(sum * 100) / 100);
  pa.band = BandFor(pa.score);
  if (options.explain) pa.band_reason = fmt::format(FMT_COMPILE("score {:.2f} from {} flagged rule(s)"), pa.score, pa.flagged);
  if (zero_tolerance) {
    pa.band = Band::kCritical;
    if (options.explain) pa.band_reason = fmt::format("zero-tolerance override: {}", zt_rules);
  } else if (severe_unknown) {
    Band floor = ParseBand(pack_->scoring.insufficient_data_floor).value_or(Band::kMedium);
    if (pa.band < floor) {
      pa.band = floor;
      if (options.explain)
        pa.band_reason = fmt::format("raised to {}: {} high or critical rule(s) lack evidence (insufficient_data)",
                                     BandCode(floor), severe_unknown_count);
    }
  }
  return pa;
}

ProcessAssessment Assessor::Assess(const ProcessEvidence& ev, const AssessOptions& options) const {
  ProcessAssessment out;
  out.ocid = ev.process.ocid;
  out.as_of = options.as_of;
  out.pack_id = pack_->id;
  out.pack_version = pack_->version;
  out.engine_version = std::string(kEngineVersion);
  out.list_versions = ev.list_versions;
  out.input_digests = ev.input_digests;

  double best = 0;
  Band band = Band::kLow;
  std::string why;
  for (size_t i = 0; i < ev.parties.size(); ++i) {
    const Party& party = ev.process.parties[ev.parties[i].party_index];
    if (!IsAssessed(ev.process, party, ev.bid_screening)) continue;
    PartyAssessment pa = AssessParty(ev, i, options);
    const std::vector<double>& tf = pack_->scoring.tier_factors;
    size_t tier = pa.tier < 0 ? 1 : static_cast<size_t>(pa.tier);
    double factor = tf[std::min(tier, tf.size() - 1)];
    double points = std::round(pa.score * factor * 100) / 100;
    out.contributions.push_back({pa.party_id, pa.score, factor, points,
                                 fmt::format("{} (tier {}, band {})", pa.name, pa.tier, BandCode(pa.band))});
    if (points > best) best = points;
    if (pa.band > band) {
      band = pa.band;
      why = fmt::format("party {} ({}) is {}: {}", pa.party_id, pa.name, BandCode(pa.band), pa.band_reason);
    }
    out.parties.push_back(std::move(pa));
  }

  // Process-level rules (award criteria, item context).
  FactSet facts;
  if (!ev.parties.empty()) {
    FactOptions fo;
    fo.as_of = options.as_of;
    fo.high_risk_cpv_prefixes = &pack_->high_risk_cpv_prefixes;
    fo.high_risk_unspsc_prefixes = &pack_->high_risk_unspsc_prefixes;
    ExtractFacts(ev, ev.parties[0], fo, &facts, nullptr);
  }
  double process_points = 0;
  for (const Rule& rule : pack_->rules) {
    if (rule.subject != RuleSubject::kProcess) continue;
    Finding& f = out.process_findings.emplace_back();
    Evaluate(rule, ev, nullptr, facts, {}, options, 0, &f);
    if (f.status == RuleStatus::kFlagged) process_points += f.contribution;
  }
  if (process_points > 0) out.contributions.push_back({"process", process_points, 1, process_points, "process-level rules"});
  out.score = std::min(100.0, std::round((best + process_points) * 100) / 100);
  Band by_score = BandFor(out.score);
  if (by_score >= band) {
    band = by_score;
    why = fmt::format("score {}: highest party contribution {} plus process rules {}", Percent(out.score), Percent(best),
                      Percent(process_points));
  }
  out.band = band;
  out.band_reason = options.explain ? why : "";
  return out;
}

}  // namespace clearbid
