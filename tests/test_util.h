#pragma once
// Helpers shared by the test suites.

#include <gtest/gtest.h>

#include <string>

namespace clearbid::testing {

/// ../shared/data as configured at build time (CLEARBID_SHARED_DATA), or
/// empty when the folder is absent.
std::string SharedDataDir();

/// A fresh temporary directory removed at exit of the test binary.
std::string TempDir(const std::string& tag);

/// Reads a whole file; fails the test when it cannot.
std::string ReadFile(const std::string& path);

/// Runs a shell command, returning its exit code and capturing stdout.
int RunCommand(const std::string& command, std::string* stdout_text);

}  // namespace clearbid::testing

/// Skips the test with a clear message when ../shared/data is absent.
#define REQUIRE_SHARED_DATA()                                                          \
  do {                                                                                 \
    if (::clearbid::testing::SharedDataDir().empty())                                  \
      GTEST_SKIP() << "../shared/data is absent: real-data test skipped";              \
  } while (0)
