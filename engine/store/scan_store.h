#pragma once
// Scans: the nightly batch runs. A scan has a work list (one item per
// contracting process, with the fingerprint of the inputs it was assessed
// from) and the store keeps the latest assessment of every process, so a
// scan can be resumed after a crash and an incremental scan can reuse what
// did not change. Not thread-safe: one ScanStore per Database.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
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
};

class ScanStore {
 public:
  static Result<std::unique_ptr<ScanStore>> Open(Database* db);

  /// The scan left running by a crash, if any.
  Result<std::optional<ScanRecord>> RunningScan();
  /// The latest complete scan, if any.
  Result<std::optional<ScanRecord>> LatestCompleteScan();
  Result<std::optional<ScanRecord>> GetScan(const std::string& scan_id);
  /// Creates a scan; its id is `as_of`, or `as_of-N` when taken.
  Result<ScanRecord> CreateScan(const ScanRecord& spec);
  Status AddItems(const std::string& scan_id, const std::vector<ScanItem>& items);
  /// Up to `limit` items not done, in ocid order, after `after_ocid`.
  Result<std::vector<ScanItem>> PendingItems(const std::string& scan_id, const std::string& after_ocid, size_t limit);
  Status MarkDone(const std::string& scan_id, const std::string& ocid);
  Status PutAssessment(const StoredAssessment& a);
  Result<std::optional<StoredAssessment>> GetAssessment(const std::string& ocid);
  Status FinishScan(const std::string& scan_id, int64_t assessed, int64_t reused);
  Result<int64_t> CountItems(const std::string& scan_id, std::optional<ItemState> state);

 private:
  explicit ScanStore(Database* db) : db_(db) {}
  Status Prepare();
  Result<std::optional<ScanRecord>> OneScan(Statement& q);
  Database* db_;
  Statement running_, latest_, get_scan_, insert_scan_, insert_item_, pending_, mark_done_, put_assessment_,
      get_assessment_, finish_, count_all_, count_state_, max_sequence_;
};

}  // namespace clearbid
