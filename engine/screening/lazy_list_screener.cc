#include "engine/screening/lazy_list_screener.h"

#include <fmt/format.h>

#include "engine/screening/delta_list_screener.h"

namespace clearbid {

LazyListScreener::LazyListScreener(Builder build, std::string fingerprint, std::vector<std::string> version_lines)
    : build_(std::move(build)), fingerprint_(std::move(fingerprint)), version_lines_(std::move(version_lines)) {}

void LazyListScreener::Screen(const std::string& name, const std::string& country, const Identifier& identifier,
                              const std::string& subject, std::vector<ListMatchEvidence>* out) const {
  std::call_once(once_, [&] {
    Result<std::unique_ptr<ListScreener>> built = build_();
    std::lock_guard lock(mu_);
    built_for_ = name + " (" + country + ", " + subject + ")";
    if (!built.ok()) {
      status_ = built.status();
    } else if ((*built)->Fingerprint() != fingerprint_) {
      status_ = Status::Internal(fmt::format(
          "the exclusion lists changed while they were being read (fingerprint {} expected, {} found): run again",
          fingerprint_.substr(0, 12), (*built)->Fingerprint().substr(0, 12)));
    } else {
      screener_ = std::move(built).value();
    }
  });
  // After call_once, screener_ is only read: no lock needed for Screen().
  if (screener_) screener_->Screen(name, country, identifier, subject, out);
}

Status LazyListScreener::status() const {
  std::lock_guard lock(mu_);
  if (status_.ok() && screener_) {
    if (const auto* d = dynamic_cast<const DeltaListScreener*>(screener_.get())) return d->status();
  }
  return status_;
}

const DeltaListScreener* LazyListScreener::delta() const {
  std::lock_guard lock(mu_);
  return dynamic_cast<const DeltaListScreener*>(screener_.get());
}

std::string LazyListScreener::built_for() const {
  std::lock_guard lock(mu_);
  return screener_ ? built_for_ : std::string();
}

bool LazyListScreener::from_snapshot() const {
  std::lock_guard lock(mu_);
  if (const auto* m = dynamic_cast<const MatcherListScreener*>(screener_.get())) return m->from_snapshot();
  return dynamic_cast<const DeltaListScreener*>(screener_.get()) != nullptr;
}

bool LazyListScreener::built() const {
  std::lock_guard lock(mu_);
  return screener_ != nullptr;
}

}  // namespace clearbid
