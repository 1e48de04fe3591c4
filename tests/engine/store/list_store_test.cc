#include "engine/store/list_store.h"

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace clearbid {
namespace {

ListEntry Entry(std::string id, std::string name, std::string until = "", bool active = true) {
  ListEntry e;
  e.entry_id = std::move(id);
  e.source = "worldbank";
  e.schema = EntitySchema::kCompany;
  e.name = std::move(name);
  e.listed_from = "2024-01-01";
  e.listed_until = std::move(until);
  e.active = active;
  e.source_line = 4;
  return e;
}

TEST(ListStoreTest, RoundTripInARealFile) {
  std::string dir = testing::TempDir("liststore");
  std::string path = dir + "/clearbid.db";
  FixedClock clock(1764072000);  // 2025-11-25T12:00:00Z

  ListEntry full = Entry("wb-1", "ТОВ Бриз Одеса", "2027-01-01");
  full.aliases = {"Briz Odessa LLC", "TOV Briz"};
  full.weak_aliases = {"Briz"};
  full.countries = {"UA", "MD"};
  full.identifiers = {{"UA-EDR", "12345678", ""}, {"registration", "X-1", "Briz LLC"}};
  Address a;
  a.street_address = "1 Deribasivska St";
  a.locality = "Odesa";
  a.country_name = "Ukraine";
  a.country = "UA";
  full.addresses = {a};
  full.birth_dates = {"1970-01-02", "1960/1962"};
  full.reason = "Fraud \"quoted\"";
  full.notes = "*677";
  full.source_line = 5;
  full.schema = EntitySchema::kPerson;

  int64_t v1_id = 0;
  {
    auto db = Database::Open(path);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    auto store = ListStore::Open(db->get());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ListVersion v;
    v.name = "worldbank";
    v.format = "worldbank";
    v.file_sha256 = std::string(64, 'a');
    v.skipped_rows = 2;
    Result<ListVersion> stored = (*store)->AddVersion(
        v, {full, Entry("wb-2", "ENDED LLC", "2020-01-01", false), Entry("wb-3", "LATER LLC", "2025-12-31")}, clock,
        {"wb.csv:9: empty Firm Name", "wb.csv:12: expected 7 fields, found 5"});
    ASSERT_TRUE(stored.ok()) << stored.status().ToString();
    EXPECT_GT(stored->id, 0);
    EXPECT_EQ(stored->imported_at, "2025-11-25T12:00:00Z");
    EXPECT_EQ(stored->entry_count, 3);
    v1_id = stored->id;
  }
  // Re-open the file: everything comes back as stored.
  auto db = Database::Open(path);
  ASSERT_TRUE(db.ok());
  auto store = ListStore::Open(db->get());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto versions = (*store)->Versions();
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 1u);
  EXPECT_EQ((*versions)[0].name, "worldbank");
  EXPECT_EQ((*versions)[0].file_sha256, std::string(64, 'a'));
  EXPECT_EQ((*versions)[0].skipped_rows, 2);
  EXPECT_EQ((*versions)[0].entry_count, 3);
  auto reasons = (*store)->SkipReasons(v1_id);
  ASSERT_TRUE(reasons.ok());
  EXPECT_EQ(reasons->size(), 2u);

  auto all = (*store)->LoadVersionEntries(v1_id);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 3u);
  auto active = (*store)->LoadActiveEntries();
  ASSERT_TRUE(active.ok()) << active.status().ToString();
  ASSERT_EQ(active->size(), 2u);  // the inactive entry is kept but not loaded for matching
  const ListEntry& back = (*active)[1].source_line == 5 ? (*active)[1] : (*active)[0];
  EXPECT_EQ(back.entry_id, "wb-1");
  EXPECT_EQ(back.list_version, v1_id);
  EXPECT_EQ(back.name, full.name);
  EXPECT_EQ(back.schema, EntitySchema::kPerson);
  EXPECT_EQ(back.aliases, full.aliases);
  EXPECT_EQ(back.weak_aliases, full.weak_aliases);
  EXPECT_EQ(back.countries, full.countries);
  ASSERT_EQ(back.identifiers.size(), 2u);
  EXPECT_EQ(back.identifiers[0].scheme, "UA-EDR");
  EXPECT_EQ(back.identifiers[0].id, "12345678");
  EXPECT_EQ(back.identifiers[1].legal_name, "Briz LLC");
  ASSERT_EQ(back.addresses.size(), 1u);
  EXPECT_EQ(back.addresses[0].locality, "Odesa");
  EXPECT_EQ(back.addresses[0].country, "UA");
  EXPECT_EQ(back.birth_dates, full.birth_dates);
  EXPECT_EQ(back.listed_from, "2024-01-01");
  EXPECT_EQ(back.listed_until, "2027-01-01");
  EXPECT_EQ(back.reason, full.reason);
  EXPECT_EQ(back.notes, "*677");
  EXPECT_TRUE(back.active);

  // An exclusion that ended after the import stops matching with a later as-of date.
  auto in_2026 = (*store)->LoadActiveEntries("2026-06-01");
  ASSERT_TRUE(in_2026.ok());
  ASSERT_EQ(in_2026->size(), 1u);
  EXPECT_EQ((*in_2026)[0].entry_id, "wb-1");
  auto count = (*store)->ActiveCount(v1_id, "2026-06-01");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);

  // A second import of the same list supersedes the first for matching; both versions stay.
  ListVersion v2;
  v2.name = "worldbank";
  v2.format = "worldbank";
  v2.file_sha256 = std::string(64, 'b');
  auto stored2 = (*store)->AddVersion(v2, {Entry("wb-9", "NEW LLC")}, FixedClock(1764158400));
  ASSERT_TRUE(stored2.ok());
  ListVersion other;
  other.name = "un-sc";
  other.format = "un-xml";
  other.file_sha256 = std::string(64, 'c');
  ASSERT_TRUE((*store)->AddVersion(other, {Entry("1", "ACME"), Entry("2", "OLD", "", false)}, clock).ok());
  auto latest = (*store)->LatestVersions();
  ASSERT_TRUE(latest.ok());
  ASSERT_EQ(latest->size(), 2u);
  EXPECT_EQ((*latest)[0].name, "un-sc");
  EXPECT_EQ((*latest)[1].id, stored2->id);
  auto now_active = (*store)->LoadActiveEntries();
  ASSERT_TRUE(now_active.ok());
  ASSERT_EQ(now_active->size(), 2u);
  EXPECT_EQ((*now_active)[0].name, "NEW LLC");
  EXPECT_EQ((*now_active)[1].name, "ACME");
  auto versions2 = (*store)->Versions();
  ASSERT_TRUE(versions2.ok());
  EXPECT_EQ(versions2->size(), 3u);
}

TEST(ListStoreTest, DuplicateEntryIdRollsBackTheVersion) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto store = ListStore::Open(db->get());
  ASSERT_TRUE(store.ok());
  ListVersion v;
  v.name = "csv";
  v.format = "csv";
  auto r = (*store)->AddVersion(v, {Entry("x", "A"), Entry("x", "B")}, FixedClock(0));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kAlreadyExists);
  auto versions = (*store)->Versions();
  ASSERT_TRUE(versions.ok());
  EXPECT_TRUE(versions->empty());
  v.name = "";
  EXPECT_FALSE((*store)->AddVersion(v, {}, FixedClock(0)).ok());
}

TEST(ListStoreTest, InvalidUtf8IsStoredNotThrown) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto store = ListStore::Open(db->get());
  ASSERT_TRUE(store.ok());
  ListEntry e = Entry("1", "Caf\xE9");
  e.aliases = {"Caf\xE9 Latin-1"};
  ListVersion v;
  v.name = "csv";
  v.format = "csv";
  ASSERT_TRUE((*store)->AddVersion(v, {e}, FixedClock(0)).ok());
  auto back = (*store)->LoadActiveEntries();
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0].aliases[0], "Caf\xEF\xBF\xBD Latin-1");
}

}  // namespace
}  // namespace clearbid
