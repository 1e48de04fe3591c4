#include "engine/screening/delta_list_screener.h"

#include <fmt/format.h>

namespace clearbid {

DeltaListScreener::DeltaListScreener(std::unique_ptr<MatcherListScreener> kept,
                                     std::unique_ptr<ListDeltaRematcher> rematcher, std::string fingerprint,
                                     std::vector<std::string> version_lines, Builder full)
    : kept_(std::move(kept)),
      rematcher_(std::move(rematcher)),
      fingerprint_(std::move(fingerprint)),
      version_lines_(std::move(version_lines)),
      build_full_(std::move(full)) {}

void DeltaListScreener::Screen(const std::string& name, const std::string& country, const Identifier& identifier,
                               const std::string& subject, std::vector<ListMatchEvidence>* out) const {
  std::vector<ListMatchEvidence> earlier;
  kept_->Screen(name, country, identifier, subject, &earlier);
  ListDeltaRematcher::Outcome now =
      rematcher_->Rematch(ScreeningQuery{name, country, identifier.scheme, identifier.id, subject}, earlier);
  if (!now.rescreen) {
    out->insert(out->end(), std::make_move_iterator(now.matches.begin()), std::make_move_iterator(now.matches.end()));
    return;
  }
  ++rescreened_;
  std::call_once(once_, [&] {
    Result<std::unique_ptr<ListScreener>> built = build_full_();
    std::lock_guard lock(mu_);
    if (!built.ok()) {
      status_ = built.status();
    } else if ((*built)->Fingerprint() != fingerprint_) {
      status_ = Status::Internal(fmt::format(
          "the exclusion lists changed while they were being read (fingerprint {} expected, {} found): run again",
          fingerprint_.substr(0, 12), (*built)->Fingerprint().substr(0, 12)));
    } else {
      full_ = std::move(built).value();
    }
  });
  // After call_once, full_ is only read.
  if (full_) full_->Screen(name, country, identifier, subject, out);
}

Status DeltaListScreener::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

}  // namespace clearbid
