// The JSON columns of a stored list entry: what is written decodes back, an
// empty array however written, and a damaged column names itself.
#include "engine/store/list_entry_json.h"

#include <gtest/gtest.h>

namespace clearbid {
namespace {

TEST(ListEntryJsonTest, EncodedColumnsDecodeBack) {
  ListEntry e;
  e.entry_id = "wb-1";
  e.aliases = {"Briz Odessa LLC", "ТОВ \"Бриз\""};
  e.countries = {"UA"};
  e.identifiers = {{"UA-EDR", "12345678", "Briz LLC"}};
  Address a;
  a.locality = "Odesa";
  a.country = "UA";
  e.addresses = {a};
  e.birth_dates = {"1970-01-02"};
  const ListEntryJson json = EncodeListEntryJson(e);
  EXPECT_EQ(json.weak_aliases, "[]");
  ListEntry back;
  back.entry_id = e.entry_id;
  back.weak_aliases = {"left over"};  // replaced, not appended to
  ASSERT_TRUE(DecodeListEntryJson({json.aliases, json.weak_aliases, json.countries, json.identifiers, json.addresses,
                                   json.birth_dates},
                                  &back)
                  .ok());
  EXPECT_EQ(ListEntryDigest(back), ListEntryDigest(e));
  EXPECT_TRUE(back.weak_aliases.empty());
  // An empty array written with spaces is an empty array too.
  ASSERT_TRUE(DecodeListEntryJson({"[ ]", "[]", " []", "[]", "[\n]", "[]"}, &back).ok());
  EXPECT_TRUE(back.aliases.empty() && back.countries.empty() && back.identifiers.empty() && back.addresses.empty() &&
              back.birth_dates.empty());
}

TEST(ListEntryJsonTest, ADamagedColumnIsCorruptionNamingColumnAndEntry) {
  ListEntry e;
  e.entry_id = "wb-7";
  Status s = DecodeListEntryJson({"[]", "[]", "[]", "{\"id\":1}", "[]", "[]"}, &e);
  ASSERT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.ToString().find("list_entries identifiers of entry wb-7"), std::string::npos) << s.ToString();
  s = DecodeListEntryJson({"[\"a\"", "[]", "[]", "[]", "[]", "[]"}, &e);
  ASSERT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.ToString().find("list_entries aliases of entry wb-7"), std::string::npos) << s.ToString();
  EXPECT_EQ(StringsFromJson("nope", "skip reasons").status().ToString().find("skip reasons") != std::string::npos,
            true);
}

}  // namespace
}  // namespace clearbid
