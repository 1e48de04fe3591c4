#include "engine/access/role.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace clearbid {
namespace {

constexpr Role kRoles[] = {Role::kOfficer, Role::kCompliance, Role::kAuditor, Role::kAdmin};
constexpr Permission kPermissions[] = {Permission::kScreen,    Permission::kReadAssessments, Permission::kReadQueue,
                                       Permission::kDecide,    Permission::kReadAuditTrail,  Permission::kManageUsers};

TEST(RoleTest, NamesRoundTrip) {
  std::set<std::string_view> names;
  for (Role r : kRoles) {
    std::optional<Role> parsed = ParseRole(RoleName(r));
    ASSERT_TRUE(parsed.has_value()) << RoleName(r);
    EXPECT_EQ(*parsed, r);
    names.insert(RoleName(r));
  }
  EXPECT_EQ(names, (std::set<std::string_view>{"officer", "compliance", "auditor", "admin"}));
  for (const char* bad : {"", "Admin", "administrator", "officer ", "root"}) {
    EXPECT_FALSE(ParseRole(bad).has_value()) << bad;
  }
}

TEST(RoleTest, PermissionNamesAreDistinct) {
  std::set<std::string_view> names;
  for (Permission p : kPermissions) names.insert(PermissionName(p));
  EXPECT_EQ(names.size(), std::size(kPermissions));
  EXPECT_EQ(PermissionName(Permission::kDecide), "decide");
}

// The whole table, written out: a change to RoleAllows() must change this test.
TEST(RoleTest, PermissionTable) {
  struct Row {
    Permission permission;
    bool officer, compliance, auditor, admin;
  } table[] = {
      {Permission::kScreen, true, true, true, true},
      {Permission::kReadAssessments, true, true, true, true},
      {Permission::kReadQueue, false, true, true, true},
      {Permission::kDecide, false, false, true, true},
      {Permission::kReadAuditTrail, false, true, true, true},
      {Permission::kManageUsers, false, false, false, true},
  };
  ASSERT_EQ(std::size(table), std::size(kPermissions));
  for (const Row& row : table) {
    SCOPED_TRACE(PermissionName(row.permission));
    EXPECT_EQ(RoleAllows(Role::kOfficer, row.permission), row.officer);
    EXPECT_EQ(RoleAllows(Role::kCompliance, row.permission), row.compliance);
    EXPECT_EQ(RoleAllows(Role::kAuditor, row.permission), row.auditor);
    EXPECT_EQ(RoleAllows(Role::kAdmin, row.permission), row.admin);
  }
}

TEST(RoleTest, UnknownPermissionIsDenied) {
  for (Role r : kRoles) EXPECT_FALSE(RoleAllows(r, static_cast<Permission>(200))) << RoleName(r);
}

}  // namespace
}  // namespace clearbid
