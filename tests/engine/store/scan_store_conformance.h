#pragma once
// The conformance suite of ScanStore (engine/store/scan_store.h): every
// implementation (SQLite, PostgreSQL) must pass it unchanged.
//
// A type-parameterised suite: a backend instantiates it with its factory,
//   INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, ScanStoreConformance, ::testing::Types<SqliteScanStoreFactory>);
// in one .cc. The factory is a struct with:
//   Factory();  // a fresh, empty database for one test
//   /// A new connection to that database and a store on it; each call opens
//   /// its own connection (the concurrency test calls it from two threads'
//   /// worth of stores). The factory owns the connections and outlives the
//   /// stores.
//   Result<std::unique_ptr<ScanStore>> Open();

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/store/scan_store.h"

namespace clearbid::testing {

template <typename Factory>
class ScanStoreConformance : public ::testing::Test {
 protected:
  static constexpr int64_t kT0 = 1764072000;  // 2025-11-25T12:00:00Z

  /// A store on a new connection; nullptr (and a failure) when it cannot open.
  std::unique_ptr<ScanStore> Open() {
    Result<std::unique_ptr<ScanStore>> store = factory_.Open();
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  static ScanRecord Spec(const std::string& as_of, int64_t processes = 3, const std::string& mode = "full") {
    ScanRecord r;
    r.as_of = as_of;
    r.mode = mode;
    r.pack_version = "core@1.2";
    r.lists_fingerprint = "lists-abc";
    r.list_versions = "3 12";
    r.out_dir = "/srv/scans";
    r.processes = processes;
    return r;
  }

  /// A running scan with items "ocds-<i>" (i = 100 .. 100+n-1: same length,
  /// so ocid order is number order), all pending.
  static std::string ScanWithItems(ScanStore& store, int n) {
    Result<ScanRecord> scan = store.CreateScan(Spec("2025-11-25", n));
    EXPECT_TRUE(scan.ok()) << scan.status().ToString();
    if (!scan.ok()) return "";
    std::vector<ScanItem> items;
    for (int i = 0; i < n; ++i) items.push_back({Ocid(i), "fp-" + std::to_string(i), ItemState::kPending});
    Status s = store.AddItems(scan->scan_id, items);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return scan->scan_id;
  }

  static std::string Ocid(int i) { return "ocds-" + std::to_string(100 + i); }

  static std::vector<std::string> Ocids(const std::vector<ScanItem>& items) {
    std::vector<std::string> out;
    for (const ScanItem& item : items) out.push_back(item.ocid);
    return out;
  }

  static std::vector<std::string> OcidRange(int begin, int end) {
    std::vector<std::string> out;
    for (int i = begin; i < end; ++i) out.push_back(Ocid(i));
    return out;
  }

  Factory factory_;
};

TYPED_TEST_SUITE_P(ScanStoreConformance);

TYPED_TEST_P(ScanStoreConformance, EmptyStoreHasNoScansItemsOrAssessments) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto running = store->RunningScan();
  ASSERT_TRUE(running.ok()) << running.status().ToString();
  EXPECT_FALSE(running->has_value());
  auto latest = store->LatestCompleteScan();
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  EXPECT_FALSE(latest->has_value());
  auto scan = store->GetScan("2025-11-25");
  ASSERT_TRUE(scan.ok()) << scan.status().ToString();
  EXPECT_FALSE(scan->has_value());
  auto a = store->GetAssessment("ocds-1");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_FALSE(a->has_value());
  auto n = store->CountItems("2025-11-25", std::nullopt);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 0);
  auto pending = store->PendingItems("2025-11-25", "", 10);
  ASSERT_TRUE(pending.ok()) << pending.status().ToString();
  EXPECT_TRUE(pending->empty());
}

TYPED_TEST_P(ScanStoreConformance, CreateScanNamesByDateNumbersRepeatsAndRoundTrips) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto first = store->CreateScan(this->Spec("2025-11-25", 7, "full"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->scan_id, "2025-11-25");
  EXPECT_EQ(first->sequence, 1);
  EXPECT_EQ(first->status, "running");
  EXPECT_EQ(first->out_dir, "/srv/scans/2025-11-25");
  EXPECT_EQ(first->processes, 7);
  EXPECT_EQ(first->assessed, 0);
  EXPECT_EQ(first->reused, 0);

  auto second = store->CreateScan(this->Spec("2025-11-25", 8, "incremental"));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->scan_id, "2025-11-25-2");
  EXPECT_EQ(second->sequence, 2);
  EXPECT_EQ(second->out_dir, "/srv/scans/2025-11-25-2");
  auto third = store->CreateScan(this->Spec("2025-11-25"));
  ASSERT_TRUE(third.ok()) << third.status().ToString();
  EXPECT_EQ(third->scan_id, "2025-11-25-3");
  auto other_day = store->CreateScan(this->Spec("2025-11-26"));
  ASSERT_TRUE(other_day.ok()) << other_day.status().ToString();
  EXPECT_EQ(other_day->scan_id, "2025-11-26");
  EXPECT_EQ(other_day->sequence, 4);

  auto got = store->GetScan("2025-11-25-2");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(got->has_value());
  const ScanRecord& r = **got;
  EXPECT_EQ(r.scan_id, "2025-11-25-2");
  EXPECT_EQ(r.sequence, 2);
  EXPECT_EQ(r.as_of, "2025-11-25");
  EXPECT_EQ(r.mode, "incremental");
  EXPECT_EQ(r.pack_version, "core@1.2");
  EXPECT_EQ(r.lists_fingerprint, "lists-abc");
  EXPECT_EQ(r.out_dir, "/srv/scans/2025-11-25-2");
  EXPECT_EQ(r.status, "running");
  EXPECT_EQ(r.processes, 8);
  EXPECT_EQ(r.carried_over, (std::array<int64_t, 4>{0, 0, 0, 0}));
  EXPECT_EQ(r.list_versions, "3 12");
  // Processes carried over without items, by band, kept with the scan (the last record wins).
  ASSERT_TRUE(store->RecordCarriedOver("2025-11-25-2", {9, 9, 9, 9}).ok());
  ASSERT_TRUE(store->RecordCarriedOver("2025-11-25-2", {5, 0, 7, 1}).ok());
  got = store->GetScan("2025-11-25-2");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->carried_over, (std::array<int64_t, 4>{5, 0, 7, 1}));
  auto untouched = store->GetScan("2025-11-25");
  ASSERT_TRUE(untouched.ok() && untouched->has_value());
  EXPECT_EQ((*untouched)->carried_over, (std::array<int64_t, 4>{0, 0, 0, 0}));

  // The running scan is the newest of those left running.
  auto running = store->RunningScan();
  ASSERT_TRUE(running.ok());
  ASSERT_TRUE(running->has_value());
  EXPECT_EQ((*running)->scan_id, "2025-11-26");
}

TYPED_TEST_P(ScanStoreConformance, CreateScanWithoutOutputFolderIsRefused) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  ScanRecord spec = this->Spec("2025-11-25");
  spec.out_dir = "";
  auto scan = store->CreateScan(spec);
  ASSERT_FALSE(scan.ok());
  EXPECT_EQ(scan.status().code(), Status::Code::kInvalidArgument) << scan.status().ToString();
  auto running = store->RunningScan();
  ASSERT_TRUE(running.ok());
  EXPECT_FALSE(running->has_value());
}

TYPED_TEST_P(ScanStoreConformance, FinishScanMakesItTheLatestComplete) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto a = store->CreateScan(this->Spec("2025-11-24"));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(store->FinishScan(a->scan_id, 5, 2).ok());
  auto running = store->RunningScan();
  ASSERT_TRUE(running.ok());
  EXPECT_FALSE(running->has_value());

  auto b = store->CreateScan(this->Spec("2025-11-25"));
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  auto latest = store->LatestCompleteScan();
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ((*latest)->scan_id, "2025-11-24");
  EXPECT_EQ((*latest)->status, "complete");
  EXPECT_EQ((*latest)->assessed, 5);
  EXPECT_EQ((*latest)->reused, 2);
  running = store->RunningScan();
  ASSERT_TRUE(running.ok());
  ASSERT_TRUE(running->has_value());
  EXPECT_EQ((*running)->scan_id, "2025-11-25");

  ASSERT_TRUE(store->FinishScan(b->scan_id, 1, 9).ok());
  latest = store->LatestCompleteScan();
  ASSERT_TRUE(latest.ok());
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ((*latest)->scan_id, "2025-11-25");
  EXPECT_EQ((*latest)->reused, 9);
  running = store->RunningScan();
  ASSERT_TRUE(running.ok());
  EXPECT_FALSE(running->has_value());
}

TYPED_TEST_P(ScanStoreConformance, PendingItemsInByteOrderAfterACursor) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto scan = store->CreateScan(this->Spec("2025-11-25"));
  ASSERT_TRUE(scan.ok()) << scan.status().ToString();
  // Byte order: upper case before lower case, whatever the database's locale.
  ASSERT_TRUE(store
                  ->AddItems(scan->scan_id, {{"ocds-b", "f1", ItemState::kPending},
                                             {"ocds-B-1", "f2", ItemState::kReuse},
                                             {"ocds-a-1", "f3", ItemState::kPending},
                                             {"ocds-Z", "f4", ItemState::kDone},
                                             {"ocds-Y", "f5", ItemState::kPending}})
                  .ok());
  auto page = store->PendingItems(scan->scan_id, "", 2);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].ocid, "ocds-B-1");
  EXPECT_EQ((*page)[0].fingerprint, "f2");
  EXPECT_EQ((*page)[0].state, ItemState::kReuse);
  EXPECT_EQ((*page)[1].ocid, "ocds-Y");
  EXPECT_EQ((*page)[1].state, ItemState::kPending);
  page = store->PendingItems(scan->scan_id, "ocds-Y", 2);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(this->Ocids(*page), (std::vector<std::string>{"ocds-a-1", "ocds-b"}));  // ocds-Z is done
  page = store->PendingItems(scan->scan_id, "ocds-b", 2);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->empty());
}

TYPED_TEST_P(ScanStoreConformance, MarkDoneLeavesPendingAndCountsByState) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto scan = store->CreateScan(this->Spec("2025-11-25"));
  ASSERT_TRUE(scan.ok());
  ASSERT_TRUE(store
                  ->AddItems(scan->scan_id, {{"o1", "f", ItemState::kPending},
                                             {"o2", "f", ItemState::kReuse},
                                             {"o3", "f", ItemState::kPending}})
                  .ok());
  ASSERT_TRUE(store->MarkDone(scan->scan_id, "o1", -1).ok());
  ASSERT_TRUE(store->MarkDone(scan->scan_id, "o2", -1).ok());
  EXPECT_TRUE(store->MarkDone(scan->scan_id, "no-such-ocid", -1).ok());
  auto pending = store->PendingItems(scan->scan_id, "", 10);
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(this->Ocids(*pending), (std::vector<std::string>{"o3"}));
  auto all = store->CountItems(scan->scan_id, std::nullopt);
  auto done = store->CountItems(scan->scan_id, ItemState::kDone);
  auto waiting = store->CountItems(scan->scan_id, ItemState::kPending);
  auto reuse = store->CountItems(scan->scan_id, ItemState::kReuse);
  ASSERT_TRUE(all.ok() && done.ok() && waiting.ok() && reuse.ok());
  EXPECT_EQ(*all, 3);
  EXPECT_EQ(*done, 2);
  EXPECT_EQ(*waiting, 1);
  EXPECT_EQ(*reuse, 0);
}

TYPED_TEST_P(ScanStoreConformance, AddItemsReplacesAnItemOfTheSameOcid) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto scan = store->CreateScan(this->Spec("2025-11-25"));
  ASSERT_TRUE(scan.ok());
  ASSERT_TRUE(store->AddItems(scan->scan_id, {{"o1", "f1", ItemState::kPending}}).ok());
  ASSERT_TRUE(store->MarkDone(scan->scan_id, "o1", -1).ok());
  // Again, twice in one call: the last one wins.
  ASSERT_TRUE(store
                  ->AddItems(scan->scan_id, {{"o1", "f2", ItemState::kPending},
                                             {"o2", "g", ItemState::kPending},
                                             {"o1", "f3", ItemState::kReuse}})
                  .ok());
  auto pending = store->PendingItems(scan->scan_id, "", 10);
  ASSERT_TRUE(pending.ok()) << pending.status().ToString();
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].ocid, "o1");
  EXPECT_EQ((*pending)[0].fingerprint, "f3");
  EXPECT_EQ((*pending)[0].state, ItemState::kReuse);
  auto all = store->CountItems(scan->scan_id, std::nullopt);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, 2);
}

TYPED_TEST_P(ScanStoreConformance, ManyItemsInOneCallAndScansKeptApart) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto a = store->CreateScan(this->Spec("2025-11-25"));
  auto b = store->CreateScan(this->Spec("2025-11-26"));
  ASSERT_TRUE(a.ok() && b.ok());
  std::vector<ScanItem> items;
  for (int i = 0; i < 457; ++i) items.push_back({this->Ocid(i), "fp", ItemState::kPending});
  ASSERT_TRUE(store->AddItems(a->scan_id, items).ok());
  ASSERT_TRUE(store->AddItems(b->scan_id, {{"ocds-999", "fp", ItemState::kPending}}).ok());
  auto count_a = store->CountItems(a->scan_id, std::nullopt);
  auto count_b = store->CountItems(b->scan_id, std::nullopt);
  ASSERT_TRUE(count_a.ok() && count_b.ok());
  EXPECT_EQ(*count_a, 457);
  EXPECT_EQ(*count_b, 1);
  std::vector<std::string> seen;
  std::string after;
  for (;;) {
    auto page = store->PendingItems(a->scan_id, after, 100);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    if (page->empty()) break;
    after = page->back().ocid;
    for (const ScanItem& item : *page) seen.push_back(item.ocid);
  }
  EXPECT_EQ(seen, this->OcidRange(0, 457));
}

TYPED_TEST_P(ScanStoreConformance, RuleCataloguesAreKeptPerPackVersion) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto none = store->GetRuleCatalogue("core@1.0.0");
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_FALSE(none->has_value());
  const std::string json = "{\n  \"schema\": \"clearbid.rule-catalogue/1.0\", \"t\": \"Société \\\"Ü\\\" ≠\"\n}\n";
  ASSERT_TRUE(store->PutRuleCatalogue("core@1.0.0", json).ok());
  ASSERT_TRUE(store->PutRuleCatalogue("core@1.1.0", "{}").ok());
  auto got = store->GetRuleCatalogue("core@1.0.0");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(**got, json);
  ASSERT_TRUE(store->PutRuleCatalogue("core@1.0.0", "{\"again\":1}").ok());
  got = store->GetRuleCatalogue("core@1.0.0");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ(**got, "{\"again\":1}");
  got = store->GetRuleCatalogue("core@1.1.0");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ(**got, "{}");
}

TYPED_TEST_P(ScanStoreConformance, BandCountsUseTheDoneBandElseTheStoredAssessment) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  ScanRecord spec;
  spec.as_of = "2026-11-25";
  spec.mode = "full";
  spec.pack_version = "core@1";
  spec.out_dir = "/scans";
  auto scan = store->CreateScan(spec);
  ASSERT_TRUE(scan.ok()) << scan.status().ToString();
  std::vector<ScanItem> items;
  for (const char* o : {"o1", "o2", "o3", "o4", "o5", "o6"}) items.push_back({o, "f", ItemState::kPending});
  ASSERT_TRUE(store->AddItems(scan->scan_id, items).ok());
  ASSERT_TRUE(store->PutAssessment({"o3", "f", "earlier", "high", 60, "{}"}).ok());
  ASSERT_TRUE(store->PutAssessment({"o4", "f", "earlier", "critical", 80, "{}"}).ok());
  ASSERT_TRUE(store->MarkDone(scan->scan_id, "o1", 0).ok());
  ASSERT_TRUE(store->MarkDone(scan->scan_id, "o2", 3).ok());
  ASSERT_TRUE(store->MarkDone(scan->scan_id, "o3", -1).ok());  // reused: the stored band (high)
  ASSERT_TRUE(store->MarkDone(scan->scan_id, "o4", 1).ok());   // assessed: its own band wins
  ASSERT_TRUE(store->MarkDone(scan->scan_id, "o5", 2).ok());
  // o6: not done, no assessment: unknown.
  auto counts = store->BandCounts(scan->scan_id);
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(*counts, (std::array<int64_t, 5>{1, 1, 2, 1, 1}));
  auto high = store->ItemsAtOrAbove(scan->scan_id, 2);
  ASSERT_TRUE(high.ok()) << high.status().ToString();
  EXPECT_EQ(*high, (std::vector<std::string>{"o2", "o5"}));
  auto none = store->BandCounts("no-such-scan");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, (std::array<int64_t, 5>{0, 0, 0, 0, 0}));
}

/// Every screening of `fingerprint`, in the order ForEachScreening() gives them.
inline std::vector<std::pair<std::string, std::string>> ReadScreenings(ScanStore& store, const std::string& fingerprint) {
  std::vector<std::pair<std::string, std::string>> out;
  Status s = store.ForEachScreening(fingerprint, [&](const std::string& k, const std::string& m) {
    out.emplace_back(k, m);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

TYPED_TEST_P(ScanStoreConformance, ScreeningMemoIsKeptPerFingerprintInKeyOrder) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto read = [&](const std::string& fp) { return ReadScreenings(*store, fp); };
  EXPECT_TRUE(read("fp1").empty());
  // More than one page of the PostgreSQL store (10,000), in reverse key order.
  std::vector<std::pair<std::string, std::string>> many;
  for (int i = 12000; i-- > 0;) many.emplace_back(fmt::format("k{:06d}", i), i % 7 ? "[]" : "[{\"x\":1}]");
  ASSERT_TRUE(store->PutScreenings("fp1", many).ok());
  ASSERT_TRUE(store->PutScreenings("fp2", {{"k000001", "[2]"}}).ok());
  ASSERT_TRUE(store->PutScreenings("fp1", {{"k000003", "[\"replaced\"]"}}).ok());
  auto got = read("fp1");
  ASSERT_EQ(got.size(), 12000u);
  EXPECT_EQ(got[0].first, "k000000");
  EXPECT_EQ(got[0].second, "[{\"x\":1}]");
  EXPECT_EQ(got[3].second, "[\"replaced\"]");
  EXPECT_EQ(got[11999].first, "k011999");
  for (size_t i = 1; i < got.size(); ++i) ASSERT_LT(got[i - 1].first, got[i].first);
  // One screening by key, under its own fingerprint only.
  auto one = store->GetScreening("fp1", "k000003");
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  ASSERT_TRUE(one->has_value());
  EXPECT_EQ(**one, "[\"replaced\"]");
  auto other = store->GetScreening("fp2", "k000001");
  ASSERT_TRUE(other.ok() && other->has_value());
  EXPECT_EQ(**other, "[2]");
  auto absent = store->GetScreening("fp2", "k000003");
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());
  // A callback's error stops the walk and is returned.
  int calls = 0;
  Status stop = store->ForEachScreening("fp1", [&](const std::string&, const std::string&) {
    return ++calls == 5 ? Status::Internal("stop") : Status::Ok();
  });
  EXPECT_FALSE(stop.ok());
  EXPECT_EQ(calls, 5);
  ASSERT_TRUE(store->DropScreeningsExcept("fp2").ok());
  EXPECT_TRUE(read("fp1").empty());
  auto kept = read("fp2");
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].second, "[2]");
}

TYPED_TEST_P(ScanStoreConformance, ScreeningMemoIsRewrittenDuringItsWalkAndMovedToOtherLists) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto read = [&](const std::string& fp) { return ReadScreenings(*store, fp); };
  // Over two pages of either store (4,096 on SQLite, 10,000 on PostgreSQL).
  std::vector<std::pair<std::string, std::string>> many;
  for (int i = 0; i < 21000; ++i) many.emplace_back(fmt::format("k{:06d}", i), "[]");
  ASSERT_TRUE(store->PutScreenings("old", many).ok());
  ASSERT_TRUE(store->PutScreenings("new", {{"k000001", "[\"earlier\"]"}, {"x", "[]"}}).ok());
  // The walk rewrites every third screening it has passed and drops every
  // seventh, in batches, as RematchScreeningMemo() does.
  std::vector<std::pair<std::string, std::string>> batch;
  std::vector<std::string> gone;
  int seen = 0;
  Status walk = store->ForEachScreening("old", [&](const std::string& k, const std::string& m) -> Status {
    ++seen;
    if (m != "[]") return Status::Internal("read a rewritten screening again: " + k);
    const int i = std::stoi(k.substr(1));
    if (i % 7 == 0) {
      gone.push_back(k);
    } else if (i % 3 == 0) {
      batch.emplace_back(k, "[\"" + k + "\"]");
    }
    if (batch.size() + gone.size() >= 1500) {
      RETURN_IF_ERROR(store->PutScreenings("old", batch));
      RETURN_IF_ERROR(store->DropScreenings("old", gone));
      batch.clear();
      gone.clear();
    }
    return Status::Ok();
  });
  ASSERT_TRUE(walk.ok()) << walk.ToString();
  ASSERT_TRUE(store->PutScreenings("old", batch).ok());
  ASSERT_TRUE(store->DropScreenings("old", gone).ok());
  EXPECT_EQ(seen, 21000);
  // Keys that are not stored, and fingerprints without a memo: nothing happens.
  ASSERT_TRUE(store->DropScreenings("old", {"absent"}).ok());
  ASSERT_TRUE(store->DropScreenings("none", {"k000001"}).ok());
  ASSERT_TRUE(store->MoveScreenings("none", "new").ok());
  ASSERT_EQ(read("new").size(), 2u);
  ASSERT_TRUE(store->MoveScreenings("old", "old").ok());

  // The memo moves to the other lists: what "new" held before is gone.
  ASSERT_TRUE(store->MoveScreenings("old", "new").ok());
  EXPECT_TRUE(read("old").empty());
  auto moved = read("new");
  size_t expected = 0;
  for (int i = 0; i < 21000; ++i) expected += i % 7 != 0;
  ASSERT_EQ(moved.size(), expected);
  for (const auto& [k, m] : moved) {
    const int i = std::stoi(k.substr(1));
    ASSERT_NE(i % 7, 0) << k;
    EXPECT_EQ(m, i % 3 == 0 ? "[\"" + k + "\"]" : "[]") << k;
  }
  auto one = store->GetScreening("new", "k000001");
  ASSERT_TRUE(one.ok() && one->has_value());
  EXPECT_EQ(**one, "[]");
  auto old = store->GetScreening("old", "k000001");
  ASSERT_TRUE(old.ok());
  EXPECT_FALSE(old->has_value());
  EXPECT_FALSE(store->GetScreening("new", "x")->has_value());
  // The old fingerprint starts a memo of its own again.
  ASSERT_TRUE(store->PutScreenings("old", {{"k000002", "[3]"}}).ok());
  EXPECT_EQ(read("old").size(), 1u);
  EXPECT_EQ(**store->GetScreening("new", "k000002"), "[]");
  ASSERT_TRUE(store->DropScreeningsExcept("new").ok());
  EXPECT_TRUE(read("old").empty());
  EXPECT_EQ(read("new").size(), expected);
}

TYPED_TEST_P(ScanStoreConformance, PutAssessmentReplacesAndKeepsEveryField) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  const double third = 1.0 / 3.0;
  const std::string json = R"({"ocid":"ocds-1","name":"Société \"Ünïcode\" Ltd","n":[1,2]})";
  ASSERT_TRUE(store->PutAssessment({"ocds-1", "fp1", "2025-11-25", "high", third, json}).ok());
  ASSERT_TRUE(store->PutAssessment({"ocds-2", "fp2", "2025-11-25", "low", 0.1, "{}"}).ok());
  auto got = store->GetAssessment("ocds-1");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->ocid, "ocds-1");
  EXPECT_EQ((*got)->fingerprint, "fp1");
  EXPECT_EQ((*got)->scan_id, "2025-11-25");
  EXPECT_EQ((*got)->band, "high");
  EXPECT_EQ((*got)->score, third);  // bit for bit
  EXPECT_EQ((*got)->json, json);

  ASSERT_TRUE(store->PutAssessment({"ocds-1", "fp9", "screen", "critical", 87.125, "{\"x\":1}"}).ok());
  got = store->GetAssessment("ocds-1");
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->fingerprint, "fp9");
  EXPECT_EQ((*got)->scan_id, "screen");
  EXPECT_EQ((*got)->band, "critical");
  EXPECT_EQ((*got)->score, 87.125);
  EXPECT_EQ((*got)->json, "{\"x\":1}");
  auto other = store->GetAssessment("ocds-2");
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(other->has_value());
  EXPECT_EQ((*other)->score, 0.1);
  auto fingerprint = store->AssessmentFingerprint("ocds-1");
  ASSERT_TRUE(fingerprint.ok()) << fingerprint.status().ToString();
  ASSERT_TRUE(fingerprint->has_value());
  EXPECT_EQ((*fingerprint)->fingerprint, "fp9");
  EXPECT_EQ((*fingerprint)->band, (*got)->band);
  auto no_fingerprint = store->AssessmentFingerprint("ocds-none");
  ASSERT_TRUE(no_fingerprint.ok());
  EXPECT_FALSE(no_fingerprint->has_value());
  // ocds-1 now belongs to "screen": one assessment left with the scan's id.
  auto by_scan = store->CountAssessments("2025-11-25");
  ASSERT_TRUE(by_scan.ok()) << by_scan.status().ToString();
  EXPECT_EQ(*by_scan, 1);
  auto by_screen = store->CountAssessments("screen");
  ASSERT_TRUE(by_screen.ok());
  EXPECT_EQ(*by_screen, 1);
  auto none = store->CountAssessments("2099-01-01");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
}

// A walk answers as AssessmentFingerprint() does: ocids asked in byte order
// (non-ASCII ones after "ocds-z"), absent ones before, between and after
// the stored ones, one asked twice, items added between two answers (as an
// incremental scan's pass does), and ocids asked again out of order.
TYPED_TEST_P(ScanStoreConformance, FingerprintWalkAnswersAsTheLookupInAnyOrder) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto scan = store->CreateScan(this->Spec("2025-11-25"));
  ASSERT_TRUE(scan.ok()) << scan.status().ToString();
  const std::string accented = "ocds-\xc3\xa9";
  for (const auto& [ocid, band] : std::vector<std::pair<std::string, std::string>>{
           {"ocds-b", "low"}, {"ocds-d", "high"}, {"ocds-f", "medium"}, {accented, "critical"}}) {
    ASSERT_TRUE(store->PutAssessment({ocid, "fp-" + ocid, "2025-11-25", band, 0.5, "{}"}).ok());
  }
  auto walk = store->WalkFingerprints();
  ASSERT_TRUE(walk.ok()) << walk.status().ToString();
  const std::vector<std::string> asked = {"ocds-a", "ocds-b", "ocds-b", "ocds-c", "ocds-d", "ocds-e", "ocds-f",
                                          "ocds-z", accented,  "ocds-\xf4\x8f\xbf\xbf", "ocds-d", "ocds-a", accented};
  int found = 0;
  for (size_t i = 0; i < asked.size(); ++i) {
    auto got = (*walk)->Find(asked[i]);
    ASSERT_TRUE(got.ok()) << asked[i] << ": " << got.status().ToString();
    auto expected = store->AssessmentFingerprint(asked[i]);
    ASSERT_TRUE(expected.ok());
    ASSERT_EQ(got->has_value(), expected->has_value()) << "ask " << i << ": " << asked[i];
    if (got->has_value()) {
      ++found;
      EXPECT_EQ((*got)->fingerprint, "fp-" + asked[i]);
      EXPECT_EQ((*got)->fingerprint, (*expected)->fingerprint);
      EXPECT_EQ((*got)->band, (*expected)->band);
    }
    ASSERT_TRUE(store->AddItems(scan->scan_id, {{asked[i], "fp", ItemState::kPending}}).ok());
  }
  EXPECT_EQ(found, 7);
  walk->reset();
}

TYPED_TEST_P(ScanStoreConformance, AssessmentsUsingFindsTheScreeningsKeysAndUnrecordedOnes) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto put = [&](const std::string& ocid, std::optional<std::string> keys) {
    StoredAssessment a{ocid, "fp", "2025-11-25", "low", 0, "{}"};
    a.screening_keys = std::move(keys);
    Status s = store->PutAssessment(a);
    ASSERT_TRUE(s.ok()) << s.ToString();
  };
  put("ocds-3", "k1 k2");
  put("ocds-1", "k2");
  put("ocds-2", "");          // screened nothing
  put("ocds-4", "k10 k3");
  put("ocds-1", "k4 k5");     // replaced: k2 no longer
  auto using_k2 = store->AssessmentsUsing({"k2"});
  ASSERT_TRUE(using_k2.ok()) << using_k2.status().ToString();
  EXPECT_EQ(*using_k2, (std::vector<std::string>{"ocds-3"}));
  auto several = store->AssessmentsUsing({"k5", "k3", "k1"});
  ASSERT_TRUE(several.ok());
  EXPECT_EQ(*several, (std::vector<std::string>{"ocds-1", "ocds-3", "ocds-4"}));  // byte order; k1 is not k10
  auto none = store->AssessmentsUsing({});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  // Screenings not known (an assessment stored without them): always returned.
  put("ocds-0", std::nullopt);
  put("ocds-3", std::nullopt);
  auto unknown = store->AssessmentsUsing({"k4"});
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(*unknown, (std::vector<std::string>{"ocds-0", "ocds-1", "ocds-3"}));
  // After the last row of keys, and past ASCII (byte order): an unknown one
  // last, a keyed one before it.
  put("ocds-\xc3\xa9", "k4");
  put("ocds-9", std::nullopt);
  put("ocds-5", "k6");
  auto last = store->AssessmentsUsing({"k4"});
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, (std::vector<std::string>{"ocds-0", "ocds-1", "ocds-3", "ocds-9", "ocds-\xc3\xa9"}));
  put("ocds-\xc3\xa9", std::nullopt);
  auto tail = store->AssessmentsUsing({"k6"});
  ASSERT_TRUE(tail.ok());
  EXPECT_EQ(*tail, (std::vector<std::string>{"ocds-0", "ocds-3", "ocds-5", "ocds-9", "ocds-\xc3\xa9"}));
  // The keys are not part of the assessment read back.
  auto got = store->GetAssessment("ocds-3");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->json, "{}");
}

TYPED_TEST_P(ScanStoreConformance, TwoWorkersClaimDisjointItemsInOcidOrder) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  const std::string scan = this->ScanWithItems(*store, 10);
  const int64_t t = this->kT0;
  auto w1 = store->ClaimItems(scan, "host-a:1", 4, t, 300);
  ASSERT_TRUE(w1.ok()) << w1.status().ToString();
  EXPECT_EQ(this->Ocids(*w1), this->OcidRange(0, 4));
  EXPECT_EQ((*w1)[0].fingerprint, "fp-0");
  EXPECT_EQ((*w1)[0].state, ItemState::kPending);
  auto w2 = store->ClaimItems(scan, "host-b:1", 4, t, 300);
  ASSERT_TRUE(w2.ok()) << w2.status().ToString();
  EXPECT_EQ(this->Ocids(*w2), this->OcidRange(4, 8));
  // A worker's own live claims are not handed back to it.
  auto w1_again = store->ClaimItems(scan, "host-a:1", 4, t + 1, 300);
  ASSERT_TRUE(w1_again.ok());
  EXPECT_EQ(this->Ocids(*w1_again), this->OcidRange(8, 10));
  auto none = store->ClaimItems(scan, "host-b:1", 4, t + 2, 300);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  // Claims do not change what is pending, nor the counts.
  auto pending = store->PendingItems(scan, "", 100);
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->size(), 10u);
  auto zero = store->ClaimItems(scan, "host-c:1", 0, t, 300);
  ASSERT_TRUE(zero.ok()) << zero.status().ToString();
  EXPECT_TRUE(zero->empty());
}

TYPED_TEST_P(ScanStoreConformance, ExpiredLeaseIsTakenOverByAnotherWorker) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  const std::string scan = this->ScanWithItems(*store, 5);
  const int64_t t = this->kT0;
  auto dead = store->ClaimItems(scan, "dead", 3, t, 60);
  ASSERT_TRUE(dead.ok());
  ASSERT_EQ(dead->size(), 3u);
  // At t+60 the lease still holds (it expires only before a later now).
  auto early = store->ClaimItems(scan, "alive", 10, t + 60, 60);
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(this->Ocids(*early), this->OcidRange(3, 5));
  auto late = store->ClaimItems(scan, "heir", 10, t + 61, 60);
  ASSERT_TRUE(late.ok()) << late.status().ToString();
  EXPECT_EQ(this->Ocids(*late), this->OcidRange(0, 3));
  // The heir's lease now holds against the dead worker coming back.
  auto back = store->ClaimItems(scan, "dead", 10, t + 62, 60);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->empty());
  // ... until it expires too (alive's and heir's items, in ocid order).
  auto after = store->ClaimItems(scan, "dead", 10, t + 200, 60);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(this->Ocids(*after), this->OcidRange(0, 5));
}

TYPED_TEST_P(ScanStoreConformance, DoneItemIsNeverClaimedAgain) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  auto scan = store->CreateScan(this->Spec("2025-11-25"));
  ASSERT_TRUE(scan.ok());
  ASSERT_TRUE(store
                  ->AddItems(scan->scan_id, {{"o1", "f", ItemState::kPending},
                                             {"o2", "f", ItemState::kReuse},
                                             {"o3", "f", ItemState::kPending},
                                             {"o4", "f", ItemState::kDone}})
                  .ok());
  const int64_t t = this->kT0;
  auto first = store->ClaimItems(scan->scan_id, "w1", 10, t, 60);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(this->Ocids(*first), (std::vector<std::string>{"o1", "o2", "o3"}));
  EXPECT_EQ((*first)[1].state, ItemState::kReuse);  // reuse items are work too
  ASSERT_TRUE(store->MarkDone(scan->scan_id, "o1", -1).ok());
  ASSERT_TRUE(store->MarkDone(scan->scan_id, "o2", -1).ok());
  // w1 dies: its lease runs out; only the item it did not finish is claimable.
  auto second = store->ClaimItems(scan->scan_id, "w2", 10, t + 3600, 60);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(this->Ocids(*second), (std::vector<std::string>{"o3"}));
  ASSERT_TRUE(store->MarkDone(scan->scan_id, "o3", -1).ok());
  ASSERT_TRUE(store->ReleaseClaims(scan->scan_id, "w2").ok());
  auto third = store->ClaimItems(scan->scan_id, "w3", 10, t + 7200, 60);
  ASSERT_TRUE(third.ok());
  EXPECT_TRUE(third->empty());
  auto done = store->CountItems(scan->scan_id, ItemState::kDone);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(*done, 4);
}

TYPED_TEST_P(ScanStoreConformance, ReleaseClaimsFreesOnlyThatWorkersItems) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  const std::string scan = this->ScanWithItems(*store, 6);
  const int64_t t = this->kT0;
  ASSERT_TRUE(store->ClaimItems(scan, "w1", 2, t, 600).ok());
  ASSERT_TRUE(store->ClaimItems(scan, "w2", 2, t, 600).ok());
  ASSERT_TRUE(store->ReleaseClaims(scan, "w1").ok());
  ASSERT_TRUE(store->ReleaseClaims(scan, "nobody").ok());
  ASSERT_TRUE(store->ReleaseClaims("other-scan", "w2").ok());
  auto w3 = store->ClaimItems(scan, "w3", 10, t + 1, 600);
  ASSERT_TRUE(w3.ok());
  std::vector<std::string> expected = this->OcidRange(0, 2);
  for (const std::string& o : this->OcidRange(4, 6)) expected.push_back(o);
  EXPECT_EQ(this->Ocids(*w3), expected);
  // An item added again loses its claim.
  ASSERT_TRUE(store->AddItems(scan, {{this->Ocid(2), "fp-new", ItemState::kPending}}).ok());
  auto w4 = store->ClaimItems(scan, "w4", 10, t + 2, 600);
  ASSERT_TRUE(w4.ok());
  ASSERT_EQ(this->Ocids(*w4), (std::vector<std::string>{this->Ocid(2)}));
  EXPECT_EQ((*w4)[0].fingerprint, "fp-new");

  Status bad = store->ReleaseClaims(scan, "");
  EXPECT_EQ(bad.code(), Status::Code::kInvalidArgument) << bad.ToString();
}

TYPED_TEST_P(ScanStoreConformance, ClaimRequestsOutOfBoundsAreRefusedAndClaimNothing) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  const std::string scan = this->ScanWithItems(*store, 3);
  const int64_t t = this->kT0;
  struct Bad {
    std::string worker;
    size_t limit;
    int64_t now, lease;
  } cases[] = {
      {"", 10, t, 60},
      {std::string(kMaxWorkerName + 1, 'w'), 10, t, 60},
      {"w", kMaxClaimItems + 1, t, 60},
      {"w", 10, -1, 60},
      {"w", 10, t, 0},
      {"w", 10, t, -5},
      {"w", 10, t, kMaxLeaseSeconds + 1},
  };
  for (const Bad& c : cases) {
    auto claimed = store->ClaimItems(scan, c.worker, c.limit, c.now, c.lease);
    ASSERT_FALSE(claimed.ok()) << c.worker.size() << " " << c.limit << " " << c.now << " " << c.lease;
    EXPECT_EQ(claimed.status().code(), Status::Code::kInvalidArgument) << claimed.status().ToString();
  }
  auto all = store->ClaimItems(scan, std::string(kMaxWorkerName, 'w'), kMaxClaimItems, t, kMaxLeaseSeconds);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all->size(), 3u);
}

TYPED_TEST_P(ScanStoreConformance, ConcurrentClaimsFromTwoConnectionsNeverOverlap) {
  auto setup = this->Open();
  ASSERT_NE(setup, nullptr);
  constexpr int kItems = 300;
  const std::string scan = this->ScanWithItems(*setup, kItems);
  std::unique_ptr<ScanStore> stores[2] = {this->Open(), this->Open()};
  ASSERT_NE(stores[0], nullptr);
  ASSERT_NE(stores[1], nullptr);
  std::vector<std::string> claimed[2];
  Status failure[2];
  std::vector<std::thread> threads;
  for (int w = 0; w < 2; ++w) {
    threads.emplace_back([&, w] {
      const std::string worker = "worker-" + std::to_string(w);
      for (;;) {
        Result<std::vector<ScanItem>> batch = stores[w]->ClaimItems(scan, worker, 7, this->kT0, 600);
        if (!batch.ok()) {
          failure[w] = batch.status();
          return;
        }
        if (batch->empty()) return;
        for (const ScanItem& item : *batch) claimed[w].push_back(item.ocid);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  ASSERT_TRUE(failure[0].ok()) << failure[0].ToString();
  ASSERT_TRUE(failure[1].ok()) << failure[1].ToString();
  std::set<std::string> first(claimed[0].begin(), claimed[0].end());
  std::set<std::string> second(claimed[1].begin(), claimed[1].end());
  EXPECT_EQ(first.size(), claimed[0].size()) << "worker 0 got an item twice";
  EXPECT_EQ(second.size(), claimed[1].size()) << "worker 1 got an item twice";
  std::vector<std::string> both;
  std::set_intersection(first.begin(), first.end(), second.begin(), second.end(), std::back_inserter(both));
  EXPECT_TRUE(both.empty()) << both.size() << " items claimed by both, e.g. " << both.front();
  std::vector<std::string> all(claimed[0]);
  all.insert(all.end(), claimed[1].begin(), claimed[1].end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, this->OcidRange(0, kItems));
}

REGISTER_TYPED_TEST_SUITE_P(ScanStoreConformance, EmptyStoreHasNoScansItemsOrAssessments,
                            CreateScanNamesByDateNumbersRepeatsAndRoundTrips, CreateScanWithoutOutputFolderIsRefused,
                            FinishScanMakesItTheLatestComplete, PendingItemsInByteOrderAfterACursor,
                            MarkDoneLeavesPendingAndCountsByState, AddItemsReplacesAnItemOfTheSameOcid,
                            ManyItemsInOneCallAndScansKeptApart, PutAssessmentReplacesAndKeepsEveryField,
                            AssessmentsUsingFindsTheScreeningsKeysAndUnrecordedOnes,
                            FingerprintWalkAnswersAsTheLookupInAnyOrder, RuleCataloguesAreKeptPerPackVersion, ScreeningMemoIsKeptPerFingerprintInKeyOrder,
                            ScreeningMemoIsRewrittenDuringItsWalkAndMovedToOtherLists,
                            BandCountsUseTheDoneBandElseTheStoredAssessment,
                            TwoWorkersClaimDisjointItemsInOcidOrder, ExpiredLeaseIsTakenOverByAnotherWorker,
                            DoneItemIsNeverClaimedAgain, ReleaseClaimsFreesOnlyThatWorkersItems,
                            ClaimRequestsOutOfBoundsAreRefusedAndClaimNothing,
                            ConcurrentClaimsFromTwoConnectionsNeverOverlap);

}  // namespace clearbid::testing
