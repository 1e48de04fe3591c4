// What every MatchStore shares: the screening key and input digest, and the
// checks made before a screening is written.

#include "engine/store/match_store.h"

#include <cmath>

#include <fmt/format.h>

#include "engine/base/digest.h"

namespace clearbid {
namespace {

constexpr char kSep = '\x1f';

}  // namespace

std::string MatchStore::InputDigest(const MatchSubject& s) {
  std::string text = s.name;
  for (const std::string* part : {&s.country, &s.scheme, &s.identifier}) {
    text += kSep;
    text += *part;
  }
  return ContentHash(text);
}

std::string MatchStore::ScreeningKey(const MatchSubject& s) {
  std::string key = s.party_key;
  key += kSep;
  key += s.subject;
  key += kSep;
  key += s.name;
  return key;
}

Status CheckScreening(const std::vector<ListMatchEvidence>& results) {
  for (size_t i = 0; i < results.size(); ++i) {
    if (std::isnan(results[i].score)) {
      return Status::InvalidArgument(
          fmt::format("match result {} ({} entry {}): the score is not a number", i + 1, results[i].list,
                      results[i].entry_id));
    }
  }
  return Status::Ok();
}

}  // namespace clearbid
