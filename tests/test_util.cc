#include "tests/test_util.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace clearbid::testing {

std::string SharedDataDir() {
  std::string dir = CLEARBID_SHARED_DATA;
  if (const char* env = std::getenv("CLEARBID_SHARED_DATA")) dir = env;
  std::error_code ec;
  return std::filesystem::is_directory(dir, ec) ? dir : std::string();
}

std::string TempDir(const std::string& tag) {
  std::string tmpl = (std::filesystem::temp_directory_path() / ("clearbid-" + tag + "-XXXXXX")).string();
  char* made = mkdtemp(tmpl.data());
  if (!made) ADD_FAILURE() << "mkdtemp failed for " << tmpl;
  return tmpl;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) ADD_FAILURE() << "cannot read " << path;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int RunCommand(const std::string& command, std::string* stdout_text) {
  FILE* p = popen(command.c_str(), "r");
  if (!p) return -1;
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = pclose(p);
  if (stdout_text) *stdout_text = std::move(out);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

}  // namespace clearbid::testing
