#include "engine/screening/list_screener.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "engine/base/clock.h"
#include "engine/screening/evidence_builder.h"
#include "engine/screening/list_match_json.h"
#include "engine/store/list_store.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

ListEntry Entry(std::string id, EntitySchema schema, std::string name, std::vector<std::string> countries = {},
                std::vector<Identifier> ids = {}) {
  ListEntry e;
  e.entry_id = std::move(id);
  e.source = "national-agency";
  e.schema = schema;
  e.name = std::move(name);
  e.countries = std::move(countries);
  e.identifiers = std::move(ids);
  return e;
}

std::vector<ListEntry> Entries() {
  std::vector<ListEntry> v = {
      Entry("c1", EntitySchema::kCompany, "ТОВ «Бриз Одеса»", {"UA"}, {{"UA-EDR", "12345678", ""}}),
      Entry("c2", EntitySchema::kCompany, "OOO Romashka", {"RU"}),
      Entry("p1", EntitySchema::kPerson, "Shcherbina, Olena", {"UA"}),
      Entry("old", EntitySchema::kCompany, "Ended Exclusion Trading LLC", {"GB"}),
  };
  v[3].active = false;
  return v;
}

std::unique_ptr<MatcherListScreener> Screener() {
  ListVersion v;
  v.id = 3;
  v.name = "national";
  v.file_sha256 = std::string(64, 'a');
  std::vector<ListEntry> entries = Entries();
  for (ListEntry& e : entries) e.list_version = 3;
  return MatcherListScreener::FromEntries(std::move(entries), {v});
}

TEST(ListScreenerTest, ScreenKeepsAlertsWithListVersionAndExplanation) {
  auto screener = Screener();
  std::vector<ListMatchEvidence> out;
  screener->Screen("Briz Odessa LLC", "UA", Identifier{}, "party", &out);
  ASSERT_EQ(out.size(), 1u);
  const ListMatchEvidence& m = out[0];
  EXPECT_EQ(m.list, "national");  // the list's name, not the entry's publisher
  EXPECT_EQ(m.list_version, 3);
  EXPECT_EQ(m.entry_id, "c1");
  EXPECT_EQ(m.entry_name, "ТОВ «Бриз Одеса»");
  EXPECT_EQ(m.query_name, "Briz Odessa LLC");
  EXPECT_EQ(m.subject, "party");
  EXPECT_TRUE(m.is_match);
  EXPECT_FALSE(m.identifier_match);
  EXPECT_TRUE(m.entry_active);
  EXPECT_GE(m.score, kMatchThreshold);
  EXPECT_EQ(m.explanation.find('\n'), std::string::npos);
  EXPECT_NE(m.explanation.find("name_match"), std::string::npos) << m.explanation;
  EXPECT_NE(m.explanation.find(std::string(kMatchAlgorithmVersion)), std::string::npos) << m.explanation;
  EXPECT_NE(m.explanation.find("\"Briz Odessa LLC\" ~ \"ТОВ «Бриз Одеса»\""), std::string::npos) << m.explanation;
}

TEST(ListScreenerTest, BelowThresholdHitsAreCandidatesButNotEvidence) {
  auto screener = Screener();
  std::vector<ListMatchEvidence> out;
  screener->Screen("Romashkino Holding Systems", "", Identifier{}, "party", &out);
  for (const auto& m : out) EXPECT_TRUE(m.is_match || m.identifier_match) << m.entry_id;
  MatchQuery q;
  q.name = "Romashkino Holding Systems";
  auto all = screener->Candidates(q, 5);
  bool below = false;
  for (const auto& m : all) below |= !m.is_match;
  EXPECT_TRUE(below);
  EXPECT_LT(out.size(), all.size());
}

TEST(ListScreenerTest, IdentifierMatchIsEvidenceEvenUnderAnotherName) {
  auto screener = Screener();
  std::vector<ListMatchEvidence> out;
  screener->Screen("Sea Breeze Holdings", "UA", Identifier{"UA-EDR", "1234 5678", ""}, "S1", &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].entry_id, "c1");
  EXPECT_TRUE(out[0].identifier_match);
  EXPECT_EQ(out[0].subject, "S1");
  // Same digits under another scheme are not the same identifier.
  out.clear();
  screener->Screen("Sea Breeze Holdings", "UA", Identifier{"GB-COH", "12345678", ""}, "S1", &out);
  EXPECT_TRUE(out.empty());
}

TEST(ListScreenerTest, InactiveEntriesAreNotScreened) {
  auto screener = Screener();
  std::vector<ListMatchEvidence> out;
  screener->Screen("Ended Exclusion Trading LLC", "GB", Identifier{}, "party", &out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(screener->entry_count(), 3u);
}

TEST(ListScreenerTest, VersionsFingerprintAndEntryDigest) {
  auto screener = Screener();
  ASSERT_EQ(screener->ListVersions().size(), 1u);
  EXPECT_EQ(screener->ListVersions()[0], "national v3 sha256:" + std::string(64, 'a'));
  EXPECT_EQ(screener->Fingerprint().size(), 32u);
  ListVersion other;
  other.id = 4;
  other.name = "national";
  other.file_sha256 = std::string(64, 'b');
  auto newer = MatcherListScreener::FromEntries(Entries(), {other});
  EXPECT_NE(newer->Fingerprint(), screener->Fingerprint());
  EXPECT_EQ(MatcherListScreener::FromEntries({}, {})->Fingerprint(), "");

  std::vector<ListMatchEvidence> out;
  screener->Screen("Romashka OOO", "", Identifier{}, "party", &out);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out[0].entry_id, "c2");
  // The entry digest is what the entry says, not where it was read.
  ListEntry entry = Entries()[1];
  ASSERT_EQ(entry.entry_id, "c2");
  EXPECT_EQ(out[0].entry_digest, ListEntryDigest(entry));
  ListEntry moved = entry;
  moved.source_line += 10;
  moved.list_version += 1;
  EXPECT_EQ(ListEntryDigest(moved), ListEntryDigest(entry));
  ListEntry changed = entry;
  changed.aliases.push_back("Another alias");
  EXPECT_NE(ListEntryDigest(changed), ListEntryDigest(entry));
}

// A list store in memory: versions of list "national" added by AddNational().
struct NationalLists {
  std::unique_ptr<Database> db;
  std::unique_ptr<ListStore> store;
  FixedClock clock{1700000000};
  NationalLists() {
    auto opened = Database::Open(":memory:");
    EXPECT_TRUE(opened.ok());
    if (!opened.ok()) return;
    db = std::move(*opened);
    auto lists = ListStore::Open(db.get());
    EXPECT_TRUE(lists.ok());
    if (lists.ok()) store = std::move(*lists);
  }
  // A version whose file digest is 64 times `sha`.
  Result<ListVersion> AddNational(char sha, const std::vector<ListEntry>& entries) {
    ListVersion v;
    v.name = "national";
    v.format = "csv";
    v.file_sha256 = std::string(64, sha);
    return store->AddVersion(v, entries, clock);
  }
};

std::vector<ListEntry> SecondVersion() {
  std::vector<ListEntry> second = Entries();
  second[1].name = "OOO Vasilek";
  return second;
}

TEST(ListScreenerTest, OpensFromTheListStoreWithLatestVersions) {
  NationalLists lists;
  ASSERT_NE(lists.store, nullptr);
  ASSERT_TRUE(lists.AddNational('c', {Entries()[1]}).ok());
  auto stored = lists.AddNational('d', SecondVersion());
  ASSERT_TRUE(stored.ok());

  auto screener = MatcherListScreener::Open(lists.db.get(), "2025-06-01");
  ASSERT_TRUE(screener.ok()) << screener.status().ToString();
  ASSERT_EQ((*screener)->ListVersions().size(), 1u);
  EXPECT_EQ((*screener)->ListVersions()[0], "national v" + std::to_string(stored->id) + " sha256:" + std::string(64, 'd'));
  std::vector<ListMatchEvidence> out;
  (*screener)->Screen("OOO Romashka", "", Identifier{}, "party", &out);
  EXPECT_TRUE(out.empty());  // only in the older version
  (*screener)->Screen("Vasilek OOO", "", Identifier{}, "party", &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].list_version, stored->id);
}

TEST(ListScreenerTest, SnapshotOfTheIndexServesTheNextOpenOfTheSameLists) {
  const std::string dir = clearbid::testing::TempDir("list-snapshot");
  NationalLists lists;
  ASSERT_NE(lists.store, nullptr);
  ASSERT_TRUE(lists.AddNational('c', Entries()).ok());
  const std::string folder = dir + "/s.db.match-index";
  auto screen = [](const MatcherListScreener& s) {
    std::vector<ListMatchEvidence> out;
    s.Screen("Briz Odessa LLC", "UA", Identifier{}, "party", &out);
    return ListMatchesToJson(out);
  };
  auto built = MatcherListScreener::OpenWithSnapshot(lists.store.get(), "2025-06-01", folder);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_FALSE((*built)->from_snapshot());
  const std::string first_file = folder + "/" + (*built)->Fingerprint() + ".idx";
  ASSERT_TRUE(std::filesystem::exists(first_file));
  auto loaded = MatcherListScreener::OpenWithSnapshot(lists.store.get(), "2025-06-01", folder);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_TRUE((*loaded)->from_snapshot());
  EXPECT_EQ((*loaded)->Fingerprint(), (*built)->Fingerprint());
  EXPECT_NE(screen(**built), "[]");
  EXPECT_EQ(screen(**loaded), screen(**built));
  // A damaged snapshot is built again (and replaced).
  std::ofstream(first_file, std::ios::trunc) << "damaged";
  auto rebuilt = MatcherListScreener::OpenWithSnapshot(lists.store.get(), "2025-06-01", folder);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().ToString();
  EXPECT_FALSE((*rebuilt)->from_snapshot());
  EXPECT_EQ(screen(**rebuilt), screen(**built));
  EXPECT_TRUE((*MatcherListScreener::OpenWithSnapshot(lists.store.get(), "2025-06-01", folder))->from_snapshot());
  // Other lists: another snapshot, and the older one removed.
  ASSERT_TRUE(lists.AddNational('d', SecondVersion()).ok());
  auto other = MatcherListScreener::OpenWithSnapshot(lists.store.get(), "2025-06-01", folder);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE((*other)->from_snapshot());
  EXPECT_NE((*other)->Fingerprint(), (*built)->Fingerprint());
  EXPECT_FALSE(std::filesystem::exists(first_file));
  EXPECT_TRUE(std::filesystem::exists(folder + "/" + (*other)->Fingerprint() + ".idx"));
  std::filesystem::remove_all(dir);
}

TEST(ListScreenerTest, KeptIndexOfEarlierListsIsReadBackWithItsVersionsAndDate) {
  const std::string dir = clearbid::testing::TempDir("list-kept");
  NationalLists lists;
  ASSERT_NE(lists.store, nullptr);
  ASSERT_TRUE(lists.AddNational('c', Entries()).ok());
  const std::string folder = dir + "/s.db.match-index";
  auto first = MatcherListScreener::OpenWithSnapshot(lists.store.get(), "2025-06-01", folder);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  const std::string fp = (*first)->Fingerprint();
  // The kept index for lists other than `current`, described and read.
  auto open_kept = [&](const std::string& current) {
    auto kept = MatcherListScreener::FindKeptIndex(lists.store.get(), folder, current);
    if (kept && !MatcherListScreener::LoadKeptIndex(folder, &*kept)) kept.reset();
    return kept;
  };
  // Not for the lists it was built for.
  EXPECT_FALSE(open_kept(fp).has_value());
  // An index kept by an earlier version (no description) gets one when it is read.
  std::filesystem::remove(folder + "/" + fp + ".lists");
  auto read = MatcherListScreener::OpenWithSnapshot(lists.store.get(), "2025-06-01", folder);
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE((*read)->from_snapshot());
  EXPECT_TRUE(std::filesystem::exists(folder + "/" + fp + ".lists"));
  ASSERT_TRUE(lists.AddNational('d', SecondVersion()).ok());
  auto kept = open_kept("later lists");
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->as_of, "2025-06-01");
  ASSERT_EQ(kept->version_ids.size(), 1u);
  EXPECT_EQ(kept->version_ids[0], (*first)->versions()[0].id);
  EXPECT_TRUE(kept->screener->from_snapshot());
  EXPECT_EQ(kept->screener->Fingerprint(), fp);
  std::vector<ListMatchEvidence> a, b;
  kept->screener->Screen("Briz Odessa LLC", "UA", Identifier{}, "party", &a);
  (*first)->Screen("Briz Odessa LLC", "UA", Identifier{}, "party", &b);
  EXPECT_EQ(ListMatchesToJson(a), ListMatchesToJson(b));
  // A description that is damaged, cut short or names a version not stored: none.
  const std::string described = folder + "/" + fp + ".lists";
  for (const std::string& bad : {std::string("damaged"), std::string("clearbid kept index lists 1\n2025-06-01\n"),
                                 std::string("clearbid kept index lists 1\n2025-06-01\n999\n"),
                                 std::string("clearbid kept index lists 1\n2025-06-01\n1x\n")}) {
    std::ofstream(described, std::ios::trunc) << bad;
    EXPECT_FALSE(open_kept("later lists").has_value()) << bad;
  }
  // Building the later lists' index replaces both files.
  auto later = MatcherListScreener::OpenWithSnapshot(lists.store.get(), "2025-06-01", folder);
  ASSERT_TRUE(later.ok());
  EXPECT_FALSE(std::filesystem::exists(described));
  EXPECT_TRUE(std::filesystem::exists(folder + "/" + (*later)->Fingerprint() + ".lists"));
  std::filesystem::remove_all(dir);
}

TEST(ListScreenerTest, BirthDates) {
  struct Case {
    std::vector<std::string> query, entry;
    bool disagree;
  } cases[] = {
      {{"1948-05-12"}, {"1973-06-24"}, true},
      {{"1973"}, {"1973-06-24"}, false},
      {{"1973-06-25"}, {"1973-06-24"}, true},
      {{"1973-06-24"}, {"1972/1975"}, false},
      {{"1971"}, {"1972/1975", "1969"}, true},
      {{"1969-02"}, {"1972/1975", "1969"}, false},
      {{}, {"1969"}, false},
      {{"1969"}, {}, false},
      {{"unknown"}, {"1969"}, false},
  };
  for (const Case& c : cases) EXPECT_EQ(BirthDatesDisagree(c.query, c.entry), c.disagree) << c.query.size();

  ListEntry e = Entry("p9", EntitySchema::kPerson, "Leonardo RUIZ PEREZ");
  e.birth_dates = {"1973-06-24"};
  e.list_version = 3;
  ListVersion v;
  v.id = 3;
  v.name = "national";
  auto screener = MatcherListScreener::FromEntries({e}, {v});
  MatchQuery q;
  q.name = "Leonardo Ruiz Perez";
  q.schema = EntitySchema::kPerson;
  auto plain = screener->Candidates(q, 1);
  auto dated = screener->Candidates(q, 1, {"1948-05-12"});
  ASSERT_EQ(plain.size(), 1u);
  ASSERT_EQ(dated.size(), 1u);
  EXPECT_NEAR(plain[0].score - dated[0].score, kBirthDateMismatch, 1e-9);
  EXPECT_NE(dated[0].explanation.find("birth_date_mismatch -0.150 (born 1973-06-24)"), std::string::npos)
      << dated[0].explanation;
  EXPECT_NEAR(screener->Candidates(q, 1, {"1973"})[0].score, plain[0].score, 1e-12);
}

TEST(ListScreenerTest, ConcurrentScreeningAgreesWithSequential) {
  auto screener = Screener();
  std::vector<std::string> names = {"Briz Odessa LLC", "Romashka", "Олена Щербина", "Nobody Here"};
  std::vector<size_t> expected;
  for (const auto& n : names) {
    std::vector<ListMatchEvidence> out;
    screener->Screen(n, "", Identifier{}, "party", &out);
    expected.push_back(out.size());
  }
  std::vector<int> mismatches(3, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t)
    threads.emplace_back([&, t] {
      for (int r = 0; r < 20; ++r)
        for (size_t i = 0; i < names.size(); ++i) {
          std::vector<ListMatchEvidence> out;
          screener->Screen(names[i], "", Identifier{}, "party", &out);
          mismatches[t] += out.size() != expected[i];
        }
    });
  for (auto& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

}  // namespace
}  // namespace clearbid
