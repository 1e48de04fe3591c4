#pragma once
// The evidence the rule engine assesses: one contracting process, and for
// each party in it what is known about that party (its supplier disclosure,
// audit reports, exclusion-list matches). Built by the caller (CLI, server,
// scan) from the store; the engine reads it and never fetches anything.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/audit_report.h"
#include "engine/model/contracting_process.h"
#include "engine/model/disclosure.h"

namespace clearbid {

/// A candidate match of a party (or of an entry of its disclosed supply
/// chain) against an exclusion-list entry, as the matcher scored it.
struct ListMatchEvidence {
  std::string list;         // list name ("worldbank", …)
  int64_t list_version = 0;
  std::string entry_id;
  std::string entry_name;
  std::string query_name;   // the name that matched
  /// Whose name: "party", or the disclosure ref of a supply-chain entry or agency.
  std::string subject = "party";
  double score = 0;         // 0..1 from the matcher
  bool is_match = false;    // score at or above the matcher's threshold
  bool identifier_match = false;
  bool entry_active = true;
  /// A reviewer's decision: "", "confirmed", "dismissed" (dismissed matches are not evidence).
  std::string decision;
  /// Who was screened, for review decisions: the party's GlobalKey() for
  /// subject "party", "<party key>#<ref>" for a disclosed supply-chain entry
  /// or agency (BuildEvidence sets it).
  std::string subject_key;
  /// ListEntryDigest() of the matched entry: a decision holds only while the
  /// entry is unchanged.
  std::string entry_digest;
  std::string explanation;  // the matcher's explanation, verbatim
};

/// Labour-risk context of an item: the goods a reference table maps its
/// classification code to, with the DOL list's marks for the relevant country.
struct GoodsRisk {
  std::string good;
  std::string country;  // ISO alpha-2
  bool child_labour = false;
  bool forced_labour = false;
  std::string item_code;  // "CPV:18100000"
};

struct PartyEvidence {
  /// Index into ContractingProcess::parties.
  size_t party_index = 0;
  /// The latest disclosure of the party, if any.
  std::optional<SupplierDisclosure> disclosure;
  /// Audit reports of the party or of its sites.
  std::vector<AuditReport> audits;
  /// Whether the party was screened against exclusion lists at all (false:
  /// list facts are unknown, never "clear").
  bool lists_screened = false;
  std::vector<ListMatchEvidence> matches;
};

struct ProcessEvidence {
  ContractingProcess process;
  std::vector<PartyEvidence> parties;
  /// Whether a goods × country reference table was available (false: context
  /// facts are unknown).
  bool goods_table_loaded = false;
  /// Per party index: goods risk of the process items for that party's country.
  std::vector<std::vector<GoodsRisk>> goods_risk;
  /// "Screening a bid": assess the tenderers even when there is an award.
  bool bid_screening = false;
  /// Provenance recorded in the assessment: list versions used
  /// ("worldbank v3 sha256:…") and digests of the inputs (release, disclosure
  /// and audit digests), each as the caller names them.
  std::vector<std::string> list_versions;
  std::vector<std::string> input_digests;
};

}  // namespace clearbid
