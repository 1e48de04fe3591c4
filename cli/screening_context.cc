#include "cli/screening_context.h"

#include <filesystem>

#include <fmt/format.h>

#include "connectors/evidence/audit_reader.h"
#include "connectors/evidence/disclosure_reader.h"
#include "connectors/json/document_stream.h"

namespace clearbid::cli {

ScreeningContext::ScreeningContext() = default;
ScreeningContext::~ScreeningContext() = default;

Status ScreeningContext::Open(const std::string& db, const std::string& rules_dir) {
  std::vector<PackIssue> issues;
  Result<RulePack> pack = LoadRulePack(rules_dir, &issues);
  if (!pack.ok()) return pack.status();
  pack_ = std::move(pack).value();
  ASSIGN_OR_RETURN(assessor_, Assessor::Create(&pack_));
  std::error_code ec;
  if (!db.empty() && std::filesystem::is_regular_file(db, ec)) {
    Database::Options options;
    options.read_only = true;
    ASSIGN_OR_RETURN(db_, Database::Open(db, options));
    Result<int> version = db_->SchemaVersion("evidence");
    if (version.ok() && *version > 0) {
      ASSIGN_OR_RETURN(evidence_, EvidenceStore::Open(db_.get()));
    }
  }
  return Status::Ok();
}

std::string ScreeningContext::ListsFingerprint(const std::string& db) const {
  (void)db;
  return "";
}

EvidenceSources ScreeningContext::SourcesFor(const ContractingProcess& process, const LoadedInputs& inputs) const {
  EvidenceSources sources;
  sources.disclosures = inputs.disclosures;
  sources.audits = inputs.audits;
  sources.input_digests = inputs.input_digests;
  if (evidence_) {
    for (const Party& party : process.parties) {
      if (party.identifier.id.empty()) continue;
      Result<std::vector<StoredDisclosure>> ds = evidence_->DisclosuresFor(party.identifier.scheme, party.identifier.id);
      if (ds.ok()) {
        for (const StoredDisclosure& sd : *ds) {
          std::string text = sd.json + std::string(kJsonPadding, ' ');
          SupplierDisclosure d;
          std::vector<InputIssue> errors;
          if (ReadDisclosureJson(std::string_view(text.data(), sd.json.size()), sd.source_file, sd.source_line, &d,
                                 &errors)
                  .ok()) {
            sources.disclosures.push_back(std::move(d));
            sources.input_digests.push_back(fmt::format("disclosure {} {}", sd.disclosure_id, sd.digest));
          }
        }
      }
      Result<std::vector<StoredAudit>> as = evidence_->AuditsFor(party.identifier.scheme, party.identifier.id);
      if (as.ok()) {
        for (const StoredAudit& sa : *as) {
          std::string text = sa.json + std::string(kJsonPadding, ' ');
          AuditReport a;
          std::vector<InputIssue> errors;
          if (ReadAuditJson(std::string_view(text.data(), sa.json.size()), sa.source_file, sa.source_line, &a, &errors)
                  .ok()) {
            sources.audits.push_back(std::move(a));
            sources.input_digests.push_back(fmt::format("audit {} {}", sa.audit_id, sa.digest));
          }
        }
      }
    }
  }
  return sources;
}

}  // namespace clearbid::cli
