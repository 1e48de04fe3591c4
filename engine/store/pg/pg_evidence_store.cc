// The PostgreSQL EvidenceStore: the same tables, columns and digests as the
// SQLite store (tri-state answers as BOOLEAN, counts and lines as BIGINT), so
// that equal evidence digests equally on both. Upserts are INSERT … ON
// CONFLICT … DO UPDATE; ForEachDisclosure reads pages of kPageRows by key.

#include <fmt/format.h>

#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "engine/base/digest.h"
#include "engine/store/pg/pg_list_evidence_stores.h"
#include "engine/store/pg/pg_text.h"

namespace clearbid {
namespace {

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE evidence_disclosures (
  party_scheme TEXT COLLATE "C" NOT NULL,
  party_id TEXT COLLATE "C" NOT NULL,
  disclosure_id TEXT COLLATE "C" NOT NULL,
  party_name TEXT NOT NULL,
  party_country TEXT NOT NULL,
  submitted TEXT COLLATE "C" NOT NULL,
  ocid TEXT,
  policy_exists BOOLEAN,
  due_diligence_exists BOOLEAN,
  grievance_exists BOOLEAN,
  uses_agencies BOOLEAN,
  supply_chain_complete BOOLEAN,
  entry_count BIGINT NOT NULL,
  agency_count BIGINT NOT NULL,
  max_tier BIGINT NOT NULL,
  audits_withheld BIGINT NOT NULL,
  digest TEXT NOT NULL,
  json TEXT NOT NULL,
  source_file TEXT NOT NULL,
  source_line BIGINT NOT NULL,
  PRIMARY KEY (party_scheme, party_id, disclosure_id)
);
CREATE INDEX evidence_disclosures_ocid ON evidence_disclosures(ocid);
CREATE TABLE evidence_disclosure_entries (
  party_scheme TEXT COLLATE "C" NOT NULL,
  party_id TEXT COLLATE "C" NOT NULL,
  disclosure_id TEXT COLLATE "C" NOT NULL,
  ref TEXT COLLATE "C" NOT NULL,
  role TEXT NOT NULL,
  tier BIGINT,
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
  party_scheme TEXT COLLATE "C" NOT NULL,
  party_id TEXT COLLATE "C" NOT NULL,
  audit_id TEXT COLLATE "C" NOT NULL,
  audit_date TEXT COLLATE "C" NOT NULL,
  auditor_firm TEXT NOT NULL,
  standard TEXT NOT NULL,
  forced_labour_in_scope BOOLEAN,
  site_name TEXT NOT NULL,
  site_country TEXT NOT NULL,
  site_scheme TEXT,
  site_id TEXT,
  site_ref TEXT,
  ocid TEXT,
  max_open_severity TEXT,
  max_open_severity_rank BIGINT,
  open_findings BIGINT NOT NULL,
  finding_count BIGINT NOT NULL,
  digest TEXT NOT NULL,
  json TEXT NOT NULL,
  source_file TEXT NOT NULL,
  source_line BIGINT NOT NULL,
  PRIMARY KEY (party_scheme, party_id, audit_id)
);
CREATE INDEX evidence_audits_site ON evidence_audits(site_scheme, site_id);
CREATE TABLE evidence_audit_findings (
  party_scheme TEXT COLLATE "C" NOT NULL,
  party_id TEXT COLLATE "C" NOT NULL,
  audit_id TEXT COLLATE "C" NOT NULL,
  code TEXT COLLATE "C" NOT NULL,
  category TEXT,
  ilo_indicator TEXT,
  severity TEXT NOT NULL,
  severity_rank BIGINT NOT NULL,
  status TEXT NOT NULL,
  cap_due TEXT,
  cap_verified_closed TEXT,
  PRIMARY KEY (party_scheme, party_id, audit_id, code)
);
)sql"},
  };
  return kMigrations;
}

/// Disclosures per ForEachDisclosure page (each row carries its JSON).
constexpr int64_t kPageRows = 200;

constexpr const char* kDisclosureColumns =
    "party_scheme, party_id, disclosure_id, submitted, ocid, digest, json, source_file, source_line";
constexpr const char* kAuditColumns =
    "party_scheme, party_id, audit_id, audit_date, site_name, site_country, standard, "
    "forced_labour_in_scope, "
    "max_open_severity, open_findings, digest, json, source_file, source_line";

/// "$1, $2, …, $n".
std::string Placeholders(int n) {
  std::string out;
  for (int i = 1; i <= n; ++i) {
    if (i > 1) out += ", ";
    out += fmt::format("${}", i);
  }
  return out;
}

/// "INSERT INTO table (columns) VALUES ($1…) ON CONFLICT (key) DO UPDATE SET
/// <every other column> = EXCLUDED.<column>": SQLite's INSERT OR REPLACE.
std::string UpsertSql(const char* table, const std::vector<const char*>& key,
                      const std::vector<const char*>& rest) {
  std::string columns, conflict, updates;
  for (const char* k : key) {
    columns += columns.empty() ? k : fmt::format(", {}", k);
    conflict += conflict.empty() ? k : fmt::format(", {}", k);
  }
  for (const char* c : rest) {
    columns += fmt::format(", {}", c);
    updates += fmt::format("{}{} = EXCLUDED.{}", updates.empty() ? "" : ", ", c, c);
  }
  return fmt::format("INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {}", table, columns,
                     Placeholders(static_cast<int>(key.size() + rest.size())), conflict, updates);
}

/// Text, or NULL when empty (as the SQLite store binds optional text).
PgParam TextOrNull(std::string_view v) { return v.empty() ? PgParam::Null() : PgParam(PgText(v)); }

PgParam Tri(const std::optional<bool>& v) { return v ? PgParam::Bool(*v) : PgParam::Null(); }

PgParam IntOrNull(const std::optional<int64_t>& v) { return v ? PgParam(*v) : PgParam::Null(); }

Result<StoredDisclosure> ReadDisclosure(const PgRows& rows, size_t r) {
  StoredDisclosure d;
  d.party_scheme = rows.Text(r, 0);
  d.party_id = rows.Text(r, 1);
  d.disclosure_id = rows.Text(r, 2);
  d.submitted = rows.Text(r, 3);
  d.ocid = rows.Text(r, 4);  // "" for NULL
  d.digest = rows.Text(r, 5);
  d.json = rows.Text(r, 6);
  d.source_file = rows.Text(r, 7);
  ASSIGN_OR_RETURN(d.source_line, rows.Int(r, 8));
  return d;
}

class PgEvidenceStore final : public EvidenceStore {
 public:
  explicit PgEvidenceStore(PgConnection* conn) : conn_(conn) {}

  Status Prepare() {
    const std::string party = "party_scheme = $1 AND party_id = $2";
    const std::pair<const char*, std::string> statements[] = {
        {"evidence_disclosure_digest",
         "SELECT digest FROM evidence_disclosures WHERE " + party + " AND disclosure_id = $3"},
        {"evidence_delete_entries",
         "DELETE FROM evidence_disclosure_entries WHERE " + party + " AND disclosure_id = $3"},
        {"evidence_upsert_disclosure",
         UpsertSql(
             "evidence_disclosures", {"party_scheme", "party_id", "disclosure_id"},
             {"party_name", "party_country", "submitted", "ocid", "policy_exists", "due_diligence_exists",
              "grievance_exists", "uses_agencies", "supply_chain_complete", "entry_count", "agency_count",
              "max_tier", "audits_withheld", "digest", "json", "source_file", "source_line"})},
        {"evidence_upsert_entry",
         UpsertSql(
             "evidence_disclosure_entries", {"party_scheme", "party_id", "disclosure_id", "ref"},
             {"role", "tier", "name", "country", "entry_scheme", "entry_id", "parent_scheme", "parent_id"})},
        {"evidence_audit_digest", "SELECT digest FROM evidence_audits WHERE " + party + " AND audit_id = $3"},
        {"evidence_delete_findings",
         "DELETE FROM evidence_audit_findings WHERE " + party + " AND audit_id = $3"},
        {"evidence_upsert_audit",
         UpsertSql(
             "evidence_audits", {"party_scheme", "party_id", "audit_id"},
             {"audit_date", "auditor_firm", "standard", "forced_labour_in_scope", "site_name", "site_country",
              "site_scheme", "site_id", "site_ref", "ocid", "max_open_severity", "max_open_severity_rank",
              "open_findings", "finding_count", "digest", "json", "source_file", "source_line"})},
        {"evidence_upsert_finding",
         UpsertSql("evidence_audit_findings", {"party_scheme", "party_id", "audit_id", "code"},
                   {"category", "ilo_indicator", "severity", "severity_rank", "status", "cap_due",
                    "cap_verified_closed"})},
        {"evidence_disclosures_for", fmt::format("SELECT {} FROM evidence_disclosures WHERE {} "
                                                 "ORDER BY submitted DESC, disclosure_id",
                                                 kDisclosureColumns, party)},
        {"evidence_audits_for",
         fmt::format("SELECT {} FROM evidence_audits WHERE {} ORDER BY audit_date DESC, audit_id",
                     kAuditColumns, party)},
        {"evidence_disclosure_page", fmt::format("SELECT {} FROM evidence_disclosures WHERE (party_scheme, "
                                                 "party_id, disclosure_id) > ($1, $2, $3) "
                                                 "ORDER BY party_scheme, party_id, disclosure_id LIMIT $4",
                                                 kDisclosureColumns)},
        {"evidence_counts",
         "SELECT (SELECT COUNT(*) FROM evidence_disclosures), (SELECT COUNT(*) FROM "
         "evidence_disclosure_entries), "
         "(SELECT COUNT(*) FROM evidence_audits), (SELECT COUNT(*) FROM evidence_audit_findings), "
         "(SELECT COUNT(*) FROM evidence_audit_findings WHERE status <> 'closed')"},
        {"evidence_party_digests",
         "SELECT k, v FROM ("
         "SELECT party_scheme || '/' || party_id AS k, 'd:' || disclosure_id || ':' || digest AS v"
         " FROM evidence_disclosures"
         " UNION ALL SELECT party_scheme || '/' || party_id, 'a:' || audit_id || ':' || digest FROM "
         "evidence_audits"
         ") AS d ORDER BY k COLLATE \"C\", v COLLATE \"C\""},
        // The rows ContentDigest covers, as the SQLite store reads them.
        {"evidence_digest_d",
         "SELECT 'd', party_scheme, party_id, disclosure_id, digest, source_file, source_line "
         "FROM evidence_disclosures ORDER BY party_scheme, party_id, disclosure_id"},
        {"evidence_digest_a",
         "SELECT 'a', party_scheme, party_id, audit_id, digest, source_file, source_line FROM "
         "evidence_audits "
         "ORDER BY party_scheme, party_id, audit_id"},
        {"evidence_digest_e",
         "SELECT 'e', party_scheme, party_id, disclosure_id, ref, role, name FROM "
         "evidence_disclosure_entries "
         "ORDER BY party_scheme, party_id, disclosure_id, ref"},
        {"evidence_digest_f",
         "SELECT 'f', party_scheme, party_id, audit_id, code, severity, status FROM evidence_audit_findings "
         "ORDER BY party_scheme, party_id, audit_id, code"},
    };
    for (const auto& [name, sql] : statements) RETURN_IF_ERROR(conn_->Prepare(name, sql));
    return Status::Ok();
  }

  Result<EvidenceChange> PutDisclosure(const SupplierDisclosure& d, std::string_view json,
                                       std::string_view source_file, int64_t source_line) override {
    if (!d.party.has_key() || d.disclosure_id.empty()) {
      return Status::InvalidArgument("disclosure without party scheme/id or disclosure_id cannot be stored");
    }
    const std::string digest = ContentHash(json);
    const std::string scheme = PgText(d.party.scheme), id = PgText(d.party.id), doc = PgText(d.disclosure_id);
    ASSIGN_OR_RETURN(auto stored, StoredDigest("evidence_disclosure_digest", scheme, id, doc));
    if (stored && *stored == digest) return EvidenceChange::kUnchanged;
    return Atomically(
        [&]() -> Status {
          RETURN_IF_ERROR(conn_->Run("evidence_delete_entries", {scheme, id, doc}).status());
          int64_t withheld = 0;
          for (const auto& a : d.audits) withheld += a.report_provided.has_value() && !*a.report_provided;
          RETURN_IF_ERROR(
              conn_
                  ->Run("evidence_upsert_disclosure", {scheme,
                                                       id,
                                                       doc,
                                                       PgText(d.party.name),
                                                       PgText(d.party.country),
                                                       PgText(d.submitted),
                                                       TextOrNull(d.ocid),
                                                       Tri(d.policy.exists),
                                                       Tri(d.due_diligence.process_exists),
                                                       Tri(d.grievance.exists),
                                                       Tri(d.recruitment.uses_agencies),
                                                       Tri(d.supply_chain.complete),
                                                       static_cast<int64_t>(d.supply_chain.entries.size()),
                                                       static_cast<int64_t>(d.recruitment.agencies.size()),
                                                       d.MaxTier(),
                                                       withheld,
                                                       digest,
                                                       PgText(json),
                                                       PgText(source_file),
                                                       source_line})
                  .status());
          for (const auto& e : d.supply_chain.entries) {
            RETURN_IF_ERROR(
                conn_
                    ->Run("evidence_upsert_entry",
                          {scheme, id, doc, PgText(e.ref), ChainRoleCode(e.role), IntOrNull(e.tier),
                           PgText(e.name), TextOrNull(e.address.country), TextOrNull(e.identifier.scheme),
                           TextOrNull(e.identifier.id), TextOrNull(e.parent.scheme), TextOrNull(e.parent.id)})
                    .status());
          }
          return Status::Ok();
        },
        stored.has_value());
  }

  Result<EvidenceChange> PutAudit(const AuditReport& a, std::string_view json, std::string_view source_file,
                                  int64_t source_line) override {
    if (!a.audited_party.has_key() || a.audit_id.empty()) {
      return Status::InvalidArgument("audit without audited party scheme/id or audit_id cannot be stored");
    }
    const std::string digest = ContentHash(json);
    const std::string scheme = PgText(a.audited_party.scheme), id = PgText(a.audited_party.id),
                      doc = PgText(a.audit_id);
    ASSIGN_OR_RETURN(auto stored, StoredDigest("evidence_audit_digest", scheme, id, doc));
    if (stored && *stored == digest) return EvidenceChange::kUnchanged;
    return Atomically(
        [&]() -> Status {
          RETURN_IF_ERROR(conn_->Run("evidence_delete_findings", {scheme, id, doc}).status());
          PgParam max_severity = PgParam::Null(), max_rank = PgParam::Null();
          if (auto max = a.MaxOpenSeverity()) {
            max_severity = PgParam(FindingSeverityCode(*max));
            max_rank = PgParam(static_cast<int64_t>(*max));
          }
          RETURN_IF_ERROR(conn_
                              ->Run("evidence_upsert_audit", {scheme,
                                                              id,
                                                              doc,
                                                              PgText(a.date),
                                                              PgText(a.auditor.firm),
                                                              PgText(a.scope.standard),
                                                              Tri(a.scope.forced_labour_in_scope),
                                                              PgText(a.site_name),
                                                              PgText(a.site_address.country),
                                                              TextOrNull(a.site_identifier.scheme),
                                                              TextOrNull(a.site_identifier.id),
                                                              TextOrNull(a.site_ref),
                                                              TextOrNull(a.ocid),
                                                              max_severity,
                                                              max_rank,
                                                              a.OpenFindingCount(),
                                                              static_cast<int64_t>(a.findings.size()),
                                                              digest,
                                                              PgText(json),
                                                              PgText(source_file),
                                                              source_line})
                              .status());
          for (const auto& f : a.findings) {
            RETURN_IF_ERROR(
                conn_
                    ->Run("evidence_upsert_finding",
                          {scheme, id, doc, PgText(f.code),
                           TextOrNull(f.category ? FindingCategoryCode(*f.category) : std::string_view()),
                           TextOrNull(f.ilo_indicator ? IloIndicatorCode(*f.ilo_indicator)
                                                      : std::string_view()),
                           FindingSeverityCode(f.severity), static_cast<int64_t>(f.severity),
                           CapStatusCode(f.status), TextOrNull(f.cap_due), TextOrNull(f.cap_verified_closed)})
                    .status());
          }
          return Status::Ok();
        },
        stored.has_value());
  }

  Result<std::vector<StoredDisclosure>> DisclosuresFor(std::string_view scheme,
                                                       std::string_view id) override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("evidence_disclosures_for", {PgText(scheme), PgText(id)}));
    std::vector<StoredDisclosure> out;
    out.reserve(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) {
      ASSIGN_OR_RETURN(StoredDisclosure d, ReadDisclosure(rows, r));
      out.push_back(std::move(d));
    }
    return out;
  }

  Result<std::vector<StoredAudit>> AuditsFor(std::string_view scheme, std::string_view id) override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("evidence_audits_for", {PgText(scheme), PgText(id)}));
    std::vector<StoredAudit> out;
    out.reserve(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) {
      StoredAudit a;
      a.party_scheme = rows.Text(r, 0);
      a.party_id = rows.Text(r, 1);
      a.audit_id = rows.Text(r, 2);
      a.audit_date = rows.Text(r, 3);
      a.site_name = rows.Text(r, 4);
      a.site_country = rows.Text(r, 5);
      a.standard = rows.Text(r, 6);
      if (!rows.IsNull(r, 7)) a.forced_labour_in_scope = rows.Bool(r, 7);
      a.max_open_severity = rows.Text(r, 8);  // "" for NULL
      ASSIGN_OR_RETURN(a.open_findings, rows.Int(r, 9));
      a.digest = rows.Text(r, 10);
      a.json = rows.Text(r, 11);
      a.source_file = rows.Text(r, 12);
      ASSIGN_OR_RETURN(a.source_line, rows.Int(r, 13));
      out.push_back(std::move(a));
    }
    return out;
  }

  Status ForEachDisclosure(const std::function<Status(const StoredDisclosure&)>& fn) override {
    // Keys are never empty, so ("", "", "") is below the first one.
    std::string scheme, id, doc;
    for (;;) {
      ASSIGN_OR_RETURN(PgRows rows, conn_->Run("evidence_disclosure_page", {scheme, id, doc, kPageRows}));
      for (size_t r = 0; r < rows.size(); ++r) {
        ASSIGN_OR_RETURN(StoredDisclosure d, ReadDisclosure(rows, r));
        RETURN_IF_ERROR(fn(d));
      }
      if (rows.size() < static_cast<size_t>(kPageRows)) return Status::Ok();
      const size_t last = rows.size() - 1;
      scheme = rows.Text(last, 0);
      id = rows.Text(last, 1);
      doc = rows.Text(last, 2);
    }
  }

  Result<EvidenceCounts> Counts() override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("evidence_counts"));
    EvidenceCounts c;
    if (rows.empty()) return c;
    ASSIGN_OR_RETURN(c.disclosures, rows.Int(0, 0));
    ASSIGN_OR_RETURN(c.disclosure_entries, rows.Int(0, 1));
    ASSIGN_OR_RETURN(c.audits, rows.Int(0, 2));
    ASSIGN_OR_RETURN(c.findings, rows.Int(0, 3));
    ASSIGN_OR_RETURN(c.open_findings, rows.Int(0, 4));
    return c;
  }

  Result<std::unordered_map<std::string, std::string>> DigestsByParty() override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("evidence_party_digests"));
    std::unordered_map<std::string, std::string> joined;
    for (size_t r = 0; r < rows.size(); ++r) {
      std::string& s = joined[rows.Text(r, 0)];
      s += rows.Text(r, 1);
      s += ';';
    }
    std::unordered_map<std::string, std::string> out;
    for (auto& [key, all] : joined) out.emplace(key, ContentHash(all));
    return out;
  }

  Result<std::string> ContentDigest() override {
    Sha256 sha;
    for (const char* statement :
         {"evidence_digest_d", "evidence_digest_a", "evidence_digest_e", "evidence_digest_f"}) {
      ASSIGN_OR_RETURN(PgRows rows, conn_->Run(statement));
      for (size_t r = 0; r < rows.size(); ++r) {
        for (int c = 0; c < 7; ++c) {
          sha.Update(rows.Text(r, c));
          sha.Update(std::string_view("\x1f", 1));
        }
        sha.Update("\n");
      }
    }
    return sha.FinishHex();
  }

 private:
  /// The stored digest of a document; nullopt when it is not stored.
  Result<std::optional<std::string>> StoredDigest(const char* statement, const std::string& scheme,
                                                  const std::string& id, const std::string& doc) {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run(statement, {scheme, id, doc}));
    if (rows.empty()) return std::optional<std::string>();
    return std::optional<std::string>(rows.Text(0, 0));
  }

  /// Runs `body` in a transaction of its own, or in the caller's when one is
  /// open; kReplaced or kInserted after it succeeded.
  template <typename F>
  Result<EvidenceChange> Atomically(F&& body, bool replaced) {
    std::optional<PgTransaction> tx;
    if (!conn_->in_transaction()) {
      tx.emplace(*conn_);
      RETURN_IF_ERROR(tx->status());
    }
    RETURN_IF_ERROR(body());
    if (tx) RETURN_IF_ERROR(tx->Commit());
    return replaced ? EvidenceChange::kReplaced : EvidenceChange::kInserted;
  }

  PgConnection* conn_;
};

}  // namespace

Result<std::unique_ptr<EvidenceStore>> OpenPostgresEvidenceStore(PgConnection* conn) {
  if (conn == nullptr) return Status::InvalidArgument("evidence store needs a connection");
  RETURN_IF_ERROR(conn->Migrate("evidence", Migrations()));
  auto store = std::make_unique<PgEvidenceStore>(conn);
  RETURN_IF_ERROR(store->Prepare());
  return std::unique_ptr<EvidenceStore>(std::move(store));
}

}  // namespace clearbid
