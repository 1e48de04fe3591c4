#pragma once
// The store of exclusion lists: every import of a list file is a new list
// version (name, format, file SHA-256, import time from the injected Clock,
// entry and skipped-row counts) holding its entries. Older versions stay for
// audit: a match result names the version it used. The matcher loads the
// active entries of the latest version of each list ("latest": the highest
// version id of that name).
//
// An interface: SQLite is the embedded default (Open below, migration
// component "lists"); PostgreSQL implements it too
// (engine/store/pg/pg_list_evidence_stores.h). Both pass the same conformance
// suite (tests/engine/store/list_store_conformance.h). Text is compared
// byte-wise in both (ORDER BY name, entry id: binary order). One ListStore per
// connection; not thread-safe.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/clock.h"
#include "engine/base/result.h"
#include "engine/model/list_entry.h"
#include "engine/store/sqlite_db.h"

namespace clearbid {

/// What a list delta needs of an entry without reading the entry: its id,
/// its ListEntryDigest, and what decides whether it is active as of a date.
struct ListEntryStamp {
  std::string entry_id, digest, listed_until;
  bool active = true;
};

class ListStore {
 public:
  virtual ~ListStore() = default;

  /// The SQLite store on `db` (not owned; must outlive the store), applying
  /// the migrations of the "lists" component.
  static Result<std::unique_ptr<ListStore>> Open(Database* db);

  /// Stores `entries` as a new version of list `version.name` in one
  /// transaction (all or nothing). Uses version.name, format, file_sha256 and
  /// skipped_rows; sets id, imported_at (from `clock`) and entry_count in the
  /// returned copy. `skip_reasons` ("file:line: reason") are kept for audit.
  /// InvalidArgument for an empty name; AlreadyExists (nothing stored) when
  /// an entry id appears twice in the version. List-valued fields travel as
  /// JSON, whose invalid UTF-8 is replaced by U+FFFD (never an error).
  virtual Result<ListVersion> AddVersion(const ListVersion& version, const std::vector<ListEntry>& entries,
                                         const Clock& clock,
                                         const std::vector<std::string>& skip_reasons = {}) = 0;

  /// Every version, oldest first (by id).
  virtual Result<std::vector<ListVersion>> Versions() = 0;
  /// The latest version of each list name, by name.
  virtual Result<std::vector<ListVersion>> LatestVersions() = 0;
  /// Number of active entries of a version (as of `as_of`, see
  /// LoadActiveEntries); 0 for an unknown version.
  virtual Result<int64_t> ActiveCount(int64_t version_id, std::string_view as_of = "") = 0;
  /// Skip reasons recorded with a version; NotFound for an unknown version.
  virtual Result<std::vector<std::string>> SkipReasons(int64_t version_id) = 0;

  /// Active entries of the latest version of each list, in (version, source
  /// line, entry id) order, with list_version set. With `as_of`
  /// ("YYYY-MM-DD"), entries whose listed_until is before it are left out as
  /// well, so an exclusion that ended after the import stops matching.
  virtual Result<std::vector<ListEntry>> LoadActiveEntries(std::string_view as_of = "") = 0;
  /// Every entry of one version, active or not, in (source line, entry id)
  /// order; empty for an unknown version.
  virtual Result<std::vector<ListEntry>> LoadVersionEntries(int64_t version_id) = 0;
  /// Every entry of one version, active or not, handed to `fn` one at a
  /// time (it may move from the entry), in no promised order: the store's
  /// own, unsorted, for a caller that keeps few of them and orders what it
  /// keeps (a million-entry version is neither sorted nor held). An error
  /// from `fn` stops the walk and is returned. Nothing for an unknown version.
  virtual Status ForEachVersionEntry(int64_t version_id, const std::function<Status(ListEntry&)>& fn) = 0;
  /// Every entry of one version as its stamp, handed to `fn` one at a time
  /// in the store's order (as ForEachVersionEntry): the digest is the one
  /// stored at import, so no entry is decoded (an entry imported before
  /// digests were stored is read whole and digested). What a list delta
  /// compares two versions by.
  virtual Status ForEachVersionStamp(int64_t version_id, const std::function<Status(const ListEntryStamp&)>& fn) = 0;
  /// The entries of one version with the ids `entry_ids` (ids not in it are
  /// passed over), whole, with list_version set, in no promised order.
  virtual Result<std::vector<ListEntry>> LoadVersionEntriesById(int64_t version_id,
                                                                const std::vector<std::string>& entry_ids) = 0;
};

/// For ListStore implementations: hands `fn` the stamps of the entries
/// `entry_ids` of a version that have no stored digest (imported before
/// digests were stored, or with texts the store replaced), each read whole
/// (LoadVersionEntriesById) and digested.
Status StampWholeEntries(ListStore* store, int64_t version_id, const std::vector<std::string>& entry_ids,
                         const std::function<Status(const ListEntryStamp&)>& fn);
/// Entries without a stored digest a ForEachVersionStamp reads whole at a time.
inline constexpr size_t kWholeEntryBatch = 10'000;

}  // namespace clearbid
