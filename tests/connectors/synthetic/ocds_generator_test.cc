#include "connectors/synthetic/ocds_generator.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/synthetic/prng.h"
#include "engine/base/digest.h"
#include "tests/test_util.h"

namespace clearbid::synthetic {
namespace {

std::string Generate(int64_t processes, uint64_t seed) {
  GeneratorOptions options;
  options.processes = processes;
  options.seed = seed;
  std::ostringstream out;
  GeneratorSummary summary;
  const Status st = GenerateOcds(options, out, &summary);
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(summary.processes, processes);
  EXPECT_EQ(summary.bytes, out.str().size());
  return out.str();
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

/// What the tests check in each release, read with simdjson on-demand.
struct ReleaseFacts {
  std::string ocid;
  std::string method;
  std::vector<std::string> party_ids;
  std::vector<std::string> party_names;
  std::vector<std::string> roles;
  std::vector<std::string> supplier_ids;
  std::vector<std::string> item_schemes;
};

::testing::AssertionResult ParseRelease(std::string_view line, ReleaseFacts* facts) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(line);
  simdjson::ondemand::document doc;
  if (auto err = parser.iterate(padded).get(doc)) return ::testing::AssertionFailure() << simdjson::error_message(err);
  simdjson::ondemand::object release;
  if (doc.get_object().get(release)) return ::testing::AssertionFailure() << "release is not an object";
  std::string_view text;
  if (release["ocid"].get_string().get(text)) return ::testing::AssertionFailure() << "no ocid";
  facts->ocid = std::string(text);
  simdjson::ondemand::array parties;
  if (release["parties"].get_array().get(parties)) return ::testing::AssertionFailure() << "no parties";
  for (auto party_value : parties) {
    simdjson::ondemand::object party;
    if (party_value.get_object().get(party)) return ::testing::AssertionFailure() << "party not an object";
    std::string id;
    std::vector<std::string> roles;
    for (auto field : party) {
      std::string_view key;
      if (field.unescaped_key().get(key)) return ::testing::AssertionFailure() << "bad key";
      if (key == "id") {
        if (field.value().get_string().get(text)) return ::testing::AssertionFailure() << "party id";
        id = std::string(text);
      } else if (key == "name") {
        if (field.value().get_string().get(text)) return ::testing::AssertionFailure() << "party name";
        facts->party_names.emplace_back(text);
      } else if (key == "roles") {
        simdjson::ondemand::array array;
        if (field.value().get_array().get(array)) return ::testing::AssertionFailure() << "roles";
        for (auto role : array) {
          if (role.get_string().get(text)) return ::testing::AssertionFailure() << "role";
          roles.emplace_back(text);
        }
      }
    }
    facts->party_ids.push_back(id);
    for (const std::string& role : roles) {
      facts->roles.push_back(role);
      if (role == "supplier") facts->supplier_ids.push_back(id);
    }
  }
  simdjson::ondemand::object tender;
  if (release["tender"].get_object().get(tender)) return ::testing::AssertionFailure() << "no tender";
  for (auto field : tender) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return ::testing::AssertionFailure() << "bad key";
    if (key == "procurementMethod") {
      if (field.value().get_string().get(text)) return ::testing::AssertionFailure() << "method";
      facts->method = std::string(text);
    } else if (key == "items") {
      simdjson::ondemand::array items;
      if (field.value().get_array().get(items)) return ::testing::AssertionFailure() << "items";
      for (auto item : items) {
        if (item["classification"]["scheme"].get_string().get(text)) {
          return ::testing::AssertionFailure() << "item without classification scheme";
        }
        facts->item_schemes.emplace_back(text);
      }
    }
  }
  return ::testing::AssertionSuccess();
}

TEST(PrngTest, SameSeedSameSequenceAndBoundsHold) {
  Prng a(99), b(99), c(100), bounds(7);
  bool differs = false;
  std::set<int64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    const uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    differs |= x != c.Next();
    EXPECT_LT(bounds.Below(7), 7u);
    const int64_t v = bounds.Between(-3, 3);
    EXPECT_GE(v, -3);
    EXPECT_LE(v, 3);
    seen.insert(v);
    EXPECT_LT(bounds.Skewed(10), 10u);
  }
  EXPECT_TRUE(differs);
  EXPECT_EQ(seen.size(), 7u) << "every value of a small range comes up";
}

TEST(OcdsGeneratorTest, SameSeedGivesIdenticalBytes) {
  const std::string first = Generate(300, 42);
  const std::string second = Generate(300, 42);
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first, second);
}

TEST(OcdsGeneratorTest, DifferentSeedGivesDifferentBytes) {
  const std::string a = Generate(300, 42);
  const std::string b = Generate(300, 43);
  EXPECT_NE(a, b);
  // Not only the ocid prefix differs: the suppliers do.
  ReleaseFacts fa, fb;
  ASSERT_TRUE(ParseRelease(Lines(a)[0], &fa));
  ASSERT_TRUE(ParseRelease(Lines(b)[0], &fb));
  EXPECT_NE(fa.party_names, fb.party_names);
}

TEST(OcdsGeneratorTest, ReleasesDependOnlyOnTheirIndex) {
  GeneratorOptions options;
  options.processes = 200;
  options.seed = 5;
  const std::string all = Generate(options.processes, options.seed);
  const std::vector<std::string_view> lines = Lines(all);
  const OcdsGenerator generator(options);
  for (int64_t i : {199, 0, 57}) {
    std::string one;
    generator.AppendRelease(i, &one);
    ASSERT_FALSE(one.empty());
    EXPECT_EQ(one.back(), '\n');
    one.pop_back();
    EXPECT_EQ(one, lines[static_cast<size_t>(i)]) << "release " << i;
  }
}

// Pins the bytes: the same seed must give the same file on every machine and
// compiler. A deliberate change to the generator changes this digest (and the
// benchmark data); update it then, and say so in docs/benchmarks.md.
TEST(OcdsGeneratorTest, OutputIsPinnedAcrossMachines) {
  const std::string text = Generate(50, 7);
  EXPECT_EQ(Sha256Hex(text), "8f550e2eb54fc2662265da1a853cf268a1238cb26c3d86a535e12bfb82d748db");
}

TEST(OcdsGeneratorTest, OneParsableReleasePerProcessLine) {
  constexpr int64_t kProcesses = 1500;
  const std::string text = Generate(kProcesses, 11);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  const std::vector<std::string_view> lines = Lines(text);
  ASSERT_EQ(static_cast<int64_t>(lines.size()), kProcesses);

  std::set<std::string> ocids;
  std::map<std::string, int> roles, methods, schemes;
  std::map<std::string, int> supplier_processes;
  int cyrillic_names = 0, latin_names = 0, other_script_names = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    ReleaseFacts facts;
    ASSERT_TRUE(ParseRelease(lines[i], &facts)) << "line " << i + 1;
    EXPECT_EQ(facts.ocid.rfind("ocds-cbgen-", 0), 0u) << facts.ocid;
    ocids.insert(facts.ocid);
    EXPECT_FALSE(facts.party_ids.empty()) << "line " << i + 1;
    EXPECT_EQ(std::set<std::string>(facts.party_ids.begin(), facts.party_ids.end()).size(),
              facts.party_ids.size())
        << "duplicate party id on line " << i + 1;
    EXPECT_FALSE(facts.item_schemes.empty()) << "line " << i + 1;
    for (const std::string& r : facts.roles) ++roles[r];
    ++methods[facts.method];
    for (const std::string& s : facts.item_schemes) ++schemes[s];
    for (const std::string& s : std::set<std::string>(facts.supplier_ids.begin(), facts.supplier_ids.end())) {
      ++supplier_processes[s];
    }
    for (const std::string& name : facts.party_names) {
      ASSERT_FALSE(name.empty());
      const auto lead = static_cast<unsigned char>(name[0]);
      if (lead == 0xD0 || lead == 0xD1) {
        ++cyrillic_names;
      } else if (lead < 0x80) {
        ++latin_names;
      } else {
        ++other_script_names;
      }
    }
  }
  EXPECT_EQ(static_cast<int64_t>(ocids.size()), kProcesses) << "ocids must be distinct";

  for (const char* role :
       {"buyer", "procuringEntity", "tenderer", "supplier", "subcontractor", "recruitmentAgency", "site"}) {
    EXPECT_GT(roles[role], 0) << "no party with role " << role;
  }
  EXPECT_EQ(roles["buyer"], kProcesses);
  for (const char* method : {"open", "selective", "limited", "direct"}) {
    EXPECT_GT(methods[method], 0) << "no " << method << " procedure";
  }
  EXPECT_GT(schemes["CPV"], schemes["UNSPSC"]);
  EXPECT_GT(schemes["UNSPSC"], 0);
  EXPECT_GT(cyrillic_names, 0);
  EXPECT_GT(latin_names, 0);
  EXPECT_GT(other_script_names, 0);  // Georgian, Armenian, Latin with diacritics first

  int repeat_suppliers = 0;
  for (const auto& [id, count] : supplier_processes) repeat_suppliers += count > 1 ? 1 : 0;
  EXPECT_GT(repeat_suppliers, 0) << "some suppliers must win in several processes";
  EXPECT_LT(supplier_processes.size(), static_cast<size_t>(roles["supplier"]));
}

TEST(OcdsGeneratorTest, ZeroProcessesWritesNothing) { EXPECT_EQ(Generate(0, 1), ""); }

TEST(OcdsGeneratorTest, RejectsBadProcessCount) {
  GeneratorOptions options;
  options.processes = -1;
  std::ostringstream out;
  const Status st = GenerateOcds(options, out, nullptr);
  EXPECT_EQ(st.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(st.message().find("processes"), std::string::npos) << st.message();
}

TEST(OcdsGeneratorTest, OutputPathIsAFileOrADirectory) {
  EXPECT_EQ(GeneratorOutputPath("/x/data.jsonl"), "/x/data.jsonl");
  EXPECT_EQ(GeneratorOutputPath("/x/data.json"), "/x/data.json");
  EXPECT_EQ(GeneratorOutputPath("/x/out"), "/x/out/ocds-generated.jsonl");

  const std::string dir = testing::TempDir("generator");
  GeneratorOptions options;
  options.processes = 25;
  options.seed = 3;
  Result<GeneratorSummary> summary = GenerateOcdsFile(options, dir + "/nested");
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->path, dir + "/nested/ocds-generated.jsonl");
  const std::string text = testing::ReadFile(summary->path);
  EXPECT_EQ(text, Generate(25, 3));
  EXPECT_EQ(summary->bytes, text.size());
  EXPECT_EQ(summary->releases, 25);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace clearbid::synthetic
