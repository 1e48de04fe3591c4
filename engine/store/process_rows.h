#pragma once
// The rows a process store derives from one contracting process (the
// `processes` row, its parties and party appearances, its items), computed
// from the model once, on any thread, so that a store's writer only binds
// them. Both stores write exactly these rows; their ContentDigest sees them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/contracting_process.h"

namespace clearbid {

struct ProcessRows {
  struct PartyRow {
    std::string party_id;    // the id within the release
    std::string party_key;   // Party::GlobalKey()
    std::string name;
    std::string scheme;      // identifier scheme
    std::string identifier;  // identifier id
    std::string roles;       // comma-separated, as published (JoinRoles)
    std::string country;
    int64_t tier = -1;
    /// Set by a caller that knows a `parties` row with this key is stored
    /// already (committed, or written earlier in the open transaction): the
    /// store then skips that row, which it would ignore anyway (the first row
    /// of a key is kept). The process_parties row is written either way.
    bool known = false;
  };
  struct ItemRow {
    std::string_view stage;  // "tender", "award" or "contract" (static text)
    std::string scheme;
    std::string code;
    std::string description;
  };

  std::string ocid;
  std::string date;
  std::string ocds_version;
  std::string buyer_name;
  std::string procurement_method;
  std::string main_category;
  std::optional<double> tender_amount;
  std::string tender_currency;
  int64_t n_parties = 0;
  int64_t n_items = 0;
  int64_t n_bids = 0;
  int64_t n_awards = 0;
  std::vector<PartyRow> parties;  // in the process's party order
  std::vector<ItemRow> items;     // tender, then award, then contract items; seq is the index
};

/// The rows of `process` (copies; `process` may be destroyed after).
ProcessRows ProcessRowsOf(const ContractingProcess& process);
/// The same, taking the strings out of `process` (left valid but unspecified).
ProcessRows ProcessRowsOf(ContractingProcess&& process);

/// Role codes joined with ',' (the process_parties.roles column).
std::string JoinRoles(const std::vector<std::string>& roles);

}  // namespace clearbid
