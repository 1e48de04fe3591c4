#include "engine/screening/party_matching.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <unordered_set>

#include "engine/matching/name_scorer.h"

namespace clearbid {

Result<std::vector<MatchSubject>> StoredPartySubjects(ProcessStore* processes) {
  std::vector<MatchSubject> out;
  RETURN_IF_ERROR(processes->ForEachParty([&](const std::string& key, const std::string& name,
                                              const std::string& scheme, const std::string& identifier,
                                              const std::string& country) {
    MatchSubject s;
    s.party_key = key;
    s.name = name;
    s.scheme = scheme;
    s.identifier = identifier;
    s.country = country;
    out.push_back(std::move(s));
    return Status::Ok();
  }));
  return out;
}

std::vector<MatchSubject> DisclosureSubjects(const SupplierDisclosure& d) {
  std::vector<MatchSubject> out;
  const std::string key = d.party.Key();
  for (const SupplyChainEntry& e : d.supply_chain.entries) {
    out.push_back({key, e.ref, e.name, e.address.country, e.identifier.scheme, e.identifier.id});
  }
  for (const RecruitmentAgency& a : d.recruitment.agencies) {
    out.push_back({key, a.ref, a.name, a.country, a.identifier.scheme, a.identifier.id});
  }
  return out;
}

Result<PartyMatchingCounts> MatchSubjects(std::vector<MatchSubject> subjects, const MatcherListScreener& screener,
                                          TransactionSource* transactions, MatchStore* store,
                                          const PartyMatchingOptions& options) {
  const std::string fingerprint = screener.Fingerprint();
  if (fingerprint.empty()) return Status::NotFound("no exclusion list is stored: import one with `clearbid lists import`");
  PartyMatchingCounts counts;

  // Distinct subjects, then those not yet screened with these inputs and lists.
  std::unordered_set<std::string> seen;
  std::vector<MatchSubject> todo;
  ASSIGN_OR_RETURN(auto screened, store->ScreenedDigests(fingerprint));
  for (MatchSubject& s : subjects) {
    std::string key = MatchStore::ScreeningKey(s);
    if (!seen.insert(key).second) continue;
    ++counts.subjects;
    auto it = screened.find(key);
    if (!options.force && it != screened.end() && it->second == MatchStore::InputDigest(s)) {
      ++counts.unchanged;
      continue;
    }
    todo.push_back(std::move(s));
  }

  // Screen in parallel (the screener is thread-safe); each slot is written by one thread.
  std::vector<std::vector<ListMatchEvidence>> results(todo.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < todo.size(); i = next++) {
      const MatchSubject& s = todo[i];
      screener.Screen(s.name, s.country, Identifier{s.scheme, s.identifier, ""}, s.subject, &results[i]);
    }
  };
  const int threads = std::max(1, std::min<int>(options.threads, static_cast<int>(todo.size())));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();

  ASSIGN_OR_RETURN(std::unique_ptr<StoreTransaction> tx, transactions->Begin());
  for (size_t i = 0; i < todo.size(); ++i) {
    ASSIGN_OR_RETURN(MatchChange change, store->PutScreening(todo[i], fingerprint, kMatchAlgorithmVersion, results[i]));
    if (change == MatchChange::kUnchanged) {
      ++counts.unchanged;
      continue;
    }
    ++counts.screened;
    if (!results[i].empty()) ++counts.subjects_with_results;
    counts.results += static_cast<int64_t>(results[i].size());
    for (const ListMatchEvidence& m : results[i]) counts.alerts += m.is_match;
  }
  RETURN_IF_ERROR(tx->Commit());
  return counts;
}

}  // namespace clearbid
