// The real lists in ../shared/data/lists import with the row counts counted
// independently (python3 csv / ElementTree over the same files, see the
// comments), and a few entries read as published.

#include <gtest/gtest.h>

#include <algorithm>

#include "connectors/lists/list_reader.h"
#include "engine/base/digest.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

constexpr const char* kAsOf = "2025-06-01";

ListReadResult ReadReal(ListFormat format, const std::string& relative) {
  ListReadOptions options;
  options.as_of = kAsOf;
  Result<ListReadResult> r = ReadList(format, testing::SharedDataDir() + "/lists/" + relative, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : ListReadResult{};
}

int64_t CountInactive(const ListReadResult& r) {
  return std::count_if(r.entries.begin(), r.entries.end(), [](const ListEntry& e) { return !e.active; });
}

const ListEntry* Find(const ListReadResult& r, std::string_view name) {
  for (const ListEntry& e : r.entries)
    if (e.name == name) return &e;
  return nullptr;
}

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(RealListsTest, WorldBank) {
  REQUIRE_SHARED_DATA();
  ListReadResult r = ReadReal(ListFormat::kWorldBank, "worldbank_ineligible_firms.csv");
  // 1,288 CSV records - 3 header rows = 1,285 firms and individuals.
  EXPECT_EQ(r.entries.size(), 1285u);
  EXPECT_EQ(r.skipped, 0);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
  // "To Date" before 2025-06-01 (2999-12-31 means permanent).
  EXPECT_EQ(CountInactive(r), 59);
  EXPECT_EQ(std::count_if(r.entries.begin(), r.entries.end(),
                          [](const ListEntry& e) { return e.schema == EntitySchema::kPerson; }),
            161);
  EXPECT_EQ(r.sha256, Sha256Hex(testing::ReadFile(testing::SharedDataDir() + "/lists/worldbank_ineligible_firms.csv")));

  const ListEntry* grand = Find(r, "GRAND MOTORS LLC");
  ASSERT_NE(grand, nullptr);
  EXPECT_EQ(grand->countries, std::vector<std::string>{"AZ"});
  EXPECT_EQ(grand->listed_from, "2024-12-10");
  EXPECT_EQ(grand->listed_until, "2027-08-09");
  EXPECT_TRUE(grand->active);
  EXPECT_EQ(grand->reason, "Obstructive practices");
  EXPECT_EQ(grand->source, "worldbank");
  EXPECT_EQ(grand->source_line, 5);
  ASSERT_EQ(grand->addresses.size(), 1u);
  EXPECT_EQ(grand->addresses[0].street_address, "BINAGADI HIGHWAY, MADAN STREET 4 AZ1053, BAKU");

  const ListEntry* person = Find(r, "RUFAT MAJIDOV");  // "MR. RUFAT MAJIDOV": honorific dropped
  ASSERT_NE(person, nullptr);
  EXPECT_EQ(person->schema, EntitySchema::kPerson);

  const ListEntry* hebei = Find(r, "HEBEI CONSTRUCTION GROUP CORPORATION LIMITED");
  ASSERT_NE(hebei, nullptr);
  EXPECT_TRUE(Contains(hebei->aliases, "河北建设集团股份有限公司"));
  EXPECT_EQ(hebei->countries, std::vector<std::string>{"CN"});

  const ListEntry* lonestar = Find(r, "LONESTAR SUPPLIES AND LOGISTICS (PVT) LTD");
  ASSERT_NE(lonestar, nullptr);
  EXPECT_TRUE(Contains(lonestar->aliases, "AMANI B.P., LTD."));
  EXPECT_EQ(lonestar->listed_until, "");  // 2999-12-31: permanent
  EXPECT_TRUE(lonestar->active);

  const ListEntry* caliverse = Find(r, "CALIVERSE CO.,LTD.");
  ASSERT_NE(caliverse, nullptr);
  ASSERT_EQ(caliverse->identifiers.size(), 1u);
  EXPECT_EQ(caliverse->identifiers[0].scheme, "registration");
  EXPECT_EQ(caliverse->identifiers[0].id, "283-86-01059");
  EXPECT_EQ(caliverse->countries, std::vector<std::string>{"KR"});

  // Every country name in the list resolves.
  for (const ListEntry& e : r.entries) EXPECT_EQ(e.countries.size(), 1u) << e.name << " line " << e.source_line;
  // Entry ids are unique.
  std::vector<std::string> ids;
  for (const ListEntry& e : r.entries) ids.push_back(e.entry_id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
}

TEST(RealListsTest, Ebrd) {
  REQUIRE_SHARED_DATA();
  ListReadResult r = ReadReal(ListFormat::kEbrd, "ebrd_ineligible_firms.csv");
  // 1,323 CSV records - 1 header row.
  EXPECT_EQ(r.entries.size(), 1322u);
  EXPECT_EQ(r.skipped, 0);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
  // "Ineligible Until" a date before 2025-06-01 ("Ongoing", "Indefinite", "Permanent" stay active).
  EXPECT_EQ(CountInactive(r), 318);
  // Five names carry unescaped quotes in the export; they are read, with a warning each.
  EXPECT_EQ(r.warnings.size(), 5u);
  EXPECT_NE(Find(r, "\"Supper Fortuna\" LLC"), nullptr);
  EXPECT_NE(Find(r, "Closed Joint Stock Co \"Sharora\""), nullptr);

  const ListEntry* ozaltin = Find(r, "OZALTIN ENERJI URETIM VE INSAAT A.S.");
  ASSERT_NE(ozaltin, nullptr);
  EXPECT_EQ(ozaltin->countries, std::vector<std::string>{"TR"});  // "Türkiye"
  EXPECT_EQ(ozaltin->listed_from, "2024-06-07");
  EXPECT_EQ(ozaltin->listed_until, "2025-05-06");
  EXPECT_FALSE(ozaltin->active);
  EXPECT_EQ(ozaltin->reason, "Fraudulent Practice (European Bank for Reconstruction and Development)");

  const ListEntry* silva = Find(r, "Silva Matos Const. E Cons. E Comercio Ltda");
  ASSERT_NE(silva, nullptr);
  EXPECT_EQ(silva->listed_until, "");  // Ongoing
  EXPECT_EQ(silva->listed_from, "2017-05-31");  // from "Notice Effective At EBRD"
  EXPECT_TRUE(silva->active);

  // Every nationality resolves, including "Peoples Republic of China",
  // "Kyrgz Republic" and "Sri Lanca" as published.
  for (const ListEntry& e : r.entries) EXPECT_EQ(e.countries.size(), 1u) << e.name << " line " << e.source_line;
}

TEST(RealListsTest, OfacSdn) {
  REQUIRE_SHARED_DATA();
  ListReadResult r = ReadReal(ListFormat::kOfacCsv, "ofac_sdn_legacy_csv");
  // sdn.csv holds 7,379 records (every one with 12 fields); every alt.csv and
  // add.csv row refers to one of them.
  EXPECT_EQ(r.entries.size(), 7379u);
  EXPECT_EQ(r.skipped, 0);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
  EXPECT_EQ(r.files.size(), 3u);
  EXPECT_EQ(CountInactive(r), 0);
  size_t aliases = 0;
  for (const ListEntry& e : r.entries) aliases += e.aliases.size() + e.weak_aliases.size();
  // 9,680 distinct (ent_num, alt_name) pairs in alt.csv, plus the "a.k.a."
  // nicknames of the remarks (weak aliases).
  size_t alt_aliases = 0;
  for (const ListEntry& e : r.entries) alt_aliases += e.aliases.size();
  EXPECT_EQ(alt_aliases, 9680u);
  EXPECT_GT(aliases, alt_aliases);
  EXPECT_EQ(std::count_if(r.entries.begin(), r.entries.end(),
                          [](const ListEntry& e) { return e.schema == EntitySchema::kPerson; }),
            3845);

  // The folder and the sdn.csv path give the same import.
  ListReadResult by_file = ReadReal(ListFormat::kOfacCsv, "ofac_sdn_legacy_csv/sdn.csv");
  EXPECT_EQ(by_file.entries.size(), r.entries.size());
  EXPECT_EQ(by_file.sha256, r.sha256);

  const ListEntry* bnc = nullptr;
  const ListEntry* malkevich = nullptr;
  for (const ListEntry& e : r.entries) {
    if (e.entry_id == "306") bnc = &e;
    if (e.entry_id == "26235") malkevich = &e;
  }
  ASSERT_NE(bnc, nullptr);
  EXPECT_EQ(bnc->name, "BANCO NACIONAL DE CUBA");
  EXPECT_EQ(bnc->schema, EntitySchema::kOrganization);
  EXPECT_EQ(bnc->reason, "CUBA");
  EXPECT_TRUE(Contains(bnc->aliases, "NATIONAL BANK OF CUBA"));
  EXPECT_TRUE(Contains(bnc->weak_aliases, "BNC"));
  EXPECT_TRUE(Contains(bnc->countries, "CH"));  // Zurich address
  ASSERT_NE(malkevich, nullptr);
  EXPECT_EQ(malkevich->schema, EntitySchema::kPerson);
  EXPECT_EQ(malkevich->birth_dates, std::vector<std::string>{"1975-06-14"});
  bool passport = false;
  for (const Identifier& id : malkevich->identifiers) passport |= id.scheme == "passport" && id.id == "717637093";
  EXPECT_TRUE(passport);
  EXPECT_TRUE(Contains(malkevich->countries, "RU"));
}

TEST(RealListsTest, UnSecurityCouncil) {
  REQUIRE_SHARED_DATA();
  ListReadResult r = ReadReal(ListFormat::kUnXml, "un_sc_consolidated.xml");
  // 730 INDIVIDUAL + 273 ENTITY elements, all with a DATAID and a name.
  EXPECT_EQ(r.entries.size(), 1003u);
  EXPECT_EQ(r.skipped, 0);
  EXPECT_EQ(std::count_if(r.entries.begin(), r.entries.end(),
                          [](const ListEntry& e) { return e.schema == EntitySchema::kPerson; }),
            730);
  const ListEntry* badege = nullptr;
  const ListEntry* adf = nullptr;
  for (const ListEntry& e : r.entries) {
    if (e.entry_id == "6907993") badege = &e;
    if (e.entry_id == "6908402") adf = &e;
  }
  ASSERT_NE(badege, nullptr);
  EXPECT_EQ(badege->name, "ERIC BADEGE");
  EXPECT_EQ(badege->listed_from, "2012-12-31");
  EXPECT_EQ(badege->birth_dates, std::vector<std::string>{"1971"});
  EXPECT_EQ(badege->countries, (std::vector<std::string>{"CD", "RW"}));
  EXPECT_EQ(badege->reason, "DRC");
  EXPECT_GT(badege->source_line, 1);
  ASSERT_NE(adf, nullptr);
  EXPECT_EQ(adf->name, "ADF");
  EXPECT_EQ(adf->schema, EntitySchema::kOrganization);
  EXPECT_TRUE(Contains(adf->aliases, "Allied Democratic Forces"));
}

TEST(RealListsTest, FollowTheMoney) {
  REQUIRE_SHARED_DATA();
  ListReadResult r = ReadReal(ListFormat::kFtm, "ftm/yente_t1_entities.ftm.json");
  // 7 JSON lines: 6 target subjects and 1 Address.
  EXPECT_EQ(r.entries.size(), 6u);
  EXPECT_EQ(r.ignored, 1);
  EXPECT_EQ(r.skipped, 0);
  const ListEntry* kuzmenko = nullptr;
  for (const ListEntry& e : r.entries)
    if (e.entry_id == "NK-2Ka3UvopqbpZmVDFjWd4LA") kuzmenko = &e;
  ASSERT_NE(kuzmenko, nullptr);
  EXPECT_EQ(kuzmenko->name, "Vitaly Yurievich KUZMENKO");
  EXPECT_EQ(kuzmenko->schema, EntitySchema::kPerson);
  EXPECT_EQ(kuzmenko->countries, std::vector<std::string>{"RU"});
  EXPECT_EQ(kuzmenko->birth_dates, std::vector<std::string>{"1971-01-22"});
  EXPECT_EQ(kuzmenko->listed_from, "2024-02-23");
  ASSERT_EQ(kuzmenko->identifiers.size(), 1u);
  EXPECT_EQ(kuzmenko->identifiers[0].scheme, "tax");
  EXPECT_EQ(kuzmenko->reason, "sanction");
  EXPECT_EQ(kuzmenko->source, "opensanctions");
}

TEST(RealListsTest, UsConsolidatedScreeningListSample) {
  REQUIRE_SHARED_DATA();
  ListReadResult r = ReadReal(ListFormat::kUsCsl, "us_consolidated_screening_list_sample.csv");
  // 116 CSV records - 1 header row; 4 with an end_date before 2025-06-01.
  EXPECT_EQ(r.entries.size(), 115u);
  EXPECT_EQ(r.skipped, 0);
  EXPECT_EQ(CountInactive(r), 4);
  const ListEntry* psa = nullptr;
  for (const ListEntry& e : r.entries)
    if (e.entry_id == "20264") psa = &e;
  ASSERT_NE(psa, nullptr);
  EXPECT_EQ(psa->name, "200G PSA HOLDINGS LLC");
  EXPECT_EQ(psa->countries, std::vector<std::string>{"US"});
  ASSERT_EQ(psa->identifiers.size(), 1u);
  EXPECT_EQ(psa->identifiers[0].id, "80-0890696");
  EXPECT_EQ(psa->identifiers[0].scheme, "Tax ID No.");
  EXPECT_EQ(psa->reason, "SDNTK (Specially Designated Nationals (SDN) - Treasury Department)");
}

TEST(RealListsTest, UsBisDeniedPersons) {
  REQUIRE_SHARED_DATA();
  ListReadResult r = ReadReal(ListFormat::kUsBisDpl, "us_bis_denied_persons.txt");
  // 546 rows (one per address) for 417 distinct (name, effective date)
  // denials; 239 expired before 2025-06-01.
  EXPECT_EQ(r.entries.size(), 417u);
  EXPECT_EQ(r.skipped, 0);
  EXPECT_EQ(CountInactive(r), 239);
  const ListEntry* nasser = Find(r, "ABDULAH AL NASSER");
  ASSERT_NE(nasser, nullptr);
  EXPECT_EQ(nasser->listed_from, "2002-03-04");
  EXPECT_EQ(nasser->listed_until, "2056-06-29");
  EXPECT_EQ(nasser->addresses.size(), 2u);
  EXPECT_EQ(nasser->countries, std::vector<std::string>{"US"});
}

}  // namespace
}  // namespace clearbid
