#pragma once
// Readers of the supplier disclosure format (docs/formats/supplier-disclosure.md):
// the JSON document and its CSV flavour, both into SupplierDisclosure.
//
// A document with any error is rejected as a whole: the functions then return
// a non-OK Status (its message names the first problem) and append every
// problem to `errors` as {file, line, "field.path: reason"}; `*out` is then
// partially filled and must not be stored. Thread-safe (a parser per thread).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/evidence/evidence_format.h"
#include "connectors/json/document_stream.h"
#include "engine/base/status.h"
#include "engine/model/disclosure.h"

namespace clearbid {

/// Reads one disclosure JSON document. `json_text_padded` must be followed by
/// at least kJsonPadding readable bytes (DocumentBatch provides them); `line`
/// is the document's first line in `file`.
Status ReadDisclosureJson(std::string_view json_text_padded, std::string_view file, int64_t line,
                          SupplierDisclosure* out, std::vector<InputIssue>* errors,
                          const EvidenceLimits& limits = {});

/// Reads the CSV flavour (one row per section, item, field and value; header
/// kDisclosureCsvHeader) from memory. Errors name the CSV line of the row.
Status ReadDisclosureCsv(std::string_view csv_text, std::string_view file, SupplierDisclosure* out,
                         std::vector<InputIssue>* errors, const EvidenceLimits& limits = {});

/// Same, from a file.
Status ReadDisclosureCsvFile(const std::string& path, SupplierDisclosure* out, std::vector<InputIssue>* errors,
                             const EvidenceLimits& limits = {});

}  // namespace clearbid
