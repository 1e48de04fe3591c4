// What every ScanStore implementation shares: the checks of a claim and the
// naming of scans.

#include "engine/store/scan_store.h"

#include <limits>

#include <fmt/format.h>

namespace clearbid {

Status CheckClaimRequest(const std::string& worker, size_t limit, int64_t now, int64_t lease_seconds) {
  if (worker.empty()) return Status::InvalidArgument("a claim needs a worker name");
  if (worker.size() > kMaxWorkerName) {
    return Status::InvalidArgument(fmt::format("worker name longer than {} bytes", kMaxWorkerName));
  }
  if (limit > kMaxClaimItems) {
    return Status::InvalidArgument(fmt::format("at most {} items per claim", kMaxClaimItems));
  }
  if (now < 0) return Status::InvalidArgument("claim time before 1970");
  if (lease_seconds < 1 || lease_seconds > kMaxLeaseSeconds) {
    return Status::InvalidArgument(fmt::format("lease of {} s: must be 1 to {} s", lease_seconds, kMaxLeaseSeconds));
  }
  if (now > std::numeric_limits<int64_t>::max() - lease_seconds) return Status::InvalidArgument("claim time out of range");
  return Status::Ok();
}

std::string ScanIdCandidate(const std::string& as_of, int n) {
  return n <= 1 ? as_of : fmt::format("{}-{}", as_of, n);
}

namespace {

class LookupFingerprintWalk final : public FingerprintWalk {
 public:
  explicit LookupFingerprintWalk(ScanStore* store) : store_(store) {}
  Result<std::optional<StoredFingerprint>> Find(const std::string& ocid) override {
    return store_->AssessmentFingerprint(ocid);
  }

 private:
  ScanStore* store_;
};

}  // namespace

Result<std::unique_ptr<FingerprintWalk>> ScanStore::WalkFingerprints() {
  return std::unique_ptr<FingerprintWalk>(std::make_unique<LookupFingerprintWalk>(this));
}

}  // namespace clearbid
