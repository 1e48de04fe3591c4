#pragma once
// A ListScreener for lists that changed since an index was kept: each name is
// screened against the kept index (the earlier lists) and the answer brought
// forward by the list delta (ListDeltaRematcher), as the screening memo's
// rows are when the lists change. A scan that meets a new name on the day
// after a list change then loads the kept index instead of building one
// (about 20 s and 1 GB for a million list entities). Its answers are those
// engine/screening/list_delta.h describes: the same matches as a full index
// in the usual case, more alerts, never fewer, otherwise; a name whose
// earlier answer held the top_k matches and lost one is screened against
// the full index of the later lists, built (once) when first needed.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/base/result.h"
#include "engine/screening/lazy_list_screener.h"
#include "engine/screening/list_delta.h"
#include "engine/screening/list_screener.h"

namespace clearbid {

class DeltaListScreener final : public ListScreener {
 public:
  using Builder = LazyListScreener::Builder;

  /// `kept` screens against the earlier lists; `rematcher` holds the delta
  /// from them to the later lists, whose `fingerprint` and `version_lines`
  /// this screener reports; `full` builds the screener of the later lists,
  /// for the names the delta cannot answer.
  DeltaListScreener(std::unique_ptr<MatcherListScreener> kept, std::unique_ptr<ListDeltaRematcher> rematcher,
                    std::string fingerprint, std::vector<std::string> version_lines, Builder full);

  /// Thread-safe. When the full screener is needed and its build fails,
  /// appends nothing: status() says why.
  void Screen(const std::string& name, const std::string& country, const Identifier& identifier,
              const std::string& subject, std::vector<ListMatchEvidence>* out) const override;
  std::vector<std::string> ListVersions() const override { return version_lines_; }
  std::string Fingerprint() const override { return fingerprint_; }

  /// Names screened against the full index (their earlier answer lost one
  /// of its top_k matches).
  int64_t rescreened() const { return rescreened_.load(); }
  /// Ok unless the full screener was needed and could not be built.
  Status status() const;

 private:
  std::unique_ptr<MatcherListScreener> kept_;
  std::unique_ptr<ListDeltaRematcher> rematcher_;
  std::string fingerprint_;
  std::vector<std::string> version_lines_;
  LazyListScreener full_;  // built at the first name the delta cannot answer
  mutable std::atomic<int64_t> rescreened_{0};
};

}  // namespace clearbid
