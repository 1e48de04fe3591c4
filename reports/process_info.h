#pragma once
// What a report says about the contracting process itself (title, buyer,
// value, items, sectors), taken from the compiled OCDS state when it is
// available.

#include <optional>
#include <string>
#include <vector>

#include "engine/model/contracting_process.h"

namespace clearbid::reports {

struct ItemInfo {
  std::string description;
  std::string scheme;  // "CPV", "UNSPSC", … as published
  std::string code;
  std::string sector;  // SectorOf(scheme, code), may be empty
};

struct ProcessInfo {
  std::string title;
  std::string buyer;     // name
  std::string buyer_id;  // OCDS party id
  std::optional<double> amount;
  std::string currency;
  std::string value_source;  // "contract", "award" or "tender"
  std::string procurement_method;
  std::string date;
  std::vector<ItemInfo> items;       // tender, award and contract items, de-duplicated, at most kMaxItems
  std::vector<std::string> sectors;  // distinct, sorted
};

inline constexpr size_t kMaxItems = 100;

/// "CPV 18" (CPV division: the first two digits) or "UNSPSC 43" (segment:
/// the first two digits); empty for other schemes or malformed codes.
std::string SectorOf(const std::string& scheme, const std::string& code);

ProcessInfo DescribeProcess(const ContractingProcess& process);

}  // namespace clearbid::reports
