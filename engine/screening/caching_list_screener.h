#pragma once
// A memo in front of a ListScreener for batch runs: the same organisations
// take part in many processes, so each distinct (name, country, identifier,
// subject) is screened once per run. Thread-safe; bounded (the memo is
// emptied when it reaches its capacity, which only costs repeated queries).

#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/screening/evidence_builder.h"

namespace clearbid {

class CachingListScreener final : public ListScreener {
 public:
  /// `inner` must outlive this screener.
  CachingListScreener(std::shared_ptr<const ListScreener> inner, size_t capacity = 2'000'000);

  void Screen(const std::string& name, const std::string& country, const Identifier& identifier,
              const std::string& subject, std::vector<ListMatchEvidence>* out) const override;
  std::vector<std::string> ListVersions() const override { return inner_->ListVersions(); }

  const ListScreener& inner() const { return *inner_; }

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, std::vector<ListMatchEvidence>> memo;
  };
  std::shared_ptr<const ListScreener> inner_;
  size_t shard_capacity_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace clearbid
