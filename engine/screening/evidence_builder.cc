#include "engine/screening/evidence_builder.h"

#include <algorithm>

namespace clearbid {
namespace {

std::string PartyKey(const Party& p) {
  if (p.identifier.id.empty()) return {};
  return p.identifier.scheme + "/" + p.identifier.id;
}

bool LaterDisclosure(const SupplierDisclosure& a, const SupplierDisclosure& b) {
  return a.submitted != b.submitted ? a.submitted > b.submitted : a.disclosure_id > b.disclosure_id;
}

}  // namespace

ProcessEvidence BuildEvidence(const ContractingProcess& process, const EvidenceSources& sources) {
  ProcessEvidence ev;
  ev.process = process;
  ev.bid_screening = sources.bid_screening;
  ev.input_digests = sources.input_digests;
  if (sources.lists) ev.list_versions = sources.lists->ListVersions();
  for (size_t i = 0; i < process.parties.size(); ++i) {
    const Party& party = process.parties[i];
    PartyEvidence pe;
    pe.party_index = i;
    const std::string key = PartyKey(party);
    if (!key.empty()) {
      // The latest disclosure of the party (by submitted date, then id).
      for (const SupplierDisclosure& d : sources.disclosures) {
        if (d.party.has_key() && d.party.Key() == key && (!pe.disclosure || LaterDisclosure(d, *pe.disclosure)))
          pe.disclosure = d;
      }
      for (const AuditReport& a : sources.audits) {
        const bool of_party = a.audited_party.has_key() && a.audited_party.Key() == key;
        const bool of_site = a.site_identifier.has_key() && a.site_identifier.Key() == key;
        if (of_party || of_site) pe.audits.push_back(a);
      }
      std::sort(pe.audits.begin(), pe.audits.end(),
                [](const AuditReport& x, const AuditReport& y) { return x.audit_id < y.audit_id; });
    }
    if (sources.lists) {
      pe.lists_screened = true;
      const std::string party_key = party.GlobalKey();
      sources.lists->Screen(party.name, party.address.country, party.identifier, "party", &pe.matches);
      for (const Identifier& extra : party.additional_identifiers) {
        if (!extra.legal_name.empty() && extra.legal_name != party.name)
          sources.lists->Screen(extra.legal_name, party.address.country, extra, "party", &pe.matches);
      }
      if (pe.disclosure) {
        for (const SupplyChainEntry& e : pe.disclosure->supply_chain.entries) {
          Identifier id{e.identifier.scheme, e.identifier.id, ""};
          sources.lists->Screen(e.name, e.address.country, id, e.ref, &pe.matches);
        }
        for (const RecruitmentAgency& a : pe.disclosure->recruitment.agencies) {
          Identifier id{a.identifier.scheme, a.identifier.id, ""};
          sources.lists->Screen(a.name, a.country, id, a.ref, &pe.matches);
        }
      }
      for (ListMatchEvidence& m : pe.matches) {
        m.subject_key = m.subject == "party" ? party_key : party_key + "#" + m.subject;
        if (sources.decisions) m.decision = sources.decisions->Decision(m.subject_key, m.list, m.entry_id, m.entry_digest);
      }
    }
    ev.parties.push_back(std::move(pe));
  }
  if (sources.goods) sources.goods->Fill(&ev);
  return ev;
}

}  // namespace clearbid
