#pragma once
// The store of supplier evidence: disclosures and audit reports keyed by the
// audited / disclosing party (identifier scheme + id) and the document's own
// id. Each document is kept as canonical minified JSON (connectors'
// DisclosureToJson / AuditToJson) with its ContentHash, plus the columns the
// rule engine and reports query. Idempotent: putting a document whose digest
// is stored changes nothing; a changed document replaces the old one (and its
// derived rows). Each put is atomic (a SAVEPOINT, so it also nests inside a
// caller's transaction). Not thread-safe: one EvidenceStore per Database.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>
#include <string>
#include <string_view>
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
  /// Opens the store on `db` (not owned; must outlive the store), applying
  /// the migrations of the "evidence" component.
  static Result<std::unique_ptr<EvidenceStore>> Open(Database* db);

  /// Stores a disclosure read from `source_file:source_line`. `canonical_json`
  /// must be DisclosureToJson(d). The party must have scheme and id.
  Result<EvidenceChange> PutDisclosure(const SupplierDisclosure& d, std::string_view canonical_json,
                                       std::string_view source_file, int64_t source_line);
  /// Same for an audit report (keyed by its audited party); `canonical_json` = AuditToJson(a).
  Result<EvidenceChange> PutAudit(const AuditReport& a, std::string_view canonical_json,
                                  std::string_view source_file, int64_t source_line);

  /// Disclosures of one party, newest submission first (then by id).
  Result<std::vector<StoredDisclosure>> DisclosuresFor(std::string_view scheme, std::string_view id);
  /// Audits of one party, newest audit first (then by id).
  Result<std::vector<StoredAudit>> AuditsFor(std::string_view scheme, std::string_view id);

  /// Streams every stored disclosure (all parties, all versions kept), in
  /// (party scheme, party id, disclosure id) order; stops at the first error
  /// `fn` returns.
  Status ForEachDisclosure(const std::function<Status(const StoredDisclosure&)>& fn);

  Result<EvidenceCounts> Counts();
  /// For every party with evidence ("scheme/id"), a digest over the digests of
  /// its disclosures and audits: it changes when any of them changes.
  Result<std::unordered_map<std::string, std::string>> DigestsByParty();
  /// SHA-256 over every evidence row in key order: equal digests mean equal evidence.
  Result<std::string> ContentDigest();

 private:
  explicit EvidenceStore(Database* db) : db_(db) {}
  Status Prepare();
  template <typename F>
  Result<EvidenceChange> Atomically(F&& body);
  Database* db_;
  Statement get_disclosure_digest_, delete_disclosure_entries_, upsert_disclosure_, insert_entry_;
  Statement get_audit_digest_, delete_findings_, upsert_audit_, insert_finding_;
  Statement disclosures_for_, audits_for_;
};

}  // namespace clearbid
