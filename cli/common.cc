// Helpers shared by the subcommands.

#include <cstdlib>
#include <filesystem>

#include <re2/re2.h>

#include "cli/command.h"
#include "engine/base/clock.h"

namespace clearbid::cli {

std::string ResolveRulesDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("CLEARBID_RULES"); env && *env) return env;
  std::error_code ec;
  if (std::filesystem::is_regular_file("rules/core/pack.toml", ec)) return "rules/core";
  return std::string(CLEARBID_SOURCE_DIR) + "/rules/core";
}

std::string ResolveWebDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("CLEARBID_WEB"); env && *env) return env;
  std::error_code ec;
  if (std::filesystem::is_regular_file("web/index.html", ec)) return "web";
  return std::string(CLEARBID_SOURCE_DIR) + "/web";
}

std::string ResolveAsOf(const std::string& as_of) {
  if (as_of.empty()) return FormatUtc(SystemClock().NowSeconds()).substr(0, 10);
  if (!RE2::FullMatch(as_of, R"(\d{4}-\d{2}-\d{2})")) return {};
  return as_of;
}

}  // namespace clearbid::cli
