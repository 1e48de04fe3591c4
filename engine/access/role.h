#pragma once
// The roles of clearbid's users and what each may do. One table,
// RoleAllows(), decides every permission; the server checks it on every
// endpoint and the role x endpoint test walks the whole matrix.

#include <cstdint>
#include <optional>
#include <string_view>

namespace clearbid {

/// officer: screens bids and reads assessments.
/// compliance: officer's rights, plus scans, flagged-supplier queue (read).
/// auditor: reads everything, records review decisions, reads the audit trail.
/// admin: everything, including users.
enum class Role : uint8_t { kOfficer, kCompliance, kAuditor, kAdmin };

/// What a request wants to do.
enum class Permission : uint8_t {
  kScreen,          // POST a bid for screening
  kReadAssessments, // process and supplier assessments
  kReadQueue,       // flagged suppliers (review queue)
  kDecide,          // post review decisions
  kReadAuditTrail,  // read the audit trail
  kManageUsers,     // users and tokens of others
  kReadMetrics,     // the server's /metrics (Prometheus scrapers use a token)
};

/// "officer", "compliance", "auditor", "admin".
std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
std::string_view PermissionName(Permission permission);

/// The permission table:
///   screen: all roles; read assessments: all roles;
///   read queue: compliance, auditor, admin;
///   decide: auditor, admin; read audit trail: compliance, auditor, admin;
///   manage users: admin; read metrics: compliance, admin.
bool RoleAllows(Role role, Permission permission);

}  // namespace clearbid
