#pragma once
// The conformance suite of ListStore (engine/store/list_store.h): every
// implementation (SQLite, PostgreSQL) must pass it unchanged.
//
// A type-parameterised suite: a backend instantiates it with its factory,
//   INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, ListStoreConformance, ::testing::Types<SqliteListStoreFactory>);
// in one .cc. The factory is a struct with:
//   Factory();  // a fresh, empty database for one test
//   /// A new connection to that database and a store on it. The factory owns
//   /// the connections and outlives the stores.
//   Result<std::unique_ptr<ListStore>> Open();

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine/store/list_store.h"

namespace clearbid::testing {

template <typename Factory>
class ListStoreConformance : public ::testing::Test {
 protected:
  static constexpr int64_t kT0 = 1764072000;  // 2025-11-25T12:00:00Z

  /// A store on a new connection; nullptr (and a failure) when it cannot open.
  std::unique_ptr<ListStore> Open() {
    Result<std::unique_ptr<ListStore>> store = factory_.Open();
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  static ListEntry Entry(std::string id, std::string name, std::string until = "", bool active = true) {
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

  static ListVersion Version(std::string name, char sha = 'a') {
    ListVersion v;
    v.name = name;
    v.format = std::move(name);
    v.file_sha256 = std::string(64, sha);
    return v;
  }

  /// Entry ids of `entries`, in order.
  static std::vector<std::string> Ids(const std::vector<ListEntry>& entries) {
    std::vector<std::string> out;
    for (const ListEntry& e : entries) out.push_back(e.entry_id);
    return out;
  }

  Factory factory_;
};

TYPED_TEST_SUITE_P(ListStoreConformance);

TYPED_TEST_P(ListStoreConformance, EveryFieldRoundTripsThroughAnotherConnection) {
  FixedClock clock(this->kT0);
  ListEntry full = this->Entry("wb-1", "ТОВ Бриз Одеса", "2027-01-01");
  full.aliases = {"Briz Odessa LLC", "TOV Briz"};
  full.weak_aliases = {"Briz"};
  full.countries = {"UA", "MD"};
  full.identifiers = {{"UA-EDR", "12345678", ""}, {"registration", "X-1", "Briz LLC"}};
  Address a;
  a.street_address = "1 Deribasivska St";
  a.locality = "Odesa";
  a.region = "Odeska";
  a.postal_code = "65000";
  a.country_name = "Ukraine";
  a.country = "UA";
  full.addresses = {a, Address()};
  full.birth_dates = {"1970-01-02", "1960/1962"};
  full.reason = "Fraud \"quoted\" 'single' \\ back";
  full.notes = "*677";
  full.source_line = 5;
  full.schema = EntitySchema::kPerson;

  int64_t v1_id = 0;
  {
    auto store = this->Open();
    ASSERT_NE(store, nullptr);
    ListVersion v = this->Version("worldbank");
    v.skipped_rows = 2;
    Result<ListVersion> stored =
        store->AddVersion(v,
                          {full, this->Entry("wb-2", "ENDED LLC", "2020-01-01", false),
                           this->Entry("wb-3", "LATER LLC", "2025-12-31")},
                          clock, {"wb.csv:9: empty Firm Name", "wb.csv:12: expected 7 fields, found 5"});
    ASSERT_TRUE(stored.ok()) << stored.status().ToString();
    EXPECT_GT(stored->id, 0);
    EXPECT_EQ(stored->name, "worldbank");
    EXPECT_EQ(stored->imported_at, "2025-11-25T12:00:00Z");
    EXPECT_EQ(stored->entry_count, 3);
    EXPECT_EQ(stored->skipped_rows, 2);
    v1_id = stored->id;
  }
  // Another connection: everything comes back as stored.
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto versions = store->Versions();
  ASSERT_TRUE(versions.ok()) << versions.status().ToString();
  ASSERT_EQ(versions->size(), 1u);
  const ListVersion& v = (*versions)[0];
  EXPECT_EQ(v.id, v1_id);
  EXPECT_EQ(v.name, "worldbank");
  EXPECT_EQ(v.format, "worldbank");
  EXPECT_EQ(v.file_sha256, std::string(64, 'a'));
  EXPECT_EQ(v.imported_at, "2025-11-25T12:00:00Z");
  EXPECT_EQ(v.skipped_rows, 2);
  EXPECT_EQ(v.entry_count, 3);
  auto reasons = store->SkipReasons(v1_id);
  ASSERT_TRUE(reasons.ok()) << reasons.status().ToString();
  EXPECT_EQ(*reasons,
            (std::vector<std::string>{"wb.csv:9: empty Firm Name", "wb.csv:12: expected 7 fields, found 5"}));

  auto all = store->LoadVersionEntries(v1_id);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  // Source order: line 4 (wb-2, wb-3 by id), then line 5.
  EXPECT_EQ(this->Ids(*all), (std::vector<std::string>{"wb-2", "wb-3", "wb-1"}));
  EXPECT_FALSE((*all)[0].active);
  EXPECT_EQ((*all)[0].listed_until, "2020-01-01");

  auto active = store->LoadActiveEntries();
  ASSERT_TRUE(active.ok()) << active.status().ToString();
  // The inactive entry is kept but not loaded for matching.
  ASSERT_EQ(this->Ids(*active), (std::vector<std::string>{"wb-3", "wb-1"}));
  const ListEntry& back = (*active)[1];
  EXPECT_EQ(back.list_version, v1_id);
  EXPECT_EQ(back.source, "worldbank");
  EXPECT_EQ(back.name, full.name);
  EXPECT_EQ(back.schema, EntitySchema::kPerson);
  EXPECT_EQ(back.aliases, full.aliases);
  EXPECT_EQ(back.weak_aliases, full.weak_aliases);
  EXPECT_EQ(back.countries, full.countries);
  ASSERT_EQ(back.identifiers.size(), 2u);
  EXPECT_EQ(back.identifiers[0].scheme, "UA-EDR");
  EXPECT_EQ(back.identifiers[0].id, "12345678");
  EXPECT_EQ(back.identifiers[0].legal_name, "");
  EXPECT_EQ(back.identifiers[1].legal_name, "Briz LLC");
  ASSERT_EQ(back.addresses.size(), 2u);
  EXPECT_EQ(back.addresses[0].street_address, "1 Deribasivska St");
  EXPECT_EQ(back.addresses[0].locality, "Odesa");
  EXPECT_EQ(back.addresses[0].region, "Odeska");
  EXPECT_EQ(back.addresses[0].postal_code, "65000");
  EXPECT_EQ(back.addresses[0].country_name, "Ukraine");
  EXPECT_EQ(back.addresses[0].country, "UA");
  EXPECT_EQ(back.addresses[1].locality, "");
  EXPECT_EQ(back.birth_dates, full.birth_dates);
  EXPECT_EQ(back.listed_from, "2024-01-01");
  EXPECT_EQ(back.listed_until, "2027-01-01");
  EXPECT_EQ(back.reason, full.reason);
  EXPECT_EQ(back.notes, "*677");
  EXPECT_EQ(back.source_line, 5);
  EXPECT_TRUE(back.active);
  // What the entry says is unchanged by the trip.
  EXPECT_EQ(ListEntryDigest(back), ListEntryDigest(full));
}

TYPED_TEST_P(ListStoreConformance, ActiveAsOfLeavesOutEndedExclusions) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto v = store->AddVersion(
      this->Version("worldbank"),
      {this->Entry("open", "OPEN LLC"), this->Entry("2026", "UNTIL 2026 LLC", "2026-06-01"),
       this->Entry("2025", "UNTIL 2025 LLC", "2025-12-31"), this->Entry("off", "INACTIVE LLC", "", false)},
      FixedClock(this->kT0));
  ASSERT_TRUE(v.ok()) << v.status().ToString();

  auto ids_as_of = [&](const char* as_of) {
    auto entries = store->LoadActiveEntries(as_of);
    EXPECT_TRUE(entries.ok()) << entries.status().ToString();
    return entries.ok() ? this->Ids(*entries) : std::vector<std::string>{};
  };
  auto count_as_of = [&](const char* as_of) {
    auto count = store->ActiveCount(v->id, as_of);
    EXPECT_TRUE(count.ok()) << count.status().ToString();
    return count.ok() ? *count : -1;
  };
  // All on line 4: entry id order, byte-wise ("2025" < "2026" < "open").
  EXPECT_EQ(ids_as_of(""), (std::vector<std::string>{"2025", "2026", "open"}));
  EXPECT_EQ(count_as_of(""), 3);
  EXPECT_EQ(ids_as_of("2025-12-31"),
            (std::vector<std::string>{"2025", "2026", "open"}));  // ends that day: still on
  EXPECT_EQ(ids_as_of("2026-01-01"), (std::vector<std::string>{"2026", "open"}));
  EXPECT_EQ(count_as_of("2026-01-01"), 2);
  EXPECT_EQ(ids_as_of("2026-06-02"), (std::vector<std::string>{"open"}));
  EXPECT_EQ(count_as_of("2026-06-02"), 1);
}

TYPED_TEST_P(ListStoreConformance, ANewVersionSupersedesTheOldForMatching) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  FixedClock day1(this->kT0), day2(this->kT0 + 86400);
  auto v1 = store->AddVersion(this->Version("worldbank", 'a'), {this->Entry("wb-1", "OLD LLC")}, day1);
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  ListEntry un1 = this->Entry("1", "ACME");
  un1.source = "un-sc";
  auto other =
      store->AddVersion(this->Version("un-sc", 'c'), {un1, this->Entry("2", "OLD", "", false)}, day1);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  auto v2 = store->AddVersion(this->Version("worldbank", 'b'), {this->Entry("wb-9", "NEW LLC")}, day2);
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_GT(v2->id, other->id);
  EXPECT_GT(other->id, v1->id);
  EXPECT_EQ(v2->imported_at, "2025-11-26T12:00:00Z");

  auto latest = store->LatestVersions();
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  ASSERT_EQ(latest->size(), 2u);  // by name
  EXPECT_EQ((*latest)[0].name, "un-sc");
  EXPECT_EQ((*latest)[0].id, other->id);
  EXPECT_EQ((*latest)[1].name, "worldbank");
  EXPECT_EQ((*latest)[1].id, v2->id);
  EXPECT_EQ((*latest)[1].file_sha256, std::string(64, 'b'));

  auto active = store->LoadActiveEntries();
  ASSERT_TRUE(active.ok()) << active.status().ToString();
  // Version order: un-sc (older id) first, then the new worldbank version.
  ASSERT_EQ(this->Ids(*active), (std::vector<std::string>{"1", "wb-9"}));
  EXPECT_EQ((*active)[0].list_version, other->id);
  EXPECT_EQ((*active)[1].list_version, v2->id);
  EXPECT_EQ((*active)[1].name, "NEW LLC");

  // Every version stays, oldest first, with its entries.
  auto versions = store->Versions();
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 3u);
  EXPECT_EQ((*versions)[0].id, v1->id);
  EXPECT_EQ((*versions)[2].id, v2->id);
  auto old_entries = store->LoadVersionEntries(v1->id);
  ASSERT_TRUE(old_entries.ok());
  EXPECT_EQ(this->Ids(*old_entries), (std::vector<std::string>{"wb-1"}));
}

TYPED_TEST_P(ListStoreConformance, NamesAndIdsAreOrderedByteWise) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  FixedClock clock(this->kT0);
  for (const char* name : {"alpha", "Zeta", "éclair", "Beta"}) {
    ASSERT_TRUE(store->AddVersion(this->Version(name), {this->Entry("x", "X")}, clock).ok()) << name;
  }
  auto latest = store->LatestVersions();
  ASSERT_TRUE(latest.ok());
  std::vector<std::string> names;
  for (const ListVersion& v : *latest) names.push_back(v.name);
  EXPECT_EQ(names, (std::vector<std::string>{"Beta", "Zeta", "alpha", "éclair"}));

  ListEntry b = this->Entry("b", "B"), a = this->Entry("a", "A"), upper = this->Entry("B", "UPPER"),
            accent = this->Entry("é", "E"), early = this->Entry("z", "EARLY");
  early.source_line = 2;
  auto v = store->AddVersion(this->Version("order"), {b, a, upper, accent, early}, clock);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  auto entries = store->LoadVersionEntries(v->id);
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(this->Ids(*entries), (std::vector<std::string>{"z", "B", "a", "b", "é"}));
}

TYPED_TEST_P(ListStoreConformance, ALargeVersionKeepsEveryEntryInOrder) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  // More than two batches of any reasonable bulk insert, not a multiple of one.
  constexpr int kEntries = 1234;
  std::vector<ListEntry> entries;
  for (int i = 0; i < kEntries; ++i) {
    ListEntry e = this->Entry("id-" + std::to_string(i), "COMPANY " + std::to_string(i));
    e.source_line = kEntries - i;  // stored in reverse source order
    e.aliases = {"alias " + std::to_string(i)};
    e.active = i % 7 != 0;
    entries.push_back(std::move(e));
  }
  auto v = store->AddVersion(this->Version("big"), entries, FixedClock(this->kT0));
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->entry_count, kEntries);
  auto all = store->LoadVersionEntries(v->id);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), static_cast<size_t>(kEntries));
  for (int i = 0; i < kEntries; ++i) {
    const ListEntry& e = (*all)[static_cast<size_t>(i)];
    const int original = kEntries - 1 - i;
    ASSERT_EQ(e.entry_id, "id-" + std::to_string(original)) << i;
    ASSERT_EQ(e.source_line, i + 1);
    ASSERT_EQ(e.aliases, std::vector<std::string>{"alias " + std::to_string(original)});
    ASSERT_EQ(e.active, original % 7 != 0);
  }
  int64_t active = 0;
  for (const ListEntry& e : entries) active += e.active;
  auto count = store->ActiveCount(v->id);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, active);
  auto loaded = store->LoadActiveEntries();
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(static_cast<int64_t>(loaded->size()), active);
}

// The unsorted walk gives the same entries as the sorted load, every field,
// and stops at the first error of its callback.
TYPED_TEST_P(ListStoreConformance, ForEachVersionEntryWalksEveryEntryOnce) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  std::vector<ListEntry> entries;
  for (int i = 0; i < 700; ++i) {
    ListEntry e = this->Entry("id-" + std::to_string(i), "COMPANY " + std::to_string(i), i % 5 ? "" : "2026-01-01",
                              i % 7 != 0);
    e.source_line = 700 - i;
    e.aliases = {"alias " + std::to_string(i)};
    e.identifiers = {{"REG", std::to_string(i), ""}};
    entries.push_back(std::move(e));
  }
  auto v = store->AddVersion(this->Version("big"), entries, FixedClock(this->kT0));
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  auto sorted = store->LoadVersionEntries(v->id);
  ASSERT_TRUE(sorted.ok()) << sorted.status().ToString();
  std::vector<ListEntry> walked;
  Status s = store->ForEachVersionEntry(v->id, [&](ListEntry& e) {
    walked.push_back(std::move(e));
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(walked.size(), sorted->size());
  std::sort(walked.begin(), walked.end(), [](const ListEntry& a, const ListEntry& b) {
    return a.source_line != b.source_line ? a.source_line < b.source_line : a.entry_id < b.entry_id;
  });
  for (size_t i = 0; i < walked.size(); ++i) {
    ASSERT_EQ(ListEntryDigest(walked[i]), ListEntryDigest((*sorted)[i])) << i;
    ASSERT_EQ(walked[i].list_version, v->id);
    ASSERT_EQ(walked[i].source_line, (*sorted)[i].source_line);
  }
  int seen = 0;
  s = store->ForEachVersionEntry(v->id, [&](ListEntry&) {
    return ++seen == 3 ? Status::Corruption("stop here") : Status::Ok();
  });
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_EQ(seen, 3);
  seen = 0;
  EXPECT_TRUE(store->ForEachVersionEntry(v->id + 1000, [&](ListEntry&) {
    ++seen;
    return Status::Ok();
  }).ok());
  EXPECT_EQ(seen, 0);
}

TYPED_TEST_P(ListStoreConformance, DuplicateEntryIdRollsBackTheVersion) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto r =
      store->AddVersion(this->Version("csv"), {this->Entry("x", "A"), this->Entry("x", "B")}, FixedClock(0));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kAlreadyExists);
  EXPECT_NE(r.status().message().find("x"), std::string::npos) << r.status().ToString();

  // A duplicate far into a large version: nothing of it is kept either.
  std::vector<ListEntry> many;
  for (int i = 0; i < 800; ++i) many.push_back(this->Entry("e" + std::to_string(i), "N"));
  many.push_back(this->Entry("e3", "AGAIN"));
  r = store->AddVersion(this->Version("csv"), many, FixedClock(0));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kAlreadyExists);

  auto versions = store->Versions();
  ASSERT_TRUE(versions.ok());
  EXPECT_TRUE(versions->empty());
  auto active = store->LoadActiveEntries();
  ASSERT_TRUE(active.ok());
  EXPECT_TRUE(active->empty());

  // The store is still usable; a version without a name is refused.
  EXPECT_TRUE(store->AddVersion(this->Version("csv"), {this->Entry("x", "A")}, FixedClock(0)).ok());
  ListVersion unnamed = this->Version("");
  auto bad = store->AddVersion(unnamed, {}, FixedClock(0));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kInvalidArgument);
  versions = store->Versions();
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->size(), 1u);
}

TYPED_TEST_P(ListStoreConformance, EmptyVersionsAndUnknownIds) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto empty = store->AddVersion(this->Version("empty"), {}, FixedClock(this->kT0));
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty->entry_count, 0);
  auto reasons = store->SkipReasons(empty->id);
  ASSERT_TRUE(reasons.ok());
  EXPECT_TRUE(reasons->empty());
  auto entries = store->LoadVersionEntries(empty->id);
  ASSERT_TRUE(entries.ok());
  EXPECT_TRUE(entries->empty());

  const int64_t unknown = empty->id + 1000;
  auto missing = store->SkipReasons(unknown);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  auto count = store->ActiveCount(unknown);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 0);
  auto none = store->LoadVersionEntries(unknown);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TYPED_TEST_P(ListStoreConformance, InvalidUtf8InListFieldsIsReplacedNotThrown) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  ListEntry e = this->Entry("1", "Cafe");
  e.aliases = {"Caf\xE9 Latin-1"};
  e.identifiers = {{"X", "\xFF\xFE", ""}};
  auto v = store->AddVersion(this->Version("csv"), {e}, FixedClock(0), {"f.csv:2: bad byte \xE9"});
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  auto back = store->LoadActiveEntries();
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0].aliases[0], "Caf\xEF\xBF\xBD Latin-1");
  ASSERT_EQ((*back)[0].identifiers.size(), 1u);
  EXPECT_EQ((*back)[0].identifiers[0].id, "\xEF\xBF\xBD\xEF\xBF\xBD");
  auto reasons = store->SkipReasons(v->id);
  ASSERT_TRUE(reasons.ok());
  EXPECT_EQ(*reasons, std::vector<std::string>{"f.csv:2: bad byte \xEF\xBF\xBD"});
}

// The stamps a list delta compares versions by: each entry once, with the
// digest of the entry as it reads back (also for texts the store replaced),
// and the entries read whole by id.
TYPED_TEST_P(ListStoreConformance, StampsCarryTheDigestOfEachEntryAsReadBack) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  std::vector<ListEntry> entries;
  for (int i = 0; i < 300; ++i) {
    ListEntry e = this->Entry("id-" + std::to_string(i), "COMPANY " + std::to_string(i), i % 5 ? "" : "2026-01-01",
                              i % 7 != 0);
    e.aliases = {"alias " + std::to_string(i)};
    e.identifiers = {{"REG", std::to_string(i), ""}};
    e.addresses = {Address{"Rua " + std::to_string(i), "Porto", "", "", "", "PT"}};
    entries.push_back(std::move(e));
  }
  entries[3].aliases.push_back("Caf\xE9 Latin-1");               // replaced in the JSON column
  entries[4].name = "Caf\xE9";                                    // kept or replaced, as the store does
  entries[5].aliases.push_back(std::string("nul\0inside", 10));  // escaped in JSON: kept
  auto v = store->AddVersion(this->Version("big"), entries, FixedClock(this->kT0));
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  auto back = store->LoadVersionEntries(v->id);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  std::map<std::string, const ListEntry*> by_id;
  for (const ListEntry& e : *back) by_id[e.entry_id] = &e;
  std::set<std::string> seen;
  Status s = store->ForEachVersionStamp(v->id, [&](const ListEntryStamp& st) {
    EXPECT_TRUE(seen.insert(st.entry_id).second) << st.entry_id;
    const auto it = by_id.find(st.entry_id);
    if (it == by_id.end()) return Status::Corruption("unknown id " + st.entry_id);
    EXPECT_EQ(st.digest, ListEntryDigest(*it->second)) << st.entry_id;
    EXPECT_EQ(st.active, it->second->active) << st.entry_id;
    EXPECT_EQ(st.listed_until, it->second->listed_until) << st.entry_id;
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(seen.size(), entries.size());
  // The digest of an entry that reads back as given is that of the entry given.
  for (int i : {0, 7, 299}) EXPECT_EQ(ListEntryDigest(*by_id.at("id-" + std::to_string(i))), ListEntryDigest(entries[i]));

  auto some = store->LoadVersionEntriesById(v->id, {"id-299", "id-3", "no-such-id", "id-4", "id-0"});
  ASSERT_TRUE(some.ok()) << some.status().ToString();
  std::set<std::string> got;
  for (const ListEntry& e : *some) {
    got.insert(e.entry_id);
    EXPECT_EQ(e.list_version, v->id);
    EXPECT_EQ(ListEntryDigest(e), ListEntryDigest(*by_id.at(e.entry_id))) << e.entry_id;
    EXPECT_EQ(e.source_line, by_id.at(e.entry_id)->source_line);
  }
  EXPECT_EQ(got, (std::set<std::string>{"id-0", "id-299", "id-3", "id-4"}));
  auto none = store->LoadVersionEntriesById(v->id + 1000, {"id-1"});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  int count = 0;
  s = store->ForEachVersionStamp(v->id, [&](const ListEntryStamp&) {
    return ++count == 2 ? Status::Corruption("stop here") : Status::Ok();
  });
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_EQ(count, 2);
}

REGISTER_TYPED_TEST_SUITE_P(ListStoreConformance, EveryFieldRoundTripsThroughAnotherConnection,
                            ActiveAsOfLeavesOutEndedExclusions, ANewVersionSupersedesTheOldForMatching,
                            NamesAndIdsAreOrderedByteWise, ALargeVersionKeepsEveryEntryInOrder,
                            ForEachVersionEntryWalksEveryEntryOnce, DuplicateEntryIdRollsBackTheVersion,
                            EmptyVersionsAndUnknownIds,
                            InvalidUtf8InListFieldsIsReplacedNotThrown, StampsCarryTheDigestOfEachEntryAsReadBack);

}  // namespace clearbid::testing
