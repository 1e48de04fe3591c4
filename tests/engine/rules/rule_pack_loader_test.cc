// Rule-pack loading: the shipped pack loads cleanly; broken packs written to a
// temporary folder are rejected with file:line and the reason.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "engine/rules/rule_pack.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

namespace fs = std::filesystem;

const char kHeader[] = "[pack]\nid = \"t\"\nversion = \"0.1\"\n";
const char kGoodRule[] = R"([[rule]]
id = "T-1"
title = "Test"
category = "due-diligence"
severity = "high"
weight = 10
when = "policy.exists == false"
action = "require_cap"
legal_basis = [{ seed = "001_f5fb0d52df27a55c.txt", lines = "1355" }]
)";

std::string WritePack(const std::string& tag, const std::string& header, const std::string& rules) {
  std::string dir = testing::TempDir("pack-" + tag);
  std::ofstream(dir + "/pack.toml") << header;
  std::ofstream(dir + "/rules.toml") << rules;
  return dir;
}

std::vector<PackIssue> LoadIssues(const std::string& dir) {
  std::vector<PackIssue> issues;
  auto pack = LoadRulePack(dir, &issues);
  EXPECT_FALSE(pack.ok());
  return issues;
}

TEST(RulePackLoaderTest, ShippedPackLoads) {
  std::vector<PackIssue> issues;
  auto pack = LoadRulePack(CLEARBID_SOURCE_DIR "/rules/core", &issues);
  for (const PackIssue& i : issues) ADD_FAILURE() << i.ToString();
  ASSERT_TRUE(pack.ok()) << pack.status().message();
  EXPECT_EQ(pack->id, "core");
  EXPECT_FALSE(pack->version.empty());
  EXPECT_GE(pack->rules.size(), 35u);
  std::set<std::string> indicators, languages;
  for (const TextPattern& p : pack->patterns) {
    indicators.insert(p.indicator);
    languages.insert(p.language);
  }
  EXPECT_EQ(indicators.size(), 12u) << "11 ILO indicators + child labour";
  EXPECT_TRUE(languages.count("en"));
  EXPECT_TRUE(languages.count("ru"));
  for (const Rule& r : pack->rules) {
    EXPECT_FALSE(r.legal_basis.empty()) << r.id;
    EXPECT_FALSE(r.action_text.empty()) << r.id;
    EXPECT_FALSE(r.description.empty()) << r.id;
  }
}

TEST(RulePackLoaderTest, GoodMinimalPackLoads) {
  auto pack = LoadRulePack(WritePack("good", kHeader, kGoodRule), nullptr);
  ASSERT_TRUE(pack.ok()) << pack.status().message();
  ASSERT_EQ(pack->rules.size(), 1u);
  EXPECT_EQ(pack->rules[0].line, 1);
  EXPECT_EQ(pack->rules[0].legal_basis[0].Citation(), "001_f5fb0d52df27a55c.txt:1355");
}

TEST(RulePackLoaderTest, TomlSyntaxErrorHasFileAndLine) {
  std::string dir = WritePack("syntax", kHeader, std::string(kGoodRule) + "[[rule]]\nid = \"T-2\nwhen = \"x\"\n");
  auto issues = LoadIssues(dir);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].file, dir + "/rules.toml");
  EXPECT_EQ(issues[0].line, 11);
  EXPECT_NE(issues[0].ToString().find("rules.toml:11: "), std::string::npos) << issues[0].ToString();
}

TEST(RulePackLoaderTest, EveryProblemIsReportedWithItsLine) {
  std::string rules = std::string(kGoodRule) + R"(
[[rule]]
id = "T-1"
title = "Duplicate id, unknown fact, bad severity"
category = "due-diligence"
severity = "severe"
weight = 150
when = "policy.exists and policy.bogus"
action = "require_cap"
legal_basis = [{ seed = "009_unknown.txt", lines = "1" }]
colour = "red"
mitigation = { when = "audit.verified_closed_severe > 0", factor = 2 }
)";
  std::string dir = WritePack("many", kHeader, rules);
  auto issues = LoadIssues(dir);
  std::vector<std::string> texts;
  for (const PackIssue& i : issues) texts.push_back(i.ToString());
  auto has = [&](const std::string& needle) {
    for (const std::string& t : texts) {
      if (t.find(needle) != std::string::npos) return true;
    }
    return false;
  };
  const std::string f = dir + "/rules.toml:";
  EXPECT_TRUE(has(f + "11: duplicate rule id 'T-1'")) << ::testing::PrintToString(texts);
  EXPECT_TRUE(has(f + "15: 'severity' must be one of: info, low, medium, high, critical (got 'severe')"));
  EXPECT_TRUE(has(f + "16: 'weight' must be between 0 and 100"));
  EXPECT_TRUE(has(f + "17: 'when': column 19: unknown fact 'policy.bogus'"));
  EXPECT_TRUE(has(f + "19: seed '009_unknown.txt' is not one of the five OSCE seed documents"));
  EXPECT_TRUE(has(f + "20: unknown key 'colour' in a rule"));
  EXPECT_TRUE(has(f + "21: mitigation 'factor' must be between 0 and 1"));
}

TEST(RulePackLoaderTest, MissingKeysAndBadPatterns) {
  std::string rules = R"([[rule]]
id = "T-3"
title = "No when, no legal basis"
category = "labour"
severity = "high"
weight = 5
action = "require_cap"

[[pattern]]
id = "p-1"
indicator = "slavery"
language = "en"
regex = "(?i)passports? (were"
)";
  std::string dir = WritePack("missing", kHeader, rules);
  auto issues = LoadIssues(dir);
  std::vector<std::string> texts;
  for (const PackIssue& i : issues) texts.push_back(i.ToString());
  auto has = [&](const std::string& needle) {
    for (const std::string& t : texts) {
      if (t.find(needle) != std::string::npos) return true;
    }
    return false;
  };
  const std::string f = dir + "/rules.toml:";
  EXPECT_TRUE(has(f + "1: missing required key 'when'")) << ::testing::PrintToString(texts);
  EXPECT_TRUE(has(f + "4: 'category' must be one of"));
  EXPECT_TRUE(has("'legal_basis' must be a non-empty list"));
  EXPECT_TRUE(has(f + "11: unknown indicator 'slavery'"));
  EXPECT_TRUE(has(f + "13: bad regular expression: missing )"));
}

TEST(RulePackLoaderTest, HeaderProblems) {
  std::string dir = WritePack("header", "[pack]\nid = \"t\"\n[scoring]\nband_medium = 60\nband_high = 50\n", kGoodRule);
  auto issues = LoadIssues(dir);
  ASSERT_GE(issues.size(), 2u);
  EXPECT_EQ(issues[0].ToString(), dir + "/pack.toml:1: missing required key 'version'");
  EXPECT_EQ(issues[1].ToString(),
            dir + "/pack.toml:3: band thresholds must increase: band_medium < band_high < band_critical");

  std::string none = testing::TempDir("pack-none");
  std::ofstream(none + "/rules.toml") << kGoodRule;
  auto pack = LoadRulePack(none, nullptr);
  ASSERT_FALSE(pack.ok());
  EXPECT_NE(pack.status().message().find("missing pack.toml"), std::string::npos);
  EXPECT_FALSE(LoadRulePack(none + "/absent", nullptr).ok());
}

}  // namespace
}  // namespace clearbid
