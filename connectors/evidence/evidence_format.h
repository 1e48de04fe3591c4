#pragma once
// Recognising clearbid evidence documents (supplier disclosures and audit
// reports) among other inputs, and the limits every evidence reader applies.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace clearbid {

enum class EvidenceKind : uint8_t { kNone, kDisclosure, kAudit };

/// Classifies a JSON document by its top-level "format" member
/// ("clearbid.disclosure/<version>" or "clearbid.audit/<version>"; any version,
/// so that the reader can reject an unsupported one with a clear message).
/// Cheap: a byte search for the format value, confirmed by the `"format" :`
/// key before it; no parse. kNone for anything else (OCDS, broken text).
EvidenceKind DetectEvidence(std::string_view json_text);

/// The exact header line of the disclosure CSV flavour (an optional fifth
/// "note" column is allowed).
inline constexpr std::string_view kDisclosureCsvHeader = "disclosure_section,item,field,value";

/// True when `first_line` (without its line ending; a UTF-8 BOM is allowed) is
/// the disclosure CSV header, with or without the "note" column.
bool IsDisclosureCsvHeader(std::string_view first_line);

/// Limits applied to every evidence document; a value beyond one rejects the
/// document with the field path and the limit in the reason.
struct EvidenceLimits {
  /// Whole document (JSON text or CSV file).
  size_t max_document_bytes = 16u << 20;
  /// Names, ids, codes, addresses, dates.
  size_t max_string_bytes = 2048;
  /// Descriptions, scope statements, finding texts, the audit narrative.
  size_t max_text_bytes = 1u << 20;
  /// Elements of any one array (sites, agencies, findings, list values).
  size_t max_array_elements = 10000;
};

}  // namespace clearbid
