#include "server/store_pool.h"

namespace clearbid {

Result<std::unique_ptr<StoreSet>> StorePool::NewSet() { return OpenStoreSet(path_, clock_); }

Status StorePool::Open() {
  ASSIGN_OR_RETURN(std::unique_ptr<StoreSet> set, NewSet());
  Return(std::move(set));
  return Status::Ok();
}

Result<StorePool::Lease> StorePool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<StoreSet> set = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(set));
    }
  }
  ASSIGN_OR_RETURN(std::unique_ptr<StoreSet> set, NewSet());
  return Lease(this, std::move(set));
}

void StorePool::Return(std::unique_ptr<StoreSet> set) {
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(std::move(set));
}

}  // namespace clearbid
