#pragma once
// Brings a scan store's screening memo from one set of lists to the next
// (engine/screening/list_delta.h): every screening kept under the earlier
// lists' fingerprint is re-matched against the changed entries only; the
// screenings whose stored form changes are rewritten, those to screen again
// dropped, and the memo then moves to the later lists' fingerprint
// (ScanStore::MoveScreenings). What an incremental scan does when a list has
// a new version: the names whose answers changed, and so the processes to
// assess again, without screening a million names against a million entries
// or writing a million screenings again.

#include <cstddef>
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
  /// Screenings rewritten: those whose answer changed (rescreens not
  /// included). The others keep their rows, matches of unchanged entries
  /// still citing the list versions they were screened against: read the
  /// memo under `to` with CiteListVersions().
  int64_t rewritten = 0;
  /// The memo keys of the changed screenings.
  std::unordered_set<std::string> changed_keys;
  /// False when a screening was kept without its query (an earlier
  /// version's row): the memo cannot be brought forward, and everything is
  /// to be assessed again. The memo of `from` is then dropped (part of it
  /// may already be rewritten); `to` has none.
  bool complete = true;
};

/// Re-matches every screening stored under fingerprint `from` with
/// `rematcher`, on `jobs` threads, and leaves the results under `to` (a
/// screening to rescreen is dropped: the next scan that meets the name
/// screens it); `from` then has no screenings. Reads and writes through
/// `scans`, in the caller's transaction on its connection (a failure midway
/// leaves the memo half brought forward: the caller rolls back). ParseError
/// for a damaged row. The memo is handled `chunk_rows` screenings at a time:
/// one chunk read while the one before is re-matched. `carrying`: a scan's
/// links go on meanwhile, and the re-matching threads yield to them
/// (YieldToCarrier).
inline constexpr size_t kMemoRematchChunkRows = 20'000;
Result<MemoRematch> RematchScreeningMemo(ScanStore* scans, const std::string& from, const std::string& to,
                                         const ListDeltaRematcher& rematcher, unsigned jobs,
                                         size_t chunk_rows = kMemoRematchChunkRows, bool carrying = false);

}  // namespace clearbid
