#include "service/carry_ahead.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>

#include <gtest/gtest.h>

#include "tests/service/folder_files.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

namespace fs = std::filesystem;
using clearbid::testing::Inode;
using clearbid::testing::Names;
using clearbid::testing::ReadFile;
using clearbid::testing::WriteText;

// A previous scan's folder: process files, and names that are not processes'.
fs::path PreviousFolder(const fs::path& dir, int files) {
  const fs::path previous = dir / "scans" / "2026-11-25" / "processes";
  fs::create_directories(previous);
  for (int i = 0; i < files; ++i) WriteText(previous / ("p" + std::to_string(i) + ".json"), std::to_string(i));
  WriteText(previous / "p1.json.host_9.tmp", "half");
  WriteText(previous / ".hidden.json", "x");
  WriteText(previous / "p1.html", "<p>");
  return previous;
}

TEST(CarryAheadTest, LinksEveryProcessFileAndMovesIntoTheScanFolder) {
  const fs::path dir = clearbid::testing::TempDir("carry-ahead");
  const fs::path previous = PreviousFolder(dir, 3000);
  std::atomic<int> linked{0};
  auto ahead = CarryAhead::Start(dir / "scans", "2026-11-25", previous, [&] { ++linked; });
  ASSERT_NE(ahead, nullptr);
  EXPECT_EQ(ahead->staging(), dir / "scans" / ".carry-2026-11-25");
  // Moved while (perhaps) still linking: the links go on in the new place.
  fs::create_directories(dir / "scans" / "2026-11-26");
  ASSERT_TRUE(ahead->MoveTo(dir / "scans" / "2026-11-26" / "processes").ok());
  EXPECT_TRUE(ahead->Finish().empty());
  EXPECT_TRUE(ahead->complete());
  EXPECT_EQ(ahead->linked(), 3000);
  EXPECT_EQ(linked.load(), 3000);
  const fs::path moved = dir / "scans" / "2026-11-26" / "processes";
  EXPECT_EQ(Names(moved).size(), 3000u);
  EXPECT_FALSE(fs::exists(moved / "p1.html"));
  EXPECT_FALSE(fs::exists(moved / ".hidden.json"));
  EXPECT_FALSE(fs::exists(moved / "p1.json.host_9.tmp"));
  // Links, not copies.
  EXPECT_EQ(Inode(moved / "p17.json"), Inode(previous / "p17.json"));
  EXPECT_EQ(ReadFile((moved / "p2999.json").string()), "2999");
  EXPECT_FALSE(fs::exists(dir / "scans" / ".carry-2026-11-25"));
  fs::remove_all(dir);
}

TEST(CarryAheadTest, OneRunPerOutputFolderAndTheMoveNeedsAnEmptyTarget) {
  const fs::path dir = clearbid::testing::TempDir("carry-ahead-lock");
  const fs::path previous = PreviousFolder(dir, 10);
  auto first = CarryAhead::Start(dir / "scans", "2026-11-25", previous);
  ASSERT_NE(first, nullptr);
  // Another run (another open file description, as another process has)
  // stages nothing while the first holds the lock.
  EXPECT_EQ(CarryAhead::Start(dir / "scans", "2026-11-25", previous), nullptr);
  // A target that holds a file is not replaced.
  fs::create_directories(dir / "scans" / "2026-11-26" / "processes");
  WriteText(dir / "scans" / "2026-11-26" / "processes" / "other.json", "mine");
  EXPECT_FALSE(first->MoveTo(dir / "scans" / "2026-11-26" / "processes").ok());
  EXPECT_TRUE(first->Finish().empty());
  EXPECT_EQ(Names(dir / "scans" / "2026-11-26" / "processes"), (std::vector<std::string>{"other.json"}));
  EXPECT_EQ(Names(dir / "scans" / ".carry-2026-11-25").size(), 10u);
  first.reset();
  // Released: the next run may stage.
  EXPECT_NE(CarryAhead::Start(dir / "scans", "2026-11-25", previous), nullptr);
  // A previous scan id that could name another folder is refused.
  EXPECT_EQ(CarryAhead::Start(dir / "scans", "../x", previous), nullptr);
  EXPECT_EQ(CarryAhead::Start(dir / "scans", "2026-11-25", dir / "no-such-folder"), nullptr);
  fs::remove_all(dir);
}

TEST(CarryAheadTest, AKilledRunsStagingIsContinuedOrRemoved) {
  const fs::path dir = clearbid::testing::TempDir("carry-ahead-continue");
  const fs::path previous = PreviousFolder(dir, 50);
  // A killed run against the same previous scan linked some files; another
  // against an older scan left its own staging folder.
  const fs::path staging = dir / "scans" / ".carry-2026-11-25";
  fs::create_directories(staging);
  for (int i = 0; i < 20; ++i) {
    const std::string name = "p" + std::to_string(i) + ".json";
    ASSERT_EQ(::link((previous / name).c_str(), (staging / name).c_str()), 0);
  }
  fs::create_directories(dir / "scans" / ".carry-2026-11-24");
  WriteText(dir / "scans" / ".carry-2026-11-24" / "old.json", "older");
  auto ahead = CarryAhead::Start(dir / "scans", "2026-11-25", previous);
  ASSERT_NE(ahead, nullptr);
  EXPECT_TRUE(ahead->Finish().empty());
  EXPECT_EQ(Names(staging).size(), 50u);
  EXPECT_EQ(Inode(staging / "p3.json"), Inode(previous / "p3.json"));
  EXPECT_FALSE(fs::exists(dir / "scans" / ".carry-2026-11-24"));
  EXPECT_TRUE(fs::exists(dir / "scans" / "2026-11-25" / "processes" / "p3.json"));  // the previous scan's own
  fs::remove_all(dir);
}

}  // namespace
}  // namespace clearbid
