#pragma once
// A ListScreener whose matcher index is built at the first Screen() call, not
// when it is made. A scan whose names were all screened by an earlier scan
// against the same lists (its persisted memo, CachingListScreener::Preload)
// never builds the index: about 20 s and 1 GB for a million list entities.

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/base/result.h"
#include "engine/screening/list_screener.h"

namespace clearbid {

class DeltaListScreener;

class LazyListScreener final : public ListScreener {
 public:
  /// Gives a MatcherListScreener, or a DeltaListScreener (a kept index
  /// corrected by the list delta).
  using Builder = std::function<Result<std::unique_ptr<ListScreener>>()>;

  /// `fingerprint` and `version_lines` are what the screener `build` makes
  /// will report (MatcherListScreener::FingerprintOf and VersionLines of the
  /// store's lists): they are known before the build. A built screener whose
  /// fingerprint differs (the lists changed in between) is an error.
  LazyListScreener(Builder build, std::string fingerprint, std::vector<std::string> version_lines);

  /// Builds the index at the first call (once, whichever thread calls). When
  /// the build fails, appends nothing: status() says why, and a caller must
  /// check it before relying on what Screen() gave.
  void Screen(const std::string& name, const std::string& country, const Identifier& identifier,
              const std::string& subject, std::vector<ListMatchEvidence>* out) const override;
  std::vector<std::string> ListVersions() const override { return version_lines_; }
  std::string Fingerprint() const override { return fingerprint_; }

  /// Ok unless the build failed (or gave another fingerprint), or a
  /// DeltaListScreener's build of the full index did.
  Status status() const;
  /// Whether the index was built.
  bool built() const;
  /// The name (with its country and subject) whose screening built the
  /// index: what an operator asks when a scan expected to be served by its
  /// memo built it. Empty when it was not built.
  std::string built_for() const;
  /// Whether the index came from a snapshot (MatcherListScreener::from_snapshot),
  /// or is a kept one corrected by the list delta.
  bool from_snapshot() const;
  /// The DeltaListScreener built, if that is what the builder gave.
  const DeltaListScreener* delta() const;

 private:
  Builder build_;
  std::string fingerprint_;
  std::vector<std::string> version_lines_;
  mutable std::once_flag once_;
  mutable std::mutex mu_;  // guards status_ and built_ for status()/built()
  mutable Status status_;
  mutable std::string built_for_;
  mutable std::unique_ptr<ListScreener> screener_;
};

}  // namespace clearbid
