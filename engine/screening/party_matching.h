#pragma once
// Matching every party the store holds against the exclusion lists: the
// distinct parties of the process store (suppliers, tenderers, buyers, sites,
// subcontractors) and the supply-chain entries and recruitment agencies of
// stored disclosures, screened in parallel through a MatcherListScreener and
// stored in the MatchStore with the list versions they used.

#include <cstdint>
#include <vector>

#include "engine/base/result.h"
#include "engine/model/disclosure.h"
#include "engine/screening/list_screener.h"
#include "engine/store/match_store.h"
#include "engine/store/process_store.h"
#include "engine/store/store_transaction.h"

namespace clearbid {

struct PartyMatchingOptions {
  /// Screening threads (at least 1); writing stays on the calling thread.
  int threads = 2;
  /// Re-screen subjects already screened with the same inputs and lists.
  bool force = false;
};

struct PartyMatchingCounts {
  int64_t subjects = 0;   // distinct subjects considered
  int64_t screened = 0;   // screened in this run
  int64_t unchanged = 0;  // already stored with the same inputs and list versions
  int64_t subjects_with_results = 0;  // screened subjects with at least one alert or identifier match
  int64_t results = 0;    // results stored in this run
  int64_t alerts = 0;     // of which is_match
};

/// The distinct parties of the process store (ProcessStore::ForEachParty),
/// subject "party", in key order.
Result<std::vector<MatchSubject>> StoredPartySubjects(ProcessStore* processes);

/// The supply-chain entries and recruitment agencies of one disclosure, keyed
/// by the disclosing party ("scheme/id"), subject = their ref.
std::vector<MatchSubject> DisclosureSubjects(const SupplierDisclosure& disclosure);

/// Screens `subjects` (duplicates by MatchStore::ScreeningKey are dropped)
/// with `screener` on `options.threads` threads and stores each screening in
/// `store` under screener.Fingerprint(), in one transaction from
/// `transactions` (on the connection of `store`, SQLite or PostgreSQL).
/// Idempotent: the same subjects against the same list
/// versions change nothing (they are counted as unchanged and not
/// re-screened unless options.force). Fails when the screener holds no list.
Result<PartyMatchingCounts> MatchSubjects(std::vector<MatchSubject> subjects, const MatcherListScreener& screener,
                                          TransactionSource* transactions, MatchStore* store,
                                          const PartyMatchingOptions& options = {});

}  // namespace clearbid
