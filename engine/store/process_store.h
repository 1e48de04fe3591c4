#pragma once
// The store of contracting processes: every release as received (minified
// JSON, with its digest and where it came from), the compiled state of each
// process, and the parties and items derived from it for queries. Idempotent:
// putting a release whose digest is already stored changes nothing.
// Not thread-safe: one ProcessStore per Database, used from one thread.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "engine/model/contracting_process.h"
#include "engine/store/sqlite_db.h"

namespace clearbid {

struct StoredRelease {
  std::string ocid;
  std::string release_id;
  std::string date;
  bool compiled = false;  // a publisher's compiledRelease from a record
  std::string digest;     // ContentHash of json
  std::string json;       // minified
  std::string source_file;
  int64_t source_line = 0;
};

enum class ReleaseChange { kUnchanged, kInserted, kUpdated };

struct StoreCounts {
  int64_t releases = 0;
  int64_t processes = 0;
  int64_t parties = 0;          // distinct organisations (by global key)
  int64_t process_parties = 0;  // party appearances in processes
  int64_t items = 0;
  int64_t source_files = 0;
};

class ProcessStore {
 public:
  /// Opens the store on `db` (not owned; must outlive the store), applying
  /// migrations of the "processes" component.
  static Result<std::unique_ptr<ProcessStore>> Open(Database* db);

  /// Stores a release version. kUnchanged when this (ocid, release id, digest)
  /// is stored already; kUpdated when another version of the release id is.
  /// `releases_before` (optional) receives how many releases the ocid had.
  Result<ReleaseChange> PutRelease(const StoredRelease& release, int64_t* releases_before = nullptr);
  /// Releases of one process in merge order: date, release id, then the order
  /// in which versions were first stored (a later version wins).
  Result<std::vector<StoredRelease>> ReleasesOf(std::string_view ocid);

  /// Stores the compiled state of a process. `compiled_json` is null when the
  /// process has a single release (its JSON is the state). Returns false when
  /// the stored state already had this digest (nothing written). `known_new`
  /// promises the process is not stored yet (skips the look-ups).
  Result<bool> PutProcess(const ContractingProcess& process, std::string_view digest, int64_t release_count,
                          const std::string* compiled_json, bool known_new = false);

  /// The JSON of the compiled state of a process (compiled, or its only release).
  Result<std::optional<std::string>> ProcessJson(std::string_view ocid);
  /// All ocids, sorted.
  Result<std::vector<std::string>> Ocids();
  /// Streams every process in ocid order with its state digest and the global
  /// keys of its parties (sorted); stops at the first error `fn` returns.
  Status ForEachProcess(
      const std::function<Status(const std::string& ocid, const std::string& digest,
                                 const std::vector<std::string>& party_keys)>& fn);

  /// Streams every distinct party (the `parties` table) in party_key order:
  /// its global key, name, identifier scheme and id, and country; stops at
  /// the first error `fn` returns.
  Status ForEachParty(const std::function<Status(const std::string& party_key, const std::string& name,
                                                 const std::string& scheme, const std::string& identifier,
                                                 const std::string& country)>& fn);

  Status RecordSourceFile(std::string_view sha256, std::string_view path, int64_t bytes);

  Result<StoreCounts> Counts();
  /// SHA-256 over every stored row in a fixed order: equal digests mean equal
  /// stores (used to prove that re-ingesting changes nothing).
  Result<std::string> ContentDigest();

 private:
  explicit ProcessStore(Database* db) : db_(db) {}
  Status Prepare();
  Database* db_;
  Statement get_release_digest_, insert_release_, releases_of_;
  Statement get_process_digest_, upsert_process_, delete_parties_, insert_process_party_, insert_party_;
  Statement delete_items_, insert_item_, process_json_, insert_source_file_;
};

}  // namespace clearbid
