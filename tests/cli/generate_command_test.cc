// clearbid generate: processes only, list only, or both in one call, and the
// generated list imported as a user would.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/test_util.h"

namespace clearbid {
namespace {

namespace fs = std::filesystem;
using clearbid::testing::ReadFile;
using clearbid::testing::RunCommand;

const std::string kBin = CLEARBID_BINARY;

TEST(GenerateCommandTest, ListOnlyProcessesOnlyAndBothGiveTheSameFiles) {
  const std::string dir = testing::TempDir("cli-generate");
  std::string out;
  // List only: no OCDS file (not even the default generated/ folder).
  ASSERT_EQ(RunCommand("cd " + dir + " && " + kBin +
                           " generate --list-entities 200 --list-out only/list.csv --seed 4",
                       &out),
            0)
      << out;
  EXPECT_EQ(out.rfind("generated only/list.csv: 200 list entities (", 0), 0u) << out;
  EXPECT_NE(out.find(" bytes (seed 4)\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("processes"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(dir + "/generated"));
  const std::string list = ReadFile(dir + "/only/list.csv");
  EXPECT_EQ(list.rfind("id,name,aliases,country,identifiers,listed_from,schema,source\nE0,", 0), 0u);
  EXPECT_NE(out.find(std::to_string(list.size()) + " bytes"), std::string::npos) << out;

  // Processes only, as before the list existed.
  ASSERT_EQ(RunCommand(kBin + " generate --processes 30 --seed 4 --out " + dir + "/only/gen.jsonl", &out), 0)
      << out;
  EXPECT_EQ(out.find("list entities"), std::string::npos) << out;
  const std::string processes = ReadFile(dir + "/only/gen.jsonl");

  // Both in one call: the same two files.
  ASSERT_EQ(RunCommand(kBin + " generate --processes 30 --seed 4 --out " + dir +
                           "/both/gen.jsonl --list-entities 200" + " --list-out " + dir + "/both/list.csv",
                       &out),
            0)
      << out;
  EXPECT_NE(out.find(" 30 processes, "), std::string::npos) << out;
  EXPECT_NE(out.find(" 200 list entities ("), std::string::npos) << out;
  EXPECT_EQ(ReadFile(dir + "/both/gen.jsonl"), processes);
  EXPECT_EQ(ReadFile(dir + "/both/list.csv"), list);

  // Another seed, another list.
  ASSERT_EQ(
      RunCommand(kBin + " generate --list-entities 200 --list-out " + dir + "/other.csv --seed 5", &out), 0);
  EXPECT_NE(ReadFile(dir + "/other.csv"), list);
}

TEST(GenerateCommandTest, GeneratedListImportsWithoutSkippedRows) {
  const std::string dir = testing::TempDir("cli-generate");
  std::string out;
  ASSERT_EQ(
      RunCommand(kBin + " generate --list-entities 1500 --list-out " + dir + "/synthetic.csv --seed 9", &out),
      0)
      << out;
  ASSERT_EQ(RunCommand(kBin + " lists import --json --as-of 2025-06-01 --format csv --name synthetic --db " +
                           dir + "/clearbid.db " + dir + "/synthetic.csv",
                       &out),
            0)
      << out;
  nlohmann::json j = nlohmann::json::parse(out);
  ASSERT_EQ(j["imports"].size(), 1u);
  EXPECT_EQ(j["imports"][0]["name"], "synthetic");
  EXPECT_EQ(j["imports"][0]["entries"], 1500);
  EXPECT_EQ(j["imports"][0]["skipped"], 0);
}

TEST(GenerateCommandTest, BadListFlagsAreUsageErrors) {
  const std::string dir = testing::TempDir("cli-generate");
  std::string out;
  EXPECT_EQ(RunCommand("cd " + dir + " && " + kBin + " generate --list-entities 10 2>&1", &out), 2) << out;
  EXPECT_EQ(RunCommand("cd " + dir + " && " + kBin + " generate --list-out x.csv 2>&1", &out), 2) << out;
  EXPECT_EQ(
      RunCommand("cd " + dir + " && " + kBin + " generate --list-entities 10000001 --list-out x.csv 2>&1",
                 &out),
      2)
      << out;
  EXPECT_EQ(
      RunCommand("cd " + dir + " && " + kBin + " generate --list-entities -1 --list-out x.csv 2>&1", &out), 2)
      << out;
  EXPECT_FALSE(fs::exists(dir + "/x.csv"));
  EXPECT_FALSE(fs::exists(dir + "/generated"));
}

}  // namespace
}  // namespace clearbid
