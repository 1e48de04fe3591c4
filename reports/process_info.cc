#include "reports/process_info.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

namespace clearbid::reports {

std::string SectorOf(const std::string& scheme, const std::string& code) {
  std::string s;
  for (char ch : scheme) s.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
  if (s != "CPV" && s != "UNSPSC") return {};
  if (code.size() < 2 || !std::isdigit(static_cast<unsigned char>(code[0])) ||
      !std::isdigit(static_cast<unsigned char>(code[1]))) {
    return {};
  }
  return s + " " + code.substr(0, 2);
}

ProcessInfo DescribeProcess(const ContractingProcess& process) {
  ProcessInfo info;
  info.title = process.tender.title;
  info.buyer = process.buyer.name;
  info.buyer_id = process.buyer.id;
  if (info.buyer.empty() && !process.buyer.id.empty()) {
    if (const Party* p = process.FindParty(process.buyer.id)) info.buyer = p->name;
  }
  if (info.buyer.empty()) {
    info.buyer = process.tender.procuring_entity.name;
    if (info.buyer_id.empty()) info.buyer_id = process.tender.procuring_entity.id;
  }
  info.procurement_method = process.tender.procurement_method;
  info.date = process.date;
  auto take_value = [&info](const Value& v, const char* source) {
    if (info.amount || !v.amount) return;
    info.amount = v.amount;
    info.currency = v.currency;
    info.value_source = source;
  };
  for (const Contract& c : process.contracts) take_value(c.value, "contract");
  for (const Award& a : process.awards) take_value(a.value, "award");
  take_value(process.tender.value, "tender");

  std::set<std::tuple<std::string, std::string, std::string>> seen;
  std::set<std::string> sectors;
  auto add_items = [&](const std::vector<Item>& items) {
    for (const Item& item : items) {
      for (const Classification* c : [&item] {
             std::vector<const Classification*> all = {&item.classification};
             for (const Classification& ac : item.additional_classifications) all.push_back(&ac);
             return all;
           }()) {
        std::string sector = SectorOf(c->scheme, c->id);
        if (!sector.empty()) sectors.insert(sector);
      }
      if (info.items.size() >= kMaxItems) continue;
      auto key = std::make_tuple(item.description, item.classification.scheme, item.classification.id);
      if (!seen.insert(key).second) continue;
      info.items.push_back({item.description, item.classification.scheme, item.classification.id,
                            SectorOf(item.classification.scheme, item.classification.id)});
    }
  };
  add_items(process.tender.items);
  for (const Award& a : process.awards) add_items(a.items);
  for (const Contract& c : process.contracts) add_items(c.items);
  info.sectors.assign(sectors.begin(), sectors.end());
  return info;
}

}  // namespace clearbid::reports
