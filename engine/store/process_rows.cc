#include "engine/store/process_rows.h"

#include <type_traits>
#include <utility>

namespace clearbid {
namespace {

// Copies from a const process, moves from a movable one: one body for both.
template <typename P>
ProcessRows RowsOf(P&& p) {
  constexpr bool kMove = !std::is_lvalue_reference_v<P>;
  auto take = [](auto& s) -> std::string {
    if constexpr (kMove) return std::move(s);
    else return s;
  };
  ProcessRows r;
  r.n_parties = static_cast<int64_t>(p.parties.size());
  r.n_bids = static_cast<int64_t>(p.bids.size());
  r.n_awards = static_cast<int64_t>(p.awards.size());
  r.parties.reserve(p.parties.size());
  for (auto& party : p.parties) {
    ProcessRows::PartyRow& row = r.parties.emplace_back();
    row.party_key = party.GlobalKey();
    row.roles = JoinRoles(party.roles);
    row.tier = party.tier;
    row.party_id = take(party.id);
    row.name = take(party.name);
    row.scheme = take(party.identifier.scheme);
    row.identifier = take(party.identifier.id);
    row.country = take(party.address.country);
  }
  size_t n_items = p.tender.items.size();
  for (const Award& a : p.awards) n_items += a.items.size();
  for (const Contract& c : p.contracts) n_items += c.items.size();
  r.n_items = static_cast<int64_t>(n_items);
  r.items.reserve(n_items);
  auto add_items = [&](auto& items, std::string_view stage) {
    for (auto& item : items) {
      r.items.push_back({stage, take(item.classification.scheme), take(item.classification.id), take(item.description)});
    }
  };
  add_items(p.tender.items, "tender");
  for (auto& a : p.awards) add_items(a.items, "award");
  for (auto& c : p.contracts) add_items(c.items, "contract");
  r.ocid = take(p.ocid);
  r.date = take(p.date);
  r.ocds_version = take(p.ocds_version);
  r.buyer_name = take(p.buyer.name);
  r.procurement_method = take(p.tender.procurement_method);
  r.main_category = take(p.tender.main_procurement_category);
  r.tender_amount = p.tender.value.amount;
  r.tender_currency = take(p.tender.value.currency);
  return r;
}

}  // namespace

ProcessRows ProcessRowsOf(const ContractingProcess& process) { return RowsOf(process); }
ProcessRows ProcessRowsOf(ContractingProcess&& process) { return RowsOf(std::move(process)); }

std::string JoinRoles(const std::vector<std::string>& roles) {
  std::string out;
  for (const std::string& r : roles) {
    if (!out.empty()) out += ',';
    out += r;
  }
  return out;
}

}  // namespace clearbid
