#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>

#include "connectors/evidence/audit_reader.h"
#include "connectors/evidence/disclosure_reader.h"
#include "connectors/evidence/evidence_format.h"
#include "connectors/evidence/evidence_writer.h"
#include "tests/connectors/evidence/evidence_test_util.h"

namespace clearbid {
namespace {

using testing::ExampleFiles;
using testing::ExamplesDir;
using testing::Padded;
using testing::ReadFile;

Status ParseDisclosure(const std::string& json, SupplierDisclosure* d, std::vector<InputIssue>* errors,
                       int64_t line = 1, const EvidenceLimits& limits = {}) {
  Padded p(json);
  return ReadDisclosureJson(p.view(), "in.json", line, d, errors, limits);
}

Status ParseAudit(const std::string& json, AuditReport* a, std::vector<InputIssue>* errors) {
  Padded p(json);
  return ReadAuditJson(p.view(), "audit.json", 7, a, errors);
}

// Removes nulls and empty arrays/objects: they mean "unknown", as absence does.
nlohmann::json Prune(const nlohmann::json& j) {
  if (j.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [k, v] : j.items()) {
      nlohmann::json p = Prune(v);
      if (!p.is_null() && !((p.is_object() || p.is_array()) && p.empty())) out[k] = p;
    }
    return out;
  }
  if (j.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : j) out.push_back(Prune(v));
    return out;
  }
  return j;
}

std::string Reasons(const std::vector<InputIssue>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.file + ":" + std::to_string(e.line) + ": " + e.reason + "\n";
  return out;
}

bool HasError(const std::vector<InputIssue>& errors, int64_t line, const std::string& fragment) {
  for (const auto& e : errors) {
    if (e.line == line && e.reason.find(fragment) != std::string::npos) return true;
  }
  return false;
}

const std::string kMinimal = R"({"format":"clearbid.disclosure/1.0","disclosure_id":"D1","submitted":"2026-01-31",
"party":{"scheme":"GB-COH","id":"01234567","name":"Acme Ltd","country":"GB"}})";

// Replaces the closing brace of kMinimal with `,<members>}`.
std::string MinimalWith(const std::string& members) { return kMinimal.substr(0, kMinimal.size() - 1) + "," + members + "}"; }

TEST(EvidenceDetectTest, RecognisesFormatsByTheirFormatMember) {
  EXPECT_EQ(DetectEvidence(kMinimal), EvidenceKind::kDisclosure);
  EXPECT_EQ(DetectEvidence(R"({"audit_id":"x", "format" :  "clearbid.audit/1.0"})"), EvidenceKind::kAudit);
  EXPECT_EQ(DetectEvidence(R"({"format":"clearbid.audit/9.9"})"), EvidenceKind::kAudit);
  EXPECT_EQ(DetectEvidence(R"({"ocid":"ocds-1","documents":[{"format":"text/html"}]})"), EvidenceKind::kNone);
  // The value quoted inside a string is escaped, so it is not a format member.
  EXPECT_EQ(DetectEvidence(R"({"title":"see \"format\": \"clearbid.audit/1.0\""})"), EvidenceKind::kNone);
  EXPECT_EQ(DetectEvidence(R"({"note":"clearbid.disclosure/1.0"})"), EvidenceKind::kNone);
  EXPECT_EQ(DetectEvidence(""), EvidenceKind::kNone);
}

TEST(EvidenceDetectTest, FindsTheFormatMemberWhereverItStands) {
  // The search tests 16 places at a time, then the last bytes one by one:
  // the member at every offset from 0 to 47, after decoys (the prefix as a
  // plain value, a near miss with the same first and last bytes), and cut
  // short at the very end of the text.
  for (size_t filler = 0; filler < 48; ++filler) {
    const std::string head = "{\"a\":\"" + std::string(filler, 'x') + "\",";
    const std::string at = std::to_string(filler);
    EXPECT_EQ(DetectEvidence(head + R"("format":"clearbid.audit/1.0"})"), EvidenceKind::kAudit) << at;
    EXPECT_EQ(DetectEvidence(head + R"("n":"clearbid.x","m":"clearbxd.","format" : "clearbid.disclosure/2"})"),
              EvidenceKind::kDisclosure)
        << at;
    EXPECT_EQ(DetectEvidence(head + R"("format":"clearbix.audit/1.0"})"), EvidenceKind::kNone) << at;
    EXPECT_EQ(DetectEvidence(head + R"("note":"clearbid.audit/1.0"})"), EvidenceKind::kNone) << at;
    EXPECT_EQ(DetectEvidence(head + R"("format":"clearbid.)"), EvidenceKind::kNone) << at;
    EXPECT_EQ(DetectEvidence(head + R"("format":"clearbid.audit/)"), EvidenceKind::kAudit) << at;
  }
}

TEST(EvidenceDetectTest, CsvHeader) {
  EXPECT_TRUE(IsDisclosureCsvHeader("disclosure_section,item,field,value"));
  EXPECT_TRUE(IsDisclosureCsvHeader("\xEF\xBB\xBF" "disclosure_section,item,field,value,note\r"));
  EXPECT_FALSE(IsDisclosureCsvHeader("section,item,field,value"));
  EXPECT_FALSE(IsDisclosureCsvHeader("disclosure_section,item,field,value,extra"));
}

TEST(EvidenceReaderTest, EveryExampleParsesAndIsDetected) {
  auto disclosures = ExampleFiles("disclosures", ".json");
  auto audits = ExampleFiles("audits", ".json");
  ASSERT_GE(disclosures.size(), 3u);
  ASSERT_GE(audits.size(), 2u);
  for (const auto& f : disclosures) {
    std::string text = ReadFile(f);
    EXPECT_EQ(DetectEvidence(text), EvidenceKind::kDisclosure) << f;
    SupplierDisclosure d;
    std::vector<InputIssue> errors;
    Status st = ParseDisclosure(text, &d, &errors);
    EXPECT_TRUE(st.ok()) << f << ": " << st.ToString() << "\n" << Reasons(errors);
    EXPECT_TRUE(d.party.has_key()) << f;
  }
  for (const auto& f : audits) {
    std::string text = ReadFile(f);
    EXPECT_EQ(DetectEvidence(text), EvidenceKind::kAudit) << f;
    AuditReport a;
    std::vector<InputIssue> errors;
    Status st = ParseAudit(text, &a, &errors);
    EXPECT_TRUE(st.ok()) << f << ": " << st.ToString() << "\n" << Reasons(errors);
  }
  for (const auto& f : ExampleFiles("disclosures", ".csv")) {
    SupplierDisclosure d;
    std::vector<InputIssue> errors;
    Status st = ReadDisclosureCsvFile(f, &d, &errors);
    EXPECT_TRUE(st.ok()) << f << ": " << st.ToString() << "\n" << Reasons(errors);
  }
}

TEST(EvidenceReaderTest, WorkedExampleCarriesTheRiskFacts) {
  SupplierDisclosure d;
  std::vector<InputIssue> errors;
  ASSERT_TRUE(
      ParseDisclosure(ReadFile(ExamplesDir() + "/disclosures/textil-atlantico-2026.json"), &d, &errors).ok())
      << Reasons(errors);
  EXPECT_EQ(d.party.scheme, "PT-NIPPC");
  EXPECT_EQ(d.party.id, "505678901");
  EXPECT_EQ(d.MaxTier(), 2);
  const SupplyChainEntry* site = d.FindEntry("S2");
  ASSERT_NE(site, nullptr);
  EXPECT_EQ(site->role, ChainRole::kSite);
  EXPECT_EQ(site->parent.id, "514223344");
  EXPECT_EQ(site->address.country, "PT");
  EXPECT_EQ(site->practices.identity_documents_retained, std::optional<bool>(true));
  EXPECT_EQ(site->practices.migrant_workers_share, std::optional<double>(0.65));
  ASSERT_EQ(d.recruitment.agencies.size(), 1u);
  const auto& agency = d.recruitment.agencies[0];
  EXPECT_EQ(agency.practices.recruitment_fees_paid_by, std::optional<CostBearer>(CostBearer::kWorker));
  EXPECT_EQ(agency.practices.identity_documents_retained, std::optional<bool>(true));
  EXPECT_EQ(agency.licence.valid_until, "2026-07-15");
  EXPECT_EQ(agency.supplies, std::vector<std::string>{"S2"});
  // Stated unknown: null is not "no".
  EXPECT_FALSE(d.grievance.non_retaliation.has_value());
  EXPECT_EQ(d.grievance.anonymous, std::optional<bool>(false));

  AuditReport a;
  ASSERT_TRUE(ParseAudit(ReadFile(ExamplesDir() + "/audits/vale-do-ave-2026-0417.json"), &a, &errors).ok())
      << Reasons(errors);
  EXPECT_EQ(a.audited_party.id, "514223344");
  EXPECT_EQ(a.site_identifier.id, site->identifier.id);
  ASSERT_EQ(a.MaxOpenSeverity(), std::optional<FindingSeverity>(FindingSeverity::kZeroTolerance));
  EXPECT_EQ(a.OpenFindingCount(), 3);
  EXPECT_EQ(a.findings[0].ilo_indicator, std::optional<IloIndicator>(IloIndicator::kRetentionOfIdentityDocuments));
  EXPECT_EQ(IloIndicatorNumber(*a.findings[0].ilo_indicator), "ILO-FL-07");
  EXPECT_EQ(a.findings[0].status, CapStatus::kOpen);
  EXPECT_EQ(a.findings[0].cap_due, "2026-10-12");
  EXPECT_NE(a.narrative.find("keeps their passports \"for safekeeping\""), std::string::npos);
  EXPECT_EQ(a.scope.forced_labour_in_scope, std::optional<bool>(true));
}

TEST(EvidenceReaderTest, PartialDisclosureKeepsUnknownApartFromNo) {
  SupplierDisclosure d;
  std::vector<InputIssue> errors;
  ASSERT_TRUE(
      ParseDisclosure(ReadFile(ExamplesDir() + "/disclosures/confeccoes-sul-partial-2026.json"), &d, &errors).ok())
      << Reasons(errors);
  EXPECT_FALSE(d.policy.exists.has_value());
  EXPECT_EQ(d.due_diligence.process_exists, std::optional<bool>(false));
  EXPECT_FALSE(d.recruitment.uses_agencies.has_value());
  EXPECT_FALSE(d.grievance.exists.has_value());
  ASSERT_EQ(d.audits.size(), 1u);
  EXPECT_EQ(d.audits[0].report_provided, std::optional<bool>(false));
  EXPECT_FALSE(d.audits[0].withheld_reason.empty());
}

TEST(EvidenceWriterTest, CanonicalJsonKeepsEveryExampleFieldAndIsAFixpoint) {
  for (const auto& f : ExampleFiles("disclosures", ".json")) {
    std::string text = ReadFile(f);
    SupplierDisclosure d;
    std::vector<InputIssue> errors;
    ASSERT_TRUE(ParseDisclosure(text, &d, &errors).ok()) << f << Reasons(errors);
    std::string canonical = DisclosureToJson(d);
    EXPECT_EQ(nlohmann::json::parse(canonical), Prune(nlohmann::json::parse(text))) << f;
    SupplierDisclosure again;
    ASSERT_TRUE(ParseDisclosure(canonical, &again, &errors).ok()) << f << Reasons(errors);
    EXPECT_EQ(DisclosureToJson(again), canonical) << f;
  }
  for (const auto& f : ExampleFiles("audits", ".json")) {
    std::string text = ReadFile(f);
    AuditReport a;
    std::vector<InputIssue> errors;
    ASSERT_TRUE(ParseAudit(text, &a, &errors).ok()) << f << Reasons(errors);
    std::string canonical = AuditToJson(a);
    EXPECT_EQ(nlohmann::json::parse(canonical), Prune(nlohmann::json::parse(text))) << f;
    AuditReport again;
    ASSERT_TRUE(ParseAudit(canonical, &again, &errors).ok()) << f << Reasons(errors);
    EXPECT_EQ(AuditToJson(again), canonical) << f;
  }
}

TEST(EvidenceCsvTest, CsvExamplesGiveTheSameModelAsTheirJson) {
  auto csvs = ExampleFiles("disclosures", ".csv");
  ASSERT_GE(csvs.size(), 2u);
  for (const auto& csv : csvs) {
    std::string json_path = std::filesystem::path(csv).replace_extension(".json").string();
    SupplierDisclosure from_csv, from_json;
    std::vector<InputIssue> errors;
    ASSERT_TRUE(ReadDisclosureCsvFile(csv, &from_csv, &errors).ok()) << csv << Reasons(errors);
    ASSERT_TRUE(ParseDisclosure(ReadFile(json_path), &from_json, &errors).ok()) << json_path << Reasons(errors);
    EXPECT_EQ(DisclosureToJson(from_csv), DisclosureToJson(from_json)) << csv;
  }
}

TEST(EvidenceCsvTest, WriterOutputReadsBackToTheSameModel) {
  for (const auto& f : ExampleFiles("disclosures", ".json")) {
    SupplierDisclosure d, back;
    std::vector<InputIssue> errors;
    ASSERT_TRUE(ParseDisclosure(ReadFile(f), &d, &errors).ok()) << f << Reasons(errors);
    std::string csv = DisclosureToCsv(d);
    ASSERT_TRUE(ReadDisclosureCsv(csv, "w.csv", &back, &errors).ok()) << f << Reasons(errors) << csv;
    EXPECT_EQ(DisclosureToJson(back), DisclosureToJson(d)) << f;
  }
}

TEST(EvidenceCsvTest, BadRowsNameTheirLine) {
  std::string csv =
      "disclosure_section,item,field,value\n"
      "disclosure,,disclosure_id,D9\n"
      "disclosure,,submitted,2026-02-30\n"        // line 3: not a date
      "party,,scheme,GB-COH\n"
      "party,,name,Acme\n"                         // party.id missing
      "party,,country,GB\n"
      "policy,,exists,perhaps\n"                   // line 7: bad yes/no
      "policy,,exists,yes\n"                       // line 8: given twice
      "colour,,hue,red\n"                          // line 9: unknown section
      "entry,,name,Site without ref\n"             // line 10: item missing
      "entry,S1,tier,two\n"                        // line 11: not an integer
      "entry,S1,name,Site 1\n"
      "entry,S1,role,warehouse\n";                 // line 13: role enum
  SupplierDisclosure d;
  std::vector<InputIssue> errors;
  Status st = ReadDisclosureCsv(csv, "sheet.csv", &d, &errors);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(HasError(errors, 3, "submitted")) << Reasons(errors);
  EXPECT_TRUE(HasError(errors, 7, "not yes, no or unknown")) << Reasons(errors);
  EXPECT_TRUE(HasError(errors, 8, "given twice")) << Reasons(errors);
  EXPECT_TRUE(HasError(errors, 9, "unknown disclosure_section")) << Reasons(errors);
  EXPECT_TRUE(HasError(errors, 10, "needs an item")) << Reasons(errors);
  EXPECT_TRUE(HasError(errors, 11, "not an integer")) << Reasons(errors);
  EXPECT_TRUE(HasError(errors, 13, "role")) << Reasons(errors);
  // A missing required field is located at the rows of its object.
  bool party_id = false;
  for (const auto& e : errors) {
    if (e.reason.find("party.id: required") != std::string::npos) party_id = e.line >= 4 && e.line <= 6;
  }
  EXPECT_TRUE(party_id) << Reasons(errors);
  for (const auto& e : errors) EXPECT_EQ(e.file, "sheet.csv");
}

TEST(EvidenceCsvTest, WrongHeaderOrInvalidUtf8IsRejected) {
  SupplierDisclosure d;
  std::vector<InputIssue> errors;
  EXPECT_FALSE(ReadDisclosureCsv("a,b,c\n1,2,3\n", "x.csv", &d, &errors).ok());
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].reason.find("header"), std::string::npos);
  errors.clear();
  std::string csv = std::string(kDisclosureCsvHeader) + "\nparty,,name,Caf\xE9 Latin-1\n";
  EXPECT_FALSE(ReadDisclosureCsv(csv, "x.csv", &d, &errors).ok());
  EXPECT_TRUE(HasError(errors, 2, "UTF-8")) << Reasons(errors);
}

TEST(EvidenceReaderTest, MinimalDisclosureIsValid) {
  SupplierDisclosure d;
  std::vector<InputIssue> errors;
  ASSERT_TRUE(ParseDisclosure(kMinimal, &d, &errors).ok()) << Reasons(errors);
  EXPECT_EQ(d.party.Key(), "GB-COH/01234567");
  EXPECT_FALSE(d.policy.exists.has_value());
}

struct BadCase {
  const char* name;
  std::string json;
  std::string fragment;  // expected in one error reason
};

TEST(EvidenceReaderTest, BadDisclosuresAreRejectedWithFieldPaths) {
  std::string big(3000, 'x');
  std::vector<BadCase> cases = {
      {"wrong bool type", MinimalWith(R"("policy":{"exists":"yes"})"), "policy.exists: expected true, false or null"},
      {"missing id", R"({"format":"clearbid.disclosure/1.0","disclosure_id":"D","submitted":"2026-01-01",
        "party":{"scheme":"GB-COH","name":"A","country":"GB"}})", "party.id: required field is missing"},
      {"missing party", R"({"format":"clearbid.disclosure/1.0","disclosure_id":"D","submitted":"2026-01-01"})",
       "party: required object is missing"},
      {"missing submitted", R"({"format":"clearbid.disclosure/1.0","disclosure_id":"D",
        "party":{"scheme":"GB-COH","id":"1","name":"A","country":"GB"}})", "submitted: required field is missing"},
      {"bad date", MinimalWith(R"("policy":{"adopted":"31/01/2026"})"), "policy.adopted: \"31/01/2026\" is not a date"},
      {"bad country", MinimalWith(R"("supply_chain":{"entries":[{"ref":"S","role":"site","name":"n",
        "address":{"country":"Portugal"}}]})"), "supply_chain.entries[0].address.country"},
      {"oversize string", MinimalWith(R"("ocid":")" + big + R"(")"), "ocid: string of 3000 bytes exceeds the limit"},
      {"unknown field", MinimalWith(R"("policy":{"exist":true})"), "policy.exist: unknown field"},
      {"bad enum", MinimalWith(R"("recruitment":{"recruitment_fees_paid_by":"agency"})"),
       "recruitment.recruitment_fees_paid_by: \"agency\" is not one of"},
      {"share as percent", MinimalWith(R"("recruitment":{"migrant_workers_share":65})"), "outside 0..1"},
      {"wrong array type", MinimalWith(R"("audits":{"audit_id":"A"})"), "audits: expected an array of objects"},
      {"duplicate ref", MinimalWith(R"("supply_chain":{"entries":[{"ref":"S","role":"site","name":"a"},
        {"ref":"S","role":"site","name":"b"}]})"), "supply_chain.entries[1].ref: duplicate ref"},
      {"dangling supplies", MinimalWith(R"("recruitment":{"agencies":[{"ref":"A","name":"x","supplies":["S9"]}]})"),
       "recruitment.agencies[0].supplies[0]"},
      {"unsupported version", R"({"format":"clearbid.disclosure/2.0","disclosure_id":"D","submitted":"2026-01-01",
        "party":{"scheme":"GB-COH","id":"1","name":"A","country":"GB"}})", "format: \"clearbid.disclosure/2.0\" is not supported"},
      {"not an object", "[1,2]", "must be a JSON object"},
      {"truncated", R"({"format":"clearbid.disclosure/1.0","disclosure_id":)", "invalid JSON"},
  };
  for (const auto& c : cases) {
    SupplierDisclosure d;
    std::vector<InputIssue> errors;
    Status st = ParseDisclosure(c.json, &d, &errors, 40);
    EXPECT_FALSE(st.ok()) << c.name;
    EXPECT_TRUE(HasError(errors, 40, c.fragment)) << c.name << ":\n" << Reasons(errors);
    EXPECT_NE(st.message().find("in.json:40"), std::string::npos) << c.name << ": " << st.message();
  }
}

TEST(EvidenceReaderTest, ArrayAndDocumentLimits) {
  EvidenceLimits limits;
  limits.max_array_elements = 2;
  SupplierDisclosure d;
  std::vector<InputIssue> errors;
  EXPECT_FALSE(ParseDisclosure(MinimalWith(R"("grievance":{"channels":["a","b","c"]})"), &d, &errors, 1, limits).ok());
  EXPECT_TRUE(HasError(errors, 1, "grievance.channels: array of 3 elements exceeds the limit of 2")) << Reasons(errors);
  limits = {};
  limits.max_document_bytes = 100;
  errors.clear();
  EXPECT_FALSE(ParseDisclosure(kMinimal, &d, &errors, 1, limits).ok());
  EXPECT_TRUE(HasError(errors, 1, "exceeds the limit of 100 bytes")) << Reasons(errors);
}

TEST(EvidenceReaderTest, BadAuditsAreRejectedWithFieldPaths) {
  std::string base = ReadFile(ExamplesDir() + "/audits/vale-do-ave-2026-0417.json");
  auto edit = [&](const std::function<void(nlohmann::json&)>& f) {
    nlohmann::json j = nlohmann::json::parse(base);
    f(j);
    return j.dump();
  };
  std::vector<BadCase> cases = {
      {"bad severity", edit([](auto& j) { j["findings"][0]["severity"] = "zero-tolerance"; }),
       "findings[0].severity: \"zero-tolerance\" is not one of"},
      {"bad indicator", edit([](auto& j) { j["findings"][1]["ilo_indicator"] = "slavery"; }),
       "findings[1].ilo_indicator"},
      {"missing status", edit([](auto& j) { j["findings"][2].erase("status"); }),
       "findings[2].status: required field is missing"},
      {"closed date on open finding", edit([](auto& j) { j["findings"][0]["cap_verified_closed"] = "2026-10-01"; }),
       "needs status \"closed\""},
      {"duplicate code", edit([](auto& j) { j["findings"][1]["code"] = "NC-01"; }), "duplicate finding code"},
      {"missing firm", edit([](auto& j) { j["auditor"].erase("firm"); }), "auditor.firm: required field is missing"},
      {"missing site country", edit([](auto& j) { j["site"]["address"].erase("country"); }),
       "site.address.country: required"},
      {"missing audited party", edit([](auto& j) { j.erase("audited_party"); }), "audited_party: required object"},
      {"wrong workers type", edit([](auto& j) { j["scope"]["workers_on_site"] = "140"; }),
       "scope.workers_on_site: expected an integer"},
      {"oversize narrative", edit([](auto& j) { j["narrative"] = std::string((1u << 20) + 1, 'n'); }),
       "narrative: string of 1048577 bytes exceeds"},
  };
  for (const auto& c : cases) {
    AuditReport a;
    std::vector<InputIssue> errors;
    EXPECT_FALSE(ParseAudit(c.json, &a, &errors).ok()) << c.name;
    EXPECT_TRUE(HasError(errors, 7, c.fragment)) << c.name << ":\n" << Reasons(errors);
  }
  AuditReport a;
  std::vector<InputIssue> errors;
  EXPECT_TRUE(ParseAudit(edit([](auto& j) { j["findings"][0]["ilo_indicator"] = "ILO-FL-07"; }), &a, &errors).ok())
      << Reasons(errors);
  EXPECT_EQ(a.findings[0].ilo_indicator, std::optional<IloIndicator>(IloIndicator::kRetentionOfIdentityDocuments));
}

// Truncated input of every length class is rejected with an error, never a crash.
TEST(EvidenceReaderTest, TruncatedDocumentsAreRejectedNotCrashed) {
  std::string json = ReadFile(ExamplesDir() + "/disclosures/textil-atlantico-2026.json");
  std::string audit = ReadFile(ExamplesDir() + "/audits/vale-do-ave-2026-0417.json");
  std::string csv = ReadFile(ExamplesDir() + "/disclosures/textil-atlantico-2026.csv");
  for (size_t n = 0; n + 2 < json.size(); n += 53) {
    SupplierDisclosure d;
    std::vector<InputIssue> errors;
    EXPECT_FALSE(ParseDisclosure(json.substr(0, n), &d, &errors).ok()) << n;
    EXPECT_FALSE(errors.empty()) << n;
  }
  for (size_t n = 0; n + 2 < audit.size(); n += 53) {
    AuditReport a;
    std::vector<InputIssue> errors;
    EXPECT_FALSE(ParseAudit(audit.substr(0, n), &a, &errors).ok()) << n;
  }
  // A CSV cut at a row boundary may still be a valid (smaller) disclosure; cut inside rows.
  for (size_t n = 0; n < csv.size(); n += 97) {
    SupplierDisclosure d;
    std::vector<InputIssue> errors;
    (void)ReadDisclosureCsv(csv.substr(0, n), "cut.csv", &d, &errors);
    if (n < 200) {
      EXPECT_FALSE(errors.empty()) << n;
    }
  }
}

}  // namespace
}  // namespace clearbid
