// The US DOL ILAB List of Goods (2016, ../shared/data/risk/child_labor.csv)
// read by connectors/risk, joined with data/goods_cpv_map.tsv.

#include "connectors/risk/dol_goods_list.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "engine/rules/assessor.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

TEST(DolGoodsListTest, ReadsTheRealListAndMapsEveryGood) {
  REQUIRE_SHARED_DATA();
  const std::string path = testing::SharedDataDir() + "/risk/child_labor.csv";
  std::vector<std::string> problems;
  DolGoodsListStats stats;
  auto rows = ReadDolGoodsList(path, &problems, &stats);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(stats.rows, 379);
  EXPECT_EQ(stats.unknown_country, 0) << ::testing::PrintToString(problems);
  EXPECT_EQ(static_cast<int64_t>(rows->size()) + stats.skipped, stats.rows);
  std::set<std::string> countries;
  for (const GoodsListRow& r : *rows) countries.insert(r.country);
  // 76 spellings ("India" and "India "), 75 countries.
  EXPECT_EQ(countries.size(), 75u);
  EXPECT_TRUE(countries.count("MM"));  // "Burma"
  EXPECT_TRUE(countries.count("CI"));  // "Cote d'Ivoire"
  EXPECT_TRUE(countries.count("KP"));  // "North Korea"
  EXPECT_TRUE(countries.count("KG"));  // "Kyrgyz Republic"

  auto map = LoadGoodsCodeMap(CLEARBID_SOURCE_DIR "/data/goods_cpv_map.tsv", nullptr);
  ASSERT_TRUE(map.ok());
  std::vector<std::string> unmapped;
  GoodsRiskTable table = GoodsRiskTable::Build(*rows, *map, &unmapped);
  EXPECT_TRUE(unmapped.empty()) << "goods of the list missing from data/goods_cpv_map.tsv: "
                                << ::testing::PrintToString(unmapped);
  EXPECT_GT(table.size(), 300u);

  std::vector<GoodsRisk> out;
  table.Lookup("CPV:03115110-2", "UZ", &out);  // raw cotton from Uzbekistan
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].good, "Cotton");
  EXPECT_TRUE(out[0].child_labour);
  EXPECT_TRUE(out[0].forced_labour);
  out.clear();
  table.Lookup("CPV:18300000-1", "BD", &out);  // garments from Bangladesh: child labour
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out[0].good, "Garments");
  EXPECT_TRUE(out[0].child_labour);
  out.clear();
  table.Lookup("CPV:44111100-3", "PK", &out);  // bricks from Pakistan: forced and child labour
  ASSERT_FALSE(out.empty());
  EXPECT_TRUE(out[0].forced_labour);
  out.clear();
  table.Lookup("CPV:30213000-5", "CN", &out);  // personal computers from China: "Electronics"
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].good, "Electronics");
  out.clear();
  table.Lookup("CPV:18300000-1", "DE", &out);
  table.Lookup("CPV:30213000-5", "DE", &out);
  table.Lookup("CPV:45000000-7", "CN", &out);  // construction work maps to no listed good
  EXPECT_TRUE(out.empty());
}

TEST(DolGoodsListTest, BadRowsAreReportedAndSkipped) {
  const std::string dir = testing::TempDir("dol");
  const std::string path = dir + "/list.csv";
  std::ofstream(path) << "Country,Good,Child Labor,Forced Labor\n"
                         "Uzbekistan,Cotton,X,X\n"
                         "Country,Good,Child Labor,Forced Labor\n"
                         "Atlantis,Gold,X,\n"
                         "Peru,Gold,yes,\n"
                         "Peru,,X,\n"
                         "Peru,Timber,,\n"
                         "\"Burma\",\"Beans (green, soy, yellow)\",X,X\n";
  std::vector<std::string> problems;
  DolGoodsListStats stats;
  auto rows = ReadDolGoodsList(path, &problems, &stats);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[1].country, "");
  EXPECT_EQ((*rows)[2].good, "Beans (green, soy, yellow)");
  EXPECT_EQ((*rows)[2].country, "MM");
  EXPECT_EQ(stats.rows, 6);
  EXPECT_EQ(stats.skipped, 3);
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0], path + ":4: unknown country 'Atlantis'");
  EXPECT_EQ(problems[1], path + ":5: labour marks must be 'X' or empty");
  EXPECT_EQ(problems[2], path + ":6: empty country or good");
  EXPECT_EQ(problems[3], path + ":7: 'Timber' in Peru has neither mark");

  std::ofstream(dir + "/bad.csv") << "Land,Ware\nPeru,Gold\n";
  auto bad = ReadDolGoodsList(dir + "/bad.csv", nullptr);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bad.csv:1: expected the columns"), std::string::npos);
  EXPECT_FALSE(ReadDolGoodsList(dir + "/absent.csv", nullptr).ok());
}

// End to end: the real list and mapping fill the goods context of a process,
// and the shipped pack's CS-02 / CS-10 flag a cotton supplier from Uzbekistan
// whose garment site is in Bangladesh.
TEST(DolGoodsListTest, ShippedPackFlagsListedGoods) {
  REQUIRE_SHARED_DATA();
  auto rows = ReadDolGoodsList(testing::SharedDataDir() + "/risk/child_labor.csv", nullptr);
  auto map = LoadGoodsCodeMap(CLEARBID_SOURCE_DIR "/data/goods_cpv_map.tsv", nullptr);
  ASSERT_TRUE(rows.ok() && map.ok());
  GoodsRiskTable table = GoodsRiskTable::Build(*rows, *map);
  auto pack = LoadRulePack(CLEARBID_SOURCE_DIR "/rules/core", nullptr);
  ASSERT_TRUE(pack.ok()) << pack.status().message();
  auto assessor = Assessor::Create(&*pack);
  ASSERT_TRUE(assessor.ok());

  ProcessEvidence ev;
  ev.process.ocid = "ocds-dol-1";
  for (const char* code : {"03115110-2", "18300000-1"}) {
    Item item;
    item.classification = {"CPV", code, ""};
    ev.process.tender.items.push_back(item);
  }
  Party p;
  p.id = "s1";
  p.name = "Cotton Trading";
  p.AddRole("supplier");
  p.address.country = "UZ";
  ev.process.parties.push_back(p);
  PartyEvidence pe;
  SupplierDisclosure d;
  SupplyChainEntry site;
  site.ref = "S1";
  site.role = ChainRole::kSite;
  site.address.country = "BD";
  d.supply_chain.entries.push_back(site);
  pe.disclosure = d;
  ev.parties.push_back(pe);
  table.Fill(&ev);
  ASSERT_EQ(ev.goods_risk.size(), 1u);
  std::set<std::string> goods;
  for (const GoodsRisk& g : ev.goods_risk[0]) goods.insert(g.good + "/" + g.country);
  EXPECT_TRUE(goods.count("Cotton/UZ"));
  EXPECT_TRUE(goods.count("Garments/BD"));

  PartyAssessment pa = (*assessor)->AssessParty(ev, 0, AssessOptions{.as_of = "2026-11-25"});
  int flagged = 0;
  for (const Finding& f : pa.findings) {
    if (f.rule_id != "CS-02" && f.rule_id != "CS-10") continue;
    EXPECT_EQ(f.status, RuleStatus::kFlagged) << f.rule_id;
    ++flagged;
    bool cotton = false;
    for (const EvidenceItem& e : f.evidence) cotton |= e.text.find("\"Cotton\", listed for UZ") != std::string::npos;
    EXPECT_TRUE(cotton) << f.rule_id;
  }
  EXPECT_EQ(flagged, 2);
}

}  // namespace
}  // namespace clearbid
