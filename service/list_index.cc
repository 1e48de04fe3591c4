#include "service/list_index.h"

#include <algorithm>
#include <filesystem>

#include "engine/screening/delta_list_screener.h"
#include "engine/screening/list_delta.h"
#include "service/store_set.h"

namespace clearbid {

std::string MatchIndexFolder(const std::string& db) { return db + ".match-index"; }

Result<std::unique_ptr<MatcherListScreener>> OpenListScreener(const std::string& db, ListStore* lists,
                                                              std::string_view as_of) {
  if (IsPostgresUrl(db)) return MatcherListScreener::Open(lists, as_of);
  return MatcherListScreener::OpenWithSnapshot(lists, as_of, MatchIndexFolder(db));
}

Result<std::unique_ptr<ListScreener>> OpenScanListScreener(
    const std::string& db, ListStore* lists, std::string_view as_of,
    std::function<Result<std::unique_ptr<ListScreener>>()> full) {
  auto build = [&]() -> Result<std::unique_ptr<ListScreener>> {
    ASSIGN_OR_RETURN(std::unique_ptr<MatcherListScreener> built, OpenListScreener(db, lists, as_of));
    return std::unique_ptr<ListScreener>(std::move(built));
  };
  if (IsPostgresUrl(db)) return build();
  ASSIGN_OR_RETURN(std::vector<ListVersion> versions, lists->LatestVersions());
  ASSIGN_OR_RETURN(const auto active, MatcherListScreener::ActiveCounts(lists, versions, as_of));
  const std::string fingerprint = MatcherListScreener::FingerprintOf(versions, active);
  const std::string folder = MatchIndexFolder(db);
  std::error_code ec;
  if (fingerprint.empty() || std::filesystem::exists(folder + "/" + fingerprint + ".idx", ec)) return build();
  std::optional<MatcherListScreener::KeptIndex> kept = MatcherListScreener::OpenKeptIndex(lists, folder, fingerprint);
  if (!kept) return build();
  ASSIGN_OR_RETURN(ListDelta delta, ComputeListDelta(lists, kept->version_ids, kept->as_of, versions, as_of));
  const size_t limit = std::max<size_t>(1000, kept->screener->entry_count() / 10);
  if (delta.added.size() + delta.gone.size() > limit) return build();
  auto rematcher = std::make_unique<ListDeltaRematcher>(std::move(delta), versions);
  return std::unique_ptr<ListScreener>(std::make_unique<DeltaListScreener>(
      std::move(kept->screener), std::move(rematcher), fingerprint, MatcherListScreener::VersionLines(versions),
      std::move(full)));
}

}  // namespace clearbid
