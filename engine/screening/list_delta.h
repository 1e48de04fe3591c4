#pragma once
// A new list version re-matches names against its changed entries only.
//
// Between two states of the stored lists (the list versions an earlier scan
// screened against, as of its date, and the latest versions as of a later
// date), ComputeListDelta() finds the entries that are gone (removed, changed
// in their earlier form, or no longer active) and those that are new (added,
// or changed in their new form). ListDeltaRematcher then turns an earlier
// screening of a name into the screening against the later lists: matches of
// gone entries are dropped, matches of unchanged entries are kept (citing the
// later version), and the name is screened against an index of the new
// entries only. A million-entity list that changes in a few hundred entries
// costs a few hundred entities' index, not a million.
//
// What this gives, compared with screening the name against an index of all
// the later entries (a full scan does that):
// - the same matches, in the usual case (an entry re-issued under a new id,
//   or amended in fields no match reads, is a twin of its earlier form: the
//   matches of the one become matches of the other, no name screened);
// - a new entry can be found where the full index would not have scored it,
//   as candidates are not crowded out by the unchanged entries (more alerts,
//   never fewer: the conservative side);
// - a screening that held the top_k alerts the screener keeps, one of which
//   is gone, cannot know the next best entry: Rematch() says `rescreen`, and
//   the caller screens the name again against the full index.

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/base/result.h"
#include "engine/model/list_entry.h"
#include "engine/rules/evidence.h"
#include "engine/screening/list_match_json.h"
#include "engine/screening/list_screener.h"
#include "engine/store/list_store.h"

namespace clearbid {

/// The later form of a gone entry that every name scores alike
/// (ListEntryMatchDigest): re-issued under a new id, or amended only in its
/// dates, reason or notes. What a match of the gone entry cites instead.
struct ListEntryTwin {
  std::string entry_id, digest;
  int64_t list_version = 0;
};

struct ListDelta {
  /// EntryIdentity() of each earlier entry that is not among the later
  /// active entries in the same form.
  std::unordered_set<std::string> gone;
  /// The later active entries not among the earlier ones in the same form
  /// (list_version set to their version), twins of gone entries left out.
  std::vector<ListEntry> added;
  /// By the gone entry's EntryIdentity(): its twin among the later entries
  /// of its list, when it has exactly one and is the only gone entry of its
  /// match digest (no name needs screening against it: a match of the gone
  /// entry becomes a match of the twin, with the same score and explanation).
  std::unordered_map<std::string, ListEntryTwin> twins;
  /// Later active entries unchanged since the earlier lists.
  int64_t unchanged = 0;
  /// The later version's id of each list name: what a kept match cites.
  std::unordered_map<std::string, int64_t> version_of;
};

/// "<list name>\x1f<entry id>\x1f<ListEntryDigest>": an entry in one form.
std::string EntryIdentity(std::string_view list, std::string_view entry_id, std::string_view digest);

/// True when `entry` is screened against as of `as_of` ("YYYY-MM-DD", or
/// empty for no date): active, and its listed_until not before that date
/// (the rule ListStore::LoadActiveEntries applies).
bool ActiveAsOf(const ListEntry& entry, std::string_view as_of);
bool ActiveAsOf(const ListEntryStamp& entry, std::string_view as_of);

/// The delta from the versions `before_ids` as of `before_as_of` to the
/// versions `after` as of `after_as_of`. A list whose version and active
/// count did not change is not read. NotFound when a version id in
/// `before_ids` is not in the store (its entries are needed).
Result<ListDelta> ComputeListDelta(ListStore* store, const std::vector<int64_t>& before_ids,
                                   std::string_view before_as_of, const std::vector<ListVersion>& after,
                                   std::string_view after_as_of);

/// Rematch() is safe to call from many threads.
class ListDeltaRematcher {
 public:
  /// `after` are the later list versions (the names matches cite);
  /// `options` must be those of the screener the earlier screenings came
  /// from (its top_k decides what a screening can hold).
  ListDeltaRematcher(ListDelta delta, std::vector<ListVersion> after, ListScreenerOptions options = {});

  struct Outcome {
    /// The screening against the later lists (empty when `rescreen`).
    std::vector<ListMatchEvidence> matches;
    /// The matches differ from the earlier ones other than in the version
    /// they cite: the processes that screened this name must be assessed again.
    bool changed = false;
    /// The earlier screening cannot be brought forward (it held top_k
    /// matches and one is gone): screen the name against the full lists.
    bool rescreen = false;
  };
  /// The answer of the added entries is kept by name and country for a
  /// query whose identifier no added entry has (then it depends on nothing
  /// else but the subject, set on each use): a memo repeats names (1.31
  /// million screenings of the benchmark hold 192,407 names), each then
  /// screened once. At most kMaxKeptAnswers are kept.
  Outcome Rematch(const ScreeningQuery& query, const std::vector<ListMatchEvidence>& before) const;
  static constexpr size_t kMaxKeptAnswers = 500'000;
  /// False when no entry is new (only gone or unchanged ones, e.g. an
  /// exclusion ended): then a screening that had no match keeps none, and
  /// Rematch() gives it back unchanged.
  bool adds_entries() const { return added_ != nullptr; }
  /// Rematch() then finds and records the analyses of the names it screens
  /// against the added entries in `cache` (may be null), which must outlive
  /// the rematches; not while Rematch() runs.
  void UseNameAnalyses(NameAnalysisCache* cache) {
    if (added_) added_->UseNameAnalyses(cache);
  }

 private:
  ListDelta delta_;  // its added entries moved into `added_`
  ListScreenerOptions options_;
  std::unique_ptr<MatcherListScreener> added_;  // null when no entry is new
  /// NormaliseIdentifier() of the added entries' identifiers.
  std::unordered_set<std::string> added_identifiers_;
  /// The added entries' answers by name and country (Rematch()), spread
  /// over shards by the hash of both, each under a lock of its own: the
  /// threads of a re-match look up 1.3 million screenings' names here, and
  /// one map under one lock made them queue. Looked up without building a
  /// key (heterogeneous lookup).
  struct NameCountry {
    std::string_view name, country;
  };
  struct KeptKey {
    std::string name, country;
  };
  struct KeptHash {
    using is_transparent = void;
    size_t operator()(const NameCountry& k) const;
    size_t operator()(const KeptKey& k) const { return (*this)(NameCountry{k.name, k.country}); }
  };
  struct KeptEqual {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return std::string_view(a.name) == std::string_view(b.name) &&
             std::string_view(a.country) == std::string_view(b.country);
    }
  };
  struct KeptShard {
    std::mutex mutex;
    std::unordered_map<KeptKey, std::vector<ListMatchEvidence>, KeptHash, KeptEqual> answers;
  };
  static constexpr size_t kKeptShards = 64;
  mutable std::array<KeptShard, kKeptShards> kept_;
  mutable std::atomic<size_t> kept_count_{0};
};

}  // namespace clearbid
