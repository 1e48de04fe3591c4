#include "connectors/ingest/input_loader.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "connectors/evidence/audit_reader.h"
#include "connectors/evidence/disclosure_reader.h"
#include "connectors/evidence/evidence_format.h"
#include "connectors/ingest/ingester.h"
#include "connectors/ocds/ocds_reader.h"
#include "connectors/ocds/release_compiler.h"

namespace clearbid {
namespace {

class Loader {
 public:
  explicit Loader(LoadedInputs* out) : out_(out) {}

  void Batch(DocumentBatch&& b) {
    for (InputIssue& i : b.issues) out_->errors.push_back(std::move(i));
    for (const DocumentSpan& d : b.documents) {
      std::string_view text = b.Text(d);
      switch (DetectEvidence(text)) {
        case EvidenceKind::kDisclosure: {
          SupplierDisclosure disclosure;
          if (ReadDisclosureJson(text, b.file, d.line, &disclosure, &out_->errors).ok())
            out_->disclosures.push_back(std::move(disclosure));
          break;
        }
        case EvidenceKind::kAudit: {
          AuditReport audit;
          if (ReadAuditJson(text, b.file, d.line, &audit, &out_->errors).ok()) out_->audits.push_back(std::move(audit));
          break;
        }
        case EvidenceKind::kNone: {
          OcdsReadResult r;
          reader_.Read(text, b.file, d.line, &r);
          for (InputIssue& i : r.errors) out_->errors.push_back(std::move(i));
          for (InputIssue& i : r.warnings) out_->warnings.push_back(std::move(i));
          for (ReleaseInput& in : r.releases) releases_[in.ocid].push_back(std::move(in));
          break;
        }
      }
    }
  }

  void Finish() {
    for (auto& [ocid, rels] : releases_) {
      if (rels.size() == 1) {
        out_->processes.push_back(std::move(rels[0].process));
        continue;
      }
      std::stable_sort(rels.begin(), rels.end(), [](const ReleaseInput& a, const ReleaseInput& b) {
        return a.date != b.date ? a.date < b.date : a.release_id < b.release_id;
      });
      std::vector<std::string> texts;
      for (const ReleaseInput& r : rels) texts.push_back(r.json);
      Result<std::string> compiled = CompileReleases(texts);
      ContractingProcess proc;
      std::vector<InputIssue> ignored;
      if (!compiled.ok() ||
          !reader_.ParseRelease(*compiled, rels.back().file, rels.back().line, &proc, &ignored).ok()) {
        out_->errors.push_back({rels.back().file, rels.back().line, fmt::format("process {}: cannot compile", ocid)});
        continue;
      }
      out_->processes.push_back(std::move(proc));
    }
  }

 private:
  LoadedInputs* out_;
  OcdsReader reader_;
  std::map<std::string, std::vector<ReleaseInput>> releases_;
};

}  // namespace

Status LoadInputs(const std::vector<std::string>& paths, LoadedInputs* out) {
  std::vector<std::string> files;
  uint64_t ignored = 0;
  RETURN_IF_ERROR(ListInputFiles(paths, &files, &ignored));
  Loader loader(out);
  for (const std::string& file : files) {
    if (file.size() > 4 && file.compare(file.size() - 4, 4, ".csv") == 0) {
      SupplierDisclosure d;
      if (ReadDisclosureCsvFile(file, &d, &out->errors).ok()) out->disclosures.push_back(std::move(d));
      continue;
    }
    DocumentStreamSummary sum;
    Status s = ReadDocuments(file, {}, [&](DocumentBatch&& b) { loader.Batch(std::move(b)); }, &sum);
    if (!s.ok()) {
      out->errors.push_back({file, 0, s.message()});
      continue;
    }
    out->input_digests.push_back(fmt::format("{} sha256:{}", file, sum.sha256));
  }
  loader.Finish();
  return Status::Ok();
}

Status LoadInputsFromText(std::string_view name, std::string_view text, LoadedInputs* out) {
  Loader loader(out);
  DocumentStreamSummary sum;
  RETURN_IF_ERROR(ReadDocumentsFromString(name, text, {}, [&](DocumentBatch&& b) { loader.Batch(std::move(b)); }, &sum));
  out->input_digests.push_back(fmt::format("{} sha256:{}", name, sum.sha256));
  loader.Finish();
  return Status::Ok();
}

}  // namespace clearbid
