#include "engine/screening/list_delta.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "engine/base/clock.h"
#include "engine/store/list_store.h"
#include "engine/store/sqlite_db.h"

namespace clearbid {
namespace {

ListEntry Entry(std::string id, std::string name, std::vector<std::string> countries = {},
                std::string listed_until = "") {
  ListEntry e;
  e.entry_id = std::move(id);
  e.source = "national-agency";
  e.schema = EntitySchema::kCompany;
  e.name = std::move(name);
  e.countries = std::move(countries);
  e.listed_until = std::move(listed_until);
  return e;
}

class ListDeltaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(":memory:");
    ASSERT_TRUE(db.ok());
    db_ = std::move(*db);
    auto store = ListStore::Open(db_.get());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }
  ListVersion Add(const std::string& name, const std::vector<ListEntry>& entries) {
    ListVersion v;
    v.name = name;
    v.format = "csv";
    v.file_sha256 = std::string(64, static_cast<char>('a' + ++imports_));
    auto added = store_->AddVersion(v, entries, FixedClock(0));
    EXPECT_TRUE(added.ok()) << added.status().ToString();
    return added.ok() ? *added : v;
  }
  std::unique_ptr<Database> db_;
  std::unique_ptr<ListStore> store_;
  int imports_ = 0;
};

TEST_F(ListDeltaTest, FindsAddedGoneAndChangedEntriesAndSkipsUnchangedLists) {
  ListVersion n1 = Add("national", {Entry("a", "Alfa Texteis Lda", {"PT"}), Entry("b", "Beta Uniformes SA", {"PT"}),
                                    Entry("c", "Gamma Confeccoes Lda", {"PT"})});
  ListVersion other = Add("other", {Entry("x", "Omega Holdings Ltd", {"GB"}), Entry("y", "Sigma Trading", {"GB"}, "2026-11-25")});
  // The next version: b removed, c changed (a country more), d added.
  ListVersion n2 = Add("national", {Entry("a", "Alfa Texteis Lda", {"PT"}), Entry("c", "Gamma Confeccoes Lda", {"PT", "ES"}),
                                    Entry("d", "Delta Malhas Lda", {"PT"})});
  // Same day: "other" is not read (its version and active count did not change).
  auto delta = ComputeListDelta(store_.get(), {n1.id, other.id}, "2026-11-20", {n2, other}, "2026-11-20");
  ASSERT_TRUE(delta.ok()) << delta.status().ToString();
  EXPECT_EQ(delta->unchanged, 1 + 2);  // a, and both of "other"
  EXPECT_EQ(delta->gone.size(), 2u);   // b, and c as it was
  ASSERT_EQ(delta->added.size(), 2u);  // c as it is, d
  std::set<std::string> added;
  for (const ListEntry& e : delta->added) {
    added.insert(e.entry_id);
    EXPECT_EQ(e.list_version, n2.id);
  }
  EXPECT_EQ(added, (std::set<std::string>{"c", "d"}));
  EXPECT_EQ(delta->version_of.at("national"), n2.id);
  EXPECT_EQ(delta->version_of.at("other"), other.id);
  // A later day: y's exclusion ended on the 25th, so it is gone from "other" too.
  auto later = ComputeListDelta(store_.get(), {n1.id, other.id}, "2026-11-20", {n2, other}, "2026-11-26");
  ASSERT_TRUE(later.ok()) << later.status().ToString();
  EXPECT_EQ(later->gone.size(), 3u);
  EXPECT_EQ(later->unchanged, 2);
  EXPECT_EQ(std::count_if(later->gone.begin(), later->gone.end(),
                          [](const std::string& g) { return g.starts_with(EntryIdentity("other", "y", "")); }),
            1);
  // Back from that day to the 20th, with the versions unchanged: y is new again.
  auto back = ComputeListDelta(store_.get(), {n2.id, other.id}, "2026-11-26", {n2, other}, "2026-11-20");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(back->gone.empty());
  ASSERT_EQ(back->added.size(), 1u);
  EXPECT_EQ(back->added[0].entry_id, "y");
  EXPECT_EQ(back->added[0].list_version, other.id);
  EXPECT_EQ(back->unchanged, 3 + 1);  // a, c, d; x
  // An unknown earlier version is an error the caller can act on.
  auto unknown = ComputeListDelta(store_.get(), {999}, "", {n2}, "");
  EXPECT_EQ(unknown.status().code(), Status::Code::kNotFound);
}

// Stored rows of earlier imports have no digest: the store stamps them from
// the whole entry after the others, out of entry-id order. The delta is the
// same as with every digest stored.
TEST_F(ListDeltaTest, RowsWithoutAStoredDigestGiveTheSameDelta) {
  std::vector<ListEntry> v1, v2;
  for (int i = 0; i < 300; ++i) {
    const std::string id = "e" + std::to_string(1000 + i);
    ListEntry e = Entry(id, "Company " + std::to_string(i) + " Lda", {"PT"});
    if (i % 7 != 0) v1.push_back(e);  // every 7th is new in v2
    if (i % 11 == 0) continue;        // every 11th is gone from v2
    if (i % 13 == 0) e.countries.push_back("ES");  // changed
    v2.push_back(std::move(e));
  }
  ListVersion n1 = Add("national", v1);
  ListVersion n2 = Add("national", v2);
  auto summary = [](const ListDelta& d) {
    std::vector<std::string> gone(d.gone.begin(), d.gone.end()), added;
    std::sort(gone.begin(), gone.end());
    for (const ListEntry& e : d.added) added.push_back(e.entry_id);
    std::string out = std::to_string(d.unchanged) + " unchanged;";
    for (const std::string& g : gone) out += " -" + g;
    for (const std::string& a : added) out += " +" + a;
    return out;
  };
  auto stored = ComputeListDelta(store_.get(), {n1.id}, "", {n2}, "");
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  int64_t same = 0;
  for (int i = 0; i < 300; ++i) same += i % 7 != 0 && i % 11 != 0 && i % 13 != 0;
  EXPECT_EQ(stored->unchanged, same);
  EXPECT_FALSE(stored->gone.empty());
  EXPECT_FALSE(stored->added.empty());
  // Half the rows of each version without their digest (before e1150: these come last).
  ASSERT_TRUE(db_->Exec("UPDATE list_entries SET digest = NULL WHERE entry_id < 'e1150'").ok());
  auto whole = ComputeListDelta(store_.get(), {n1.id}, "", {n2}, "");
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_EQ(summary(*whole), summary(*stored));
}

TEST_F(ListDeltaTest, RematchKeepsUnchangedMatchesDropsGoneOnesAndFindsNewOnes) {
  ListVersion n1 = Add("national", {Entry("a", "Alfa Texteis Lda", {"PT"}), Entry("b", "Beta Uniformes SA", {"PT"})});
  std::vector<ListEntry> v1 = {Entry("a", "Alfa Texteis Lda", {"PT"}), Entry("b", "Beta Uniformes SA", {"PT"})};
  for (ListEntry& e : v1) e.list_version = n1.id;
  auto full_v1 = MatcherListScreener::FromEntries(v1, {n1});
  ListVersion n2 = Add("national", {Entry("a", "Alfa Texteis Lda", {"PT"}), Entry("c", "Beta Uniformes SA Porto", {"PT"})});
  std::vector<ListEntry> v2 = {Entry("a", "Alfa Texteis Lda", {"PT"}), Entry("c", "Beta Uniformes SA Porto", {"PT"})};
  for (ListEntry& e : v2) e.list_version = n2.id;
  auto full_v2 = MatcherListScreener::FromEntries(v2, {n2});
  auto delta = ComputeListDelta(store_.get(), {n1.id}, "", {n2}, "");
  ASSERT_TRUE(delta.ok()) << delta.status().ToString();
  ListDeltaRematcher rematcher(std::move(*delta), {n2});

  for (const char* name : {"Alfa Texteis Lda", "Beta Uniformes SA", "Nobody Relevant Ltd", "Beta Uniformes Porto"}) {
    SCOPED_TRACE(name);
    const ScreeningQuery query{name, "PT", "", "", "party"};
    std::vector<ListMatchEvidence> before, expected;
    full_v1->Screen(name, "PT", Identifier{}, "party", &before);
    full_v2->Screen(name, "PT", Identifier{}, "party", &expected);
    ListDeltaRematcher::Outcome got = rematcher.Rematch(query, before);
    ASSERT_FALSE(got.rescreen);
    // What screening against the whole new version gives, field for field.
    ASSERT_EQ(got.matches.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(got.matches[i].entry_id, expected[i].entry_id);
      EXPECT_EQ(got.matches[i].list_version, n2.id);
      EXPECT_EQ(got.matches[i].score, expected[i].score);
      EXPECT_EQ(got.matches[i].entry_digest, expected[i].entry_digest);
      EXPECT_EQ(got.matches[i].explanation, expected[i].explanation);
    }
    // Changed only where the matches differ other than in the version cited.
    const bool alfa = std::string(name) == "Alfa Texteis Lda", nobody = std::string(name) == "Nobody Relevant Ltd";
    EXPECT_EQ(got.changed, !(alfa || nobody));
  }
}

// A name met again (another identifier, subject or country) gets the answer
// the added entries' index gives it with that identifier, subject and
// country: kept answers are only reused where the identifier changes nothing.
TEST_F(ListDeltaTest, ANameMetAgainGetsTheAnswerOfItsOwnQuery) {
  ListVersion n1 = Add("national", {Entry("a", "Alfa Texteis Lda", {"PT"})});
  ListEntry listed = Entry("d", "Delta Malhas Lda", {"PT"});
  listed.identifiers = {{"PT-NIPC", "500 100 200", ""}};
  ListVersion n2 = Add("national", {Entry("a", "Alfa Texteis Lda", {"PT"}), listed, Entry("e", "Epsilon Texteis SA", {"ES"})});
  auto delta = ComputeListDelta(store_.get(), {n1.id}, "", {n2}, "");
  ASSERT_TRUE(delta.ok()) << delta.status().ToString();
  std::vector<ListEntry> added = delta->added;
  auto index_of_added = MatcherListScreener::FromEntries(added, {n2});
  ListDeltaRematcher rematcher(std::move(*delta), {n2});
  auto text = [](const std::vector<ListMatchEvidence>& matches) {
    std::string out;
    for (const ListMatchEvidence& m : matches)
      out += m.entry_id + " " + std::to_string(m.score) + " " + m.subject + " " + (m.identifier_match ? "id " : "") +
             m.explanation + "\n";
    return out;
  };
  const std::vector<ScreeningQuery> queries = {
      {"Delta Malhas Lda", "PT", "", "", "party"},
      {"Delta Malhas Lda", "PT", "PT-NIPC", "999 999 999", "supplier"},  // an identifier no entry has
      {"Delta Malhas Lda", "ES", "PT-NIPC", "111 111 111", "party"},     // another country
      {"Delta Malhas Lda", "PT", "PT-NIPC", "500100200", "party"},       // the listed entry's identifier
      {"Some Other Name", "PT", "PT-NIPC", "500-100-200", "party"},      // the identifier alone
      {"Some Other Name", "PT", "", "", "party"},
      {"Epsilon Texteis SA", "", "X", "12", "agency"},  // an identifier too short to count
      {"Epsilon Texteis SA", "ES", "", "", "party"},
  };
  for (int round = 0; round < 2; ++round) {
    for (const ScreeningQuery& q : queries) {
      SCOPED_TRACE(q.name + " / " + q.country + " / " + q.id + " / " + q.subject);
      std::vector<ListMatchEvidence> expected;
      index_of_added->Screen(q.name, q.country, Identifier{q.scheme, q.id, ""}, q.subject, &expected);
      ListDeltaRematcher::Outcome got = rematcher.Rematch(q, {});
      EXPECT_EQ(text(got.matches), text(expected));
      EXPECT_EQ(got.changed, !expected.empty());
    }
  }
  // The queries are not all answered alike, or the comparison shows nothing.
  std::vector<ListMatchEvidence> by_identifier, by_name;
  index_of_added->Screen("Some Other Name", "PT", Identifier{"PT-NIPC", "500-100-200", ""}, "party", &by_identifier);
  index_of_added->Screen("Delta Malhas Lda", "ES", Identifier{}, "party", &by_name);
  ASSERT_EQ(by_identifier.size(), 1u);
  EXPECT_TRUE(by_identifier[0].identifier_match);
  ASSERT_EQ(by_name.size(), 1u);
}

TEST_F(ListDeltaTest, AFullScreeningThatLosesAMatchMustBeScreenedAgain) {
  ListDelta delta;
  delta.gone.insert(EntryIdentity("national", "e2", "d2"));
  delta.version_of["national"] = 7;
  ListScreenerOptions options;
  options.top_k = 2;
  ListDeltaRematcher rematcher(std::move(delta), {}, options);
  auto match = [](std::string id, std::string digest, double score) {
    ListMatchEvidence m;
    m.list = "national";
    m.list_version = 6;
    m.entry_id = std::move(id);
    m.entry_digest = std::move(digest);
    m.score = score;
    m.is_match = true;
    return m;
  };
  const ScreeningQuery query{"Epsilon", "", "", "", "party"};
  // Two matches kept of at most two: the third best is not known.
  auto full = rematcher.Rematch(query, {match("e1", "d1", 0.95), match("e2", "d2", 0.9)});
  EXPECT_TRUE(full.rescreen);
  EXPECT_TRUE(full.changed);
  // One of at most two: the rest scored under the threshold; no rescreen.
  auto partial = rematcher.Rematch(query, {match("e2", "d2", 0.9)});
  EXPECT_FALSE(partial.rescreen);
  EXPECT_TRUE(partial.changed);
  EXPECT_TRUE(partial.matches.empty());
  // Nothing gone: kept, citing the new version, unchanged.
  auto kept = rematcher.Rematch(query, {match("e1", "d1", 0.95)});
  EXPECT_FALSE(kept.changed);
  ASSERT_EQ(kept.matches.size(), 1u);
  EXPECT_EQ(kept.matches[0].list_version, 7);
}

// An entry re-issued under a new id, or amended in what no match reads
// (reason, notes, dates), is the twin of its earlier form: not among the
// added entries (no name is screened against it), and every match of the
// earlier form becomes a match of the twin, as screening against the whole
// new version gives it. Two gone entries alike have no twin.
TEST_F(ListDeltaTest, AReissuedOrAmendedEntryMovesItsMatchesWithoutScreening) {
  ListEntry beta = Entry("b", "Beta Uniformes SA", {"PT"});
  beta.reason = "fraudulent practice";
  ListEntry gamma = Entry("g", "Gamma Confeccoes Lda", {"PT"});
  gamma.notes = "first listed";
  // Alike but for their ids: an ambiguous earlier form.
  ListEntry omega1 = Entry("o1", "Omega Texteis Lda", {"PT"}), omega2 = Entry("o2", "Omega Texteis Lda", {"PT"});
  std::vector<ListEntry> v1 = {Entry("a", "Alfa Texteis Lda", {"PT"}), beta, gamma, omega1, omega2};
  ListVersion n1 = Add("national", v1);
  for (ListEntry& e : v1) e.list_version = n1.id;
  // Beta re-issued under a new id for another reason; Gamma amended (notes,
  // an end date) under its id; one Omega removed, the other re-issued.
  ListEntry beta2 = beta;
  beta2.entry_id = "b2";
  beta2.reason = "forced labour finding";
  ListEntry gamma2 = gamma;
  gamma2.notes = "reviewed";
  gamma2.listed_until = "2030-01-01";
  ListEntry omega3 = omega1;
  omega3.entry_id = "o3";
  std::vector<ListEntry> v2 = {Entry("a", "Alfa Texteis Lda", {"PT"}), beta2, gamma2, omega3};
  ListVersion n2 = Add("national", v2);
  for (ListEntry& e : v2) e.list_version = n2.id;
  auto delta = ComputeListDelta(store_.get(), {n1.id}, "", {n2}, "");
  ASSERT_TRUE(delta.ok()) << delta.status().ToString();
  EXPECT_EQ(delta->unchanged, 1);
  EXPECT_EQ(delta->gone.size(), 4u);  // b, g as it was, o1, o2
  EXPECT_EQ(delta->twins.size(), 2u);
  EXPECT_EQ(delta->twins.at(EntryIdentity("national", "b", ListEntryDigest(v1[1]))).entry_id, "b2");
  EXPECT_EQ(delta->twins.at(EntryIdentity("national", "g", ListEntryDigest(v1[2]))).entry_id, "g");
  ASSERT_EQ(delta->added.size(), 1u);  // o3: its earlier form is ambiguous
  EXPECT_EQ(delta->added[0].entry_id, "o3");

  auto full_v1 = MatcherListScreener::FromEntries(v1, {n1});
  auto full_v2 = MatcherListScreener::FromEntries(v2, {n2});
  ListDeltaRematcher rematcher(std::move(*delta), {n2});
  for (const char* name : {"Beta Uniformes SA", "Gamma Confeccoes Lda", "Alfa Texteis Lda", "Omega Texteis Lda",
                           "Nobody Relevant Ltd"}) {
    SCOPED_TRACE(name);
    std::vector<ListMatchEvidence> before, expected;
    full_v1->Screen(name, "PT", Identifier{}, "party", &before);
    full_v2->Screen(name, "PT", Identifier{}, "party", &expected);
    ListDeltaRematcher::Outcome got = rematcher.Rematch(ScreeningQuery{name, "PT", "", "", "party"}, before);
    ASSERT_FALSE(got.rescreen);
    ASSERT_EQ(got.matches.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(ListMatchesToJson({got.matches[i]}), ListMatchesToJson({expected[i]})) << i;
    }
    const std::string n = name;
    // Changed where a match cites another entry (or another form of it).
    EXPECT_EQ(got.changed, n != "Alfa Texteis Lda" && n != "Nobody Relevant Ltd") << n;
  }
}

}  // namespace
}  // namespace clearbid
