#pragma once
// Wiring for screening: the rule pack and assessor, and the store's evidence
// (stored disclosures and audits, exclusion lists through the matcher, the
// goods reference table), gathered for one process at a time.

#include <memory>
#include <mutex>
#include <unordered_map>
#include <string>
#include <unordered_set>

#include "connectors/ingest/input_loader.h"
#include "engine/rules/assessor.h"
#include "engine/rules/rule_pack.h"
#include "engine/screening/evidence_builder.h"
#include "engine/store/evidence_store.h"
#include "engine/store/sqlite_db.h"

namespace clearbid {

/// Stored evidence documents already parsed, by content digest and origin:
/// a stored document never changes under its digest, so its parsed form can
/// be reused by every later request. Thread-safe; bounded (emptied when full).
class ParsedEvidenceCache {
 public:
  template <typename T>
  std::shared_ptr<const T> Find(const std::string& key) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : std::static_pointer_cast<const T>(it->second);
  }
  template <typename T>
  std::shared_ptr<const T> Put(const std::string& key, std::shared_ptr<const T> value) const {
    std::lock_guard<std::mutex> lock(mu_);
    if (entries_.size() >= kCapacity) entries_.clear();
    entries_[key] = value;
    return value;
  }

 private:
  static constexpr size_t kCapacity = 20000;
  mutable std::mutex mu_;
  mutable std::unordered_map<std::string, std::shared_ptr<const void>> entries_;
};

struct StoreSet;

class ScreeningContext {
 public:
  ScreeningContext();
  ~ScreeningContext();
  /// Loads the pack; opens `db` (a SQLite file, read-only, when it exists;
  /// or a postgresql:// URL) when it is given (an absent SQLite store only
  /// means there is no stored evidence and no list).
  /// `goods_list` is the US DOL list of goods (CSV; default: $CLEARBID_GOODS_LIST);
  /// without it the goods × country facts are unknown.
  /// Exclusion lists: `lists` when given (one index shared by many contexts),
  /// else the store's lists as of `as_of` when the store has any.
  Status Open(const std::string& db, const std::string& rules_dir, const std::string& goods_list = "",
              const std::string& as_of = "", std::shared_ptr<const ListScreener> lists = nullptr);

  /// The list screener in use (null when there are no lists).
  std::shared_ptr<const ListScreener> lists() const { return lists_; }

  /// Disclosures and audits from `inputs` and the store for the parties of
  /// `process`, list screening and goods context when the store has them.
  /// A store that fails fails the call (nothing is silently left out);
  /// Corruption when a stored document cannot be read back.
  Result<EvidenceSources> SourcesFor(const ContractingProcess& process, const LoadedInputs& inputs) const;
  /// Same, reading stored evidence through `evidence` (may be null: none)
  /// instead of the context's own connection: for callers on several threads,
  /// each with its own connection. Const and thread-safe otherwise. With
  /// `parties_with_evidence` (global keys, e.g. the keys of
  /// EvidenceStore::DigestsByParty() read once), the store is asked only about
  /// those parties: a scan saves two queries for every party without evidence.
  Result<EvidenceSources> SourcesFor(const ContractingProcess& process, const LoadedInputs& inputs,
                                     EvidenceStore* evidence,
                                     const std::unordered_set<std::string>* parties_with_evidence = nullptr) const;

  /// A digest of the list versions screening uses (empty when there are none):
  /// part of every scan fingerprint, so a new list version re-evaluates.
  std::string ListsFingerprint() const;
  /// The digest of the goods × country table (empty without one).
  const std::string& GoodsDigest() const { return goods_digest_; }

  const Assessor& assessor() const { return *assessor_; }
  const RulePack& pack() const { return pack_; }

 private:
  RulePack pack_;
  std::unique_ptr<Assessor> assessor_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<StoreSet> stores_;  // a PostgreSQL store's connection (evidence_ reads through it)
  std::unique_ptr<EvidenceStore> evidence_;
  std::unique_ptr<GoodsContext> goods_;
  std::string goods_digest_;
  std::shared_ptr<const ListScreener> lists_;
  std::string lists_fingerprint_;
  ParsedEvidenceCache parsed_;
};

}  // namespace clearbid
