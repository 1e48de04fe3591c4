// The SQLite EvidenceStore: documents and their derived rows, each put in a
// SAVEPOINT, statements prepared once per store.

#include "engine/store/evidence_store.h"

#include <fmt/format.h>

#include "engine/base/digest.h"

namespace clearbid {
namespace {

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE evidence_disclosures (
  party_scheme TEXT NOT NULL,
  party_id TEXT NOT NULL,
  disclosure_id TEXT NOT NULL,
  party_name TEXT NOT NULL,
  party_country TEXT NOT NULL,
  submitted TEXT NOT NULL,
  ocid TEXT,
  policy_exists INTEGER,
  due_diligence_exists INTEGER,
  grievance_exists INTEGER,
  uses_agencies INTEGER,
  supply_chain_complete INTEGER,
  entry_count INTEGER NOT NULL,
  agency_count INTEGER NOT NULL,
  max_tier INTEGER NOT NULL,
  audits_withheld INTEGER NOT NULL,
  digest TEXT NOT NULL,
  json TEXT NOT NULL,
  source_file TEXT NOT NULL,
  source_line INTEGER NOT NULL,
  PRIMARY KEY (party_scheme, party_id, disclosure_id)
);
CREATE INDEX evidence_disclosures_ocid ON evidence_disclosures(ocid);
CREATE TABLE evidence_disclosure_entries (
  party_scheme TEXT NOT NULL,
  party_id TEXT NOT NULL,
  disclosure_id TEXT NOT NULL,
  ref TEXT NOT NULL,
  role TEXT NOT NULL,
  tier INTEGER,
  name TEXT NOT NULL,
  country TEXT,
  entry_scheme TEXT,
  entry_id TEXT,
  parent_scheme TEXT,
  parent_id TEXT,
  PRIMARY KEY (party_scheme, party_id, disclosure_id, ref)
);
CREATE INDEX evidence_disclosure_entries_key ON evidence_disclosure_entries(entry_scheme, entry_id);
CREATE TABLE evidence_audits (
  party_scheme TEXT NOT NULL,
  party_id TEXT NOT NULL,
  audit_id TEXT NOT NULL,
  audit_date TEXT NOT NULL,
  auditor_firm TEXT NOT NULL,
  standard TEXT NOT NULL,
  forced_labour_in_scope INTEGER,
  site_name TEXT NOT NULL,
  site_country TEXT NOT NULL,
  site_scheme TEXT,
  site_id TEXT,
  site_ref TEXT,
  ocid TEXT,
  max_open_severity TEXT,
  max_open_severity_rank INTEGER,
  open_findings INTEGER NOT NULL,
  finding_count INTEGER NOT NULL,
  digest TEXT NOT NULL,
  json TEXT NOT NULL,
  source_file TEXT NOT NULL,
  source_line INTEGER NOT NULL,
  PRIMARY KEY (party_scheme, party_id, audit_id)
);
CREATE INDEX evidence_audits_site ON evidence_audits(site_scheme, site_id);
CREATE TABLE evidence_audit_findings (
  party_scheme TEXT NOT NULL,
  party_id TEXT NOT NULL,
  audit_id TEXT NOT NULL,
  code TEXT NOT NULL,
  category TEXT,
  ilo_indicator TEXT,
  severity TEXT NOT NULL,
  severity_rank INTEGER NOT NULL,
  status TEXT NOT NULL,
  cap_due TEXT,
  cap_verified_closed TEXT,
  PRIMARY KEY (party_scheme, party_id, audit_id, code)
);
)sql"},
  };
  return kMigrations;
}

void BindText(Statement& s, int i, std::string_view v) {
  if (v.empty()) {
    s.BindNull(i);
  } else {
    s.Bind(i, v);
  }
}

void BindTri(Statement& s, int i, const std::optional<bool>& v) {
  if (v) {
    s.Bind(i, static_cast<int64_t>(*v ? 1 : 0));
  } else {
    s.BindNull(i);
  }
}

std::optional<bool> ColumnTri(const Statement& s, int col) {
  if (s.ColumnIsNull(col)) return std::nullopt;
  return s.ColumnInt(col) != 0;
}

// Looks up the stored digest for a key: nullopt when the key is not stored.
Result<std::optional<std::string>> StoredDigest(Statement& s, std::string_view scheme, std::string_view id,
                                                std::string_view doc_id) {
  s.Reset();
  s.Bind(1, scheme).Bind(2, id).Bind(3, doc_id);
  ASSIGN_OR_RETURN(bool row, s.Step());
  std::optional<std::string> digest;
  if (row) digest = s.ColumnText(0);
  s.Reset();
  return digest;
}

class SqliteEvidenceStore final : public EvidenceStore {
 public:
  explicit SqliteEvidenceStore(Database* db) : db_(db) {}
  Status Prepare();

  Result<EvidenceChange> PutDisclosure(const SupplierDisclosure& d, std::string_view canonical_json,
                                       std::string_view source_file, int64_t source_line) override;
  Result<EvidenceChange> PutAudit(const AuditReport& a, std::string_view canonical_json,
                                  std::string_view source_file, int64_t source_line) override;
  Result<std::vector<StoredDisclosure>> DisclosuresFor(std::string_view scheme, std::string_view id) override;
  Result<std::vector<StoredAudit>> AuditsFor(std::string_view scheme, std::string_view id) override;
  Status ForEachDisclosure(const std::function<Status(const StoredDisclosure&)>& fn) override;
  Result<EvidenceCounts> Counts() override;
  Result<std::unordered_map<std::string, std::string>> DigestsByParty() override;
  Result<std::string> ContentDigest() override;

 private:
  template <typename F>
  Result<EvidenceChange> Atomically(F&& body);
  Database* db_;
  Statement get_disclosure_digest_, delete_disclosure_entries_, upsert_disclosure_, insert_entry_;
  Statement get_audit_digest_, delete_findings_, upsert_audit_, insert_finding_;
  Statement disclosures_for_, audits_for_;
};

}  // namespace

Result<std::unique_ptr<EvidenceStore>> EvidenceStore::Open(Database* db) {
  RETURN_IF_ERROR(db->Migrate("evidence", Migrations()));
  auto store = std::make_unique<SqliteEvidenceStore>(db);
  RETURN_IF_ERROR(store->Prepare());
  return std::unique_ptr<EvidenceStore>(std::move(store));
}

Status SqliteEvidenceStore::Prepare() {
  ASSIGN_OR_RETURN(get_disclosure_digest_,
                   db_->Prepare("SELECT digest FROM evidence_disclosures WHERE party_scheme=?1 AND party_id=?2 AND "
                                "disclosure_id=?3"));
  ASSIGN_OR_RETURN(delete_disclosure_entries_,
                   db_->Prepare("DELETE FROM evidence_disclosure_entries WHERE party_scheme=?1 AND party_id=?2 AND "
                                "disclosure_id=?3"));
  ASSIGN_OR_RETURN(upsert_disclosure_,
                   db_->Prepare("INSERT OR REPLACE INTO evidence_disclosures (party_scheme, party_id, disclosure_id, "
                                "party_name, party_country, submitted, ocid, policy_exists, due_diligence_exists, "
                                "grievance_exists, uses_agencies, supply_chain_complete, entry_count, agency_count, "
                                "max_tier, audits_withheld, digest, json, source_file, source_line) VALUES "
                                "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20)"));
  ASSIGN_OR_RETURN(insert_entry_,
                   db_->Prepare("INSERT OR REPLACE INTO evidence_disclosure_entries (party_scheme, party_id, "
                                "disclosure_id, ref, role, tier, name, country, entry_scheme, entry_id, "
                                "parent_scheme, parent_id) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)"));
  ASSIGN_OR_RETURN(get_audit_digest_,
                   db_->Prepare("SELECT digest FROM evidence_audits WHERE party_scheme=?1 AND party_id=?2 AND "
                                "audit_id=?3"));
  ASSIGN_OR_RETURN(delete_findings_,
                   db_->Prepare("DELETE FROM evidence_audit_findings WHERE party_scheme=?1 AND party_id=?2 AND "
                                "audit_id=?3"));
  ASSIGN_OR_RETURN(upsert_audit_,
                   db_->Prepare("INSERT OR REPLACE INTO evidence_audits (party_scheme, party_id, audit_id, "
                                "audit_date, auditor_firm, standard, forced_labour_in_scope, site_name, site_country, "
                                "site_scheme, site_id, site_ref, ocid, max_open_severity, max_open_severity_rank, "
                                "open_findings, finding_count, digest, json, source_file, source_line) VALUES "
                                "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21)"));
  ASSIGN_OR_RETURN(insert_finding_,
                   db_->Prepare("INSERT OR REPLACE INTO evidence_audit_findings (party_scheme, party_id, audit_id, "
                                "code, category, ilo_indicator, severity, severity_rank, status, cap_due, "
                                "cap_verified_closed) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)"));
  ASSIGN_OR_RETURN(disclosures_for_,
                   db_->Prepare("SELECT party_scheme, party_id, disclosure_id, submitted, ocid, digest, json, "
                                "source_file, source_line FROM evidence_disclosures WHERE party_scheme=?1 AND "
                                "party_id=?2 ORDER BY submitted DESC, disclosure_id"));
  ASSIGN_OR_RETURN(audits_for_,
                   db_->Prepare("SELECT party_scheme, party_id, audit_id, audit_date, site_name, site_country, "
                                "standard, forced_labour_in_scope, max_open_severity, open_findings, digest, json, "
                                "source_file, source_line FROM evidence_audits WHERE party_scheme=?1 AND "
                                "party_id=?2 ORDER BY audit_date DESC, audit_id"));
  return Status::Ok();
}

template <typename F>
Result<EvidenceChange> SqliteEvidenceStore::Atomically(F&& body) {
  RETURN_IF_ERROR(db_->Exec("SAVEPOINT evidence_put"));
  Result<EvidenceChange> result = body();
  if (!result.ok()) {
    (void)db_->Exec("ROLLBACK TO evidence_put");
    (void)db_->Exec("RELEASE evidence_put");
    return result;
  }
  RETURN_IF_ERROR(db_->Exec("RELEASE evidence_put"));
  return result;
}

Result<EvidenceChange> SqliteEvidenceStore::PutDisclosure(const SupplierDisclosure& d, std::string_view json,
                                                          std::string_view source_file, int64_t source_line) {
  if (!d.party.has_key() || d.disclosure_id.empty()) {
    return Status::InvalidArgument("disclosure without party scheme/id or disclosure_id cannot be stored");
  }
  std::string digest = ContentHash(json);
  ASSIGN_OR_RETURN(auto stored, StoredDigest(get_disclosure_digest_, d.party.scheme, d.party.id, d.disclosure_id));
  if (stored && *stored == digest) return EvidenceChange::kUnchanged;
  return Atomically([&]() -> Result<EvidenceChange> {
    auto& del = delete_disclosure_entries_;
    del.Reset();
    del.Bind(1, d.party.scheme).Bind(2, d.party.id).Bind(3, d.disclosure_id);
    RETURN_IF_ERROR(del.Run());
    del.Reset();

    int64_t withheld = 0;
    for (const auto& a : d.audits) withheld += a.report_provided.has_value() && !*a.report_provided;
    auto& up = upsert_disclosure_;
    up.Reset();
    up.Bind(1, d.party.scheme).Bind(2, d.party.id).Bind(3, d.disclosure_id);
    up.Bind(4, d.party.name).Bind(5, d.party.country).Bind(6, d.submitted);
    BindText(up, 7, d.ocid);
    BindTri(up, 8, d.policy.exists);
    BindTri(up, 9, d.due_diligence.process_exists);
    BindTri(up, 10, d.grievance.exists);
    BindTri(up, 11, d.recruitment.uses_agencies);
    BindTri(up, 12, d.supply_chain.complete);
    up.Bind(13, static_cast<int64_t>(d.supply_chain.entries.size()));
    up.Bind(14, static_cast<int64_t>(d.recruitment.agencies.size()));
    up.Bind(15, d.MaxTier());
    up.Bind(16, withheld);
    up.Bind(17, digest).Bind(18, json).Bind(19, source_file).Bind(20, source_line);
    RETURN_IF_ERROR(up.Run());
    up.Reset();

    auto& ins = insert_entry_;
    for (const auto& e : d.supply_chain.entries) {
      ins.Reset();
      ins.Bind(1, d.party.scheme).Bind(2, d.party.id).Bind(3, d.disclosure_id).Bind(4, e.ref);
      ins.Bind(5, ChainRoleCode(e.role));
      if (e.tier) {
        ins.Bind(6, *e.tier);
      } else {
        ins.BindNull(6);
      }
      ins.Bind(7, e.name);
      BindText(ins, 8, e.address.country);
      BindText(ins, 9, e.identifier.scheme);
      BindText(ins, 10, e.identifier.id);
      BindText(ins, 11, e.parent.scheme);
      BindText(ins, 12, e.parent.id);
      RETURN_IF_ERROR(ins.Run());
    }
    ins.Reset();
    return stored ? EvidenceChange::kReplaced : EvidenceChange::kInserted;
  });
}

Result<EvidenceChange> SqliteEvidenceStore::PutAudit(const AuditReport& a, std::string_view json,
                                                     std::string_view source_file, int64_t source_line) {
  if (!a.audited_party.has_key() || a.audit_id.empty()) {
    return Status::InvalidArgument("audit without audited party scheme/id or audit_id cannot be stored");
  }
  std::string digest = ContentHash(json);
  const auto& p = a.audited_party;
  ASSIGN_OR_RETURN(auto stored, StoredDigest(get_audit_digest_, p.scheme, p.id, a.audit_id));
  if (stored && *stored == digest) return EvidenceChange::kUnchanged;
  return Atomically([&]() -> Result<EvidenceChange> {
    auto& del = delete_findings_;
    del.Reset();
    del.Bind(1, p.scheme).Bind(2, p.id).Bind(3, a.audit_id);
    RETURN_IF_ERROR(del.Run());
    del.Reset();

    auto& up = upsert_audit_;
    up.Reset();
    up.Bind(1, p.scheme).Bind(2, p.id).Bind(3, a.audit_id).Bind(4, a.date).Bind(5, a.auditor.firm);
    up.Bind(6, a.scope.standard);
    BindTri(up, 7, a.scope.forced_labour_in_scope);
    up.Bind(8, a.site_name).Bind(9, a.site_address.country);
    BindText(up, 10, a.site_identifier.scheme);
    BindText(up, 11, a.site_identifier.id);
    BindText(up, 12, a.site_ref);
    BindText(up, 13, a.ocid);
    if (auto max = a.MaxOpenSeverity()) {
      up.Bind(14, FindingSeverityCode(*max)).Bind(15, static_cast<int64_t>(*max));
    } else {
      up.BindNull(14).BindNull(15);
    }
    up.Bind(16, a.OpenFindingCount()).Bind(17, static_cast<int64_t>(a.findings.size()));
    up.Bind(18, digest).Bind(19, json).Bind(20, source_file).Bind(21, source_line);
    RETURN_IF_ERROR(up.Run());
    up.Reset();

    auto& ins = insert_finding_;
    for (const auto& f : a.findings) {
      ins.Reset();
      ins.Bind(1, p.scheme).Bind(2, p.id).Bind(3, a.audit_id).Bind(4, f.code);
      BindText(ins, 5, f.category ? FindingCategoryCode(*f.category) : std::string_view());
      BindText(ins, 6, f.ilo_indicator ? IloIndicatorCode(*f.ilo_indicator) : std::string_view());
      ins.Bind(7, FindingSeverityCode(f.severity)).Bind(8, static_cast<int64_t>(f.severity));
      ins.Bind(9, CapStatusCode(f.status));
      BindText(ins, 10, f.cap_due);
      BindText(ins, 11, f.cap_verified_closed);
      RETURN_IF_ERROR(ins.Run());
    }
    ins.Reset();
    return stored ? EvidenceChange::kReplaced : EvidenceChange::kInserted;
  });
}

namespace {

// The current row of a statement selecting party_scheme, party_id,
// disclosure_id, submitted, ocid, digest, json, source_file, source_line.
StoredDisclosure DisclosureRow(Statement& s) {
  StoredDisclosure d;
  d.party_scheme = s.ColumnText(0);
  d.party_id = s.ColumnText(1);
  d.disclosure_id = s.ColumnText(2);
  d.submitted = s.ColumnText(3);
  d.ocid = s.ColumnIsNull(4) ? "" : s.ColumnText(4);
  d.digest = s.ColumnText(5);
  d.json = s.ColumnText(6);
  d.source_file = s.ColumnText(7);
  d.source_line = s.ColumnInt(8);
  return d;
}

}  // namespace

Result<std::vector<StoredDisclosure>> SqliteEvidenceStore::DisclosuresFor(std::string_view scheme,
                                                                        std::string_view id) {
  auto& s = disclosures_for_;
  s.Reset();
  s.Bind(1, scheme).Bind(2, id);
  std::vector<StoredDisclosure> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(DisclosureRow(s));
  }
  s.Reset();
  return out;
}

Status SqliteEvidenceStore::ForEachDisclosure(const std::function<Status(const StoredDisclosure&)>& fn) {
  ASSIGN_OR_RETURN(Statement s, db_->Prepare("SELECT party_scheme, party_id, disclosure_id, submitted, ocid, digest,"
                                             " json, source_file, source_line FROM evidence_disclosures"
                                             " ORDER BY party_scheme, party_id, disclosure_id"));
  while (true) {
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    RETURN_IF_ERROR(fn(DisclosureRow(s)));
  }
  return Status::Ok();
}

Result<std::vector<StoredAudit>> SqliteEvidenceStore::AuditsFor(std::string_view scheme, std::string_view id) {
  auto& s = audits_for_;
  s.Reset();
  s.Bind(1, scheme).Bind(2, id);
  std::vector<StoredAudit> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    StoredAudit a;
    a.party_scheme = s.ColumnText(0);
    a.party_id = s.ColumnText(1);
    a.audit_id = s.ColumnText(2);
    a.audit_date = s.ColumnText(3);
    a.site_name = s.ColumnText(4);
    a.site_country = s.ColumnText(5);
    a.standard = s.ColumnText(6);
    a.forced_labour_in_scope = ColumnTri(s, 7);
    a.max_open_severity = s.ColumnIsNull(8) ? "" : s.ColumnText(8);
    a.open_findings = s.ColumnInt(9);
    a.digest = s.ColumnText(10);
    a.json = s.ColumnText(11);
    a.source_file = s.ColumnText(12);
    a.source_line = s.ColumnInt(13);
    out.push_back(std::move(a));
  }
  s.Reset();
  return out;
}

Result<std::unordered_map<std::string, std::string>> SqliteEvidenceStore::DigestsByParty() {
  ASSIGN_OR_RETURN(Statement q, db_->Prepare(
      "SELECT party_scheme || '/' || party_id AS k, 'd:' || disclosure_id || ':' || digest FROM evidence_disclosures"
      " UNION ALL SELECT party_scheme || '/' || party_id, 'a:' || audit_id || ':' || digest FROM evidence_audits"
      " ORDER BY 1, 2"));
  std::unordered_map<std::string, std::string> joined;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    std::string& s = joined[q.ColumnText(0)];
    s += q.ColumnView(1);
    s += ';';
  }
  std::unordered_map<std::string, std::string> out;
  for (auto& [key, all] : joined) out.emplace(key, ContentHash(all));
  return out;
}

Result<EvidenceCounts> SqliteEvidenceStore::Counts() {
  ASSIGN_OR_RETURN(auto s, db_->Prepare(
                               "SELECT (SELECT COUNT(*) FROM evidence_disclosures), (SELECT COUNT(*) FROM "
                               "evidence_disclosure_entries), (SELECT COUNT(*) FROM evidence_audits), (SELECT "
                               "COUNT(*) FROM evidence_audit_findings), (SELECT COUNT(*) FROM evidence_audit_findings "
                               "WHERE status <> 'closed')"));
  ASSIGN_OR_RETURN(bool row, s.Step());
  EvidenceCounts c;
  if (row) {
    c.disclosures = s.ColumnInt(0);
    c.disclosure_entries = s.ColumnInt(1);
    c.audits = s.ColumnInt(2);
    c.findings = s.ColumnInt(3);
    c.open_findings = s.ColumnInt(4);
  }
  return c;
}

Result<std::string> SqliteEvidenceStore::ContentDigest() {
  Sha256 sha;
  // Derived rows follow from the JSON, so keys, digests and source locations cover the evidence.
  const char* queries[] = {
      "SELECT 'd', party_scheme, party_id, disclosure_id, digest, source_file, source_line FROM evidence_disclosures "
      "ORDER BY party_scheme, party_id, disclosure_id",
      "SELECT 'a', party_scheme, party_id, audit_id, digest, source_file, source_line FROM evidence_audits "
      "ORDER BY party_scheme, party_id, audit_id",
      "SELECT 'e', party_scheme, party_id, disclosure_id, ref, role, name FROM evidence_disclosure_entries "
      "ORDER BY party_scheme, party_id, disclosure_id, ref",
      "SELECT 'f', party_scheme, party_id, audit_id, code, severity, status FROM evidence_audit_findings "
      "ORDER BY party_scheme, party_id, audit_id, code",
  };
  for (const char* q : queries) {
    ASSIGN_OR_RETURN(auto s, db_->Prepare(q));
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      for (int c = 0; c < 7; ++c) {
        sha.Update(s.ColumnView(c));
        sha.Update(std::string_view("\x1f", 1));
      }
      sha.Update("\n");
    }
  }
  return sha.FinishHex();
}

}  // namespace clearbid
