#include "service/stored_match_decisions.h"

#include "engine/base/digest.h"

namespace clearbid {

std::string AppliedDecision(const ReviewState* state, const std::string& entry_digest) {
  if (state == nullptr || state->entry_digest != entry_digest) return "";
  return state->state == "confirmed" || state->state == "dismissed" ? state->state : "";
}

std::string StoredMatchDecisions::Decision(const std::string& subject_key, const std::string& list,
                                           const std::string& entry_id, const std::string& entry_digest) const {
  auto it = by_subject_.find(subject_key);
  if (it == by_subject_.end()) {
    Result<std::vector<ReviewState>> states = store_->MatchStates({subject_key});
    if (!states.ok()) {
      if (status_.ok()) status_ = states.status();
      return "";
    }
    it = by_subject_.emplace(subject_key, std::move(states).value()).first;
  }
  const std::string key = ReviewMatchKey(subject_key, list, entry_id);
  for (const ReviewState& s : it->second) {
    if (s.key == key) return AppliedDecision(&s, entry_digest);
  }
  return "";
}

}  // namespace clearbid

namespace clearbid {

Result<std::shared_ptr<const MatchDecisionSnapshot>> MatchDecisionSnapshot::Load(ReviewStore* store) {
  std::vector<ReviewState> all;
  constexpr size_t kPage = 500;
  for (size_t offset = 0;; offset += kPage) {
    ASSIGN_OR_RETURN(std::vector<ReviewState> page, store->States("match", "", offset, kPage));
    const size_t n = page.size();
    for (ReviewState& s : page) all.push_back(std::move(s));
    if (n < kPage) break;
  }
  return std::make_shared<const MatchDecisionSnapshot>(std::move(all));
}

MatchDecisionSnapshot::MatchDecisionSnapshot(std::vector<ReviewState> states) {
  for (ReviewState& s : states) by_key_[s.key] = std::move(s);
  // by_key_ order makes each party's material independent of read order.
  std::map<std::string, std::string> material;
  for (const auto& [key, s] : by_key_) {
    if (AppliedDecision(&s, s.entry_digest).empty()) continue;  // only states screening uses count
    const std::string party = s.subject_key.substr(0, s.subject_key.find('#'));
    material[party] += key + "\x1f" + s.state + "\x1f" + s.entry_digest + "\x1e";
  }
  for (const auto& [party, text] : material) by_party_[party] = ContentHash(text);
}

std::string MatchDecisionSnapshot::Decision(const std::string& subject_key, const std::string& list,
                                            const std::string& entry_id, const std::string& entry_digest) const {
  auto it = by_key_.find(ReviewMatchKey(subject_key, list, entry_id));
  return AppliedDecision(it == by_key_.end() ? nullptr : &it->second, entry_digest);
}

std::string MatchDecisionSnapshot::DigestFor(const std::string& party_key) const {
  auto it = by_party_.find(party_key);
  return it == by_party_.end() ? "" : it->second;
}

}  // namespace clearbid
