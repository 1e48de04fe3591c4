#pragma once
// The rule engine's ListScreener over the name matcher: an in-memory
// MatchIndex of the active entries of the latest version of each stored list
// (docs/matching.md). Screen() keeps only the hits the rules need (alerts at
// kMatchThreshold and exact identifier matches); Candidates() returns every
// hit, below-threshold ones included, for the `clearbid match` command.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/base/result.h"
#include "engine/matching/match_index.h"
#include "engine/model/list_entry.h"
#include "engine/rules/evidence.h"
#include "engine/screening/evidence_builder.h"
#include "engine/store/list_store.h"
#include "engine/store/sqlite_db.h"

namespace clearbid {

struct ListScreenerOptions {
  /// Hits asked of the index per screened name (best first).
  size_t top_k = 5;
  MatchIndexOptions index;
};

/// Immutable after construction; Screen(), Candidates() and the accessors are
/// const and safe to call from many threads at once.
class MatcherListScreener : public ListScreener {
 public:
  /// Builds the screener from the active entries of the latest version of
  /// each list in `db` (ListStore::LoadActiveEntries(as_of); `as_of`
  /// "YYYY-MM-DD" also drops entries whose listed_until is before it, empty
  /// keeps them). `db` is only read during the call (the "lists" migrations
  /// are applied when missing, so a read-only store must have been imported
  /// into). A store without lists gives an empty screener.
  static Result<std::unique_ptr<MatcherListScreener>> Open(Database* db, std::string_view as_of,
                                                           ListScreenerOptions options = {});
  /// Same, from any list store (SQLite or PostgreSQL).
  static Result<std::unique_ptr<MatcherListScreener>> Open(ListStore* store, std::string_view as_of,
                                                           ListScreenerOptions options = {});
  /// As Open(store, as_of, options), keeping the index's arrays in
  /// `folder` (created when missing) as "<Fingerprint()>.idx": read back by
  /// the next Open of the same lists (the same fingerprint) instead of built
  /// again; built and written when absent or unreadable (then the other
  /// files of the folder, older lists' indexes, are removed). Failing to
  /// write it costs the next run the build, nothing else.
  static Result<std::unique_ptr<MatcherListScreener>> OpenWithSnapshot(ListStore* store, std::string_view as_of,
                                                                       const std::string& folder,
                                                                       ListScreenerOptions options = {});
  /// An index OpenWithSnapshot() kept in a folder, read back with the lists
  /// it holds: beside "<fingerprint>.idx" it writes "<fingerprint>.lists"
  /// (the as-of date and the list version ids it was built for), so that a
  /// run against later lists can correct the kept index by the list delta
  /// (engine/screening/delta_list_screener.h) instead of building one.
  struct KeptIndex {
    std::string fingerprint;  // of the lists it holds
    std::vector<int64_t> version_ids;
    std::vector<ListVersion> versions;  // those of version_ids, from the store
    std::string as_of;
    std::unique_ptr<MatcherListScreener> screener;  // from_snapshot(); set by LoadKeptIndex()
  };
  /// The description of the index kept in `folder` for lists other than
  /// `current_fingerprint`, its index not read (a caller can first decide
  /// whether it will use it: reading it takes about 1 GB for a million
  /// entries); nullopt when there is none, or its ".lists" file is
  /// unreadable, or one of its versions is no longer in `store`.
  static std::optional<KeptIndex> FindKeptIndex(ListStore* store, const std::string& folder,
                                                const std::string& current_fingerprint);
  /// Reads the index FindKeptIndex() described into `kept->screener`; false
  /// when it does not load or holds other entries than its name says (the
  /// caller then builds one).
  static bool LoadKeptIndex(const std::string& folder, KeptIndex* kept, ListScreenerOptions options = {});
  /// Builds from entries already loaded; `versions` are the list versions the
  /// entries come from (ListEntry::list_version refers to their ids).
  /// Inactive entries are left out.
  static std::unique_ptr<MatcherListScreener> FromEntries(std::vector<ListEntry> entries,
                                                          std::vector<ListVersion> versions,
                                                          ListScreenerOptions options = {});

  /// Appends to `out` the hits of `name` that are alerts (is_match) or exact
  /// identifier matches, best first, as evidence for `subject`. `country`
  /// (ISO alpha-2, may be empty) and `identifier` (may be empty) refine the
  /// score. An empty name with no identifier appends nothing.
  void Screen(const std::string& name, const std::string& country, const Identifier& identifier,
              const std::string& subject, std::vector<ListMatchEvidence>* out) const override;
  /// "name vN sha256:<hex>" for each list version the screener holds, sorted.
  std::vector<std::string> ListVersions() const override;

  /// Every hit of `query` (up to `top_k`, below-threshold ones included), best
  /// first, as evidence with subject "party". `birth_dates` (a person's, as
  /// ListEntry::birth_dates) apply BirthDateMismatch to each hit.
  std::vector<ListMatchEvidence> Candidates(const MatchQuery& query, size_t top_k,
                                            const std::vector<std::string>& birth_dates = {}) const;

  /// FingerprintOf(versions(), the active entries of each version): changes
  /// whenever a list version, the set of entries active as of the screening
  /// date, or the matcher changes. Empty when the screener holds no list.
  std::string Fingerprint() const override;
  /// ContentHash of the algorithm version and the sorted lines "name vN
  /// sha256:… active K" of `versions`, K = `active_counts[id]` (entries of the
  /// version active as of the screening date; 0 when absent). As of a later
  /// date an entry can only drop out (its listed_until passed), so equal
  /// counts mean equal sets. Empty when there is no version.
  static std::string FingerprintOf(const std::vector<ListVersion>& versions,
                                   const std::unordered_map<int64_t, int64_t>& active_counts);
  /// The entries of each of `versions` active as of `as_of`
  /// (ListStore::ActiveCount), by version id: what FingerprintOf() counts.
  static Result<std::unordered_map<int64_t, int64_t>> ActiveCounts(ListStore* store,
                                                                  const std::vector<ListVersion>& versions,
                                                                  std::string_view as_of);
  /// ListVersions() of a screener holding `versions`.
  static std::vector<std::string> VersionLines(const std::vector<ListVersion>& versions);

  const std::vector<ListVersion>& versions() const { return versions_; }
  size_t entry_count() const { return index_.size(); }
  /// True when the index was read from a snapshot (OpenWithSnapshot), not built.
  bool from_snapshot() const { return from_snapshot_; }
  const MatchIndex& index() const { return index_; }
  /// Screen() then finds and records its query names' analyses in `cache`
  /// (may be null: none), which must outlive the screening; not while
  /// Screen() runs.
  void UseNameAnalyses(NameAnalysisCache* cache) { analyses_ = cache; }

 private:
  MatcherListScreener(MatchIndex index, std::vector<ListVersion> versions, ListScreenerOptions options);
  ListMatchEvidence ToEvidence(const MatchHit& hit, const MatchQuery& query, const std::string& subject) const;

  MatchIndex index_;
  std::vector<ListVersion> versions_;
  std::vector<std::string> version_lines_;
  std::string fingerprint_;
  ListScreenerOptions options_;
  bool from_snapshot_ = false;
  NameAnalysisCache* analyses_ = nullptr;
};

/// A one-line explanation of a hit: the matched names, their romanised forms,
/// the token alignment, each feature's signed contribution and the algorithm
/// version, e.g.
/// `"Vladmir Putin" ~ "PUTIN, Vladimir" [vladmir putin | putin vladimir] align: putin=putin
/// vladmir~vladimir(0.88); name_match +0.912; country_match +0.000 (listed in RU); algorithm clearbid-names-1`.
std::string ExplainHit(const MatchHit& hit);

/// Score lost by a hit whose listed birth dates all disagree with the
/// query's (the "dob_year_disjoint" feature of OpenSanctions' logic-v1
/// weighs the same): enough to take a full-name match of a namesake below
/// kMatchThreshold.
inline constexpr double kBirthDateMismatch = 0.15;

/// True when both sides give birth dates and none of the query's is
/// compatible with any of the entry's. Dates are "YYYY-MM-DD", "YYYY-MM",
/// "YYYY" or a year range "YYYY/YYYY"; two dates are compatible when their
/// years overlap and the month and day agree wherever both give them.
/// Unparseable dates are ignored.
bool BirthDatesDisagree(const std::vector<std::string>& query_dates, const std::vector<std::string>& entry_dates);

/// Applies BirthDatesDisagree to a hit of `entry`: lowers hit->score by
/// kBirthDateMismatch (clamped at 0) and adds a "birth_date_mismatch" feature.
void ApplyBirthDates(const std::vector<std::string>& query_dates, const ListEntry& entry, MatchHit* hit);

/// True when one of `query_ids` equals one of the entry's identifiers exactly
/// (NormaliseIdentifier on both, at least 4 characters, same scheme when both
/// give one; the rule MatchIndex applies).
bool IdentifierMatches(const std::vector<Identifier>& query_ids, const ListEntry& entry);

}  // namespace clearbid
