#pragma once
// Reads inputs into memory without a store, for screening one bid: OCDS
// documents become compiled contracting processes (one per ocid), supplier
// disclosures and audit reports are read by their format.

#include <string>
#include <vector>

#include "connectors/json/document_stream.h"
#include "engine/base/status.h"
#include "engine/model/audit_report.h"
#include "engine/model/contracting_process.h"
#include "engine/model/disclosure.h"

namespace clearbid {

struct LoadedInputs {
  std::vector<ContractingProcess> processes;  // sorted by ocid
  std::vector<SupplierDisclosure> disclosures;
  std::vector<AuditReport> audits;
  /// "file sha256:<hex>" for every file read, in input order (provenance).
  std::vector<std::string> input_digests;
  std::vector<InputIssue> errors;
  std::vector<InputIssue> warnings;
};

/// Reads every file (folders walked as by `clearbid ingest`). Fails only when
/// a path does not exist; problems inside files go to `errors`.
Status LoadInputs(const std::vector<std::string>& paths, LoadedInputs* out);

/// Same, over one in-memory document set (an HTTP body): `name` names it in errors.
Status LoadInputsFromText(std::string_view name, std::string_view text, LoadedInputs* out);

}  // namespace clearbid
