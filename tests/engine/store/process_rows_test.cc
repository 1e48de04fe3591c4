// Packed party appearances and items (PackParties, PackItems, UnpackRows):
// one row per party id, in party id order, text byte for byte.

#include "engine/store/process_rows.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace clearbid {
namespace {

ProcessRows::PartyRow Party(std::string id, std::string key, std::string name, int64_t tier) {
  ProcessRows::PartyRow p;
  p.party_id = std::move(id);
  p.party_key = std::move(key);
  p.name = std::move(name);
  p.roles = "supplier,tenderer";
  p.country = "PT";
  p.tier = tier;
  return p;
}

TEST(ProcessRowsTest, PackedPartiesAreOnePerIdInIdOrderKeepingTheFirst) {
  ProcessRows rows;
  rows.parties = {Party("b", "K/2", "Second", 1), Party("a", "K/1", "First", 0), Party("b", "K/3", "Again", 2)};
  int64_t count = 0;
  const std::string packed = PackParties(rows, &count);
  EXPECT_EQ(count, 2);
  EXPECT_EQ(packed, R"([["a","K/1","First","supplier,tenderer",0,"PT"],["b","K/2","Second","supplier,tenderer",1,"PT"]])");
  auto back = UnpackRows(packed);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[1], (PackedRow{"b", "K/2", "Second", "supplier,tenderer", "1", "PT"}));
}

TEST(ProcessRowsTest, TextOfAnyKindComesBackByteForByte) {
  const std::string odd = std::string("q\" b\\ \x01\x1f\t\n caf\xE9 \xE4\xB8\xAD \xC3 nul:") + std::string(1, '\0') + "!";
  ProcessRows rows;
  rows.parties = {Party(odd, odd, odd, -1)};
  rows.items = {{"tender", "CPV", "18100000", odd}, {"award", "", "", ""}};
  Pack(&rows);
  EXPECT_EQ(rows.packed_party_count, 1);
  auto parties = UnpackRows(rows.packed_parties);
  ASSERT_TRUE(parties.ok()) << parties.status().ToString();
  EXPECT_EQ((*parties)[0], (PackedRow{odd, odd, odd, "supplier,tenderer", "-1", "PT"}));
  auto items = UnpackRows(rows.packed_items);
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0], (PackedRow{"tender", "CPV", "18100000", odd}));
  EXPECT_EQ((*items)[1], (PackedRow{"award", "", "", ""}));
  // Nothing at all packs to empty arrays.
  ProcessRows none;
  Pack(&none);
  EXPECT_EQ(none.packed_parties, "[]");
  EXPECT_EQ(none.packed_items, "[]");
  auto empty = UnpackRows(none.packed_items);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

// The JSON string PackItems writes for `text`, escaped one byte at a time:
// '"' and '\\' with a backslash, other bytes below 0x20 as \u00XX, every
// other byte as it is.
std::string EscapedByteByByte(std::string_view text) {
  std::string out = "\"";
  for (const char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      static const char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

TEST(ProcessRowsTest, EveryByteIsEscapedTheSameWhereverItStands) {
  // Packing looks at eight bytes at a time: each byte value at each place
  // in strings of 1 to 24 bytes (whole words, a word and a tail, a tail
  // alone), alone among plain bytes and beside a second special byte.
  for (size_t length = 1; length <= 24; ++length) {
    for (size_t at = 0; at < length; ++at) {
      for (int value = 0; value < 256; ++value) {
        std::string text(length, 'x');
        text[at] = static_cast<char>(value);
        if (value % 7 == 0 && at + 3 < length) text[at + 3] = '"';
        ProcessRows rows;
        rows.items = {{"tender", "", "", text}};
        const std::string packed = PackItems(rows);
        ASSERT_EQ(packed, "[[\"tender\",\"\",\"\"," + EscapedByteByByte(text) + "]]")
            << "length " << length << ", byte " << value << " at " << at;
        auto back = UnpackRows(packed);
        ASSERT_TRUE(back.ok()) << back.status().ToString();
        ASSERT_EQ((*back)[0][3], text) << "length " << length << ", byte " << value << " at " << at;
      }
    }
  }
}

TEST(ProcessRowsTest, UnpackReadsOtherJsonEscapesAndRejectsWhatIsNoArrayOfArrays) {
  // As SQLite's json_array() may write them (a migrated store): \u escapes,
  // a surrogate pair, spaces.
  auto rows = UnpackRows(R"([ ["caf\u00e9", "\ud83d\ude00", "a\/b", 12] ])");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ((*rows)[0], (PackedRow{"caf\xC3\xA9", "\xF0\x9F\x98\x80", "a/b", "12"}));
  for (const char* bad : {"", "{}", "[", "[[\"a\"]", "[[\"a]]", "[[\"a\",]]", "[[\"\\q\"]]", "[[true]]", "[[1]] x",
                          "[] x"}) {
    EXPECT_FALSE(UnpackRows(bad).ok()) << bad;
  }
  // One field of each element (a party's key, say).
  std::vector<std::string> keys = {"before"};
  ASSERT_TRUE(UnpackField(R"([["a","K/1",0],["b","K\"2",1]])", 1, &keys).ok());
  EXPECT_EQ(keys, (std::vector<std::string>{"before", "K/1", "K\"2"}));
  EXPECT_FALSE(UnpackField(R"([["a","K/1"],["b"]])", 1, &keys).ok());
}

TEST(PartyKeyHashSetTest, KeepsEachHashOnceThroughGrowthAndClear) {
  PartyKeyHashSet set;
  EXPECT_FALSE(set.Contains(HashPartyKey("GB-COH/1")));
  // Enough values to grow the table several times; some share their low
  // 64 bits (the probe start) and some are the all-zero hash.
  std::vector<PartyKeyHash> values;
  for (int i = 0; i < 5000; ++i) values.push_back(HashPartyKey("GB-COH/" + std::to_string(i)));
  for (uint64_t i = 0; i < 100; ++i) values.push_back({i + 1, 42});
  values.push_back({0, 0});
  values.push_back({0, 7});
  values.push_back({7, 0});
  for (const PartyKeyHash& h : values) EXPECT_TRUE(set.Insert(h));
  EXPECT_EQ(set.size(), values.size());
  for (const PartyKeyHash& h : values) {
    EXPECT_TRUE(set.Contains(h));
    EXPECT_FALSE(set.Insert(h));
  }
  EXPECT_EQ(set.size(), values.size());
  EXPECT_FALSE(set.Contains(HashPartyKey("GB-COH/5000")));
  EXPECT_FALSE(set.Contains({101, 42}));
  set.Clear();
  EXPECT_EQ(set.size(), 0u);
  for (const PartyKeyHash& h : values) EXPECT_FALSE(set.Contains(h));
  EXPECT_TRUE(set.Insert({0, 0}));
  EXPECT_TRUE(set.Insert(values.front()));
  EXPECT_EQ(set.size(), 2u);
}

}  // namespace
}  // namespace clearbid
