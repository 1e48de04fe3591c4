// RematchScreeningMemo on a real SQLite store: the screenings whose answer a
// list change alters are rewritten, the rest left as they were (read with
// CiteListVersions, as a screening against the new lists), and the memo moves
// to the new lists' fingerprint.

#include "service/memo_rematch.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/base/clock.h"
#include "engine/screening/list_delta.h"
#include "engine/screening/list_match_json.h"
#include "engine/screening/list_screener.h"
#include "engine/store/list_store.h"
#include "engine/store/scan_store.h"
#include "engine/store/sqlite_db.h"

namespace clearbid {
namespace {

ListEntry Entry(std::string id, std::string name, std::string listed_until = "") {
  ListEntry e;
  e.entry_id = std::move(id);
  e.source = "national-agency";
  e.schema = EntitySchema::kCompany;
  e.name = std::move(name);
  e.countries = {"PT"};
  e.listed_until = std::move(listed_until);
  return e;
}

class MemoRematchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(":memory:");
    ASSERT_TRUE(db.ok());
    db_ = std::move(*db);
    auto lists = ListStore::Open(db_.get());
    ASSERT_TRUE(lists.ok()) << lists.status().ToString();
    lists_ = std::move(*lists);
    auto scans = ScanStore::Open(db_.get());
    ASSERT_TRUE(scans.ok()) << scans.status().ToString();
    scans_ = std::move(*scans);
  }
  ListVersion Add(const std::vector<ListEntry>& entries) {
    ListVersion v;
    v.name = "national";
    v.format = "csv";
    v.file_sha256 = std::string(64, static_cast<char>('a' + ++imports_));
    auto added = lists_->AddVersion(v, entries, FixedClock(0));
    EXPECT_TRUE(added.ok()) << added.status().ToString();
    return added.ok() ? *added : v;
  }
  /// Screens `names` against the version's entries active as of `as_of` and
  /// stores each under `fingerprint`, keyed by its name.
  void Memo(const ListVersion& v, const std::string& as_of, const std::vector<std::string>& names,
            const std::string& fingerprint) {
    auto entries = lists_->LoadVersionEntries(v.id);
    ASSERT_TRUE(entries.ok());
    std::vector<ListEntry> active;
    for (ListEntry& e : *entries) {
      if (ActiveAsOf(e, as_of)) active.push_back(std::move(e));
    }
    auto screener = MatcherListScreener::FromEntries(std::move(active), {v});
    std::vector<std::pair<std::string, std::string>> rows;
    for (const std::string& name : names) {
      std::vector<ListMatchEvidence> matches;
      screener->Screen(name, "PT", Identifier{}, "party", &matches);
      rows.emplace_back(name, ScreeningToJson(ScreeningQuery{name, "PT", "", "", "party"}, matches));
    }
    ASSERT_TRUE(scans_->PutScreenings(fingerprint, rows).ok());
  }
  std::map<std::string, std::string> Read(const std::string& fingerprint) {
    std::map<std::string, std::string> out;
    EXPECT_TRUE(scans_
                    ->ForEachScreening(fingerprint,
                                       [&](const std::string& k, const std::string& m) {
                                         out[k] = m;
                                         return Status::Ok();
                                       })
                    .ok());
    return out;
  }
  /// Read(), each row as a reader of the memo under `versions` sees it
  /// (CiteListVersions), in ScreeningToJson's form.
  std::map<std::string, std::string> ReadCited(const std::string& fingerprint, const std::vector<ListVersion>& versions) {
    std::unordered_map<std::string, int64_t> version_of;
    for (const ListVersion& v : versions) version_of[v.name] = v.id;
    std::map<std::string, std::string> out;
    for (const auto& [key, json] : Read(fingerprint)) {
      auto s = ScreeningFromJson(json, key);
      EXPECT_TRUE(s.ok() && s->query) << key;
      if (!s.ok() || !s->query) continue;
      CiteListVersions(version_of, &s->matches);
      out[key] = ScreeningToJson(*s->query, s->matches);
    }
    return out;
  }
  std::unique_ptr<Database> db_;
  std::unique_ptr<ListStore> lists_;
  std::unique_ptr<ScanStore> scans_;
  int imports_ = 0;
};

const std::vector<std::string> kNames = {"Alfa Texteis Lda", "Beta Uniformes SA", "Nobody Relevant Ltd",
                                         "Delta Malhas Lda"};

TEST_F(MemoRematchTest, AnEndedExclusionRewritesOnlyTheScreeningsThatMatchedIt) {
  ListVersion v = Add({Entry("a", "Alfa Texteis Lda"), Entry("b", "Beta Uniformes SA", "2026-11-25")});
  Memo(v, "2026-11-20", kNames, "before");
  const auto before = Read("before");
  ASSERT_EQ(before.size(), 4u);
  ASSERT_NE(before.at("Beta Uniformes SA").find("\"b\""), std::string::npos) << "b is not matched: nothing to test";
  // The form of a screening without matches, which the re-match passes over
  // unparsed when no entry is added.
  EXPECT_EQ(before.at("Nobody Relevant Ltd"), R"({"query":["Nobody Relevant Ltd","PT","","","party"],"matches":[]})");
  auto delta = ComputeListDelta(lists_.get(), {v.id}, "2026-11-20", {v}, "2026-11-26");
  ASSERT_TRUE(delta.ok()) << delta.status().ToString();
  ASSERT_EQ(delta->gone.size(), 1u);
  ASSERT_TRUE(delta->added.empty());
  ListDeltaRematcher rematcher(std::move(*delta), {v});
  ASSERT_FALSE(rematcher.adds_entries());
  auto got = RematchScreeningMemo(scans_.get(), "before", "after", rematcher, 2);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_TRUE(got->complete);
  EXPECT_EQ(got->screenings, 4);
  EXPECT_EQ(got->changed, 1);
  EXPECT_EQ(got->rewritten, 1);
  EXPECT_EQ(got->rescreen, 0);
  EXPECT_EQ(got->changed_keys, (std::unordered_set<std::string>{"Beta Uniformes SA"}));
  EXPECT_TRUE(Read("before").empty());
  // What screening against the entries active on the 26th gives.
  Memo(v, "2026-11-26", kNames, "reference");
  EXPECT_EQ(Read("after"), Read("reference"));
}

TEST_F(MemoRematchTest, ANewVersionRewritesTheScreeningsItChangesOrThatCiteIt) {
  ListVersion v1 = Add({Entry("a", "Alfa Texteis Lda"), Entry("b", "Beta Uniformes SA")});
  Memo(v1, "", kNames, "before");
  const auto before = Read("before");
  ListVersion v2 = Add({Entry("a", "Alfa Texteis Lda"), Entry("d", "Delta Malhas Lda")});
  auto delta = ComputeListDelta(lists_.get(), {v1.id}, "", {v2}, "");
  ASSERT_TRUE(delta.ok()) << delta.status().ToString();
  ListDeltaRematcher rematcher(std::move(*delta), {v2});
  ASSERT_TRUE(rematcher.adds_entries());
  auto got = RematchScreeningMemo(scans_.get(), "before", "after", rematcher, 2);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->screenings, 4);
  // Beta lost its match, Delta found one; Alfa's match, of an entry that did
  // not change, and Nobody are left as they were: Alfa's row still cites v1,
  // and reads as citing v2.
  EXPECT_EQ(got->changed_keys, (std::unordered_set<std::string>{"Beta Uniformes SA", "Delta Malhas Lda"}));
  EXPECT_EQ(got->rewritten, 2);
  const auto after = Read("after");
  ASSERT_EQ(after.size(), 4u);
  EXPECT_EQ(after.at("Alfa Texteis Lda"), before.at("Alfa Texteis Lda"));
  Memo(v2, "", kNames, "reference");
  EXPECT_NE(after.at("Alfa Texteis Lda"), Read("reference").at("Alfa Texteis Lda"));
  EXPECT_EQ(ReadCited("after", {v2}), Read("reference"));
}

TEST_F(MemoRematchTest, AMemoOfAnEarlierVersionWithoutQueriesIsDropped) {
  ListVersion v = Add({Entry("a", "Alfa Texteis Lda"), Entry("b", "Beta Uniformes SA", "2026-11-25")});
  Memo(v, "2026-11-20", kNames, "before");
  ASSERT_TRUE(scans_->PutScreenings("before", {{"Zulu", "[]"}}).ok());  // a row without its query
  auto delta = ComputeListDelta(lists_.get(), {v.id}, "2026-11-20", {v}, "2026-11-26");
  ASSERT_TRUE(delta.ok());
  ListDeltaRematcher rematcher(std::move(*delta), {v});
  auto got = RematchScreeningMemo(scans_.get(), "before", "after", rematcher, 2);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_FALSE(got->complete);
  EXPECT_TRUE(Read("before").empty());
  EXPECT_TRUE(Read("after").empty());
}

// Names enough for many chunks: some match an entry of either version, most
// none.
std::vector<std::string> ManyNames() {
  std::vector<std::string> names = kNames;
  for (int i = 0; i < 60; ++i) names.push_back("Fornecedor " + std::to_string(1000 + i * 37) + " Unipessoal");
  names.push_back("Beta Uniformes");
  names.push_back("Delta Malhas");
  return names;
}

TEST_F(MemoRematchTest, AMemoOfManyChunksEndsAsIfScreenedAfresh) {
  const std::vector<std::string> names = ManyNames();
  ListVersion v1 = Add({Entry("a", "Alfa Texteis Lda"), Entry("b", "Beta Uniformes SA")});
  Memo(v1, "", names, "before");
  ListVersion v2 = Add({Entry("a", "Alfa Texteis Lda"), Entry("d", "Delta Malhas Lda")});
  Memo(v2, "", names, "reference");
  // Chunks of 1 (each row alone), 7 (the last one short), and all rows at once.
  for (size_t chunk_rows : {size_t{1}, size_t{7}, names.size()}) {
    SCOPED_TRACE(chunk_rows);
    for (const auto& [key, json] : Read("before")) ASSERT_TRUE(scans_->PutScreenings("copy", {{key, json}}).ok());
    auto delta = ComputeListDelta(lists_.get(), {v1.id}, "", {v2}, "");
    ASSERT_TRUE(delta.ok()) << delta.status().ToString();
    ListDeltaRematcher rematcher(std::move(*delta), {v2});
    auto got = RematchScreeningMemo(scans_.get(), "copy", "after", rematcher, 3, chunk_rows);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_TRUE(got->complete);
    EXPECT_EQ(got->screenings, static_cast<int64_t>(names.size()));
    // Beta (either way written) lost its match, Delta Malhas Lda found one
    // ("Delta Malhas" alone does not reach the threshold).
    EXPECT_EQ(got->changed_keys,
              (std::unordered_set<std::string>{"Beta Uniformes SA", "Beta Uniformes", "Delta Malhas Lda"}));
    EXPECT_EQ(got->changed, 3);
    EXPECT_EQ(got->rewritten, 3);  // the changed ones (Alfa's match only cites v2 now: left)
    EXPECT_TRUE(Read("copy").empty());
    EXPECT_EQ(ReadCited("after", {v2}), Read("reference"));
  }
}

TEST_F(MemoRematchTest, ADamagedRowInALaterChunkIsAParseErrorNamingIt) {
  const std::vector<std::string> names = ManyNames();
  ListVersion v1 = Add({Entry("a", "Alfa Texteis Lda"), Entry("b", "Beta Uniformes SA")});
  Memo(v1, "", names, "before");
  // Keys are read in order: "~" sorts after every name.
  ASSERT_TRUE(scans_->PutScreenings("before", {{"~damaged", R"({"query":["x","PT","",)"}}).ok());
  ListVersion v2 = Add({Entry("d", "Delta Malhas Lda")});
  auto delta = ComputeListDelta(lists_.get(), {v1.id}, "", {v2}, "");
  ASSERT_TRUE(delta.ok());
  ListDeltaRematcher rematcher(std::move(*delta), {v2});
  auto got = RematchScreeningMemo(scans_.get(), "before", "after", rematcher, 2, 5);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), Status::Code::kParseError);
  EXPECT_NE(got.status().message().find("screening memo ~damaged"), std::string::npos) << got.status().ToString();
}

TEST_F(MemoRematchTest, ARowWithoutItsQueryInALaterChunkDropsTheMemo) {
  const std::vector<std::string> names = ManyNames();
  ListVersion v1 = Add({Entry("a", "Alfa Texteis Lda"), Entry("b", "Beta Uniformes SA")});
  Memo(v1, "", names, "before");
  ASSERT_TRUE(scans_->PutScreenings("before", {{"~old", "[]"}}).ok());
  ListVersion v2 = Add({Entry("d", "Delta Malhas Lda")});
  auto delta = ComputeListDelta(lists_.get(), {v1.id}, "", {v2}, "");
  ASSERT_TRUE(delta.ok());
  ListDeltaRematcher rematcher(std::move(*delta), {v2});
  auto got = RematchScreeningMemo(scans_.get(), "before", "after", rematcher, 2, 5);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_FALSE(got->complete);
  EXPECT_TRUE(Read("before").empty());
  EXPECT_TRUE(Read("after").empty());
}

}  // namespace
}  // namespace clearbid
