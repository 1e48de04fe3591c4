#include "engine/access/role.h"

namespace clearbid {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kOfficer: return "officer";
    case Role::kCompliance: return "compliance";
    case Role::kAuditor: return "auditor";
    case Role::kAdmin: return "admin";
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : {Role::kOfficer, Role::kCompliance, Role::kAuditor, Role::kAdmin}) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

std::string_view PermissionName(Permission permission) {
  switch (permission) {
    case Permission::kScreen: return "screen";
    case Permission::kReadAssessments: return "read_assessments";
    case Permission::kReadQueue: return "read_queue";
    case Permission::kDecide: return "decide";
    case Permission::kReadAuditTrail: return "read_audit_trail";
    case Permission::kManageUsers: return "manage_users";
    case Permission::kReadMetrics: return "read_metrics";
  }
  return "unknown";
}

bool RoleAllows(Role role, Permission permission) {
  switch (permission) {
    case Permission::kScreen:
    case Permission::kReadAssessments:
      return true;
    case Permission::kReadQueue:
    case Permission::kReadAuditTrail:
      return role == Role::kCompliance || role == Role::kAuditor || role == Role::kAdmin;
    case Permission::kDecide:
      return role == Role::kAuditor || role == Role::kAdmin;
    case Permission::kManageUsers:
      return role == Role::kAdmin;
    case Permission::kReadMetrics:
      return role == Role::kCompliance || role == Role::kAdmin;
  }
  return false;  // an unknown permission is never granted
}

}  // namespace clearbid
