#pragma once
// A memo in front of a ListScreener for batch runs: the same organisations
// take part in many processes, so each distinct (name, country, identifier,
// subject) is screened once per run. Thread-safe; bounded (the memo is
// emptied when it reaches its capacity, which only costs repeated queries).

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/screening/evidence_builder.h"
#include "engine/screening/list_match_json.h"

namespace clearbid {

class CachingListScreener final : public ListScreener {
 public:
  /// `inner` must outlive this screener.
  CachingListScreener(std::shared_ptr<const ListScreener> inner, size_t capacity = 2'000'000);

  void Screen(const std::string& name, const std::string& country, const Identifier& identifier,
              const std::string& subject, std::vector<ListMatchEvidence>* out) const override;
  std::vector<std::string> ListVersions() const override { return inner_->ListVersions(); }
  std::string Fingerprint() const override { return inner_->Fingerprint(); }

  const ListScreener& inner() const { return *inner_; }

  /// The memo key of a screening: ContentHash (XXH3-128, 32 hex characters)
  /// of its four inputs and the subject, each followed by '\x1f'. (A
  /// collision between two of a million names has odds of about 1e-27.)
  static std::string Key(const std::string& name, const std::string& country, const Identifier& identifier,
                         const std::string& subject);
  /// A second memo behind this one (a persisted memo, under the same
  /// Fingerprint()), asked by key on a miss before the inner screener: a run
  /// that needs few of many earlier screenings reads only those. Answers it
  /// gives are kept in the memo, not reported by TakeNew(). Called from the
  /// screening threads, possibly at once: it must be thread-safe. Set before
  /// the first Screen(). A backing that cannot answer (an error) returns
  /// nullopt: the name is screened again, which costs time, not correctness.
  using Backing = std::function<std::optional<std::vector<ListMatchEvidence>>(const std::string& key)>;
  void SetBacking(Backing backing) { backing_ = std::move(backing); }
  /// Puts a screening answered earlier (a persisted memo, under the same
  /// Fingerprint()) into the memo; not reported by TakeNew().
  void Preload(std::string key, std::vector<ListMatchEvidence> results) const;
  /// A screening the inner screener made: its memo key, what was screened
  /// and the results.
  struct NewScreening {
    std::string key;
    ScreeningQuery query;
    std::vector<ListMatchEvidence> matches;
  };
  /// The screenings made by the inner screener since the last call, for
  /// persisting; at most the memo's capacity are kept.
  std::vector<NewScreening> TakeNew() const;

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, std::vector<ListMatchEvidence>> memo;
    std::vector<NewScreening> fresh;  // for TakeNew()
  };
  std::shared_ptr<const ListScreener> inner_;
  Backing backing_;
  size_t shard_capacity_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace clearbid
