#pragma once
// Brings a scan store's screening memo from one set of lists to the next
// (engine/screening/list_delta.h): every screening kept under the earlier
// lists' fingerprint is re-matched against the changed entries only and
// written under the later lists' fingerprint. What an incremental scan does
// when a list has a new version: the names whose answers changed, and so
// the processes to assess again, without screening a million names against
// a million entries.

#include <cstdint>
#include <string>
#include <unordered_set>

#include "engine/base/result.h"
#include "engine/screening/list_delta.h"
#include "engine/store/scan_store.h"

namespace clearbid {

struct MemoRematch {
  int64_t screenings = 0;  // earlier screenings read
  int64_t changed = 0;     // of which the answer changed (rescreens included)
  int64_t rescreen = 0;    // of which the name must be screened again against the full lists
  /// The memo keys of the changed screenings.
  std::unordered_set<std::string> changed_keys;
  /// False when a screening was kept without its query (an earlier
  /// version's row): the memo cannot be brought forward, and everything is
  /// to be assessed again. Rows written until then stay under `to`; the
  /// caller drops them with the rest of its transaction or keeps them (they
  /// are correct).
  bool complete = true;
};

/// Re-matches every screening stored under fingerprint `from` with
/// `rematcher`, on `jobs` threads, and stores the results under `to` (a
/// screening to rescreen is not stored: the next scan that meets the name
/// screens it). Reads and writes through `scans` (the caller's transaction
/// on its connection); `from` is left as it was. ParseError for a damaged row.
Result<MemoRematch> RematchScreeningMemo(ScanStore* scans, const std::string& from, const std::string& to,
                                         const ListDeltaRematcher& rematcher, unsigned jobs);

}  // namespace clearbid
