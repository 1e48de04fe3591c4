// What every FlagStore implementation shares: which parties of an assessment
// are flagged, the check of a Put() and the rule filter's pattern.

#include "engine/store/flag_store.h"

#include <fmt/format.h>

namespace clearbid {

std::vector<PartyFlag> PartyFlagsOf(const ProcessAssessment& a, const ContractingProcess& process,
                                    const std::string& source) {
  std::vector<PartyFlag> out;
  for (size_t i = 0; i < a.parties.size(); ++i) {
    const PartyAssessment& p = a.parties[i];
    if (p.band < Band::kHigh && p.flagged == 0) continue;
    PartyFlag f;
    f.ocid = a.ocid;
    f.party_id = p.party_id;
    for (const Party& party : process.parties) {
      if (party.id == p.party_id) {
        f.party_key = party.GlobalKey();
        break;
      }
    }
    f.name = p.name;
    f.identifier = p.identifier;
    f.country = p.country;
    f.band = p.band;
    f.score = p.score;
    f.flagged = p.flagged;
    for (const Finding& finding : p.findings) {
      if (finding.status != RuleStatus::kFlagged) continue;
      if (!f.rules.empty()) f.rules.push_back(',');
      f.rules += finding.rule_id;
    }
    f.source = source;
    out.push_back(std::move(f));
  }
  return out;
}

Status CheckFlagsOf(const std::string& ocid, const std::vector<PartyFlag>& flags) {
  for (const PartyFlag& f : flags) {
    if (f.ocid != ocid) return Status::InvalidArgument(fmt::format("flag of {} stored under {}", f.ocid, ocid));
  }
  return Status::Ok();
}

std::string RuleListPattern(const std::string& rule) {
  std::string pattern = "%,";
  for (char c : rule) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  return pattern + ",%";
}

}  // namespace clearbid
