// Goods × country table: the mapping parser (data/goods_cpv_map.tsv and broken
// input) and the join with goods-list rows into ProcessEvidence::goods_risk.
// The real DOL file is exercised in tests/connectors/risk/.

#include "engine/rules/goods_risk.h"

#include <gtest/gtest.h>

namespace clearbid {
namespace {

TEST(GoodsRiskTest, ShippedMappingParsesCleanly) {
  std::vector<std::string> problems;
  auto map = LoadGoodsCodeMap(CLEARBID_SOURCE_DIR "/data/goods_cpv_map.tsv", &problems);
  ASSERT_TRUE(map.ok()) << map.status().message();
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
  EXPECT_GE(map->size(), 130u);
  size_t with_codes = 0;
  for (const GoodsCodeMapping& m : *map) with_codes += !m.cpv_prefixes.empty() || !m.unspsc_prefixes.empty();
  EXPECT_GE(with_codes, 120u);
}

TEST(GoodsRiskTest, BadMappingLinesAreReportedAndSkipped) {
  std::vector<std::string> problems;
  auto map = ParseGoodsCodeMap(
      "# comment\ngood\tcpv\tunspsc\tnote\nCotton\t03115110\t1115\t\nBricks\t44x\t\t\nCotton\t031\t\t\nonly-one-field\n",
      "m.tsv", &problems);
  ASSERT_TRUE(map.ok());
  ASSERT_EQ(map->size(), 1u);
  EXPECT_EQ((*map)[0].good, "Cotton");
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0], "m.tsv:4: code prefixes must be comma-separated digits");
  EXPECT_EQ(problems[1], "m.tsv:5: good 'Cotton' mapped twice");
  EXPECT_EQ(problems[2], "m.tsv:6: expected 3 or 4 tab-separated fields, got 1");
  EXPECT_FALSE(ParseGoodsCodeMap("Cotton\t031\t\t\n", "x.tsv", nullptr).ok());
}

TEST(GoodsRiskTest, LookupJoinsCodesAndCountries) {
  std::vector<GoodsCodeMapping> map = {{"Cotton", {"03115110"}, {"1115"}, "", 1},
                                       {"Garments", {"181", "182"}, {"5310"}, "", 2},
                                       {"Pornography", {}, {}, "none", 3}};
  std::vector<GoodsListRow> rows = {{"Uzbekistan", "UZ", "Cotton ", true, true, 2},
                                    {"Bangladesh", "BD", "garments", true, false, 3},
                                    {"Atlantis", "", "Garments", true, true, 4},
                                    {"Brazil", "BR", "Cattle", true, true, 5}};
  std::vector<std::string> unmapped;
  GoodsRiskTable t = GoodsRiskTable::Build(rows, map, &unmapped);
  EXPECT_EQ(t.size(), 2u);
  EXPECT_EQ(unmapped, std::vector<std::string>{"Cattle"});
  std::vector<GoodsRisk> out;
  t.Lookup("CPV:18200000-3", "BD", &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].good, "garments");
  EXPECT_TRUE(out[0].child_labour);
  EXPECT_FALSE(out[0].forced_labour);
  EXPECT_EQ(out[0].item_code, "CPV:18200000-3");
  out.clear();
  t.Lookup("CPV:18200000", "UZ", &out);
  t.Lookup("cpv:30200000", "BD", &out);
  t.Lookup("UNSPSC:53101502", "DE", &out);
  EXPECT_TRUE(out.empty());
  t.Lookup("UNSPSC:11151501", "UZ", &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].forced_labour);
}

TEST(GoodsRiskTest, FillUsesThePartyAndItsSiteCountries) {
  std::vector<GoodsCodeMapping> map = {{"Garments", {"183"}, {}, "", 1}};
  std::vector<GoodsListRow> rows = {{"Bangladesh", "BD", "Garments", true, true, 1}};
  GoodsRiskTable t = GoodsRiskTable::Build(rows, map);
  ProcessEvidence ev;
  Item item;
  item.classification = {"CPV", "18300000-1", ""};
  ev.process.tender.items.push_back(item);
  for (const char* c : {"DE", "DE", "BD"}) {
    Party p;
    p.id = std::string("p") + std::to_string(ev.process.parties.size());
    p.address.country = c;
    p.AddRole("supplier");
    PartyEvidence pe;
    pe.party_index = ev.process.parties.size();
    ev.process.parties.push_back(p);
    ev.parties.push_back(pe);
  }
  // p1 is German but discloses a garment site in Bangladesh.
  SupplierDisclosure d;
  SupplyChainEntry site;
  site.ref = "S1";
  site.role = ChainRole::kSite;
  site.address.country = "BD";
  d.supply_chain.entries.push_back(site);
  ev.parties[1].disclosure = d;
  t.Fill(&ev);
  EXPECT_TRUE(ev.goods_table_loaded);
  ASSERT_EQ(ev.goods_risk.size(), 3u);
  EXPECT_TRUE(ev.goods_risk[0].empty());
  ASSERT_EQ(ev.goods_risk[1].size(), 1u);
  EXPECT_EQ(ev.goods_risk[1][0].country, "BD");
  ASSERT_EQ(ev.goods_risk[2].size(), 1u);
}

}  // namespace
}  // namespace clearbid
