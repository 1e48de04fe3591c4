#pragma once
// The list index of a store: on SQLite kept beside the store file, in
// <db>.match-index/ (MatcherListScreener::OpenWithSnapshot), so that every
// front end (scan, screen, report, match, serve) reads the index another
// built against the same lists; on PostgreSQL built by each process.

#include <memory>
#include <string>
#include <string_view>

#include "engine/base/clock.h"
#include "engine/base/result.h"
#include "engine/screening/list_screener.h"
#include "engine/store/list_store.h"

namespace clearbid {

/// The folder that holds the list index of the SQLite store file `db`.
std::string MatchIndexFolder(const std::string& db);

/// The file that keeps the analyses of the screening memo's names between
/// list versions (NameAnalysisCache): in MatchIndexFolder(db) for a SQLite
/// store, none (empty) for PostgreSQL.
std::string NameAnalysesFile(const std::string& db);

/// The screener of `lists` (the list store of `db`, a SQLite file or a
/// PostgreSQL URL) as of `as_of`.
Result<std::unique_ptr<MatcherListScreener>> OpenListScreener(const std::string& db, ListStore* lists,
                                                              std::string_view as_of);

/// What a batch scan screens new names with, reading the lists of `db`
/// through a connection of its own (opened with `clock`, read-only on
/// SQLite). On SQLite, when `allow_delta` and no index is kept for these
/// lists but one is for earlier lists and the delta between them is small
/// (added and gone entries at most 1 % of the kept entries, or 1,000), a
/// DeltaListScreener over the kept index, whose names the delta cannot
/// answer go to this function without `allow_delta` (called at most once,
/// possibly on another thread, later); otherwise OpenListScreener(), which
/// builds and keeps the index of these lists. (A delta is applied again on
/// every later day until an index is built: a large one, worth seconds of
/// each day's scan, is better paid for once by the build.)
/// The screeners made find and record their names' analyses in `analyses`
/// (may be null), which must outlive them.
Result<std::unique_ptr<ListScreener>> OpenScanListScreener(const std::string& db, const Clock* clock,
                                                           const std::string& as_of, bool allow_delta,
                                                           NameAnalysisCache* analyses = nullptr);

}  // namespace clearbid
