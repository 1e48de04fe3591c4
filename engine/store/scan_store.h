#pragma once
// Scans: the nightly batch runs. A scan has a work list (one item per
// contracting process, with the fingerprint of the inputs it was assessed
// from) and the store keeps the latest assessment of every process, so a
// scan can be resumed after a crash and an incremental scan can reuse what
// did not change. Migration component "scans".
//
// An interface: SQLite is the embedded default (Open(), OpenSqliteScanStore);
// PostgreSQL (engine/store/pg/pg_scan_flag_stores.h) passes the same
// conformance suite (tests/engine/store/scan_store_conformance.h). One
// ScanStore per connection; not thread-safe. Several stores (threads,
// processes, hosts) may share one database: scan workers split a scan's items
// between them with ClaimItems(), which never hands one item to two workers
// whose leases overlap.

#include <cstddef>
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "engine/base/result.h"
#include "engine/store/sqlite_db.h"

namespace clearbid {

struct ScanRecord {
  std::string scan_id;
  int64_t sequence = 0;
  std::string as_of;
  std::string mode;  // "full" or "incremental"
  std::string pack_version;
  std::string lists_fingerprint;
  std::string out_dir;
  std::string status;  // "running" or "complete"
  int64_t processes = 0;
  int64_t assessed = 0;  // evaluated by this scan
  int64_t reused = 0;    // unchanged since the previous assessment
  /// Unchanged processes the scan carried over when it was created, without
  /// an item each (their files are the previous scan's, linked before the
  /// scan was recorded), by band [low, medium, high, critical]
  /// (RecordCarriedOver). Its processes are its items and these.
  std::array<int64_t, 4> carried_over{0, 0, 0, 0};
  /// The ids of the list versions the scan screened against, ascending,
  /// space-separated ("" when it had no lists, or for a scan recorded before
  /// they were kept): what the next scan's list delta starts from.
  std::string list_versions;
};

/// What an incremental scan compares of a stored assessment, without reading it.
struct StoredFingerprint {
  std::string fingerprint;
  std::string band;
};

/// The stored assessments' fingerprints, for a caller that asks for ocids in
/// ascending byte order (an incremental scan's pass over every process, in
/// ProcessStore::ForEachProcess order). Find(ocid) answers what
/// ScanStore::AssessmentFingerprint(ocid) does, in any order; in ascending
/// order a store may answer from one forward walk of its assessments
/// instead of a lookup per ocid. A walk reads the assessments as they were
/// when it began; the caller writes none of them while it lasts.
class FingerprintWalk {
 public:
  virtual ~FingerprintWalk() = default;
  virtual Result<std::optional<StoredFingerprint>> Find(const std::string& ocid) = 0;
};

enum class ItemState : int { kPending = 0, kDone = 1, kReuse = 2 };

struct ScanItem {
  std::string ocid;
  std::string fingerprint;
  ItemState state = ItemState::kPending;
};

struct StoredAssessment {
  std::string ocid;
  std::string fingerprint;
  std::string scan_id;
  std::string band;
  double score = 0;
  std::string json;
  /// The memo keys (CachingListScreener::Key) of the screenings the
  /// assessment used, sorted, space-separated: which processes a change in
  /// a name's screening concerns (AssessmentsUsing). nullopt: not known
  /// (AssessmentsUsing() then always returns the process). Written by
  /// PutAssessment(); GetAssessment() leaves it nullopt.
  std::optional<std::string> screening_keys = std::nullopt;
};

/// Bounds of ClaimItems() arguments, the same for every implementation.
inline constexpr size_t kMaxClaimItems = 100'000;
/// The largest stored assessment a store reads back (a bound against damaged data).
inline constexpr size_t kMaxStoredAssessment = 256u << 20;
inline constexpr size_t kMaxWorkerName = 200;
inline constexpr int64_t kMaxLeaseSeconds = 7 * 24 * 3600;

class ScanStore {
 public:
  virtual ~ScanStore() = default;

  /// The SQLite store on `db` (not owned; must outlive the store), applying
  /// the "scans" migrations. The same as OpenSqliteScanStore(db).
  static Result<std::unique_ptr<ScanStore>> Open(Database* db);

  /// The scan left running by a crash, if any (the newest one).
  virtual Result<std::optional<ScanRecord>> RunningScan() = 0;
  /// The latest complete scan (highest sequence), if any.
  virtual Result<std::optional<ScanRecord>> LatestCompleteScan() = 0;
  virtual Result<std::optional<ScanRecord>> GetScan(const std::string& scan_id) = 0;
  /// Creates a running scan from `spec` (as_of, mode, pack_version,
  /// lists_fingerprint, list_versions, processes, out_dir); its id is `as_of`, or
  /// `as_of-N` (N = 2, 3, ...) when taken; its sequence is one above the
  /// highest; its out_dir is `spec.out_dir + "/" + id`. InvalidArgument when
  /// spec.out_dir is empty. Two stores creating a scan at the same moment may
  /// see AlreadyExists: the caller tries again.
  virtual Result<ScanRecord> CreateScan(const ScanRecord& spec) = 0;
  /// Records the processes a running scan carried over without items, by
  /// band (ScanRecord::carried_over), replacing what was recorded: written in
  /// the transaction that creates the scan, with its items.
  virtual Status RecordCarriedOver(const std::string& scan_id, const std::array<int64_t, 4>& bands) = 0;
  /// Adds items to the work list; an item whose ocid is already there
  /// replaces it (fingerprint, state; any claim on it is dropped).
  virtual Status AddItems(const std::string& scan_id, const std::vector<ScanItem>& items) = 0;
  /// Up to `limit` items not done (pending or reuse), in ocid order (byte
  /// order), with ocid after `after_ocid`. Claims are ignored.
  virtual Result<std::vector<ScanItem>> PendingItems(const std::string& scan_id, const std::string& after_ocid,
                                                     size_t limit) = 0;
  /// Marks one item done: it is never pending nor claimable again. Not an
  /// error when there is no such item. `band` is the band of the process's
  /// assessment by this scan (0 low .. 3 critical), or -1 when the scan
  /// reused the stored assessment (whose band BandCounts() then reads).
  virtual Status MarkDone(const std::string& scan_id, const std::string& ocid, int band) = 0;
  /// Items of the scan by band [low, medium, high, critical, unknown]: the
  /// band MarkDone() recorded, else that of the stored assessment of the
  /// item's ocid; unknown for an item with neither. What a scan's summary
  /// counts without reading its files.
  virtual Result<std::array<int64_t, 5>> BandCounts(const std::string& scan_id) = 0;
  /// The ocids, in byte order, of the scan's items MarkDone() recorded with
  /// a band of at least `min_band` (the processes this scan assessed there).
  virtual Result<std::vector<std::string>> ItemsAtOrAbove(const std::string& scan_id, int min_band) = 0;
  /// Stores (or replaces) the latest assessment of `a.ocid`.
  virtual Status PutAssessment(const StoredAssessment& a) = 0;
  virtual Result<std::optional<StoredAssessment>> GetAssessment(const std::string& ocid) = 0;
  /// The ocids, in byte order, of the stored assessments whose screening
  /// keys include one of `keys`, and of those stored without a record of
  /// their screenings (screening_keys nullopt, or by an earlier version): the processes to assess again
  /// when the answers of the screenings `keys` change.
  virtual Result<std::vector<std::string>> AssessmentsUsing(const std::unordered_set<std::string>& keys) = 0;
  /// The fingerprint and band of the stored assessment of `ocid`, if any:
  /// what an incremental scan compares, without reading the assessment itself.
  virtual Result<std::optional<StoredFingerprint>> AssessmentFingerprint(const std::string& ocid) = 0;
  /// A FingerprintWalk, to be destroyed before the store. Default: one
  /// AssessmentFingerprint() per Find().
  virtual Result<std::unique_ptr<FingerprintWalk>> WalkFingerprints();
  /// How many stored (latest) assessments carry `scan_id`: the processes that
  /// scan evaluated and no later one replaced.
  virtual Result<int64_t> CountAssessments(const std::string& scan_id) = 0;
  /// Keeps the rule catalogue (engine/rules/rule_catalogue.h, its JSON) of
  /// `pack_version` ("id@version"): what completes the compact assessments
  /// that pack version made. Replaces a stored one of the same version (a
  /// pack whose texts change takes a new version).
  virtual Status PutRuleCatalogue(const std::string& pack_version, const std::string& json) = 0;
  virtual Result<std::optional<std::string>> GetRuleCatalogue(const std::string& pack_version) = 0;
  /// The screening memo of scans: the list matches (ListMatchesToJson) of
  /// each screened name, by memo key (a digest of CachingListScreener::Key),
  /// under one screener fingerprint (ListScreener::Fingerprint()), so that a
  /// scan against the same lists screens only the names no scan has seen.
  /// Replaces the matches of a key already stored.
  virtual Status PutScreenings(const std::string& fingerprint,
                               const std::vector<std::pair<std::string, std::string>>& screenings) = 0;
  /// Calls `fn(key, matches)` for every screening of `fingerprint`, in key
  /// order. The screenings are read a page at a time, with no statement
  /// open while `fn` runs: `fn` may change the memo (PutScreenings,
  /// DropScreenings) on the same connection, and a key it adds or replaces
  /// after the one it was called with is read as changed.
  virtual Status ForEachScreening(
      const std::string& fingerprint,
      const std::function<Status(const std::string& key, const std::string& matches)>& fn) = 0;
  /// The matches stored for `key` under `fingerprint`, if any: what a scan
  /// that needs few of a large memo's screenings (an incremental scan) asks
  /// for each name instead of reading them all.
  virtual Result<std::optional<std::string>> GetScreening(const std::string& fingerprint, const std::string& key) = 0;
  /// Drops the screenings `keys` of `fingerprint` (keys not stored are ignored).
  virtual Status DropScreenings(const std::string& fingerprint, const std::vector<std::string>& keys) = 0;
  /// The screenings of `from` become those of `to`, without a row being
  /// rewritten (the memo's rows name a memo, not a fingerprint): what a
  /// change of the lists does once the screenings that changed are
  /// rewritten under `from`. The screenings stored under `to` before are
  /// dropped. Nothing changes when `from` equals `to`, or when nothing was
  /// put under `from` since DropScreeningsExcept() last dropped it.
  virtual Status MoveScreenings(const std::string& from, const std::string& to) = 0;
  /// Drops the screenings of every fingerprint but `fingerprint`.
  virtual Status DropScreeningsExcept(const std::string& fingerprint) = 0;
  /// Marks the scan complete with its counts.
  virtual Status FinishScan(const std::string& scan_id, int64_t assessed, int64_t reused) = 0;
  /// Items of the scan, all of them or those in `state`.
  virtual Result<int64_t> CountItems(const std::string& scan_id, std::optional<ItemState> state) = 0;

  /// Work distribution between scan workers. Atomically claims up to `limit`
  /// items of the scan that are not done (pending or reuse) and that are
  /// either unclaimed or whose lease expired before `now` (lease end < now),
  /// taking the lowest ocids (byte order) among them, and marks them claimed
  /// by `worker` until now + lease_seconds; returns them in ocid order. An
  /// item is never handed to two claims whose leases overlap, whichever
  /// connection, process or host they come from; a worker's own unexpired
  /// claims are not handed back to it. Empty when nothing is claimable.
  /// InvalidArgument (nothing claimed) for an empty worker or one over
  /// kMaxWorkerName bytes, `limit` above kMaxClaimItems, a negative `now`,
  /// or `lease_seconds` outside 1..kMaxLeaseSeconds. Runs in a transaction
  /// of its own: not inside one the caller holds on the same connection.
  virtual Result<std::vector<ScanItem>> ClaimItems(const std::string& scan_id, const std::string& worker,
                                                   size_t limit, int64_t now, int64_t lease_seconds) = 0;
  /// Drops the claims of `worker` on the scan's items that are not done, so
  /// that other workers may take them at once. InvalidArgument for an empty
  /// worker name.
  virtual Status ReleaseClaims(const std::string& scan_id, const std::string& worker) = 0;
};

/// The SQLite store on `db` (not owned; must outlive the store), applying the
/// "scans" migrations.
Result<std::unique_ptr<ScanStore>> OpenSqliteScanStore(Database* db);

/// The argument checks of ClaimItems(), shared by the implementations.
Status CheckClaimRequest(const std::string& worker, size_t limit, int64_t now, int64_t lease_seconds);

/// The candidate id of the n-th attempt (n from 1) at naming a scan of
/// `as_of` (CreateScan()): `as_of`, then `as_of-2`, ...
std::string ScanIdCandidate(const std::string& as_of, int n);

}  // namespace clearbid
