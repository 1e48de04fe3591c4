#include "service/file_carrier.h"

#include <atomic>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include <mutex>

#include "tests/service/folder_files.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

namespace fs = std::filesystem;
using clearbid::testing::Inode;
using clearbid::testing::Names;
using clearbid::testing::ReadFile;
using clearbid::testing::WriteText;

TEST(FileCarrierTest, LinksEveryFileAndGivesBackThoseItCannot) {
  const fs::path dir = clearbid::testing::TempDir("file-carrier");
  fs::create_directories(dir / "before");
  fs::create_directories(dir / "after");
  // More files than one hand-over between the threads.
  for (int i = 0; i < 3000; ++i) WriteText(dir / "before" / ("p" + std::to_string(i) + ".json"), std::to_string(i));
  std::atomic<int> linked{0};
  std::vector<FileCarrier::Job> failed;
  {
    FileCarrier carrier(dir / "before", dir / "after", /*fresh=*/true, "tag", [&] { ++linked; });
    for (int i = 0; i < 3000; ++i) carrier.Carry({"p" + std::to_string(i) + ".json", 2});
    carrier.Carry({"gone.json", 3});
    failed = carrier.Finish();
  }
  EXPECT_EQ(linked.load(), 3000);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].name, "gone.json");
  EXPECT_EQ(failed[0].band, 3);
  EXPECT_EQ(Names(dir / "after").size(), 3000u);
  // Links, not copies: the same file under two names.
  EXPECT_EQ(Inode(dir / "after" / "p17.json"), Inode(dir / "before" / "p17.json"));
  EXPECT_EQ(ReadFile((dir / "after" / "p2999.json").string()), "2999");
  fs::remove_all(dir);
}

TEST(FileCarrierTest, OutsideAFreshFolderTargetsAreReplacedAndNoTemporaryNameIsLeft) {
  const fs::path dir = clearbid::testing::TempDir("file-carrier-resume");
  fs::create_directories(dir / "before");
  fs::create_directories(dir / "after");
  WriteText(dir / "before" / "a.json", "new a");
  WriteText(dir / "before" / "b.json", "b");
  WriteText(dir / "after" / "a.json", "stale a");  // another file under the name
  ASSERT_EQ(::link((dir / "before" / "b.json").c_str(), (dir / "after" / "b.json").c_str()), 0);  // already linked
  {
    FileCarrier carrier(dir / "before", dir / "after", /*fresh=*/false, "host_1");
    carrier.Carry({"a.json", 0});
    carrier.Carry({"b.json", 0});
    EXPECT_TRUE(carrier.Finish().empty());
  }
  EXPECT_EQ(ReadFile((dir / "after" / "a.json").string()), "new a");
  EXPECT_EQ(Inode(dir / "after" / "b.json"), Inode(dir / "before" / "b.json"));
  EXPECT_EQ(Names(dir / "after"), (std::vector<std::string>{"a.json", "b.json"}));
  fs::remove_all(dir);
}

TEST(FileCarrierTest, AnUnboundedCarrierNeverMakesTheProducerWait) {
  const fs::path dir = clearbid::testing::TempDir("file-carrier-unbounded");
  fs::create_directories(dir / "before");
  fs::create_directories(dir / "after");
  WriteText(dir / "before" / "first.json", "x");
  std::mutex gate;
  std::unique_lock hold(gate);  // the carrier's thread waits here after its first link
  std::atomic<int> linked{0};
  FileCarrier carrier(
      dir / "before", dir / "after", /*fresh=*/true, "tag",
      [&] {
        std::lock_guard wait(gate);
        ++linked;
      },
      /*bounded=*/false);
  carrier.Carry({"first.json", 0});
  // More files than a bounded carrier queues, while the carrier is held: a
  // bounded one would block here for good. (Their files do not exist: they
  // come back from Finish().)
  constexpr int kMore = 70 * 1024;
  for (int i = 0; i < kMore; ++i) carrier.Carry({"missing-" + std::to_string(i), 1});
  EXPECT_EQ(linked.load(), 0);
  hold.unlock();
  EXPECT_EQ(carrier.Finish().size(), static_cast<size_t>(kMore));
  EXPECT_EQ(linked.load(), 1);
  EXPECT_EQ(Names(dir / "after"), (std::vector<std::string>{"first.json"}));
  fs::remove_all(dir);
}

TEST(FileCarrierTest, AMissingFolderCarriesNothing) {
  const fs::path dir = clearbid::testing::TempDir("file-carrier-missing");
  fs::create_directories(dir / "after");
  FileCarrier carrier(dir / "no-such-folder", dir / "after", /*fresh=*/true, "tag");
  carrier.Carry({"a.json", 1});
  auto failed = carrier.Finish();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].name, "a.json");
  EXPECT_TRUE(Names(dir / "after").empty());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace clearbid
