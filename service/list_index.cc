#include "service/list_index.h"

#include <algorithm>
#include <filesystem>

#include "engine/screening/delta_list_screener.h"
#include "engine/screening/list_delta.h"
#include "service/store_set.h"

namespace clearbid {

std::string MatchIndexFolder(const std::string& db) { return db + ".match-index"; }

std::string NameAnalysesFile(const std::string& db) {
  return IsPostgresUrl(db) ? std::string() : MatchIndexFolder(db) + "/query-names.analyses";
}

Result<std::unique_ptr<MatcherListScreener>> OpenListScreener(const std::string& db, ListStore* lists,
                                                              std::string_view as_of) {
  if (IsPostgresUrl(db)) return MatcherListScreener::Open(lists, as_of);
  return MatcherListScreener::OpenWithSnapshot(lists, as_of, MatchIndexFolder(db));
}

Result<std::unique_ptr<ListScreener>> OpenScanListScreener(const std::string& db, const Clock* clock,
                                                           const std::string& as_of, bool allow_delta,
                                                           NameAnalysisCache* analyses) {
  StoreSetOptions lists_only;
  lists_only.kinds = kListStore;
  lists_only.read_only = !IsPostgresUrl(db);
  ASSIGN_OR_RETURN(std::unique_ptr<StoreSet> stores, OpenStoreSet(db, clock, lists_only));
  ListStore* lists = stores->lists.get();
  auto build = [&]() -> Result<std::unique_ptr<ListScreener>> {
    ASSIGN_OR_RETURN(std::unique_ptr<MatcherListScreener> built, OpenListScreener(db, lists, as_of));
    built->UseNameAnalyses(analyses);
    return std::unique_ptr<ListScreener>(std::move(built));
  };
  if (!allow_delta || IsPostgresUrl(db)) return build();
  ASSIGN_OR_RETURN(std::vector<ListVersion> versions, lists->LatestVersions());
  ASSIGN_OR_RETURN(const auto active, MatcherListScreener::ActiveCounts(lists, versions, as_of));
  const std::string fingerprint = MatcherListScreener::FingerprintOf(versions, active);
  const std::string folder = MatchIndexFolder(db);
  std::error_code ec;
  if (fingerprint.empty() || std::filesystem::exists(folder + "/" + fingerprint + ".idx", ec)) return build();
  std::optional<MatcherListScreener::KeptIndex> kept = MatcherListScreener::FindKeptIndex(lists, folder, fingerprint);
  if (!kept) return build();
  // The delta first, and its added entries indexed, before the kept index is
  // read: the entries of both versions of a changed list (two million for a
  // million-entity list) are freed by then, so that they and the index are
  // never in memory together.
  ASSIGN_OR_RETURN(ListDelta delta, ComputeListDelta(lists, kept->version_ids, kept->as_of, versions, as_of));
  // Every kept entry is either unchanged or gone.
  const size_t kept_entries = static_cast<size_t>(delta.unchanged) + delta.gone.size();
  const size_t limit = std::max<size_t>(1000, kept_entries / 100);
  if (delta.added.size() + delta.gone.size() > limit) return build();
  auto rematcher = std::make_unique<ListDeltaRematcher>(std::move(delta), versions);
  if (!MatcherListScreener::LoadKeptIndex(folder, &*kept)) return build();
  kept->screener->UseNameAnalyses(analyses);
  rematcher->UseNameAnalyses(analyses);
  return std::unique_ptr<ListScreener>(std::make_unique<DeltaListScreener>(
      std::move(kept->screener), std::move(rematcher), fingerprint, MatcherListScreener::VersionLines(versions),
      [db, clock, as_of, analyses] { return OpenScanListScreener(db, clock, as_of, /*allow_delta=*/false, analyses); }));
}

}  // namespace clearbid
