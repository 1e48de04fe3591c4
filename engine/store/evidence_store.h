#pragma once
// The store of supplier evidence: disclosures and audit reports keyed by the
// audited / disclosing party (identifier scheme + id) and the document's own
// id. Each document is kept as canonical minified JSON (connectors'
// DisclosureToJson / AuditToJson) with its ContentHash, plus the columns the
// rule engine and reports query. Idempotent: putting a document whose digest
// is stored changes nothing; a changed document replaces the old one (and its
// derived rows: supply-chain entries, findings; a repeated entry ref or
// finding code keeps the last one). Each put is atomic.
//
// An interface: SQLite is the embedded default (Open below, migration
// component "evidence"; a put is a SAVEPOINT, so it also nests inside a
// caller's Transaction on the Database); PostgreSQL implements it too
// (engine/store/pg/pg_list_evidence_stores.h). Both pass the same
// conformance suite (tests/engine/store/evidence_store_conformance.h), and
// equal evidence gives equal ContentDigest and DigestsByParty on both. Keys
// are ordered byte-wise. One EvidenceStore per connection; not thread-safe.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/base/result.h"
#include "engine/model/audit_report.h"
#include "engine/model/disclosure.h"
#include "engine/store/sqlite_db.h"

namespace clearbid {

struct StoredDisclosure {
  std::string party_scheme;
  std::string party_id;
  std::string disclosure_id;
  std::string submitted;
  std::string ocid;
  std::string digest;  // ContentHash of json
  std::string json;    // canonical minified; re-read with ReadDisclosureJson
  std::string source_file;
  int64_t source_line = 0;
};

struct StoredAudit {
  std::string party_scheme;
  std::string party_id;
  std::string audit_id;
  std::string audit_date;
  std::string site_name;
  std::string site_country;
  std::string standard;
  std::optional<bool> forced_labour_in_scope;
  /// Most severe finding not closed ("zero_tolerance", ...); empty when none.
  std::string max_open_severity;
  int64_t open_findings = 0;
  std::string digest;
  std::string json;  // canonical minified; re-read with ReadAuditJson
  std::string source_file;
  int64_t source_line = 0;
};

enum class EvidenceChange { kUnchanged, kInserted, kReplaced };

struct EvidenceCounts {
  int64_t disclosures = 0;
  int64_t disclosure_entries = 0;
  int64_t audits = 0;
  int64_t findings = 0;
  int64_t open_findings = 0;
};

class EvidenceStore {
 public:
  virtual ~EvidenceStore() = default;

  /// The SQLite store on `db` (not owned; must outlive the store), applying
  /// the migrations of the "evidence" component.
  static Result<std::unique_ptr<EvidenceStore>> Open(Database* db);

  /// Stores a disclosure read from `source_file:source_line`. `canonical_json`
  /// must be DisclosureToJson(d). InvalidArgument (nothing stored) when the
  /// party has no scheme or id or the disclosure no id.
  virtual Result<EvidenceChange> PutDisclosure(const SupplierDisclosure& d, std::string_view canonical_json,
                                               std::string_view source_file, int64_t source_line) = 0;
  /// Same for an audit report (keyed by its audited party); `canonical_json` = AuditToJson(a).
  virtual Result<EvidenceChange> PutAudit(const AuditReport& a, std::string_view canonical_json,
                                          std::string_view source_file, int64_t source_line) = 0;

  /// Disclosures of one party, newest submission first (then by id).
  virtual Result<std::vector<StoredDisclosure>> DisclosuresFor(std::string_view scheme,
                                                               std::string_view id) = 0;
  /// Audits of one party, newest audit first (then by id).
  virtual Result<std::vector<StoredAudit>> AuditsFor(std::string_view scheme, std::string_view id) = 0;

  /// Streams every stored disclosure (all parties, all versions kept), in
  /// (party scheme, party id, disclosure id) order; stops at the first error
  /// `fn` returns.
  virtual Status ForEachDisclosure(const std::function<Status(const StoredDisclosure&)>& fn) = 0;

  virtual Result<EvidenceCounts> Counts() = 0;
  /// For every party with evidence ("scheme/id"), a digest over the digests of
  /// its disclosures and audits: it changes when any of them changes.
  virtual Result<std::unordered_map<std::string, std::string>> DigestsByParty() = 0;
  /// SHA-256 over every evidence row in key order: equal digests mean equal evidence.
  virtual Result<std::string> ContentDigest() = 0;
};

}  // namespace clearbid
