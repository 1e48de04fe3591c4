#include "connectors/ocds/ocds_reader.h"

#include <gtest/gtest.h>

#include "connectors/ocds/release_compiler.h"
#include "connectors/synthetic/ocds_generator.h"
#include "engine/store/process_rows.h"

namespace clearbid {
namespace {

OcdsReadResult ReadText(const std::string& json) {
  std::string padded = json + std::string(kJsonPadding, ' ');
  OcdsReader reader;
  OcdsReadResult out;
  reader.Read(std::string_view(padded.data(), json.size()), "t.json", 10, &out);
  return out;
}

const char* kPackage11 = R"({
 "uri": "x", "version": "1.1",
 "releases": [{
  "ocid": "ocds-abc-1", "id": "r1", "date": "2024-01-02T00:00:00Z", "tag": ["award"],
  "parties": [
    {"id": "B1", "name": "City Hall", "roles": ["buyer"], "address": {"countryName": "Portugal"}},
    {"id": "S1", "name": "ТОВ Бриз", "identifier": {"scheme": "UA-EDR", "id": "123"}, "roles": ["supplier", "tenderer"],
     "address": {"countryName": "Ukraine"}},
    {"id": "SUB", "name": "Sub Ltd", "roles": ["subcontractor"]},
    {"id": "X", "name": "Odd", "roles": ["weirdRole"]}
  ],
  "buyer": {"id": "B1", "name": "City Hall"},
  "tender": {"id": "t", "procurementMethod": "open", "value": {"amount": "1200.5", "currency": "EUR"},
    "items": [{"id": "1", "classification": {"scheme": "cpv", "id": "18100000"}, "quantity": 3}],
    "tenderers": [{"id": "S1", "name": "ТОВ Бриз"}]},
  "bids": {"details": [{"id": "b1", "tenderers": [{"id": "S1"}], "value": {"amount": 1000}}]},
  "awards": [{"id": "a1", "status": "active", "suppliers": [{"id": "S1", "name": "ТОВ Бриз"}], "value": {"amount": 1100}}],
  "contracts": [{"id": "c1", "awardID": "a1"}]
 }]})";

TEST(OcdsReaderTest, ReleasePackage11) {
  OcdsReadResult r = ReadText(kPackage11);
  EXPECT_EQ(r.kind, DocumentKind::kReleasePackage);
  ASSERT_EQ(r.releases.size(), 1u);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0].reason;
  const ReleaseInput& in = r.releases[0];
  EXPECT_EQ(in.ocid, "ocds-abc-1");
  EXPECT_EQ(in.release_id, "r1");
  EXPECT_EQ(in.line, 10);  // the line of the document (errors add the path, "releases[0].…")
  const ContractingProcess& p = in.process;
  EXPECT_EQ(p.ocds_version, "1.1");
  EXPECT_EQ(p.buyer.id, "B1");
  ASSERT_TRUE(p.tender.value.amount.has_value());
  EXPECT_DOUBLE_EQ(*p.tender.value.amount, 1200.5);
  ASSERT_EQ(p.tender.items.size(), 1u);
  EXPECT_EQ(p.tender.items[0].classification.scheme, "CPV");
  ASSERT_EQ(p.bids.size(), 1u);
  ASSERT_EQ(p.awards.size(), 1u);
  EXPECT_EQ(p.awards[0].suppliers[0].id, "S1");
  ASSERT_EQ(p.parties.size(), 4u);
  const Party* s1 = p.FindParty("S1");
  ASSERT_NE(s1, nullptr);
  EXPECT_TRUE(s1->HasRole(PartyRole::kSupplier));
  EXPECT_EQ(s1->tier, 1);
  EXPECT_EQ(s1->address.country, "UA");
  EXPECT_EQ(p.FindParty("SUB")->tier, 2);
  EXPECT_EQ(p.FindParty("B1")->tier, 0);
  EXPECT_EQ(p.FindParty("X")->roles, std::vector<std::string>{"weirdRole"});  // unknown role kept raw
  EXPECT_EQ(in.json.find('\n'), std::string::npos);                            // stored minified
}

TEST(OcdsReaderTest, Ocds10InlineOrganisationsBecomeParties) {
  OcdsReadResult r = ReadText(R"({"releases":[{"ocid":"o-1","id":"1","date":"2016-01-01",
    "buyer":{"name":"Ministry","identifier":{"scheme":"MD-IDNO","id":"77"}},
    "tender":{"procuringEntity":{"name":"Agency"},"tenderers":[{"name":"Alpha SRL","identifier":{"id":"5"}}]},
    "awards":[{"id":1,"suppliers":[{"name":"Alpha SRL","identifier":{"id":"5"}}]}]}]})");
  ASSERT_EQ(r.releases.size(), 1u);
  const ContractingProcess& p = r.releases[0].process;
  EXPECT_EQ(p.ocds_version, "1.0");
  ASSERT_EQ(p.parties.size(), 3u);
  EXPECT_EQ(p.buyer.id, "MD-IDNO-77");
  const Party* alpha = p.FindParty("-5");
  ASSERT_NE(alpha, nullptr);
  EXPECT_TRUE(alpha->HasRole(PartyRole::kTenderer));
  EXPECT_TRUE(alpha->HasRole(PartyRole::kSupplier));
  EXPECT_EQ(p.awards[0].id, "1");  // numeric ids kept as text
}

TEST(OcdsReaderTest, ErrorsInsideAPackageNameTheRelease) {
  OcdsReadResult r = ReadText(R"({"releases":[{"ocid":"a","id":"1"},{"ocid":"b","id":"2","tender":{"title":[1]}}]})");
  ASSERT_EQ(r.releases.size(), 2u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].reason, "releases[1].tender.title: expected a string, got array; dropped");
}

// A field's path in a message names every array element and object on the
// way to it.
TEST(OcdsReaderTest, ErrorsNameTheFieldsPathThroughArrays) {
  OcdsReadResult r = ReadText(
      R"({"ocid":"a","id":"1","parties":[{"id":"p0","name":"P"},{"id":"p1","identifier":{"id":{}}}],)"
      R"("bids":{"details":[{"id":"b0"},{"id":"b1","tenderers":[{"id":"p0"},{"id":"p1","name":true}]}]},)"
      R"("awards":[{"id":"w","items":[{"id":"i","additionalClassifications":[{"scheme":"X"},{"id":[]}],)"
      R"("quantity":"lots"}]}]})");
  ASSERT_EQ(r.releases.size(), 1u);
  std::vector<std::string> reasons;
  for (const InputIssue& e : r.errors) reasons.push_back(e.reason);
  EXPECT_EQ(reasons, (std::vector<std::string>{
                         "parties[1].identifier.id: expected a string, got object; dropped",
                         "bids.details[1].tenderers[1].name: expected a string, got boolean; dropped",
                         "awards[0].items[0].additionalClassifications[1].id: expected a string, got array; dropped",
                         "awards[0].items[0].quantity: expected a number, got the string \"lots\"; dropped"}))
      << ::testing::PrintToString(reasons);
}

TEST(OcdsReaderTest, LargeDocumentsAreWalkedOnDemandWithTheSameResult) {
  std::string padded = std::string(kPackage11) + std::string(kJsonPadding, ' ');
  std::string_view text(padded.data(), std::string(kPackage11).size());
  OcdsReaderOptions small;
  small.dom_document_limit = 10;  // forces the on-demand path
  OcdsReader on_demand(small), dom;
  OcdsReadResult a, b;
  on_demand.Read(text, "t.json", 1, &a);
  dom.Read(text, "t.json", 1, &b);
  ASSERT_EQ(a.releases.size(), 1u);
  ASSERT_EQ(b.releases.size(), 1u);
  EXPECT_EQ(a.releases[0].json, b.releases[0].json);
  EXPECT_EQ(a.releases[0].process.parties.size(), b.releases[0].process.parties.size());
  EXPECT_EQ(a.releases[0].line, 3);  // on demand, the release's own line
}

TEST(OcdsReaderTest, WrongTypesDropTheFieldAndNameIt) {
  OcdsReadResult r = ReadText(R"({"ocid":"o-2","id":"r","tender":{"value":{"amount":"lots"},"items":"none"},
    "parties":[{"id":"p","name":{"x":1}}]})");
  EXPECT_EQ(r.kind, DocumentKind::kRelease);
  ASSERT_EQ(r.releases.size(), 1u);  // the release is kept
  ASSERT_EQ(r.errors.size(), 3u);
  std::string all;
  for (const auto& e : r.errors) {
    EXPECT_EQ(e.file, "t.json");
    EXPECT_EQ(e.line, 10);
    all += e.reason + "\n";
  }
  EXPECT_NE(all.find("tender.value.amount: expected a number"), std::string::npos) << all;
  EXPECT_NE(all.find("tender.items: expected an array"), std::string::npos) << all;
  EXPECT_NE(all.find("parties[0].name: expected a string"), std::string::npos) << all;
}

TEST(OcdsReaderTest, ReleaseWithoutOcidIsRejected) {
  OcdsReadResult r = ReadText(R"({"releases":[{"id":"1"},{"ocid":"ok","id":"2"}]})");
  ASSERT_EQ(r.releases.size(), 1u);
  EXPECT_EQ(r.rejected, 1);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].reason.find("no ocid"), std::string::npos);
}

TEST(OcdsReaderTest, RecordPackageUsesCompiledRelease) {
  OcdsReadResult r = ReadText(R"({"records":[{"ocid":"o-3","releases":[{"url":"x#1","date":"2020"}],
    "compiledRelease":{"ocid":"o-3","id":"9","date":"2020-02-02","tag":["compiled"]}},
    {"ocid":"o-4","releases":[{"url":"y"}]}]})");
  EXPECT_EQ(r.kind, DocumentKind::kRecordPackage);
  ASSERT_EQ(r.releases.size(), 1u);
  EXPECT_TRUE(r.releases[0].compiled);
  EXPECT_EQ(r.releases[0].release_id, "compiled:9");
  EXPECT_EQ(r.rejected, 0);
  ASSERT_EQ(r.warnings.size(), 1u);  // o-4: linked releases only
}

TEST(OcdsReaderTest, ArrayOfPackagesAndLatin1) {
  OcdsReadResult r = ReadText("[{\"releases\":[{\"ocid\":\"a\",\"id\":\"1\",\"tender\":{\"title\":\"Caf\xe9\"}}]},"
                              "{\"releases\":[{\"ocid\":\"b\",\"id\":\"1\"}]}]");
  EXPECT_EQ(r.kind, DocumentKind::kArray);
  ASSERT_EQ(r.releases.size(), 2u);
  EXPECT_EQ(r.releases[0].process.tender.title, "Caf\xc3\xa9");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].reason.find("Latin-1"), std::string::npos);
}

TEST(OcdsReaderTest, NotOcdsAndInvalidJson) {
  EXPECT_EQ(ReadText(R"({"hello":1})").rejected, 1);
  OcdsReadResult bad = ReadText(R"({"ocid":"x", "tender": {"title": tru}})");
  EXPECT_EQ(bad.releases.size(), 0u);
  EXPECT_EQ(bad.rejected, 1);
}

TEST(ReleaseCompilerTest, MergesObjectsAndIdentifiedArrays) {
  Result<std::string> c = CompileReleases({
      R"({"ocid":"o","id":"1","date":"2020-01-01","tag":["tender"],"tender":{"title":"A","status":"active"},
          "parties":[{"id":"p1","name":"One","roles":["buyer"]}]})",
      R"({"ocid":"o","id":"2","date":"2020-02-01","tag":["award"],"tender":{"status":"complete","title":null},
          "parties":[{"id":"p2","name":"Two","roles":["supplier"]},{"id":"p1","name":"One Renamed"}],
          "awards":[{"id":"a","suppliers":[{"id":"p2"}]}]})",
  });
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(*c,
            R"({"ocid":"o","date":"2020-02-01","tender":{"status":"complete"},"parties":[{"id":"p1","name":"One Renamed","roles":["buyer"]},{"id":"p2","name":"Two","roles":["supplier"]}],"awards":[{"id":"a","suppliers":[{"id":"p2"}]}],"id":"o-2020-02-01","tag":["compiled"]})");
}

}  // namespace
}  // namespace clearbid

namespace clearbid {
namespace {

// A caller that knows the document is minified (DocumentSpan::minified) gets
// the same stored JSON as one that does not; a document with whitespace is
// still minified when the caller says nothing.
TEST(OcdsReaderTest, MinifiedHintStoresTheSameJson) {
  const std::string compact =
      R"({"ocid":"ocds-m-1","id":"r1","date":"2025-01-01T00:00:00Z","tag":["tender"],"buyer":{"name":"A B"},)"
      R"("parties":[{"id":"b","name":"A B","roles":["buyer"]}]})";
  std::string padded = compact + std::string(kJsonPadding, ' ');
  OcdsReader reader;
  OcdsReadResult hinted, plain;
  reader.Read(std::string_view(padded.data(), compact.size()), "t.json", 1, &hinted, /*minified=*/true);
  reader.Read(std::string_view(padded.data(), compact.size()), "t.json", 1, &plain);
  ASSERT_EQ(hinted.releases.size(), 1u);
  ASSERT_EQ(plain.releases.size(), 1u);
  EXPECT_EQ(hinted.releases[0].json, compact);
  EXPECT_EQ(plain.releases[0].json, compact);

  const std::string spaced = R"({"ocid": "ocds-m-1", "id": "r1", "date": "2025-01-01T00:00:00Z"})";
  std::string padded_spaced = spaced + std::string(kJsonPadding, ' ');
  OcdsReadResult out;
  reader.Read(std::string_view(padded_spaced.data(), spaced.size()), "t.json", 1, &out);
  ASSERT_EQ(out.releases.size(), 1u);
  EXPECT_EQ(out.releases[0].json, R"({"ocid":"ocds-m-1","id":"r1","date":"2025-01-01T00:00:00Z"})");
}


// Every column of a process's rows, as one text (for comparisons).
std::string RowsText(const ProcessRows& r) {
  std::string out;
  auto add = [&](std::string_view field) { out.append(field).push_back('|'); };
  for (std::string_view f : {std::string_view(r.ocid), std::string_view(r.date), std::string_view(r.ocds_version),
                             std::string_view(r.buyer_name), std::string_view(r.procurement_method),
                             std::string_view(r.main_category), std::string_view(r.tender_currency),
                             std::string_view(r.packed_parties), std::string_view(r.packed_items)}) {
    add(f);
  }
  add(r.tender_amount ? std::to_string(*r.tender_amount) : "-");
  for (int64_t n : {r.n_parties, r.n_items, r.n_bids, r.n_awards}) add(std::to_string(n));
  for (const ProcessRows::PartyRow& p : r.parties) {
    for (std::string_view f : {std::string_view(p.party_id), std::string_view(p.party_key), std::string_view(p.name),
                               std::string_view(p.scheme), std::string_view(p.identifier), std::string_view(p.roles),
                               std::string_view(p.country)}) {
      add(f);
    }
    add(std::to_string(p.tier));
  }
  for (const ProcessRows::ItemRow& i : r.items) {
    for (std::string_view f : {i.stage, std::string_view(i.scheme), std::string_view(i.code),
                               std::string_view(i.description)}) {
      add(f);
    }
  }
  return out;
}

// What reading `json` gives when only the process rows are wanted: its
// releases' identities, JSON and rows, then every error and warning.
std::string ReadForRows(const std::string& json, bool row_fields_only) {
  std::string padded = json + std::string(kJsonPadding, ' ');
  OcdsReaderOptions options;
  options.row_fields_only = row_fields_only;
  OcdsReader reader(options);
  OcdsReadResult r;
  reader.Read(std::string_view(padded.data(), json.size()), "t.json", 3, &r);
  std::string out;
  for (ReleaseInput& in : r.releases) {
    out += in.ocid + " " + in.release_id + " " + in.date + " " + in.json + "\n" +
           RowsText(ProcessRowsOf(std::move(in.process))) + "\n";
  }
  for (const InputIssue& i : r.errors) out += "error " + i.file + ":" + std::to_string(i.line) + " " + i.reason + "\n";
  for (const InputIssue& i : r.warnings) out += "warning " + i.reason + "\n";
  return out + std::to_string(r.rejected);
}

// OcdsReaderOptions::row_fields_only (the ingest's reading): the same
// releases, rows and errors as reading every field, on the generator's
// releases and on fields of the wrong type, kept or not.
TEST(OcdsReaderTest, ReadingOnlyTheRowFieldsGivesTheSameRowsAndErrors) {
  synthetic::OcdsGenerator generator({.processes = 300, .seed = 11});
  for (int64_t i = 0; i < 300; ++i) {
    std::string line;
    generator.AppendRelease(i, &line);
    ASSERT_EQ(ReadForRows(line, true), ReadForRows(line, false)) << line;
  }
  EXPECT_EQ(ReadForRows(kPackage11, true), ReadForRows(kPackage11, false));
  const std::string odd = R"({"ocid":"ocds-odd-1","id":7,"date":"2024-01-01","language":{"en":1},)"
      R"("parties":[{"id":"s","name":"S","identifier":{"scheme":"GB-COH","id":12,"legalName":{}},)"
      R"("additionalIdentifiers":[{"scheme":"XI-LEI","id":"L1"},{"id":[]}],)"
      R"("address":{"streetAddress":1,"locality":[],"postalCode":null,"countryName":"Moldova"},"roles":["supplier"]}],)"
      R"("tender":{"id":{},"title":["x"],"status":5,"procurementMethod":"open","numberOfTenderers":"many",)"
      R"("value":{"amount":"12.5","currency":"EUR"},"items":[{"id":[],"description":"D","quantity":"3x",)"
      R"("unit":{"name":4},"classification":{"scheme":"cpv","id":"18100000"},"deliveryAddress":{"countryName":7},)"
      R"("additionalClassifications":[{"scheme":"x","id":{}}]}],"tenderers":[{"id":"s"}]},)"
      R"("bids":{"details":[{"id":{},"date":[],"value":{"amount":"abc"},"tenderers":[{"id":"s"}]}]},)"
      R"("awards":[{"id":1,"status":{},"value":{"amount":true},"suppliers":[{"id":"s","name":"S"}]}],)"
      R"("contracts":[{"id":[],"awardID":{},"dateSigned":5,"value":"x"}]})";
  const std::string full = ReadForRows(odd, false);
  EXPECT_EQ(ReadForRows(odd, true), full);
  EXPECT_NE(full.find("tender.title: expected a string"), std::string::npos) << full;
  EXPECT_NE(full.find("bids.details[0].value.amount: expected a number"), std::string::npos) << full;
}

// A party id listed again joins the first party of that id (its roles
// added, its other fields dropped); references find parties by id whatever
// the ids share (the same length, prefix or last byte).
TEST(OcdsReaderTest, APartyIdListedAgainJoinsTheFirstAndReferencesFindTheirParty) {
  const std::string json = R"({"ocid":"ocds-dup-1","id":"r1","date":"2024-03-01","parties":[)"
      R"({"id":"GB-COH-0001","name":"A","roles":["buyer"]},{"id":"GB-COH-0002","name":"B","roles":["tenderer"]},)"
      R"({"id":"XB-COH-0001","name":"C","roles":["supplier"]},)"
      R"({"id":"GB-COH-0001","name":"A again","roles":["payer","buyer"]},)"
      R"({"id":"GB-COH-0002","name":"B again","roles":["supplier"]}],)"
      R"("awards":[{"id":"a1","suppliers":[{"id":"XB-COH-0001","name":"C"},{"id":"GB-COH-0003","name":"D"}]}]})";
  std::string padded = json + std::string(kJsonPadding, ' ');
  OcdsReader reader;
  OcdsReadResult r;
  reader.Read(std::string_view(padded.data(), json.size()), "t.json", 1, &r);
  ASSERT_EQ(r.releases.size(), 1u);
  const ContractingProcess& p = r.releases[0].process;
  std::vector<std::string> got;
  for (const Party& party : p.parties) {
    std::string roles;
    for (const std::string& role : party.roles) roles += role + ",";
    got.push_back(party.id + " " + party.name + " " + roles);
  }
  EXPECT_EQ(got, (std::vector<std::string>{"GB-COH-0001 A buyer,payer,", "GB-COH-0002 B tenderer,supplier,",
                                           "XB-COH-0001 C supplier,", "GB-COH-0003 D supplier,"}));
  ASSERT_NE(p.FindParty("GB-COH-0002"), nullptr);
  EXPECT_EQ(p.FindParty("GB-COH-0002")->name, "B");
  EXPECT_EQ(p.FindParty("XB-COH-0001")->name, "C");
  EXPECT_EQ(p.FindParty("GB-COH-0004"), nullptr);
  EXPECT_EQ(p.FindParty("GB-COH-000"), nullptr);
  EXPECT_EQ(p.FindParty(""), nullptr);
  EXPECT_TRUE(r.errors.empty());
}

// Tenderers and suppliers named only in the tender, bids and awards (OCDS
// 1.0: no parties list): reading only the row fields adds the same parties
// with the same roles, names and identifiers, and leaves the lists of
// references empty.
TEST(OcdsReaderTest, ReadingOnlyTheRowFieldsAttachesInlineOrganisationsAlike) {
  const std::string v10 = R"({"ocid":"ocds-v10-1","id":"r1","date":"2024-02-01",)"
      R"("buyer":{"name":"City","identifier":{"scheme":"GB-COH","id":"01"}},)"
      R"("tender":{"procuringEntity":{"name":"City"},"tenderers":[{"name":"Acme Ltd",)"
      R"("identifier":{"scheme":"GB-COH","id":"02"},"address":{"countryName":"United Kingdom"}},)"
      R"({"name":"Beta SRL"},{"address":{"countryName":"Romania"}},{"name":"Acme Ltd"}]},)"
      R"("bids":{"details":[{"id":"b1","tenderers":[{"name":"Beta SRL","identifier":{"id":"RO1"}},{}]}]},)"
      R"("awards":[{"id":"a1","suppliers":[{"identifier":{"scheme":"GB-COH","id":"02"},"name":"ACME"},)"
      R"({"name":"Gamma GmbH","address":{"countryName":"Germany"}}]}]})";
  const std::string full = ReadForRows(v10, false);
  EXPECT_EQ(ReadForRows(v10, true), full);
  EXPECT_NE(full.find("Gamma GmbH"), std::string::npos) << full;

  std::string padded = v10 + std::string(kJsonPadding, ' ');
  for (const bool row_fields_only : {false, true}) {
    OcdsReaderOptions options;
    options.row_fields_only = row_fields_only;
    OcdsReader reader(options);
    OcdsReadResult r;
    reader.Read(std::string_view(padded.data(), v10.size()), "t.json", 1, &r);
    ASSERT_EQ(r.releases.size(), 1u);
    const ContractingProcess& p = r.releases[0].process;
    EXPECT_EQ(p.tender.tenderers.empty(), row_fields_only);
    ASSERT_EQ(p.awards.size(), 1u);
    EXPECT_EQ(p.awards[0].suppliers.empty(), row_fields_only);
    EXPECT_EQ(p.buyer.name, "City");
  }
}

}  // namespace
}  // namespace clearbid
