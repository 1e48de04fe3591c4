#pragma once
// The store of exclusion lists: every import of a list file is a new list
// version (name, format, file SHA-256, import time from the injected Clock,
// entry and skipped-row counts) holding its entries. Older versions stay for
// audit: a match result names the version it used. The matcher loads the
// active entries of the latest version of each list. Migration component
// "lists". Not thread-safe: one ListStore per Database.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/clock.h"
#include "engine/base/result.h"
#include "engine/model/list_entry.h"
#include "engine/store/sqlite_db.h"

namespace clearbid {

class ListStore {
 public:
  /// Opens the store on `db` (not owned; must outlive the store), applying
  /// the migrations of the "lists" component.
  static Result<std::unique_ptr<ListStore>> Open(Database* db);

  /// Stores `entries` as a new version of list `version.name` in one
  /// transaction (all or nothing). Uses version.name, format, file_sha256 and
  /// skipped_rows; sets id, imported_at (from `clock`) and entry_count in the
  /// returned copy. `skip_reasons` ("file:line: reason") are kept for audit.
  /// Entry ids must be unique within the version.
  Result<ListVersion> AddVersion(const ListVersion& version, const std::vector<ListEntry>& entries,
                                 const Clock& clock, const std::vector<std::string>& skip_reasons = {});

  /// Every version, oldest first.
  Result<std::vector<ListVersion>> Versions();
  /// The latest version of each list name, by name.
  Result<std::vector<ListVersion>> LatestVersions();
  /// Number of active entries of a version (as of `as_of`, see LoadActiveEntries).
  Result<int64_t> ActiveCount(int64_t version_id, std::string_view as_of = "");
  /// Skip reasons recorded with a version.
  Result<std::vector<std::string>> SkipReasons(int64_t version_id);

  /// Active entries of the latest version of each list, in (version, source
  /// line, entry id) order, with list_version set. With `as_of`
  /// ("YYYY-MM-DD"), entries whose listed_until is before it are left out as
  /// well, so an exclusion that ended after the import stops matching.
  Result<std::vector<ListEntry>> LoadActiveEntries(std::string_view as_of = "");
  /// Every entry of one version, active or not, in source order.
  Result<std::vector<ListEntry>> LoadVersionEntries(int64_t version_id);

 private:
  explicit ListStore(Database* db) : db_(db) {}
  Result<std::vector<ListEntry>> ReadEntries(Statement& query);
  Database* db_;
};

}  // namespace clearbid
