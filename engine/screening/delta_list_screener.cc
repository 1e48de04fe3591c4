#include "engine/screening/delta_list_screener.h"

namespace clearbid {

DeltaListScreener::DeltaListScreener(std::unique_ptr<MatcherListScreener> kept,
                                     std::unique_ptr<ListDeltaRematcher> rematcher, std::string fingerprint,
                                     std::vector<std::string> version_lines, Builder full)
    : kept_(std::move(kept)),
      rematcher_(std::move(rematcher)),
      fingerprint_(std::move(fingerprint)),
      version_lines_(std::move(version_lines)),
      full_(std::move(full), fingerprint_, version_lines_) {}

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
  full_.Screen(name, country, identifier, subject, out);
}

Status DeltaListScreener::status() const { return full_.status(); }

}  // namespace clearbid
