// Malformed list files: each bad row is skipped with "file:line: reason" and
// the rest is imported; inputs that cannot be lists at all fail clearly.

#include <gtest/gtest.h>

#include <fstream>

#include "connectors/lists/list_reader.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

std::string Write(const std::string& dir, const std::string& name, const std::string& text) {
  std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

ListReadResult MustRead(ListFormat format, const std::string& path, std::string as_of = "") {
  ListReadOptions options;
  options.as_of = std::move(as_of);
  Result<ListReadResult> r = ReadList(format, path, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : ListReadResult{};
}

TEST(ListBadInputTest, WorldBankRowsSkippedWithFileAndLine) {
  std::string dir = testing::TempDir("lists");
  std::string path = Write(dir, "wb.csv",
                           "Downloaded on: 07/01/2025 10:37,,,,,\n"
                           "Firm Name,Additional Firm Info,Address,Country,Ineligibility Period,,Grounds\n"
                           ",,,,From Date,To Date,\n"
                           "GOOD ONE LLC,,\"1 MAIN ST, KYIV\",Ukraine,2024-01-01,2026-01-01,Fraud\n"
                           "SHORT ROW,,Kyiv,Ukraine,2024-01-01\n"
                           ",,Kyiv,Ukraine,2024-01-01,2026-01-01,Fraud\n"
                           "BAD DATE LLC,,Kyiv,Ukraine,01/02/2024,2026-01-01,Fraud\n"
                           "\"UNCLOSED,,Kyiv,Ukraine,2024-01-01,2026-01-01,Fraud\n"
                           "ENDED LLC,(f.k.a. OLD NAME LLC) *12,Chisinau,\"Moldova, Republic of\",2019-01-01,2021-01-01,Fraud\n");
  ListReadResult r = MustRead(ListFormat::kWorldBank, path, "2025-01-01");
  ASSERT_EQ(r.entries.size(), 2u);
  EXPECT_EQ(r.skipped, 4);
  ASSERT_EQ(r.errors.size(), 4u);
  EXPECT_EQ(r.errors[0], path + ":5: expected 7 fields, found 5");
  EXPECT_EQ(r.errors[1], path + ":6: empty Firm Name");
  EXPECT_EQ(r.errors[2], path + ":7: From date: unrecognised date \"01/02/2024\" (want YYYY-MM-DD)");
  EXPECT_EQ(r.errors[3], path + ":8: quoted field 1 is not closed properly (unterminated quote?)");
  EXPECT_EQ(r.entries[0].name, "GOOD ONE LLC");
  EXPECT_EQ(r.entries[0].countries, std::vector<std::string>{"UA"});
  EXPECT_TRUE(r.entries[0].active);
  EXPECT_EQ(r.entries[1].name, "ENDED LLC");
  EXPECT_EQ(r.entries[1].source_line, 9);
  EXPECT_EQ(r.entries[1].countries, std::vector<std::string>{"MD"});
  EXPECT_EQ(r.entries[1].aliases, std::vector<std::string>{"OLD NAME LLC"});
  EXPECT_FALSE(r.entries[1].active);  // ended 2021-01-01, before the as-of date: kept, inactive
}

TEST(ListBadInputTest, WorldBankWithoutHeaderFails) {
  std::string dir = testing::TempDir("lists");
  std::string path = Write(dir, "x.csv", "a,b,c\n1,2,3\n");
  Result<ListReadResult> r = ReadList(ListFormat::kWorldBank, path, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kParseError);
  EXPECT_NE(r.status().message().find("Firm Name"), std::string::npos);
  EXPECT_FALSE(ReadList(ListFormat::kWorldBank, dir + "/missing.csv", {}).ok());
}

TEST(ListBadInputTest, EbrdBadDates) {
  std::string dir = testing::TempDir("lists");
  std::string path = Write(dir, "ebrd.csv",
                           "\xEF\xBB\xBF" "Firm Name,Address,Nationality,Ineligible From, Ineligible Until,"
                           "Notice Effective At EBRD,Originating Institution,Prohibited Practice\r\n"
                           "\"A LLC\",\"Baku\",\"Azerbaijan\",\"2024-07-01T12:00:59Z\",\"Soon\",,\"EBRD\",\"Fraud\"\r\n"
                           "\"B LLC\",\"Tashkent\",\"Uzbekistan\",,Ongoing,\"2022-09-25T07:29:59Z\",\"World Bank Group\",\"Fraud\"\r\n");
  ListReadResult r = MustRead(ListFormat::kEbrd, path);
  ASSERT_EQ(r.entries.size(), 1u);
  EXPECT_EQ(r.skipped, 1);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0], path + ":2: Ineligible Until: unrecognised date \"Soon\" (want YYYY-MM-DD)");
  EXPECT_EQ(r.entries[0].countries, std::vector<std::string>{"UZ"});
  EXPECT_EQ(r.entries[0].listed_from, "2022-09-25");
}

TEST(ListBadInputTest, OfacBadRowsAndOrphans) {
  std::string dir = testing::TempDir("ofac");
  Write(dir, "sdn.csv",
        "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"
        "x7,\"BAD NUMBER\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"
        "37,\"TOO SHORT\",-0- \n"
        "38,\"IVANOV, Ivan\",\"individual\",\"UKRAINE-EO13660] [RUSSIA-EO14024\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
        "\"DOB 01 Feb 1970; nationality Russia; Tax ID No. 7700000000 (Russia); a.k.a. 'VANYA'.\"\n");
  Write(dir, "alt.csv", "36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \n99,13,\"aka\",\"NOBODY\",-0- \n");
  Write(dir, "add.csv", "36,25,-0- ,\"Havana\",\"Cuba\",-0- \n38,26,\"Tverskaya 1\"\n");
  ListReadResult r = MustRead(ListFormat::kOfacCsv, dir);
  ASSERT_EQ(r.entries.size(), 2u);
  EXPECT_EQ(r.skipped, 4);
  ASSERT_EQ(r.errors.size(), 4u);
  EXPECT_EQ(r.errors[0], dir + "/sdn.csv:2: ent_num \"x7\" is not a number");
  EXPECT_EQ(r.errors[1], dir + "/sdn.csv:3: expected 12 fields, found 3");
  EXPECT_EQ(r.errors[2], dir + "/alt.csv:2: ent_num 99 is not in sdn.csv");
  EXPECT_EQ(r.errors[3], dir + "/add.csv:2: expected 6 fields, found 3");
  const ListEntry& aero = r.entries[0];
  EXPECT_EQ(aero.entry_id, "36");
  EXPECT_EQ(aero.aliases, std::vector<std::string>{"AERO-CARIBBEAN"});
  EXPECT_EQ(aero.countries, std::vector<std::string>{"CU"});
  const ListEntry& ivanov = r.entries[1];
  EXPECT_EQ(ivanov.schema, EntitySchema::kPerson);
  EXPECT_EQ(ivanov.reason, "UKRAINE-EO13660; RUSSIA-EO14024");
  EXPECT_EQ(ivanov.birth_dates, std::vector<std::string>{"1970-02-01"});
  EXPECT_EQ(ivanov.countries, std::vector<std::string>{"RU"});
  EXPECT_EQ(ivanov.weak_aliases, std::vector<std::string>{"VANYA"});
  ASSERT_EQ(ivanov.identifiers.size(), 1u);
  EXPECT_EQ(ivanov.identifiers[0].scheme, "tax");
  EXPECT_EQ(ivanov.identifiers[0].id, "7700000000");
  EXPECT_EQ(r.files.size(), 3u);
}

TEST(ListBadInputTest, UnXmlBrokenRecordAndBrokenFile) {
  std::string dir = testing::TempDir("un");
  std::string path = Write(dir, "un.xml",
                           "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n"
                           "<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>IVAN</FIRST_NAME><SECOND_NAME>PETROV</SECOND_NAME>"
                           "<NATIONALITY><VALUE>Russian Federation</VALUE></NATIONALITY>"
                           "<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Vanya</ALIAS_NAME></INDIVIDUAL_ALIAS>"
                           "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1960</FROM_YEAR>"
                           "<TO_YEAR>1962</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>\n"
                           "<INDIVIDUAL><DATAID>2</DATAID></INDIVIDUAL>\n"
                           "<INDIVIDUAL><FIRST_NAME>NO ID</FIRST_NAME></INDIVIDUAL>\n"
                           "</INDIVIDUALS>\n<ENTITIES>\n"
                           "<ENTITY><DATAID>3</DATAID><FIRST_NAME>ACME TRADING</FIRST_NAME></ENTITY>\n"
                           "</ENTITIES>\n</CONSOLIDATED_LIST>\n");
  ListReadResult r = MustRead(ListFormat::kUnXml, path);
  ASSERT_EQ(r.entries.size(), 2u);
  EXPECT_EQ(r.skipped, 2);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0], path + ":5: record 2 has no name");
  EXPECT_EQ(r.errors[1], path + ":6: record without DATAID");
  EXPECT_EQ(r.entries[0].name, "IVAN PETROV");
  EXPECT_EQ(r.entries[0].weak_aliases, std::vector<std::string>{"Vanya"});
  EXPECT_EQ(r.entries[0].birth_dates, std::vector<std::string>{"1960/1962"});
  EXPECT_EQ(r.entries[0].countries, std::vector<std::string>{"RU"});
  EXPECT_EQ(r.entries[1].schema, EntitySchema::kOrganization);

  std::string broken = Write(dir, "broken.xml", "<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL>\n</ENTITY>\n");
  Result<ListReadResult> bad = ReadList(ListFormat::kUnXml, broken, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kParseError);
  EXPECT_EQ(bad.status().message().rfind(broken + ":4: invalid XML", 0), 0u) << bad.status().message();

  std::string other = Write(dir, "other.xml", "<rss></rss>");
  EXPECT_FALSE(ReadList(ListFormat::kUnXml, other, {}).ok());
}

TEST(ListBadInputTest, FtmBadLines) {
  std::string dir = testing::TempDir("ftm");
  std::string path = Write(
      dir, "e.ftm.json",
      "{\"id\":\"a\",\"schema\":\"Company\",\"properties\":{\"name\":[\"ACME LLC\",\"АКМЕ\"],\"country\":[\"ua\"],"
      "\"innCode\":[\"123\"],\"endDate\":[\"2020-01-01\"]}}\n"
      "{\"id\":\"b\",\"schema\":\"Company\",\"properties\":{\"name\":[\"BROKEN\"]\n"
      "{\"schema\":\"Person\",\"properties\":{\"name\":[\"NO ID\"]}}\n"
      "{\"id\":\"c\",\"schema\":\"Person\",\"properties\":{\"name\":\"not a list\"}}\n"
      "{\"id\":\"d\",\"schema\":\"Sanction\",\"properties\":{}}\n"
      "{\"id\":\"e\",\"schema\":\"Person\",\"caption\":\"Ivan Petrov\",\"properties\":{\"weakAlias\":[\"Vanya\"]}}\n");
  ListReadResult r = MustRead(ListFormat::kFtm, path, "2025-01-01");
  ASSERT_EQ(r.entries.size(), 2u);
  EXPECT_EQ(r.ignored, 1);
  EXPECT_EQ(r.skipped, 3) << ::testing::PrintToString(r.errors);
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0].rfind(path + ":2: ", 0), 0u) << r.errors[0];
  EXPECT_EQ(r.errors[1], path + ":3: entity without a string \"id\"");
  EXPECT_EQ(r.errors[2], path + ":4: entity c: property name is not a list");
  EXPECT_EQ(r.entries[0].name, "ACME LLC");
  EXPECT_EQ(r.entries[0].aliases, std::vector<std::string>{"АКМЕ"});
  EXPECT_EQ(r.entries[0].countries, std::vector<std::string>{"UA"});
  EXPECT_FALSE(r.entries[0].active);
  EXPECT_EQ(r.entries[1].name, "Ivan Petrov");
  EXPECT_EQ(r.entries[1].weak_aliases, std::vector<std::string>{"Vanya"});
}

TEST(ListBadInputTest, GenericCsv) {
  std::string dir = testing::TempDir("csvlist");
  std::string path = Write(dir, "my.csv",
                           "name,aliases,country,identifiers,listed_from,listed_until,source,schema\n"
                           "ТОВ Бриз Одеса,Briz Odessa LLC; TOV Briz,Ukraine,UA-EDR:12345678;vat:UA123,2023-01-01,,"
                           "national,company\n"
                           "Old Firm,,MD,,2019-01-01,2020-12-31,,\n"
                           ",,UA,,,,,\n"
                           "Bad Id,,UA,justanid,,,,\n"
                           "Bad Schema,,UA,,,,,robot\n"
                           "Atlantis Ltd,,Atlantis,,,,,\n"
                           "short,row\n");
  ListReadResult r = MustRead(ListFormat::kCsv, path, "2025-01-01");
  ASSERT_EQ(r.entries.size(), 3u);
  EXPECT_EQ(r.skipped, 4);
  ASSERT_EQ(r.errors.size(), 4u);
  EXPECT_EQ(r.errors[0], path + ":4: empty name");
  EXPECT_EQ(r.errors[1], path + ":5: identifier \"justanid\" is not scheme:id");
  EXPECT_EQ(r.errors[2], path + ":6: schema \"robot\" is not person, company, organization, vessel or aircraft");
  EXPECT_EQ(r.errors[3], path + ":8: expected 8 fields, found 2");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], path + ":7: unknown country \"Atlantis\" dropped");
  const ListEntry& briz = r.entries[0];
  EXPECT_EQ(briz.name, "ТОВ Бриз Одеса");
  EXPECT_EQ(briz.aliases, (std::vector<std::string>{"Briz Odessa LLC", "TOV Briz"}));
  EXPECT_EQ(briz.countries, std::vector<std::string>{"UA"});
  ASSERT_EQ(briz.identifiers.size(), 2u);
  EXPECT_EQ(briz.identifiers[0].scheme, "UA-EDR");
  EXPECT_EQ(briz.identifiers[0].id, "12345678");
  EXPECT_EQ(briz.source, "national");
  EXPECT_EQ(briz.schema, EntitySchema::kCompany);
  EXPECT_TRUE(briz.active);
  EXPECT_EQ(r.entries[1].source, "csv");
  EXPECT_FALSE(r.entries[1].active);
  EXPECT_TRUE(r.entries[2].countries.empty());

  std::string no_name = Write(dir, "noname.csv", "title,country\nx,UA\n");
  Result<ListReadResult> bad = ReadList(ListFormat::kCsv, no_name, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("no \"name\" column"), std::string::npos);
}

TEST(ListBadInputTest, FormatNames) {
  for (const char* name : {"worldbank", "ebrd", "ofac-csv", "un-xml", "ftm", "csv", "us-csl", "bis-dpl"}) {
    Result<ListFormat> f = ParseListFormat(name);
    ASSERT_TRUE(f.ok()) << name;
    EXPECT_EQ(ListFormatName(*f), name);
  }
  EXPECT_FALSE(ParseListFormat("xlsx").ok());
  EXPECT_EQ(DefaultListName(ListFormat::kOfacCsv), "ofac-sdn");
}

TEST(ListBadInputTest, BisDeniedPersonsBadDate) {
  std::string dir = testing::TempDir("bis");
  std::string path = Write(dir, "dpl.txt",
                           "\"Name\"\t\"Street_Address\"\t\"City\"\t\"State\"\t\"Country\"\t\"Postal_Code\"\t"
                           "\"Effective_Date\"\t\"Expiration_Date\"\t\"Standard_Order\"\t\"Last_Update\"\t\"Action\"\t"
                           "\"FR_Citation\"\n"
                           "\"A B\"\t\"1 X ST\"\t\"Y\"\t\"\"\t\"US\"\t\"\"\t\"2017-10-16\"\t\"\"\t\"Y\"\t\"\"\t\"\"\t\"\"\n"
                           "\"C D\"\t\"2 X ST\"\t\"Y\"\t\"\"\t\"AE\"\t\"\"\t\"10/16/2017\"\t\"10/13/2020\"\t\"Y\"\t\"\"\t\"\"\t\"\"\n");
  ListReadResult r = MustRead(ListFormat::kUsBisDpl, path, "2025-01-01");
  ASSERT_EQ(r.entries.size(), 1u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0], path + ":2: Effective_Date: unrecognised date \"2017-10-16\" (want MM/DD/YYYY)");
  EXPECT_EQ(r.entries[0].countries, std::vector<std::string>{"AE"});
  EXPECT_FALSE(r.entries[0].active);
}

}  // namespace
}  // namespace clearbid

namespace clearbid {
namespace {

// The example in docs/formats/list-csv.md imports as the page says.
TEST(ListBadInputTest, DocumentedExampleImports) {
  std::string doc = testing::ReadFile(std::string(CLEARBID_SOURCE_DIR) + "/docs/formats/list-csv.md");
  size_t start = doc.find("```csv\n");
  ASSERT_NE(start, std::string::npos);
  start += 7;
  size_t end = doc.find("```", start);
  ASSERT_NE(end, std::string::npos);
  std::string dir = testing::TempDir("listdoc");
  std::string path = Write(dir, "national_debarment.csv", doc.substr(start, end - start));
  ListReadResult r = MustRead(ListFormat::kCsv, path, "2025-01-01");
  ASSERT_EQ(r.entries.size(), 2u);
  EXPECT_EQ(r.skipped, 0);
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_TRUE(r.entries[0].active);
  EXPECT_EQ(r.entries[0].identifiers.size(), 1u);
  EXPECT_EQ(r.entries[1].name, "Ivanov, Ivan");
  EXPECT_EQ(r.entries[1].countries, (std::vector<std::string>{"RU", "MD"}));
  EXPECT_EQ(r.entries[1].schema, EntitySchema::kPerson);
  EXPECT_FALSE(r.entries[1].active);
}

}  // namespace
}  // namespace clearbid
