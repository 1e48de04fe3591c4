#pragma once
// The conformance suite of ProcessStore (engine/store/process_store.h): every
// implementation (SQLite, PostgreSQL) must pass it unchanged.
//
// A type-parameterised suite: a backend instantiates it with its factory,
//   INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, ProcessStoreConformance,
//   ::testing::Types<SqliteProcessStoreFactory>);
// in one .cc. The factory is a struct with:
//   Factory();  // a fresh, empty database for one test
//   /// A new connection to that database and a store on it. The factory owns
//   /// the connections and outlives the stores.
//   Result<std::unique_ptr<ProcessStore>> Open();
//   /// Transactions on the connection of the store opened last.
//   std::unique_ptr<TransactionSource> Transactions();
//   /// What the backend keeps of `text` (SQLite: the bytes as given;
//   /// PostgreSQL: NUL bytes and invalid UTF-8 replaced by U+FFFD).
//   static std::string StoredText(std::string_view text);
// A test that needs two independent stores makes a second factory.

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/base/digest.h"
#include "engine/store/process_store.h"
#include "engine/store/store_transaction.h"

namespace clearbid::testing {

/// A release of `ocid` whose JSON is `json` (its digest is the JSON's hash).
inline StoredRelease ConformanceRelease(const std::string& ocid, const std::string& release_id,
                                        const std::string& date, const std::string& json, bool compiled = false) {
  StoredRelease r;
  r.ocid = ocid;
  r.release_id = release_id;
  r.date = date;
  r.compiled = compiled;
  r.json = json;
  r.digest = ContentHash(json);
  r.source_file = "/data/" + ocid + ".json";
  r.source_line = static_cast<int64_t>(json.size());
  return r;
}

inline Party ConformanceParty(const std::string& id, const std::string& name, const std::string& scheme,
                              const std::string& identifier, const std::string& country,
                              std::vector<std::string> roles, int tier) {
  Party p;
  p.id = id;
  p.name = name;
  p.identifier.scheme = scheme;
  p.identifier.id = identifier;
  p.address.country = country;
  p.roles = std::move(roles);
  p.tier = tier;
  return p;
}

inline Item ConformanceItem(const std::string& scheme, const std::string& code, const std::string& description) {
  Item item;
  item.classification.scheme = scheme;
  item.classification.id = code;
  item.description = description;
  return item;
}

/// A process with a buyer and a supplier, two tender items, an award and a
/// contract with one item each, one bid: 2 parties, 4 items.
inline ContractingProcess ConformanceProcess(const std::string& ocid) {
  ContractingProcess p;
  p.ocid = ocid;
  p.date = "2025-03-01T10:00:00Z";
  p.ocds_version = "1.1";
  p.buyer = {"buyer", "Câmara Municipal"};
  p.tender.procurement_method = "open";
  p.tender.main_procurement_category = "goods";
  p.tender.value.amount = 1000.0;
  p.tender.value.currency = "EUR";
  p.tender.items = {ConformanceItem("CPV", "18100000", "Fardas"), ConformanceItem("CPV", "18800000", "Calçado")};
  Award a;
  a.id = "a1";
  a.items = {ConformanceItem("CPV", "18100000", "Fardas")};
  p.awards.push_back(a);
  Contract c;
  c.id = "c1";
  c.items = {ConformanceItem("CPV", "18800000", "Calçado")};
  p.contracts.push_back(c);
  Bid b;
  b.id = "b1";
  p.bids.push_back(b);
  p.parties = {ConformanceParty("buyer", "Câmara Municipal", "PT-NIPC", "500000000", "PT", {"buyer"}, 0),
               ConformanceParty("sup", "Têxteis Lda", "PT-NIPC", "505678901", "PT", {"supplier", "tenderer"}, 1)};
  return p;
}

template <typename Factory>
class ProcessStoreConformance : public ::testing::Test {
 protected:
  /// A store on a new connection; nullptr (and a failure) when it cannot open.
  std::unique_ptr<ProcessStore> Open() { return OpenOn(factory_); }

  static std::unique_ptr<ProcessStore> OpenOn(Factory& factory) {
    Result<std::unique_ptr<ProcessStore>> store = factory.Open();
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  static StoreCounts Counts(ProcessStore& store) {
    auto counts = store.Counts();
    EXPECT_TRUE(counts.ok()) << counts.status().ToString();
    return counts.ok() ? *counts : StoreCounts{};
  }

  static std::string Digest(ProcessStore& store) {
    auto digest = store.ContentDigest();
    EXPECT_TRUE(digest.ok()) << digest.status().ToString();
    return digest.ok() ? *digest : std::string();
  }

  struct ProcessRow {
    std::string ocid, digest;
    std::vector<std::string> keys;
    bool operator==(const ProcessRow& o) const { return ocid == o.ocid && digest == o.digest && keys == o.keys; }
  };
  static std::vector<ProcessRow> Processes(ProcessStore& store) {
    std::vector<ProcessRow> out;
    Status s = store.ForEachProcess(
        [&](const std::string& ocid, const std::string& digest, const std::vector<std::string>& keys) {
          out.push_back({ocid, digest, keys});
          return Status::Ok();
        });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  /// "key|name|scheme|id|country" per party, in the order streamed.
  static std::vector<std::string> Parties(ProcessStore& store) {
    std::vector<std::string> out;
    Status s = store.ForEachParty([&](const std::string& key, const std::string& name, const std::string& scheme,
                                      const std::string& id, const std::string& country) {
      out.push_back(key + "|" + name + "|" + scheme + "|" + id + "|" + country);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  static void Put(ProcessStore& store, const ContractingProcess& p, const std::string& digest,
                  const std::string* compiled_json = nullptr, bool known_new = false) {
    auto put = store.PutProcess(p, digest, 1, compiled_json, known_new);
    ASSERT_TRUE(put.ok()) << put.status().ToString();
  }

  Factory factory_;
};

TYPED_TEST_SUITE_P(ProcessStoreConformance);

TYPED_TEST_P(ProcessStoreConformance, PutReleaseTellsInsertedUpdatedAndUnchanged) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  const StoredRelease v1 = ConformanceRelease("ocds-a-1", "r1", "2025-01-01", "{\"v\":1}");
  auto has = store->HasReleases();
  ASSERT_TRUE(has.ok()) << has.status().ToString();
  EXPECT_FALSE(*has);
  int64_t before = -1;
  auto put = store->PutRelease(v1, &before);
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  EXPECT_EQ(*put, ReleaseChange::kInserted);
  EXPECT_EQ(before, 0);
  has = store->HasReleases();
  ASSERT_TRUE(has.ok());
  EXPECT_TRUE(*has);

  put = store->PutRelease(v1, &before);
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(*put, ReleaseChange::kUnchanged);
  EXPECT_EQ(before, 1);

  // Another version of the same release id: an update, kept beside the first.
  put = store->PutRelease(ConformanceRelease("ocds-a-1", "r1", "2025-01-01", "{\"v\":2}"), &before);
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(*put, ReleaseChange::kUpdated);
  EXPECT_EQ(before, 1);

  // A new release id of the process; the same JSON under another id is new too.
  put = store->PutRelease(ConformanceRelease("ocds-a-1", "r2", "2025-01-02", "{\"v\":1}"), &before);
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(*put, ReleaseChange::kInserted);
  EXPECT_EQ(before, 2);

  // The same release id and JSON in another process is that process's own.
  put = store->PutRelease(ConformanceRelease("ocds-a-2", "r1", "2025-01-01", "{\"v\":1}"), &before);
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(*put, ReleaseChange::kInserted);
  EXPECT_EQ(before, 0);

  // Without the out-parameter.
  put = store->PutRelease(v1);
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(*put, ReleaseChange::kUnchanged);
  EXPECT_EQ(this->Counts(*store).releases, 4);
  EXPECT_EQ(this->Counts(*store).processes, 0);  // releases alone make no process
}

TYPED_TEST_P(ProcessStoreConformance, ReleasesComeInMergeOrder) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  // Put in this order; the second version of "a" has a digest below the
  // first's, so only the order of storing puts it after.
  std::vector<StoredRelease> put = {
      ConformanceRelease("ocds-m-1", "b", "2025-01-02", "{\"b\":1}"),
      ConformanceRelease("ocds-m-1", "a", "2025-01-02", "{\"a\":1}"),
      ConformanceRelease("ocds-m-1", "c", "2025-01-01", "{\"c\":1}", true),
      ConformanceRelease("ocds-m-1", "Z", "2025-01-02", "{\"Z\":1}"),
  };
  StoredRelease a2 = ConformanceRelease("ocds-m-1", "a", "2025-01-02", "{\"a\":2}");
  a2.digest = std::string(put[1].digest.size(), '0');  // sorts first
  put.push_back(a2);
  put.push_back(ConformanceRelease("ocds-m-2", "a", "2024-01-01", "{\"other\":1}"));
  for (const StoredRelease& r : put) ASSERT_TRUE(store->PutRelease(r).ok());

  auto releases = store->ReleasesOf("ocds-m-1");
  ASSERT_TRUE(releases.ok()) << releases.status().ToString();
  std::vector<std::string> order;
  for (const StoredRelease& r : *releases) order.push_back(r.release_id + ":" + r.json);
  // Date first; then release id byte-wise ("Z" < "a"); then first stored.
  EXPECT_EQ(order, (std::vector<std::string>{"c:{\"c\":1}", "Z:{\"Z\":1}", "a:{\"a\":1}", "a:{\"a\":2}",
                                             "b:{\"b\":1}"}));
  // Every field comes back as put.
  ASSERT_EQ(releases->size(), 5u);
  const StoredRelease& c = (*releases)[0];
  EXPECT_EQ(c.ocid, "ocds-m-1");
  EXPECT_EQ(c.date, "2025-01-01");
  EXPECT_TRUE(c.compiled);
  EXPECT_FALSE((*releases)[1].compiled);
  EXPECT_EQ(c.digest, put[2].digest);
  EXPECT_EQ(c.source_file, put[2].source_file);
  EXPECT_EQ(c.source_line, put[2].source_line);
  EXPECT_EQ((*releases)[3].digest, a2.digest);

  auto none = store->ReleasesOf("ocds-none");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TYPED_TEST_P(ProcessStoreConformance, PutProcessSkipsAKnownDigestAndReplacesPartiesAndItemsOnChange) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  ContractingProcess p = ConformanceProcess("ocds-p-1");
  auto put = store->PutProcess(p, "d1", 1, nullptr);
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  EXPECT_TRUE(*put);
  StoreCounts c = this->Counts(*store);
  EXPECT_EQ(c.processes, 1);
  EXPECT_EQ(c.parties, 2);
  EXPECT_EQ(c.process_parties, 2);
  EXPECT_EQ(c.items, 4);
  const std::string first = this->Digest(*store);

  // The same digest: nothing is written, whatever the process holds now.
  ContractingProcess changed = p;
  changed.parties.pop_back();
  changed.tender.items.clear();
  put = store->PutProcess(changed, "d1", 2, nullptr);
  ASSERT_TRUE(put.ok());
  EXPECT_FALSE(*put);
  EXPECT_EQ(this->Digest(*store), first);

  // A new digest replaces the process's parties and items.
  put = store->PutProcess(changed, "d2", 2, nullptr);
  ASSERT_TRUE(put.ok());
  EXPECT_TRUE(*put);
  c = this->Counts(*store);
  EXPECT_EQ(c.processes, 1);
  EXPECT_EQ(c.parties, 2);  // the organisations stay known
  EXPECT_EQ(c.process_parties, 1);
  EXPECT_EQ(c.items, 2);
  auto rows = this->Processes(*store);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].digest, "d2");
  EXPECT_EQ(rows[0].keys, std::vector<std::string>{"PT-NIPC/500000000"});
  EXPECT_NE(this->Digest(*store), first);

  // known_new: the caller promises the process is new.
  put = store->PutProcess(ConformanceProcess("ocds-p-2"), "d3", 1, nullptr, /*known_new=*/true);
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  EXPECT_TRUE(*put);
  EXPECT_EQ(this->Counts(*store).processes, 2);
  EXPECT_EQ(this->Counts(*store).process_parties, 3);
}

TYPED_TEST_P(ProcessStoreConformance, PartiesAreDeduplicatedByKeyKeepingTheFirst) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  ContractingProcess p1 = ConformanceProcess("ocds-d-1");
  p1.parties = {ConformanceParty("x", "First Name", "GB-COH", "0001", "GB", {"supplier"}, 1),
                // The same organisation under another id in the same process.
                ConformanceParty("x2", "Alias Name", "GB-COH", "0001", "GB", {"tenderer"}, 1),
                // The same party id twice: the first row stays.
                ConformanceParty("y", "Zeta Works", "", "", "FR", {"buyer"}, 0),
                ConformanceParty("y", "Other", "GB-COH", "0099", "GB", {"buyer"}, 0),
                ConformanceParty("a", "alpha", "a", "1", "PT", {"payer"}, 0)};
  this->Put(*store, p1, "d1");
  ContractingProcess p2 = ConformanceProcess("ocds-d-2");
  p2.parties = {ConformanceParty("s", "Second Name", "GB-COH", "0001", "GB", {"supplier"}, 1)};
  this->Put(*store, p2, "d2");

  EXPECT_EQ(this->Parties(*store),
            (std::vector<std::string>{"GB-COH/0001|First Name|GB-COH|0001|GB", "GB-COH/0099|Other|GB-COH|0099|GB",
                                      "a/1|alpha|a|1|PT", "name:zeta works|FR|Zeta Works|||FR"}));
  StoreCounts c = this->Counts(*store);
  EXPECT_EQ(c.parties, 4);
  EXPECT_EQ(c.process_parties, 4 + 1);  // x, x2, y (first), a; s
  auto rows = this->Processes(*store);
  ASSERT_EQ(rows.size(), 2u);
  // Sorted byte-wise, one key per party row ("G" < "a" < "n").
  EXPECT_EQ(rows[0].keys,
            (std::vector<std::string>{"GB-COH/0001", "GB-COH/0001", "a/1", "name:zeta works|FR"}));
  EXPECT_EQ(rows[1].keys, std::vector<std::string>{"GB-COH/0001"});
}

TYPED_TEST_P(ProcessStoreConformance, ProcessJsonIsTheCompiledStateOrTheOnlyRelease) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  const StoredRelease only = ConformanceRelease("ocds-j-1", "r1", "2025-01-01", "{\"only\":true}");
  ASSERT_TRUE(store->PutRelease(only).ok());
  this->Put(*store, ConformanceProcess("ocds-j-1"), "d1");
  auto json = store->ProcessJson("ocds-j-1");
  ASSERT_TRUE(json.ok()) << json.status().ToString();
  ASSERT_TRUE(json->has_value());
  EXPECT_EQ(**json, only.json);

  ASSERT_TRUE(store->PutRelease(ConformanceRelease("ocds-j-1", "r2", "2025-01-02", "{\"second\":true}")).ok());
  const std::string compiled = "{\"compiled\":[1,2]}";
  this->Put(*store, ConformanceProcess("ocds-j-1"), "d2", &compiled);
  json = store->ProcessJson("ocds-j-1");
  ASSERT_TRUE(json.ok());
  ASSERT_TRUE(json->has_value());
  EXPECT_EQ(**json, compiled);

  // Releases without a process, and no process at all.
  ASSERT_TRUE(store->PutRelease(ConformanceRelease("ocds-j-2", "r1", "2025-01-01", "{}")).ok());
  for (const char* ocid : {"ocds-j-2", "ocds-j-3"}) {
    json = store->ProcessJson(ocid);
    ASSERT_TRUE(json.ok());
    EXPECT_FALSE(json->has_value()) << ocid;
  }
}

TYPED_TEST_P(ProcessStoreConformance, OcidsAndProcessesStreamInByteOrder) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  // Byte-wise: "1" < "Z" < "a" < "~" < "é" (0xC3 0xA9) < "中" (0xE4 …).
  const std::vector<std::string> ocids = {"ocds-a-a", "ocds-a-\xC3\xA9", "ocds-a-Z", "ocds-a-~",
                                          "ocds-a-\xE4\xB8\xAD", "ocds-a-1", "ocds-a-A"};
  for (size_t i = 0; i < ocids.size(); ++i) {
    ContractingProcess p = ConformanceProcess(ocids[i]);
    if (i % 3 == 0) p.parties.clear();  // a process without parties streams too
    this->Put(*store, p, "digest-" + std::to_string(i));
  }
  std::vector<std::string> sorted = ocids;
  std::sort(sorted.begin(), sorted.end());  // std::string compares bytes as unsigned
  auto got = store->Ocids();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, sorted);
  EXPECT_EQ(sorted.front(), "ocds-a-1");
  EXPECT_EQ(sorted.back(), "ocds-a-\xE4\xB8\xAD");

  auto rows = this->Processes(*store);
  ASSERT_EQ(rows.size(), ocids.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].ocid, sorted[i]);
    size_t put_at = static_cast<size_t>(std::find(ocids.begin(), ocids.end(), sorted[i]) - ocids.begin());
    EXPECT_EQ(rows[i].digest, "digest-" + std::to_string(put_at));
    if (put_at % 3 == 0) {
      EXPECT_TRUE(rows[i].keys.empty()) << rows[i].ocid;
    } else {
      EXPECT_EQ(rows[i].keys, (std::vector<std::string>{"PT-NIPC/500000000", "PT-NIPC/505678901"}));
    }
  }

  // The first error of the callback stops the stream and is returned.
  int calls = 0;
  Status stopped = store->ForEachProcess([&](const std::string&, const std::string&, const std::vector<std::string>&) {
    return ++calls == 2 ? Status::NotFound("enough") : Status::Ok();
  });
  EXPECT_EQ(stopped.code(), Status::Code::kNotFound);
  EXPECT_EQ(calls, 2);
  calls = 0;
  stopped = store->ForEachParty([&](const std::string&, const std::string&, const std::string&, const std::string&,
                                    const std::string&) {
    ++calls;
    return Status::NotFound("enough");
  });
  EXPECT_EQ(stopped.code(), Status::Code::kNotFound);
  EXPECT_EQ(calls, 1);
}

TYPED_TEST_P(ProcessStoreConformance, StreamsManyProcessesAndPartiesInOrder) {
  // More rows than a backend might fetch at once.
  constexpr int kProcesses = 1203;
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  {
    auto tx = this->factory_.Transactions()->Begin();
    ASSERT_TRUE(tx.ok()) << tx.status().ToString();
    for (int i = 0; i < kProcesses; ++i) {
      ContractingProcess p = ConformanceProcess("ocds-n-" + std::to_string(i));
      p.parties = {ConformanceParty("s", "Supplier " + std::to_string(i), "XI-TEST", std::to_string(i), "PT",
                                    {"supplier"}, 1)};
      if (i % 100 == 7) p.parties.clear();
      this->Put(*store, p, "d" + std::to_string(i));
    }
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  auto rows = this->Processes(*store);
  ASSERT_EQ(rows.size(), static_cast<size_t>(kProcesses));
  std::vector<std::string> streamed, expected;
  for (const auto& row : rows) {
    streamed.push_back(row.ocid);
    const std::string n = row.ocid.substr(std::string("ocds-n-").size());
    EXPECT_EQ(row.digest, "d" + n);
    EXPECT_EQ(row.keys.size(), std::stoi(n) % 100 == 7 ? 0u : 1u) << row.ocid;
    if (!row.keys.empty()) {
      EXPECT_EQ(row.keys[0], "XI-TEST/" + n);
    }
  }
  for (int i = 0; i < kProcesses; ++i) expected.push_back("ocds-n-" + std::to_string(i));
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(streamed, expected);

  auto parties = this->Parties(*store);
  EXPECT_EQ(static_cast<int64_t>(parties.size()), this->Counts(*store).parties);
  std::vector<std::string> keys;
  for (const std::string& party : parties) keys.push_back(party.substr(0, party.find('|')));  // keys hold no '|' here
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_TRUE(std::adjacent_find(keys.begin(), keys.end()) == keys.end());
  EXPECT_EQ(parties.size(), static_cast<size_t>(kProcesses - 12));  // one supplier each, but 12 without
}

TYPED_TEST_P(ProcessStoreConformance, SourceFilesKeepTheirFirstPath) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->RecordSourceFile("aa11", "/in/first.json", 10).ok());
  ASSERT_TRUE(store->RecordSourceFile("aa11", "/in/copy.json", 10).ok());
  ASSERT_TRUE(store->RecordSourceFile("bb22", "/in/other.json", 20).ok());
  EXPECT_EQ(this->Counts(*store).source_files, 2);

  TypeParam other_factory;
  auto other = this->OpenOn(other_factory);
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(other->RecordSourceFile("bb22", "/in/other.json", 20).ok());
  ASSERT_TRUE(other->RecordSourceFile("aa11", "/in/first.json", 10).ok());
  EXPECT_EQ(this->Digest(*store), this->Digest(*other));
  // A different first path is a different store.
  TypeParam third_factory;
  auto third = this->OpenOn(third_factory);
  ASSERT_NE(third, nullptr);
  ASSERT_TRUE(third->RecordSourceFile("aa11", "/in/copy.json", 10).ok());
  ASSERT_TRUE(third->RecordSourceFile("bb22", "/in/other.json", 20).ok());
  EXPECT_NE(this->Digest(*store), this->Digest(*third));
}

/// Puts a varied sample; `reverse` puts the same items in the opposite order.
template <typename Store>
void PutConformanceSample(Store& store, bool reverse) {
  std::vector<std::function<void()>> puts;
  for (int i = 0; i < 4; ++i) {
    const std::string ocid = std::string("ocds-s-") + "aZ~1"[i];
    puts.push_back([&store, ocid, i] {
      ASSERT_TRUE(store.PutRelease(ConformanceRelease(ocid, "r1", "2025-01-0" + std::to_string(i + 1),
                                                      "{\"i\":" + std::to_string(i) + "}"))
                      .ok());
    });
    puts.push_back([&store, ocid, i] {
      ASSERT_TRUE(store.PutRelease(ConformanceRelease(ocid, "r2", "2025-02-01", "{\"j\":" + std::to_string(i) + "}",
                                                      i == 2))
                      .ok());
    });
    puts.push_back([&store, ocid, i] {
      ContractingProcess p = ConformanceProcess(ocid);
      if (i == 1) p.tender.value.amount.reset();
      if (i == 2) p.tender.value.amount = 0.1;
      if (i == 3) p.tender.value.amount = 12345678.9;
      const std::string compiled = "{\"compiled\":" + std::to_string(i) + "}";
      auto put = store.PutProcess(p, "digest-" + ocid, 2, i % 2 ? &compiled : nullptr);
      ASSERT_TRUE(put.ok()) << put.status().ToString();
    });
    puts.push_back([&store, i] {
      ASSERT_TRUE(store.RecordSourceFile("sha-" + std::to_string(i), "/in/" + std::to_string(i), i).ok());
    });
  }
  if (reverse) std::reverse(puts.begin(), puts.end());
  for (auto& put : puts) put();
}

TYPED_TEST_P(ProcessStoreConformance, ContentDigestIsTheContentsWhateverTheOrderOfPuts) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  const std::string empty = this->Digest(*store);
  EXPECT_EQ(empty.size(), 64u);  // SHA-256, hex
  PutConformanceSample(*store, false);
  const std::string digest = this->Digest(*store);
  EXPECT_NE(digest, empty);

  TypeParam other_factory;
  auto other = this->OpenOn(other_factory);
  ASSERT_NE(other, nullptr);
  PutConformanceSample(*other, true);
  EXPECT_EQ(this->Digest(*other), digest);
  StoreCounts a = this->Counts(*store), b = this->Counts(*other);
  EXPECT_EQ(a.releases, 8);
  EXPECT_EQ(a.processes, 4);
  EXPECT_EQ(a.parties, 2);
  EXPECT_EQ(a.process_parties, 8);
  EXPECT_EQ(a.items, 16);
  EXPECT_EQ(a.source_files, 4);
  EXPECT_EQ(a.releases, b.releases);
  EXPECT_EQ(a.processes, b.processes);
  EXPECT_EQ(a.process_parties, b.process_parties);
  EXPECT_EQ(a.items, b.items);

  // Every kind of change shows in the digest.
  ContractingProcess p = ConformanceProcess("ocds-s-a");
  p.tender.value.amount = 1000.5;
  this->Put(*other, p, "another digest");
  const std::string changed = this->Digest(*other);
  EXPECT_NE(changed, digest);
  ASSERT_TRUE(other->PutRelease(ConformanceRelease("ocds-s-a", "r3", "2025-03-01", "{}")).ok());
  EXPECT_NE(this->Digest(*other), changed);
}

TYPED_TEST_P(ProcessStoreConformance, PuttingTheSameTwiceChangesNothing) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  PutConformanceSample(*store, false);
  const std::string digest = this->Digest(*store);
  const StoreCounts counts = this->Counts(*store);
  // Again, the way an ingester would: every release unchanged, every process
  // digest known.
  for (int i = 0; i < 4; ++i) {
    const std::string ocid = std::string("ocds-s-") + "aZ~1"[i];
    auto r = store->PutRelease(
        ConformanceRelease(ocid, "r1", "2025-01-0" + std::to_string(i + 1), "{\"i\":" + std::to_string(i) + "}"));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, ReleaseChange::kUnchanged);
    auto put = store->PutProcess(ConformanceProcess(ocid), "digest-" + ocid, 2, nullptr);
    ASSERT_TRUE(put.ok());
    EXPECT_FALSE(*put);
  }
  PutConformanceSample(*store, false);
  EXPECT_EQ(this->Digest(*store), digest);
  const StoreCounts again = this->Counts(*store);
  EXPECT_EQ(again.releases, counts.releases);
  EXPECT_EQ(again.processes, counts.processes);
  EXPECT_EQ(again.parties, counts.parties);
  EXPECT_EQ(again.process_parties, counts.process_parties);
  EXPECT_EQ(again.items, counts.items);
  EXPECT_EQ(again.source_files, counts.source_files);
}

TYPED_TEST_P(ProcessStoreConformance, WritesJoinTheCallersTransaction) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  {
    auto tx = this->factory_.Transactions()->Begin();
    ASSERT_TRUE(tx.ok()) << tx.status().ToString();
    PutConformanceSample(*store, false);
    EXPECT_EQ(this->Counts(*store).processes, 4);  // seen inside the transaction
    // Not committed: rolled back.
  }
  StoreCounts c = this->Counts(*store);
  EXPECT_EQ(c.releases, 0);
  EXPECT_EQ(c.processes, 0);
  EXPECT_EQ(c.parties, 0);
  EXPECT_EQ(c.process_parties, 0);
  EXPECT_EQ(c.items, 0);
  EXPECT_EQ(c.source_files, 0);

  {
    auto tx = this->factory_.Transactions()->Begin();
    ASSERT_TRUE(tx.ok()) << tx.status().ToString();
    PutConformanceSample(*store, false);
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  // Committed: another connection sees it all.
  auto other = this->Open();
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(this->Counts(*other).processes, 4);
  EXPECT_EQ(this->Digest(*other), this->Digest(*store));
}

TYPED_TEST_P(ProcessStoreConformance, TextOutsideUtf8IsStoredAsTheBackendKeepsIt) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  const std::vector<std::string> bad = {std::string("ocds-nul-\0-1", 12), "ocds-latin1-caf\xE9",
                                        "ocds-cut-\xC3"};
  for (const std::string& ocid : bad) {
    StoredRelease r = ConformanceRelease(ocid, "r\xFF", "2025-01-01", "{\"n\":\"T\xEAxteis\"}");
    auto put = store->PutRelease(r);
    ASSERT_TRUE(put.ok()) << put.status().ToString();
    EXPECT_EQ(*put, ReleaseChange::kInserted);
    // The same release again is unchanged: look-ups see what was stored.
    put = store->PutRelease(r);
    ASSERT_TRUE(put.ok()) << put.status().ToString();
    EXPECT_EQ(*put, ReleaseChange::kUnchanged);
    ContractingProcess p = ConformanceProcess(ocid);
    p.parties[1].name = "T\xEAxteis";
    this->Put(*store, p, "d");
    auto again = store->PutProcess(p, "d", 1, nullptr);
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(*again);

    auto releases = store->ReleasesOf(ocid);
    ASSERT_TRUE(releases.ok()) << releases.status().ToString();
    ASSERT_EQ(releases->size(), 1u);
    EXPECT_EQ((*releases)[0].ocid, TypeParam::StoredText(ocid));
    EXPECT_EQ((*releases)[0].release_id, TypeParam::StoredText("r\xFF"));
    EXPECT_EQ((*releases)[0].json, TypeParam::StoredText(r.json));
    auto json = store->ProcessJson(ocid);
    ASSERT_TRUE(json.ok());
    ASSERT_TRUE(json->has_value());
    EXPECT_EQ(**json, TypeParam::StoredText(r.json));
  }
  auto ocids = store->Ocids();
  ASSERT_TRUE(ocids.ok());
  std::vector<std::string> expected;
  for (const std::string& ocid : bad) expected.push_back(TypeParam::StoredText(ocid));
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(*ocids, expected);
  EXPECT_EQ(this->Parties(*store)[1], "PT-NIPC/505678901|" + TypeParam::StoredText("T\xEAxteis") +
                                          "|PT-NIPC|505678901|PT");
}

TYPED_TEST_P(ProcessStoreConformance, PartyKeysStreamSortedByKeyWhateverTheirPartyIds) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  // Party ids in the reverse order of their keys, a key twice under two ids,
  // and ocids that are prefixes of each other around a process without parties.
  ContractingProcess p = ConformanceProcess("ocds-k-1");
  p.parties = {ConformanceParty("a", "Zeta", "XI-TEST", "9", "PT", {"supplier"}, 1),
               ConformanceParty("b", "Mid", "XI-TEST", "5", "PT", {"tenderer"}, 1),
               ConformanceParty("c", "Alpha", "XI-TEST", "1", "PT", {"buyer"}, 0),
               ConformanceParty("d", "Mid again", "XI-TEST", "5", "PT", {"supplier"}, 1)};
  this->Put(*store, p, "d1");
  ContractingProcess none = ConformanceProcess("ocds-k-1-1");
  none.parties.clear();
  this->Put(*store, none, "d2");
  ContractingProcess q = ConformanceProcess("ocds-k-10");
  q.parties = {ConformanceParty("z", "One", "XI-TEST", "1", "PT", {"buyer"}, 0),
               ConformanceParty("y", "Two", "XI-TEST", "2", "PT", {"supplier"}, 1)};
  this->Put(*store, q, "d3");
  auto rows = this->Processes(*store);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].ocid, "ocds-k-1");
  EXPECT_EQ(rows[0].keys, (std::vector<std::string>{"XI-TEST/1", "XI-TEST/5", "XI-TEST/5", "XI-TEST/9"}));
  EXPECT_EQ(rows[1].ocid, "ocds-k-1-1");
  EXPECT_TRUE(rows[1].keys.empty());
  EXPECT_EQ(rows[2].ocid, "ocds-k-10");
  EXPECT_EQ(rows[2].keys, (std::vector<std::string>{"XI-TEST/1", "XI-TEST/2"}));
}

TYPED_TEST_P(ProcessStoreConformance, AChangedProcessHasExactlyTheRowsOfItsNewState) {
  // Whatever changed in a party appearance or an item, a process put again
  // with a new digest holds the rows of its new state alone: the same store
  // as one that never held the old state (the other process, put first in
  // both, fixes the `parties` rows).
  using Change = std::function<void(ContractingProcess&)>;
  const std::vector<std::pair<std::string, Change>> changes = {
      {"nothing but the digest", [](ContractingProcess&) {}},
      {"a party's name", [](ContractingProcess& p) { p.parties[1].name = "Têxteis SA"; }},
      {"a party's roles", [](ContractingProcess& p) { p.parties[1].roles = {"supplier"}; }},
      {"a party's tier", [](ContractingProcess& p) { p.parties[1].tier = 2; }},
      {"a party's country", [](ContractingProcess& p) { p.parties[1].address.country = "ES"; }},
      {"a party's key", [](ContractingProcess& p) { p.parties[1].identifier.id = "505678902"; }},
      {"a party's id", [](ContractingProcess& p) { p.parties[1].id = "sup2"; }},
      {"a party more", [](ContractingProcess& p) {
         p.parties.push_back(ConformanceParty("sub", "Sub Lda", "PT-NIPC", "509999999", "PT", {"subcontractor"}, 2));
       }},
      {"a party fewer", [](ContractingProcess& p) { p.parties.pop_back(); }},
      {"a party id twice", [](ContractingProcess& p) {
         p.parties.push_back(ConformanceParty("sup", "Other", "PT-NIPC", "501111111", "ES", {"tenderer"}, 3));
       }},
      {"an item's description", [](ContractingProcess& p) { p.tender.items[1].description = "Botas"; }},
      {"an item's code", [](ContractingProcess& p) { p.awards[0].items[0].classification.id = "18100001"; }},
      {"an item more", [](ContractingProcess& p) { p.contracts[0].items.push_back(ConformanceItem("CPV", "1", "x")); }},
      {"an item fewer", [](ContractingProcess& p) { p.tender.items.pop_back(); }},
      {"no items", [](ContractingProcess& p) {
         p.tender.items.clear();
         p.awards.clear();
         p.contracts.clear();
       }},
  };
  TypeParam changed_factory, fresh_factory;
  auto changed = this->OpenOn(changed_factory);
  auto fresh = this->OpenOn(fresh_factory);
  ASSERT_NE(changed, nullptr);
  ASSERT_NE(fresh, nullptr);
  this->Put(*changed, ConformanceProcess("ocds-c-0"), "d0");
  this->Put(*fresh, ConformanceProcess("ocds-c-0"), "d0");
  for (size_t i = 0; i < changes.size(); ++i) {
    SCOPED_TRACE(changes[i].first);
    const std::string ocid = "ocds-c-" + std::to_string(i + 1);
    ContractingProcess before = ConformanceProcess(ocid);
    ContractingProcess after = before;
    changes[i].second(after);
    this->Put(*changed, before, "d1");
    this->Put(*changed, after, "d2");
    this->Put(*fresh, after, "d2");
    EXPECT_EQ(this->Digest(*changed), this->Digest(*fresh));
  }
  EXPECT_TRUE(this->Processes(*changed) == this->Processes(*fresh));
}

TYPED_TEST_P(ProcessStoreConformance, PutNewProcessesStoresWhatPutProcessRowsStores) {
  // 75 processes: two whole groups of a multi-row INSERT (32 rows in the
  // SQLite store) and a rest; parties shared between processes under other
  // names (the first row of a key is kept), a party id repeated within a
  // process, a process without parties, one without a tender value, and
  // rows whose packed columns the store packs itself. Outside and inside a
  // bulk load (new parties kept aside, then added).
  constexpr int kProcesses = 75;
  std::vector<ProcessRows> rows;
  std::vector<std::string> digests;
  for (int i = 0; i < kProcesses; ++i) {
    ContractingProcess p = ConformanceProcess("ocds-new-" + std::to_string(i));
    p.parties = {ConformanceParty("buyer", "Buyer " + std::to_string(i % 7), "XI-B", std::to_string(i % 7), "PT",
                                  {"buyer"}, 0),
                 ConformanceParty("s", "Supplier " + std::to_string(i), "XI-S", std::to_string(i / 3), "GB",
                                  {"supplier"}, 1),
                 ConformanceParty("s", "Same id again " + std::to_string(i), "XI-S", "r" + std::to_string(i), "FR",
                                  {"tenderer"}, 1)};
    if (i == 40) p.parties.clear();
    if (i == 41) p.tender.value.amount.reset();
    ProcessRows r = ProcessRowsOf(p);
    if (i % 10 == 3) {
      r.packed_parties.clear();
      r.packed_items.clear();
    }
    rows.push_back(std::move(r));
    digests.push_back("digest " + std::to_string(i));
  }
  for (bool bulk : {false, true}) {
    SCOPED_TRACE(bulk ? "bulk load" : "no bulk load");
    TypeParam one_by_one_factory, together_factory;
    auto one_by_one = this->OpenOn(one_by_one_factory);
    auto together = this->OpenOn(together_factory);
    ASSERT_NE(one_by_one, nullptr);
    ASSERT_NE(together, nullptr);
    {
      auto tx = one_by_one_factory.Transactions()->Begin();
      ASSERT_TRUE(tx.ok()) << tx.status().ToString();
      if (bulk) {
        ASSERT_TRUE(one_by_one->BeginBulkLoad().ok());
      }
      for (int i = 0; i < kProcesses; ++i) {
        auto put = one_by_one->PutProcessRows(rows[i], digests[i], 1, nullptr, true);
        ASSERT_TRUE(put.ok()) << put.status().ToString();
        EXPECT_TRUE(*put);
      }
      if (bulk) {
        ASSERT_TRUE(one_by_one->EndBulkLoad().ok());
      }
      ASSERT_TRUE((*tx)->Commit().ok());
    }
    {
      auto tx = together_factory.Transactions()->Begin();
      ASSERT_TRUE(tx.ok()) << tx.status().ToString();
      if (bulk) {
        ASSERT_TRUE(together->BeginBulkLoad().ok());
      }
      std::vector<ProcessStore::NewProcess> fresh;
      for (int i = 0; i < kProcesses; ++i) fresh.push_back({&rows[i], digests[i]});
      Status s = together->PutNewProcesses(fresh);
      ASSERT_TRUE(s.ok()) << s.ToString();
      if (bulk) {
        ASSERT_TRUE(together->EndBulkLoad().ok());
      }
      ASSERT_TRUE((*tx)->Commit().ok());
    }
    EXPECT_EQ(this->Digest(*together), this->Digest(*one_by_one));
    EXPECT_EQ(this->Parties(*together), this->Parties(*one_by_one));
    EXPECT_EQ(this->Processes(*together), this->Processes(*one_by_one));
    StoreCounts c = this->Counts(*together);
    EXPECT_EQ(c.processes, kProcesses);
    EXPECT_EQ(c.parties, 7 + 25 + 74);  // buyers, suppliers (by identifier), the parties of a repeated id
  }
}

REGISTER_TYPED_TEST_SUITE_P(ProcessStoreConformance, PutReleaseTellsInsertedUpdatedAndUnchanged,
                            ReleasesComeInMergeOrder,
                            PutProcessSkipsAKnownDigestAndReplacesPartiesAndItemsOnChange,
                            PartiesAreDeduplicatedByKeyKeepingTheFirst, ProcessJsonIsTheCompiledStateOrTheOnlyRelease,
                            OcidsAndProcessesStreamInByteOrder, StreamsManyProcessesAndPartiesInOrder,
                            SourceFilesKeepTheirFirstPath, ContentDigestIsTheContentsWhateverTheOrderOfPuts,
                            PuttingTheSameTwiceChangesNothing, WritesJoinTheCallersTransaction,
                            TextOutsideUtf8IsStoredAsTheBackendKeepsIt,
                            PartyKeysStreamSortedByKeyWhateverTheirPartyIds,
                            AChangedProcessHasExactlyTheRowsOfItsNewState,
                            PutNewProcessesStoresWhatPutProcessRowsStores);

}  // namespace clearbid::testing
