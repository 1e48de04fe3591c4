#pragma once
// The store of contracting processes: every release as received (minified
// JSON, with its digest and where it came from), the compiled state of each
// process, and the parties and items derived from it for queries. Idempotent:
// putting a release whose digest is already stored changes nothing.
//
// An interface: SQLite is the embedded default (Open(),
// OpenSqliteProcessStore); PostgreSQL (engine/store/pg/pg_process_store.h)
// passes the same conformance suite
// (tests/engine/store/process_store_conformance.h). One store per
// connection; not thread-safe.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "engine/model/contracting_process.h"
#include "engine/store/process_rows.h"
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
  virtual ~ProcessStore() = default;

  /// The SQLite store on `db` (not owned; must outlive the store), applying
  /// migrations of the "processes" component. The same as
  /// OpenSqliteProcessStore(db).
  static Result<std::unique_ptr<ProcessStore>> Open(Database* db);

  /// Stores a release version. kUnchanged when this (ocid, release id, digest)
  /// is stored already; kUpdated when another version of the release id is.
  /// `releases_before` (optional) receives how many releases the ocid had.
  virtual Result<ReleaseChange> PutRelease(const StoredRelease& release, int64_t* releases_before = nullptr) = 0;
  /// Releases of one process in merge order: date, release id (byte order),
  /// then the order in which versions were first stored (a later version wins).
  virtual Result<std::vector<StoredRelease>> ReleasesOf(std::string_view ocid) = 0;

  /// Stores the compiled state of a process, as its derived rows
  /// (ProcessRowsOf). `compiled_json` is null when the process has a single
  /// release (its JSON is the state). Returns false when the stored state
  /// already had this digest (nothing written). `known_new` promises the
  /// process is not stored yet (skips the look-ups).
  virtual Result<bool> PutProcessRows(const ProcessRows& rows, std::string_view digest, int64_t release_count,
                                      const std::string* compiled_json, bool known_new = false) = 0;
  /// A process for PutNewProcesses: its rows (not owned) and state digest.
  struct NewProcess {
    const ProcessRows* rows = nullptr;
    std::string_view digest;
  };
  /// Stores processes of one release each that have no stored row (each as
  /// PutProcessRows(*p.rows, p.digest, 1, nullptr, true) would: the same
  /// rows, written in the same order; every one is written), in fewer
  /// statements where a store can (SQLite: many rows per INSERT, so that
  /// what running a statement costs is shared). Stops at the first error.
  /// Default: PutProcessRows for each.
  virtual Status PutNewProcesses(std::span<const NewProcess> processes) {
    for (const NewProcess& p : processes) {
      Result<bool> written = PutProcessRows(*p.rows, p.digest, 1, nullptr, true);
      if (!written.ok()) return written.status();
    }
    return Status::Ok();
  }
  /// PutProcessRows(ProcessRowsOf(process), ...).
  Result<bool> PutProcess(const ContractingProcess& process, std::string_view digest, int64_t release_count,
                          const std::string* compiled_json, bool known_new = false) {
    return PutProcessRows(ProcessRowsOf(process), digest, release_count, compiled_json, known_new);
  }

  /// The JSON of the compiled state of a process (compiled, or its only release).
  virtual Result<std::optional<std::string>> ProcessJson(std::string_view ocid) = 0;
  /// All ocids, sorted (byte order).
  virtual Result<std::vector<std::string>> Ocids() = 0;
  /// Streams every process in ocid order (byte order) with its state digest
  /// and the global keys of its parties (sorted, byte order); stops at the
  /// first error `fn` returns.
  virtual Status ForEachProcess(
      const std::function<Status(const std::string& ocid, const std::string& digest,
                                 const std::vector<std::string>& party_keys)>& fn) = 0;

  /// Streams every distinct party (the `parties` table) in party_key order
  /// (byte order): its global key, name, identifier scheme and id, and
  /// country; stops at the first error `fn` returns.
  virtual Status ForEachParty(const std::function<Status(const std::string& party_key, const std::string& name,
                                                         const std::string& scheme, const std::string& identifier,
                                                         const std::string& country)>& fn) = 0;

  /// Bulk loading (an ingest): between BeginBulkLoad and EndBulkLoad a store
  /// may keep new `parties` rows aside and add them to the table at the end,
  /// in key order, when inserting them one by one at random places of its
  /// index would cost more (SQLite: every transaction would write most of
  /// the table's pages again). Reads (ForEachParty, Counts, ContentDigest)
  /// see the rows kept aside as the table will have them, and the first row
  /// of a key is kept all the same. BeginBulkLoad first adds any rows a bulk
  /// load that did not end left aside. Each runs inside the caller's
  /// transaction, like every write. Default: nothing to do.
  virtual Status BeginBulkLoad() { return Status::Ok(); }
  virtual Status EndBulkLoad() { return Status::Ok(); }

  /// Records an input file (by its SHA-256); a digest already recorded keeps
  /// its first path.
  virtual Status RecordSourceFile(std::string_view sha256, std::string_view path, int64_t bytes) = 0;

  virtual Result<StoreCounts> Counts() = 0;
  /// Whether any release is stored (a look-up, not a count): a store without
  /// one is a first load's, which `clearbid ingest` writes through a rollback
  /// journal (SQLite; cli/ingest_command.cc).
  virtual Result<bool> HasReleases() = 0;
  /// SHA-256 over every stored row in a fixed order: equal digests mean equal
  /// stores (used to prove that re-ingesting changes nothing). The same
  /// contents give the same digest in every implementation.
  virtual Result<std::string> ContentDigest() = 0;
};

/// The SQLite store on `db` (not owned; must outlive the store), applying the
/// "processes" migrations. Not thread-safe: one store per Database, used from
/// one thread; writes run inside the caller's transaction when one is open.
Result<std::unique_ptr<ProcessStore>> OpenSqliteProcessStore(Database* db);

}  // namespace clearbid
