#include "service/folder_names.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/service/folder_files.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

namespace fs = std::filesystem;

TEST(FolderNamesTest, GivesEveryNameOnceAsTheFolderListsIt) {
  const fs::path dir = clearbid::testing::TempDir("folder-names");
  // More names than one getdents buffer holds, sub-folders and names of any bytes.
  for (int i = 0; i < 5000; ++i) clearbid::testing::WriteText(dir / ("ocds-" + std::to_string(i) + ".json"), "{}");
  clearbid::testing::WriteText(dir / "ocds-x y \xc3\xa9.json.1a2b.tmp", "");
  fs::create_directories(dir / "sub");
  std::vector<std::string> names;
  ASSERT_TRUE(ForEachFolderName(dir, [&](std::string_view name) { names.emplace_back(name); }).ok());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, clearbid::testing::Names(dir));
  EXPECT_EQ(names.size(), 5002u);
}

TEST(FolderNamesTest, AFolderThatCannotBeReadIsAnErrorNamingIt) {
  const fs::path dir = clearbid::testing::TempDir("folder-names-missing");
  int calls = 0;
  const Status s = ForEachFolderName(dir / "gone", [&](std::string_view) { ++calls; });
  EXPECT_EQ(s.code(), Status::Code::kIoError);
  EXPECT_NE(s.message().find((dir / "gone").string()), std::string::npos) << s.message();
  clearbid::testing::WriteText(dir / "file", "x");
  EXPECT_EQ(ForEachFolderName(dir / "file", [&](std::string_view) { ++calls; }).code(), Status::Code::kIoError);
  EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace clearbid
