#pragma once
// Canonical renderings of evidence models: minified JSON in the documented
// field order, unknown (absent) values omitted, so that the same content gives
// the same bytes whether it came from JSON or CSV. The store keeps this text
// and digests it; reading it back with the readers gives the same model.

#include <string>

#include "engine/model/audit_report.h"
#include "engine/model/disclosure.h"

namespace clearbid {

std::string DisclosureToJson(const SupplierDisclosure& d);
std::string AuditToJson(const AuditReport& a);
/// The CSV flavour with kDisclosureCsvHeader, rows in section order.
std::string DisclosureToCsv(const SupplierDisclosure& d);

}  // namespace clearbid
