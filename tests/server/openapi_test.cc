// The OpenAPI document describes exactly the served API routes, with the
// permission each requires.

#include <set>

#include <nlohmann/json.hpp>

#include "tests/server/server_fixture.h"

namespace clearbid::testing {
namespace {

class OpenApiTest : public ServerFixture {};

TEST_F(OpenApiTest, DocumentMatchesTheRoutes) {
  Reply r = Send(port(), "GET", "/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  nlohmann::json doc = nlohmann::json::parse(r.body);
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  std::set<std::string> documented, served;
  std::map<std::string, std::string> documented_permission;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(upper + " " + path);
      if (op.contains("x-clearbid-permission")) documented_permission[upper + " " + path] = op["x-clearbid-permission"];
      // Public operations say so; the others name their security schemes.
      EXPECT_TRUE(op.contains("security")) << upper << " " << path;
    }
  }
  for (const Route& route : api_->router().routes()) {
    if (route.pattern == "/" || route.pattern.rfind("/static/", 0) == 0) continue;  // UI files, not API
    const std::string key = route.method + " " + route.pattern;
    served.insert(key);
    if (route.access == RouteAccess::kPermission) {
      EXPECT_EQ(documented_permission[key], PermissionName(route.permission)) << key;
    } else {
      EXPECT_EQ(documented_permission.count(key), 0u) << key;
    }
  }
  EXPECT_EQ(documented, served);
}

}  // namespace
}  // namespace clearbid::testing
