#pragma once
// The list-valued fields of a ListEntry as the JSON texts every ListStore
// (SQLite, PostgreSQL) keeps in its entry rows, and the skip reasons of a
// version: one encoding for all backends, so that they cannot drift apart.
// Encoding never fails: invalid UTF-8 is replaced by U+FFFD.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "engine/base/status.h"
#include "engine/model/list_entry.h"

namespace clearbid {

/// Compact JSON arrays: strings for aliases, weak_aliases, countries and
/// birth_dates; {scheme, id[, legal_name]} objects for identifiers; address
/// objects (empty fields left out) for addresses.
struct ListEntryJson {
  std::string aliases, weak_aliases, countries, identifiers, addresses, birth_dates;
};

ListEntryJson EncodeListEntryJson(const ListEntry& entry);

/// The stored texts of one entry row, as ListEntryJson.
struct ListEntryJsonView {
  std::string_view aliases, weak_aliases, countries, identifiers, addresses, birth_dates;
};

/// Sets the list-valued fields of `entry` (whose entry_id names it in
/// messages) from the stored texts. Corruption when a text is not a JSON
/// array; elements of the wrong type are skipped.
Status DecodeListEntryJson(const ListEntryJsonView& text, ListEntry* entry);

/// The digest a store keeps with an entry row: ListEntryDigest(entry) when
/// the entry reads back as it is (every text valid UTF-8 without NUL bytes,
/// the common case); nullopt otherwise, since the store then keeps texts
/// with replacement characters, whose digest the reader computes from what
/// it reads.
std::optional<std::string> StoredEntryDigest(const ListEntry& entry);

/// A JSON array of strings (skip reasons).
std::string StringsToJson(const std::vector<std::string>& values);
/// The strings of a JSON array written by StringsToJson; Corruption (naming
/// `what`) when it is not an array.
Result<std::vector<std::string>> StringsFromJson(std::string_view text, std::string_view what);

}  // namespace clearbid
