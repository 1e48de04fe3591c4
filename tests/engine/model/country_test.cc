#include "engine/model/country.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace clearbid {
namespace {

TEST(CountryTest, CodesAndNames) {
  struct Case {
    const char* in;
    const char* code;
  } cases[] = {
      {"Ukraine", "UA"},
      {"UA", "UA"},
      {"ua", "UA"},
      {"UKR", "UA"},
      {"ukr", "UA"},
      {"  ukraine ", "UA"},
      {"Russian Federation", "RU"},
      {"Russia", "RU"},
      {"Türkiye", "TR"},
      {"Turkiye", "TR"},
      {"Turkey", "TR"},
      {"TÜRKIYE", "TR"},
      {"Moldova, Republic of", "MD"},
      {"Republic of Moldova", "MD"},
      {"Moldova", "MD"},
      {"Kyrgyz Republic", "KG"},
      {"Kyrgyzstan", "KG"},
      {"People's Republic of China", "CN"},
      {"Peoples Republic of China", "CN"},
      {"Hong Kong SAR, China", "HK"},
      {"Democratic Republic of the Congo", "CD"},
      {"Democratic Republic of Congo", "CD"},
      {"Congo, Democratic Republic of the", "CD"},
      {"Congo", "CG"},
      {"Congo, Republic of", "CG"},
      {"Korea, Republic of", "KR"},
      {"Korea, North", "KP"},
      {"Democratic People's Republic of Korea", "KP"},
      {"Lao People's Democratic Republic", "LA"},
      {"Lao Peoples Democratic Republic", "LA"},
      {"Iran (Islamic Republic of)", "IR"},
      {"Iran, Islamic Republic of", "IR"},
      {"Egypt, Arab Republic of", "EG"},
      {"Venezuela, Republica Bolivariana de", "VE"},
      {"Bolivarian Republic of Venezuela", "VE"},
      {"Viet Nam", "VN"},
      {"Vietnam", "VN"},
      {"United States of America", "US"},
      {"USA", "US"},
      {"United Kingdom of Great Britain and Northern Ireland", "GB"},
      {"UK", "GB"},
      {"Kingdom of Saudi Arabia", "SA"},
      {"State of Kuwait", "KW"},
      {"Cote d Ivoire", "CI"},
      {"Côte d'Ivoire", "CI"},
      {"Virgin Islands, British", "VG"},
      {"Guinea", "GN"},
      {"Equatorial Guinea", "GQ"},
      {"Guinea-Bissau", "GW"},
      {"Niger", "NE"},
      {"Nigeria", "NG"},
      {"Sudan", "SD"},
      {"South Sudan", "SS"},
      {"Kosovo", "XK"},
      {"Republic of Kosovo", "XK"},
      // Typos seen in the EBRD list: one edit from exactly one name.
      {"Kyrgz Republic", "KG"},
      {"Sri Lanca", "LK"},
      {"Ecuatorial Guinea", "GQ"},
  };
  for (const Case& c : cases) EXPECT_EQ(CountryCode(c.in), c.code) << c.in;
}

TEST(CountryTest, UnknownGivesEmpty) {
  for (const char* in : {"", "  ", "n/a", "undetermined", "former Soviet Union", "Atlantis", "XX", "ZZZ",
                         "Region: Crimea", "Iraw"}) {
    EXPECT_EQ(CountryCode(in), "") << in;
  }
  EXPECT_EQ(CountryCode(std::string(10000, 'a')), "");
}

TEST(CountryTest, NameOfCode) {
  EXPECT_EQ(CountryName("UA"), "Ukraine");
  EXPECT_EQ(CountryName("md"), "Moldova, Republic of");
  EXPECT_EQ(CountryName("QQ"), "");
}

// Every name in the committed table maps back to its own row: no two rows
// fold to the same key.
TEST(CountryTest, TableRoundTrips) {
  std::ifstream in(std::string(CLEARBID_SOURCE_DIR) + "/data/countries.tsv");
  ASSERT_TRUE(in) << "data/countries.tsv missing";
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    ASSERT_GE(cols.size(), 3u) << line;
    ++rows;
    EXPECT_EQ(CountryCode(cols[0]), cols[0]);
    EXPECT_EQ(CountryCode(cols[1]), cols[0]) << cols[1];
    for (size_t i = 2; i < cols.size(); ++i) EXPECT_EQ(CountryCode(cols[i]), cols[0]) << cols[i];
  }
  EXPECT_EQ(rows, 250);  // 249 ISO 3166-1 entries + XK
}

}  // namespace
}  // namespace clearbid
