#include "engine/model/disclosure.h"

#include <algorithm>
#include <array>
#include <utility>

namespace clearbid {
namespace {

template <typename E, size_t N>
std::optional<E> Lookup(const std::array<std::pair<std::string_view, E>, N>& table, std::string_view code) {
  for (const auto& [name, value] : table) {
    if (name == code) return value;
  }
  return std::nullopt;
}

template <typename E, size_t N>
std::string_view Name(const std::array<std::pair<std::string_view, E>, N>& table, E value) {
  for (const auto& [name, v] : table) {
    if (v == value) return name;
  }
  return "";
}

constexpr std::array<std::pair<std::string_view, CostBearer>, 4> kBearers = {{
    {"employer", CostBearer::kEmployer},
    {"worker", CostBearer::kWorker},
    {"shared", CostBearer::kShared},
    {"none_charged", CostBearer::kNoneCharged},
}};

constexpr std::array<std::pair<std::string_view, ChainRole>, 3> kChainRoles = {{
    {"subcontractor", ChainRole::kSubcontractor},
    {"supplier", ChainRole::kSupplier},
    {"site", ChainRole::kSite},
}};

constexpr std::array<std::pair<std::string_view, CapStatus>, 3> kCapStatuses = {{
    {"open", CapStatus::kOpen},
    {"in_progress", CapStatus::kInProgress},
    {"closed", CapStatus::kClosed},
}};

}  // namespace

std::string_view CostBearerCode(CostBearer b) { return Name(kBearers, b); }
std::optional<CostBearer> ParseCostBearer(std::string_view code) { return Lookup(kBearers, code); }
std::string_view ChainRoleCode(ChainRole r) { return Name(kChainRoles, r); }
std::optional<ChainRole> ParseChainRole(std::string_view code) { return Lookup(kChainRoles, code); }
std::string_view CapStatusCode(CapStatus s) { return Name(kCapStatuses, s); }
std::optional<CapStatus> ParseCapStatus(std::string_view code) { return Lookup(kCapStatuses, code); }

const SupplyChainEntry* SupplierDisclosure::FindEntry(std::string_view ref) const {
  for (const auto& e : supply_chain.entries) {
    if (e.ref == ref) return &e;
  }
  return nullptr;
}

int64_t SupplierDisclosure::MaxTier() const {
  int64_t max_tier = 0;
  for (const auto& e : supply_chain.entries) {
    if (e.tier) max_tier = std::max(max_tier, *e.tier);
  }
  return max_tier;
}

}  // namespace clearbid
