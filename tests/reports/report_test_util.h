#pragma once
// Fixtures for the report tests: hand-built assessments (stable, independent
// of the rule pack's wording), golden-file comparison, schema validation and
// assessment of the repository's example bid through the engine.
//
// Golden files live in tests/reports/fixtures/. To regenerate them after an
// intended change of the output, run the tests with CLEARBID_UPDATE_GOLDEN=1:
//   CLEARBID_UPDATE_GOLDEN=1 ./build/tests/reports_tests --gtest_filter='*Golden*'
// then review the diff (git diff tests/reports/fixtures) before committing.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/model/contracting_process.h"
#include "engine/rules/assessment.h"
#include "tests/connectors/evidence/mini_json_schema.h"
#include "tests/test_util.h"

namespace clearbid::testing {

inline std::string FixturePath(const std::string& name) {
  return std::string(CLEARBID_SOURCE_DIR) + "/tests/reports/fixtures/" + name;
}

/// Compares `actual` with the golden file `name`, or rewrites the file when
/// CLEARBID_UPDATE_GOLDEN is set.
inline void ExpectGolden(const std::string& name, const std::string& actual) {
  std::string path = FixturePath(name);
  if (const char* update = std::getenv("CLEARBID_UPDATE_GOLDEN"); update && *update) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    ASSERT_TRUE(out.good()) << "cannot write " << path;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << path << " is missing: run with CLEARBID_UPDATE_GOLDEN=1 to create it";
  std::string expected((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(expected, actual) << "output differs from " << path
                              << " (if intended: CLEARBID_UPDATE_GOLDEN=1, then review the diff)";
}

/// Validates `json_text` against docs/schemas/`schema_file`; returns the errors.
inline std::vector<std::string> SchemaErrors(const std::string& schema_file, const std::string& json_text) {
  std::string schema_path = std::string(CLEARBID_SOURCE_DIR) + "/docs/schemas/" + schema_file;
  std::ifstream in(schema_path);
  if (!in) return {"cannot open " + schema_path};
  nlohmann::json schema = nlohmann::json::parse(in);
  nlohmann::json doc = nlohmann::json::parse(json_text);
  std::vector<std::string> errors;
  MiniSchema(schema).Validate(doc, &errors);
  return errors;
}

inline LegalBasis Seed(std::string seed, std::string lines) {
  LegalBasis lb;
  lb.seed = std::move(seed);
  lb.lines = std::move(lines);
  return lb;
}

inline LegalBasis Standard(std::string standard, std::string article, std::string quote = "") {
  LegalBasis lb;
  lb.standard = std::move(standard);
  lb.article = std::move(article);
  lb.quote = std::move(quote);
  return lb;
}

/// The finding's texts, made its own (a copy of what it shared) so that a test
/// can edit them; the reference is valid until the finding's texts change.
inline RuleTexts& EditTexts(Finding* f) {
  auto own = std::make_shared<RuleTexts>(f->rule_texts());
  f->texts = own;
  return *own;
}

inline Finding MakeFinding(std::string rule, std::string title, RuleStatus status, Severity severity,
                           double contribution = 0) {
  Finding f;
  f.rule_id = std::move(rule);
  f.texts = std::make_shared<const RuleTexts>(RuleTexts{std::move(title), "", "", {}});
  f.status = status;
  f.severity = severity;
  f.contribution = contribution;
  return f;
}

/// A process with two suppliers and a process-level rule. `supplier_name`
/// lets tests put hostile text where data text goes.
inline ProcessAssessment ExampleAssessment(const std::string& ocid = "ocds-test01-0001",
                                           const std::string& supplier_name = "Têxteis Atlântico, Lda.") {
  ProcessAssessment a;
  a.ocid = ocid;
  a.as_of = "2026-11-25";
  a.pack_id = "core";
  a.pack_version = "1.0.0";
  a.engine_version = "clearbid-rules/1.0";
  a.score = 100;
  a.band = Band::kCritical;
  a.band_reason = "zero-tolerance override: LR-14 flagged for " + supplier_name;
  a.list_versions = {"eu-sanctions v3 sha256:ab12"};
  a.input_digests = {"file sha256:00ff", "disclosure D-1 9a8b"};

  PartyAssessment p1;
  p1.party_id = "PT-NIPPC-505678901";
  p1.name = supplier_name;
  p1.identifier = "PT-NIPPC/505678901";
  p1.roles = {"tenderer", "supplier"};
  p1.tier = 1;
  p1.country = "PT";
  p1.score = 100;
  p1.band = Band::kCritical;
  p1.band_reason = "zero-tolerance override: LR-14";
  Finding lr = MakeFinding("LR-14", "Workers' identity documents retained", RuleStatus::kFlagged,
                           Severity::kCritical, 60);
  lr.category = RuleCategory::kLabourRecruitment;
  lr.zero_tolerance = true;
  lr.action = Action::kExclude;
  EditTexts(&lr).action_text = "Exclude unless the documents are returned and verified.";
  EditTexts(&lr).condition = "recruit.documents_retained == true";
  EditTexts(&lr).legal_basis = {
      Seed("001_f5fb0d52df27a55c.txt", "1350"),
      Standard("ILO C29", "Art. 2(1)", "all work or service which is exacted under the menace")};
  lr.evidence = {{"disclosure", "documents retained by: employer (" + supplier_name + ")", "", -1, -1},
                 {"narrative", "passports kept in the manager's safe", "audit A-7 Vale do Ave", 120, 156}};
  Finding bl = MakeFinding("BL-02", "Possible match on an exclusion list", RuleStatus::kFlagged,
                           Severity::kHigh, 25.5);
  bl.category = RuleCategory::kBlacklist;
  bl.action = Action::kEscalate;
  EditTexts(&bl).action_text = "Escalate: verify the identity of the match.";
  EditTexts(&bl).legal_basis = {Standard("FAR 52.222-50", "(b)(3)")};
  bl.evidence = {{"list_match",
                  "eu-sanctions #991 \"=HYPERLINK(\"\"http://x\"\")\" score 0.91: same name, country", "", -1,
                  -1}};
  Finding af = MakeFinding("AF-01", "Open zero-tolerance audit finding", RuleStatus::kInsufficientData,
                           Severity::kCritical);
  af.zero_tolerance = true;
  af.action = Action::kEscalate;
  af.missing = {{"audit.open_zero_tolerance", "audit report findings (status, severity)"}};
  Finding dd = MakeFinding("DD-03", "No supply-chain map", RuleStatus::kInsufficientData, Severity::kMedium);
  dd.category = RuleCategory::kDueDiligence;
  dd.missing = {{"disclosure.chain_mapped", "supplier disclosure (supply_chain)"},
                {"disclosure.chain_tiers", "supplier disclosure (supply_chain)"}};
  Finding ok = MakeFinding("DD-01", "Due-diligence policy", RuleStatus::kClear, Severity::kLow);
  Finding na = MakeFinding("CX-09", "High-risk goods", RuleStatus::kNotApplicable, Severity::kMedium);
  p1.findings = {af, bl, dd, ok, lr, na};
  p1.flagged = 2;
  p1.insufficient = 2;
  p1.clear = 1;
  p1.not_applicable = 1;

  PartyAssessment p2;
  p2.party_id = "GLN-5601234000024";
  p2.name = "Fábrica Vale do Ave - Pavilhão 3";
  p2.roles = {"site"};
  p2.tier = 2;
  p2.country = "PT";
  p2.score = 10;
  p2.band = Band::kLow;
  p2.band_reason = "score 10.00";
  Finding af2 = af;
  af2.missing = {{"audit.open_zero_tolerance", "audit report findings (status, severity)"}};
  p2.findings = {af2, ok};
  p2.insufficient = 1;
  p2.clear = 1;

  a.parties = {p1, p2};
  Finding pr = MakeFinding("PX-01", "Single bidder in a high-risk sector", RuleStatus::kFlagged,
                           Severity::kMedium, 15);
  pr.category = RuleCategory::kIntegrity;
  pr.action = Action::kRequestDocuments;
  EditTexts(&pr).action_text = "Request the market analysis.";
  pr.evidence = {{"fact", "tender.number_of_tenderers = 1", "", -1, -1}};
  a.process_findings = {pr};
  a.contributions = {{"PT-NIPPC-505678901", 100, 1, 100, supplier_name + " (tier 1, band critical)"},
                     {"GLN-5601234000024", 10, 0.9, 9, "site (tier 2, band low)"},
                     {"process", 15, 1, 15, "process-level rules"}};
  return a;
}

inline ContractingProcess ExampleProcess(const std::string& ocid = "ocds-test01-0001",
                                         const std::string& title = "Uniforms for municipal staff") {
  ContractingProcess p;
  p.ocid = ocid;
  p.date = "2026-10-01T00:00:00Z";
  p.buyer.id = "PT-ENTITY-1";
  p.buyer.name = "Câmara Municipal de Exemplo";
  p.tender.title = title;
  p.tender.procurement_method = "open";
  p.tender.value.amount = 125000.5;
  p.tender.value.currency = "EUR";
  Item i1;
  i1.id = "1";
  i1.description = "Work uniforms";
  i1.classification = {"CPV", "18110000-3", "Occupational clothing"};
  Item i2;
  i2.id = "2";
  i2.description = "Safety boots";
  i2.classification = {"UNSPSC", "46181604", "Safety boots"};
  p.tender.items = {i1, i2};
  Award aw;
  aw.id = "A1";
  aw.value.amount = 119000;
  aw.value.currency = "EUR";
  p.awards = {aw};
  return p;
}

}  // namespace clearbid::testing
