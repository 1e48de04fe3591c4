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

#include "engine/base/result.h"
#include "engine/model/contracting_process.h"

namespace clearbid {

/// XXH3-128 of a party key: callers that remember many keys (the
/// ingester's cache of stored parties) keep these instead, and take equal
/// hashes for equal keys, as the store takes equal ContentHash for equal
/// releases.
struct PartyKeyHash {
  uint64_t high = 0, low = 0;
  bool operator==(const PartyKeyHash&) const = default;
};
PartyKeyHash HashPartyKey(std::string_view key);

/// A set of PartyKeyHash values in one flat table (open addressing, linear
/// probing on the low 64 bits, which XXH3 makes uniform): a look-up touches
/// one or two cache lines and no node, and clearing or destroying it frees
/// one block. For the ingester's cache of stored parties (hundreds of
/// thousands of keys, a look-up for each party appearance).
class PartyKeyHashSet {
 public:
  /// Adds `h`; true when it was not in the set.
  bool Insert(const PartyKeyHash& h);
  bool Contains(const PartyKeyHash& h) const;
  size_t size() const { return size_; }
  /// Removes every value (keeps the table's memory).
  void Clear();

 private:
  // The all-zero hash marks an empty slot; the value itself is kept aside.
  static bool IsEmptySlot(const PartyKeyHash& h) { return h.high == 0 && h.low == 0; }
  size_t Slot(const PartyKeyHash& h) const;  // its slot, or the empty slot where it would go
  void Grow();
  std::vector<PartyKeyHash> slots_;  // size a power of two, at most half full
  size_t size_ = 0;
  bool has_zero_ = false;
};

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
    PartyKeyHash key_hash;   // HashPartyKey(party_key)
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

  /// The party appearances and items packed as a store may keep them, one
  /// value per process (PackParties, PackItems of the rows above), made with
  /// the rows on whichever thread made them. Empty: not packed (a store that
  /// wants them packs them itself).
  std::string packed_parties;
  std::string packed_items;
  int64_t packed_party_count = 0;  // appearances in packed_parties
};

/// The rows of `process` (copies; `process` may be destroyed after).
ProcessRows ProcessRowsOf(const ContractingProcess& process);
/// The same, taking the strings out of `process` (left valid but unspecified).
ProcessRows ProcessRowsOf(ContractingProcess&& process);

/// The party appearances of `rows` as one JSON array, one element per party
/// id (the first party with that id, as a table keyed by (ocid, party_id)
/// keeps), in party id order (bytes): [party_id, party_key, name, roles,
/// tier, country]. Text is copied byte for byte ('"', '\\' and control
/// characters escaped; bytes above 0x7F as they are, valid UTF-8 or not).
/// `count` (optional) receives the number of elements.
std::string PackParties(const ProcessRows& rows, int64_t* count = nullptr);
/// The items of `rows` as one JSON array in item order (seq is the index):
/// [stage, scheme, code, description], escaped as PackParties does.
std::string PackItems(const ProcessRows& rows);
/// Fills rows->packed_parties, packed_party_count and packed_items.
void Pack(ProcessRows* rows);

/// One element of a packed array: its fields, strings decoded (integers as
/// their decimal text).
using PackedRow = std::vector<std::string>;
/// The elements of an array PackParties or PackItems made (any JSON array
/// of arrays of strings and integers). Corruption when it is not one.
Result<std::vector<PackedRow>> UnpackRows(std::string_view packed);
/// Appends field `field` (0-based) of every element of `packed` to `out`.
/// Corruption when `packed` is not such an array or an element lacks it.
Status UnpackField(std::string_view packed, size_t field, std::vector<std::string>* out);

/// Role codes joined with ',' (the process_parties.roles column).
std::string JoinRoles(const std::vector<std::string>& roles);

}  // namespace clearbid
