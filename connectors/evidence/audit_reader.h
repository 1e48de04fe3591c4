#pragma once
// Reader of the audit report format (docs/formats/audit-report.md) into
// AuditReport. Same error contract as the disclosure reader: any error
// rejects the document, every error is appended to `errors` with file, line
// and field path. Thread-safe (a parser per thread).

#include <cstdint>
#include <string_view>
#include <vector>

#include "connectors/evidence/evidence_format.h"
#include "connectors/json/document_stream.h"
#include "engine/base/status.h"
#include "engine/model/audit_report.h"

namespace clearbid {

/// `json_text_padded` must be followed by at least kJsonPadding readable bytes.
Status ReadAuditJson(std::string_view json_text_padded, std::string_view file, int64_t line, AuditReport* out,
                     std::vector<InputIssue>* errors, const EvidenceLimits& limits = {});

}  // namespace clearbid
