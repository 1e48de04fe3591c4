#pragma once
// Store connections for the server's threads. Connections (SQLite or
// PostgreSQL) and their prepared statements are not shared between threads
// at once, so each
// request leases one StoreSet (its own connection and stores) and gives it
// back; the pool grows to the number of concurrent requests (the server's
// thread count) and no further.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/base/clock.h"
#include "engine/base/result.h"
#include "service/store_set.h"

namespace clearbid {

class StorePool {
 public:
  /// `db`: a SQLite file (created with every migration by Open()) or a
  /// PostgreSQL URL.
  StorePool(std::string path, const Clock* clock) : path_(std::move(path)), clock_(clock) {}

  /// Opens one StoreSet now (creating and migrating the file), so that a bad
  /// path fails at start rather than at the first request.
  Status Open();

  class Lease {
   public:
    Lease(StorePool* pool, std::unique_ptr<StoreSet> set) : pool_(pool), set_(std::move(set)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (set_) pool_->Return(std::move(set_));
    }
    StoreSet* operator->() { return set_.get(); }

   private:
    StorePool* pool_;
    std::unique_ptr<StoreSet> set_;
  };
  /// A store set for the calling thread's request; thread-safe.
  Result<Lease> Acquire();

 private:
  Result<std::unique_ptr<StoreSet>> NewSet();
  void Return(std::unique_ptr<StoreSet> set);

  std::string path_;
  const Clock* clock_;
  std::mutex mu_;
  std::vector<std::unique_ptr<StoreSet>> idle_;
};

}  // namespace clearbid
