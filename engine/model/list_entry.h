#pragma once
// An entry of an exclusion, debarment or sanctions list, and the list
// version it was imported in.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/organization.h"

namespace clearbid {

/// FollowTheMoney-like schema of a listed subject.
enum class EntitySchema : uint8_t { kUnknown, kOrganization, kCompany, kPerson, kVessel, kAircraft };

struct ListEntry {
  /// Stable id within its source ("WB-123", OFAC ent_num, UN DATAID, FtM id…).
  std::string entry_id;
  /// Source list: "worldbank", "ebrd", "ofac-sdn", "un-sc", "opensanctions", or a user name.
  std::string source;
  EntitySchema schema = EntitySchema::kUnknown;
  std::string name;
  std::vector<std::string> aliases;
  /// Low-quality aliases (UN "Low", FtM weakAlias): short or generic names a
  /// matcher should not alert on alone.
  std::vector<std::string> weak_aliases;
  /// ISO 3166-1 alpha-2 codes, upper case.
  std::vector<std::string> countries;
  std::vector<Identifier> identifiers;
  std::vector<Address> addresses;
  /// ISO dates (YYYY-MM-DD) or empty; "Ongoing"/"Permanent" give an empty listed_until.
  std::string listed_from;
  std::string listed_until;
  /// False when the exclusion has ended (the entry is kept, marked inactive).
  bool active = true;
  /// Grounds / programme / prohibited practice, as published.
  std::string reason;
  /// Dates of birth of a person: "YYYY-MM-DD", "YYYY-MM", "YYYY", or a range "YYYY/YYYY".
  std::vector<std::string> birth_dates;
  /// Other published remarks (additional firm info, comments), free text.
  std::string notes;
  /// Data line or record number in the source file, for evidence.
  int64_t source_line = 0;
  /// Id of the stored ListVersion this entry was loaded from; 0 before it is stored.
  int64_t list_version = 0;
};

/// "person", "company", "organization", "vessel", "aircraft" or "unknown".
std::string_view EntitySchemaName(EntitySchema schema);
/// Inverse of EntitySchemaName; kUnknown for anything else.
EntitySchema ParseEntitySchema(std::string_view name);

/// ContentHash of what an entry says (id, source, schema, names, aliases,
/// countries, identifiers, addresses, dates, active, reason, birth dates,
/// notes), not of where it was read (source_line, list_version): unchanged
/// when a new list version repeats the entry, changed when any of it changes.
std::string ListEntryDigest(const ListEntry& entry);
/// A digest of what screening a name against the entry reads: all of it but
/// its id, dates (listed from / until), reason and notes. Two entries with
/// the same match digest score every name alike: an entry re-issued under a
/// new id, or amended in those fields only, changes no name's matches but
/// in the entry they cite (engine/screening/list_delta.h).
std::string ListEntryMatchDigest(const ListEntry& entry);

/// One import of one list file.
struct ListVersion {
  int64_t id = 0;
  std::string name;    // list name, e.g. "worldbank"
  std::string format;  // connector used
  std::string file_sha256;
  std::string imported_at;  // ISO 8601 UTC from the injected clock
  int64_t entry_count = 0;
  int64_t skipped_rows = 0;
};

}  // namespace clearbid
