#pragma once
// Internal to connectors/evidence: the CSV flavour of the disclosure format.
// Each data row is (disclosure_section, item, field, value[, note]); a section
// maps to one object of the JSON format (or, with an item, to one element of
// an array of objects keyed by that item); a field may be dotted
// ("address.country") and list fields take one row per value. The CSV is
// converted to the JSON format and read by the JSON reader, so both flavours
// share every check; errors are mapped back to the CSV line of the field.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/evidence/evidence_format.h"
#include "connectors/evidence/json_fields.h"
#include "connectors/json/document_stream.h"
#include "engine/base/status.h"
#include "engine/model/disclosure.h"

namespace clearbid::evidence_internal {

/// The JSON reader with a field-path-to-line resolver (CSV errors).
Status ReadDisclosureWith(std::string_view json_text_padded, std::string_view file, int64_t line,
                          SupplierDisclosure* out, std::vector<InputIssue>* errors, const EvidenceLimits& limits,
                          FieldReader::LineResolver resolver);

/// Renders canonical disclosure JSON (DisclosureToJson) as the CSV flavour.
std::string DisclosureJsonToCsv(std::string_view canonical_json);

}  // namespace clearbid::evidence_internal
