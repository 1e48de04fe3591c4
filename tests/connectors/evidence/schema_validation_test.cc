#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "connectors/evidence/audit_reader.h"
#include "connectors/evidence/disclosure_reader.h"
#include "connectors/evidence/evidence_writer.h"
#include "tests/connectors/evidence/evidence_test_util.h"
#include "tests/connectors/evidence/mini_json_schema.h"

namespace clearbid {
namespace {

using testing::ExampleFiles;
using testing::MiniSchema;
using testing::Padded;
using testing::ReadFile;

std::string SchemaPath(const std::string& name) { return std::string(CLEARBID_SOURCE_DIR) + "/docs/formats/" + name; }

MiniSchema LoadSchema(const std::string& name) { return MiniSchema(nlohmann::json::parse(ReadFile(SchemaPath(name)))); }

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

TEST(SchemaValidationTest, EveryExampleValidatesAgainstItsSchema) {
  struct Set {
    std::string schema, dir;
  };
  for (const auto& set : {Set{"supplier-disclosure.schema.json", "disclosures"}, Set{"audit-report.schema.json", "audits"}}) {
    MiniSchema schema = LoadSchema(set.schema);
    auto files = ExampleFiles(set.dir, ".json");
    ASSERT_FALSE(files.empty()) << set.dir;
    for (const auto& f : files) {
      std::vector<std::string> errors;
      EXPECT_TRUE(schema.Validate(nlohmann::json::parse(ReadFile(f)), &errors)) << f << ":\n" << Join(errors);
    }
  }
}

TEST(SchemaValidationTest, CanonicalOutputOfCsvExamplesValidates) {
  MiniSchema schema = LoadSchema("supplier-disclosure.schema.json");
  for (const auto& f : ExampleFiles("disclosures", ".csv")) {
    SupplierDisclosure d;
    std::vector<InputIssue> issues;
    ASSERT_TRUE(ReadDisclosureCsvFile(f, &d, &issues).ok()) << f;
    std::vector<std::string> errors;
    EXPECT_TRUE(schema.Validate(nlohmann::json::parse(DisclosureToJson(d)), &errors)) << f << ":\n" << Join(errors);
  }
}

// The schema and the reader must agree on what is invalid.
TEST(SchemaValidationTest, SchemaRejectsWhatTheReaderRejects) {
  MiniSchema schema = LoadSchema("supplier-disclosure.schema.json");
  nlohmann::json base = nlohmann::json::parse(ReadFile(testing::ExamplesDir() + "/disclosures/textil-atlantico-2026.json"));
  std::vector<std::pair<std::string, std::function<void(nlohmann::json&)>>> edits = {
      {"format", [](auto& j) { j["format"] = "clearbid.disclosure/2.0"; }},
      {"missing party id", [](auto& j) { j["party"].erase("id"); }},
      {"bool as string", [](auto& j) { j["policy"]["exists"] = "yes"; }},
      {"bad date", [](auto& j) { j["submitted"] = "15.10.2026"; }},
      {"unknown field", [](auto& j) { j["policy"]["exist"] = true; }},
      {"bad bearer", [](auto& j) { j["recruitment"]["recruitment_fees_paid_by"] = "agency"; }},
      {"share above 1", [](auto& j) { j["recruitment"]["migrant_workers_share"] = 65; }},
      {"bad role", [](auto& j) { j["supply_chain"]["entries"][0]["role"] = "warehouse"; }},
      {"lower-case country", [](auto& j) { j["party"]["country"] = "pt"; }},
      {"oversize id", [](auto& j) { j["disclosure_id"] = std::string(3000, 'x'); }},
  };
  for (const auto& [name, edit] : edits) {
    nlohmann::json doc = base;
    edit(doc);
    std::vector<std::string> schema_errors;
    EXPECT_FALSE(schema.Validate(doc, &schema_errors)) << name;
    SupplierDisclosure d;
    std::vector<InputIssue> issues;
    Padded p(doc.dump());
    EXPECT_FALSE(ReadDisclosureJson(p.view(), "x.json", 1, &d, &issues).ok()) << name;
  }
}

TEST(SchemaValidationTest, HelperRefusesKeywordsItDoesNotImplement) {
  MiniSchema schema(nlohmann::json::parse(R"({"type":"object","oneOf":[{"type":"object"}]})"));
  std::vector<std::string> errors;
  EXPECT_FALSE(schema.Validate(nlohmann::json::object(), &errors));
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].find("oneOf"), std::string::npos);
}

// Cross-check with the reference implementation when python3-jsonschema
// (Debian 12: 4.10, which knows draft 2020-12) is installed.
TEST(SchemaValidationTest, PythonJsonschemaAgreesWhenInstalled) {
  std::string out;
  if (testing::RunCommand("python3 -c 'import jsonschema' 2>/dev/null", &out) != 0) {
    GTEST_SKIP() << "python3-jsonschema is not installed";
  }
  std::string script = std::string(CLEARBID_SOURCE_DIR) + "/tests/connectors/evidence/validate_examples.py";
  int rc = testing::RunCommand("python3 " + script + " " + CLEARBID_SOURCE_DIR + " 2>&1", &out);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("valid: 5"), std::string::npos) << out;
}

}  // namespace
}  // namespace clearbid
