#include "engine/screening/caching_list_screener.h"

#include <functional>

#include "engine/base/digest.h"

namespace clearbid {

CachingListScreener::CachingListScreener(std::shared_ptr<const ListScreener> inner, size_t capacity)
    : inner_(std::move(inner)), shard_capacity_(std::max<size_t>(1, capacity / kShards)) {}

void CachingListScreener::Screen(const std::string& name, const std::string& country, const Identifier& identifier,
                                 const std::string& subject, std::vector<ListMatchEvidence>* out) const {
  std::string key = Key(name, country, identifier, subject);
  Shard& shard = shards_[std::hash<std::string>{}(key) % kShards];
  {
    std::lock_guard lock(shard.mu);
    auto it = shard.memo.find(key);
    if (it != shard.memo.end()) {
      out->insert(out->end(), it->second.begin(), it->second.end());
      return;
    }
  }
  std::vector<ListMatchEvidence> found;
  bool from_backing = false;
  if (backing_) {
    if (std::optional<std::vector<ListMatchEvidence>> stored = backing_(key)) {
      found = std::move(*stored);
      from_backing = true;
    }
  }
  if (!from_backing) inner_->Screen(name, country, identifier, subject, &found);
  out->insert(out->end(), found.begin(), found.end());
  std::lock_guard lock(shard.mu);
  if (shard.memo.size() >= shard_capacity_) shard.memo.clear();
  if (!from_backing && shard.fresh.size() < shard_capacity_) {
    shard.fresh.push_back({key, ScreeningQuery{name, country, identifier.scheme, identifier.id, subject}, found});
  }
  shard.memo.emplace(std::move(key), std::move(found));
}

std::string CachingListScreener::Key(const std::string& name, const std::string& country,
                                     const Identifier& identifier, const std::string& subject) {
  std::string key;
  key.reserve(name.size() + country.size() + identifier.scheme.size() + identifier.id.size() + subject.size() + 4);
  for (const std::string* part : {&name, &country, &identifier.scheme, &identifier.id, &subject}) {
    key += *part;
    key += '\x1f';
  }
  return ContentHash(key);
}

void CachingListScreener::Preload(std::string key, std::vector<ListMatchEvidence> results) const {
  Shard& shard = shards_[std::hash<std::string>{}(key) % kShards];
  std::lock_guard lock(shard.mu);
  if (shard.memo.size() >= shard_capacity_) return;  // a full memo keeps what it has
  shard.memo.emplace(std::move(key), std::move(results));
}

std::vector<CachingListScreener::NewScreening> CachingListScreener::TakeNew() const {
  std::vector<NewScreening> out;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mu);
    for (auto& f : shard.fresh) out.push_back(std::move(f));
    shard.fresh.clear();
  }
  return out;
}

}  // namespace clearbid
