// Condition language: parsing, type errors with their column, and Kleene
// (three-valued) evaluation over facts.

#include "engine/rules/condition.h"

#include <gtest/gtest.h>

namespace clearbid {
namespace {

Tri Eval(std::string_view text, const FactSet& facts) {
  auto c = Condition::Parse(text);
  EXPECT_TRUE(c.ok()) << text << ": " << c.status().message();
  if (!c.ok()) return Tri::kUnknown;
  return c->Evaluate(facts);
}

std::string ParseError(std::string_view text) {
  auto c = Condition::Parse(text);
  EXPECT_FALSE(c.ok()) << text;
  return c.ok() ? "" : c.status().message();
}

TEST(ConditionTest, KleeneAndOrNot) {
  FactSet f;
  f[FactId::kPolicyExists] = FactValue::Bool(true);
  f[FactId::kDdProcessExists] = FactValue::Bool(false);
  // kGrievanceExists stays unknown.
  EXPECT_EQ(Eval("policy.exists", f), Tri::kTrue);
  EXPECT_EQ(Eval("grievance.exists", f), Tri::kUnknown);
  EXPECT_EQ(Eval("not grievance.exists", f), Tri::kUnknown);
  EXPECT_EQ(Eval("due_diligence.process_exists and grievance.exists", f), Tri::kFalse);  // false dominates
  EXPECT_EQ(Eval("policy.exists and grievance.exists", f), Tri::kUnknown);
  EXPECT_EQ(Eval("policy.exists or grievance.exists", f), Tri::kTrue);  // true dominates
  EXPECT_EQ(Eval("due_diligence.process_exists or grievance.exists", f), Tri::kUnknown);
  EXPECT_EQ(Eval("due_diligence.process_exists or not policy.exists", f), Tri::kFalse);
  EXPECT_EQ(Eval("known(grievance.exists)", f), Tri::kFalse);
  EXPECT_EQ(Eval("known(policy.exists) and not known(grievance.exists)", f), Tri::kTrue);
  EXPECT_EQ(Eval("grievance.exists == false", f), Tri::kUnknown);
}

TEST(ConditionTest, ComparisonsListsAndText) {
  FactSet f;
  f[FactId::kAuditLatestAgeDays] = FactValue::Number(800);
  f[FactId::kPartyCountry] = FactValue::Text("BD");
  f[FactId::kAuditOpenForcedLabourIndicators] = FactValue::List({"debt_bondage", "isolation"});
  f[FactId::kProcessAwardCriteriaText] = FactValue::Text("Price 60%, compliance with ILO conventions 40%");
  EXPECT_EQ(Eval("audit.latest_age_days > 730", f), Tri::kTrue);
  EXPECT_EQ(Eval("audit.latest_age_days <= 730", f), Tri::kFalse);
  EXPECT_EQ(Eval("audit.latest_age_days >= 800 and audit.latest_age_days != 801", f), Tri::kTrue);
  EXPECT_EQ(Eval("party.country == \"BD\"", f), Tri::kTrue);
  EXPECT_EQ(Eval("party.country in [\"UZ\", \"BD\"]", f), Tri::kTrue);
  EXPECT_EQ(Eval("party.country in ['UZ', 'TM']", f), Tri::kFalse);
  EXPECT_EQ(Eval("contains(audit.open_forced_labour_indicators, \"isolation\")", f), Tri::kTrue);
  EXPECT_EQ(Eval("contains(audit.open_forced_labour_indicators, \"deception\")", f), Tri::kFalse);
  EXPECT_EQ(Eval("audit.open_forced_labour_indicators in [\"deception\", \"debt_bondage\"]", f), Tri::kTrue);
  EXPECT_EQ(Eval("size(audit.open_forced_labour_indicators) >= 2", f), Tri::kTrue);
  EXPECT_EQ(Eval("size(narrative.indicators) > 0", f), Tri::kUnknown);
  EXPECT_EQ(Eval("matches(process.award_criteria_text, \"(?i)\\bilo\\b\")", f), Tri::kTrue);
  EXPECT_EQ(Eval("matches(process.award_criteria_text, \"trafficking\")", f), Tri::kFalse);
  EXPECT_EQ(Eval("matches(party.country, \"^B\") and (audit.latest_age_days > 1 or grievance.exists)", f), Tri::kTrue);
}

TEST(ConditionTest, FactsInFirstUseOrder) {
  auto c = Condition::Parse("policy.exists or grievance.exists or not policy.exists");
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->facts().size(), 2u);
  EXPECT_EQ(c->facts()[0], FactId::kPolicyExists);
  EXPECT_EQ(c->facts()[1], FactId::kGrievanceExists);
}

TEST(ConditionTest, ErrorsNameTheColumn) {
  EXPECT_EQ(ParseError("policy.exists and policy.bogus"), "column 19: unknown fact 'policy.bogus' (see docs/rules.md for the catalogue)");
  EXPECT_EQ(ParseError("audit.latest_age_days > \"old\""), "column 30: cannot compare a number with a text");
  EXPECT_EQ(ParseError("audit.latest_age_days"), "column 22: the condition must be true or false, not a value");
  EXPECT_EQ(ParseError("policy.exists and audit.reports"), "column 32: 'and' needs true/false operands, got a number");
  EXPECT_EQ(ParseError("party.country < \"UA\""), "column 21: '<' needs numbers");
  EXPECT_EQ(ParseError("contains(party.country, \"x\")"), "column 23: contains() needs a list fact");
  EXPECT_EQ(ParseError("matches(process.award_criteria_text, \"(unclosed\")"),
            "column 38: bad regular expression: missing ): (unclosed");
  EXPECT_EQ(ParseError("policy.exists and (grievance.exists"), "column 36: expected ')'");
  EXPECT_EQ(ParseError("party.country in \"UA\""), "column 18: 'in' takes a list: [\"a\", \"b\"]");
  EXPECT_EQ(ParseError("policy.exists == \"yes"), "column 18: unterminated string");
  EXPECT_EQ(ParseError("policy.exists @"), "column 15: unexpected character '@'");
  EXPECT_EQ(ParseError(""), "column 1: unexpected end of condition");
}

}  // namespace
}  // namespace clearbid
