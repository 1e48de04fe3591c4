#pragma once
// Builds the rule engine's evidence for one contracting process: attaches
// each party's supplier disclosure and audit reports (joined on the OCDS
// party identifier, scheme/id), screens the party and its disclosed supply
// chain against exclusion lists, and adds goods × country context.

#include <string>
#include <vector>

#include "engine/model/audit_report.h"
#include "engine/model/contracting_process.h"
#include "engine/model/disclosure.h"
#include "engine/rules/evidence.h"

namespace clearbid {

/// Screens names against exclusion lists (implemented over the matcher).
class ListScreener {
 public:
  virtual ~ListScreener() = default;
  /// Candidate matches of `name` (with optional country and identifier) as
  /// evidence; `subject` is "party" or a disclosure ref.
  virtual void Screen(const std::string& name, const std::string& country, const Identifier& identifier,
                      const std::string& subject, std::vector<ListMatchEvidence>* out) const = 0;
  /// "name vN sha256:…" for each list version the screener holds.
  virtual std::vector<std::string> ListVersions() const = 0;
  /// A digest of everything Screen()'s answers depend on (list versions, the
  /// entries active as of the screening date, the matcher's version): the
  /// same fingerprint, the same answer for the same name. Empty when the
  /// screener holds no list.
  virtual std::string Fingerprint() const { return ""; }
};

/// Fills ProcessEvidence::goods_risk (implemented by the goods table).
class GoodsContext {
 public:
  virtual ~GoodsContext() = default;
  virtual void Fill(ProcessEvidence* evidence) const = 0;
};

/// Reviewers' decisions on list matches (implemented over the review store).
class MatchDecisions {
 public:
  virtual ~MatchDecisions() = default;
  /// "confirmed", "dismissed" or "" (no decision that applies) for the match
  /// of `subject_key` with entry `entry_id` of `list`; a decision made while
  /// the entry had another digest does not apply.
  virtual std::string Decision(const std::string& subject_key, const std::string& list, const std::string& entry_id,
                               const std::string& entry_digest) const = 0;
};

struct EvidenceSources {
  std::vector<SupplierDisclosure> disclosures;
  std::vector<AuditReport> audits;
  const ListScreener* lists = nullptr;   // null: list facts unknown
  const GoodsContext* goods = nullptr;   // null: goods context unknown
  const MatchDecisions* decisions = nullptr;  // null: no decision applies
  bool bid_screening = false;
  std::vector<std::string> input_digests;
};

/// Pure: the same process and sources give the same evidence.
ProcessEvidence BuildEvidence(const ContractingProcess& process, const EvidenceSources& sources);

}  // namespace clearbid
