#pragma once
// The conformance suite of MatchStore (engine/store/match_store.h): every
// implementation (SQLite, PostgreSQL) must pass it unchanged.
//
// A type-parameterised suite: a backend instantiates it with its factory,
//   INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, MatchStoreConformance,
//   ::testing::Types<SqliteMatchStoreFactory>);
// in one .cc. The factory is a struct with:
//   Factory();  // a fresh, empty database for one test
//   /// A new connection to that database and a store on it. The factory owns
//   /// the connections and outlives the stores.
//   Result<std::unique_ptr<MatchStore>> Open();
//   /// Transactions on the connection of the store opened last.
//   std::unique_ptr<TransactionSource> Transactions();
//   /// What the backend keeps of `text` (SQLite: the bytes as given;
//   /// PostgreSQL: NUL bytes and invalid UTF-8 replaced by U+FFFD).
//   static std::string StoredText(std::string_view text);

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/store/match_store.h"
#include "engine/store/store_transaction.h"

namespace clearbid::testing {

inline MatchSubject ConformanceSubject(const std::string& party_key, const std::string& subject,
                                       const std::string& name, const std::string& country = "PT",
                                       const std::string& scheme = "PT-NIPC",
                                       const std::string& identifier = "505678901") {
  MatchSubject s;
  s.party_key = party_key;
  s.subject = subject;
  s.name = name;
  s.country = country;
  s.scheme = scheme;
  s.identifier = identifier;
  return s;
}

inline ListMatchEvidence ConformanceResult(const std::string& list, int64_t version, const std::string& entry_id,
                                           double score, bool is_match = true) {
  ListMatchEvidence m;
  m.list = list;
  m.list_version = version;
  m.entry_id = entry_id;
  m.entry_name = "Entry " + entry_id;
  m.query_name = "Query " + entry_id;
  m.score = score;
  m.is_match = is_match;
  m.identifier_match = false;
  m.entry_active = true;
  m.explanation = "name " + entry_id + " scored";
  return m;
}

/// The bits of a double, so that equality means "the same double" (0.0 and
/// -0.0 differ, NaN equals itself).
inline uint64_t DoubleBits(double v) {
  uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  return bits;
}

template <typename Factory>
class MatchStoreConformance : public ::testing::Test {
 protected:
  /// A store on a new connection; nullptr (and a failure) when it cannot open.
  std::unique_ptr<MatchStore> Open() {
    Result<std::unique_ptr<MatchStore>> store = factory_.Open();
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  static MatchStoreCounts Counts(MatchStore& store) {
    auto counts = store.Counts();
    EXPECT_TRUE(counts.ok()) << counts.status().ToString();
    return counts.ok() ? *counts : MatchStoreCounts{-1, -1, -1};
  }

  static MatchChange Put(MatchStore& store, const MatchSubject& subject, const std::string& fingerprint,
                         const std::vector<ListMatchEvidence>& results, const std::string& algorithm = "names-1") {
    auto put = store.PutScreening(subject, fingerprint, algorithm, results);
    EXPECT_TRUE(put.ok()) << put.status().ToString();
    return put.ok() ? *put : MatchChange::kUnchanged;
  }

  static std::vector<StoredMatch> Results(MatchStore& store, const std::string& party_key) {
    auto results = store.ResultsFor(party_key);
    EXPECT_TRUE(results.ok()) << results.status().ToString();
    return results.ok() ? std::move(results).value() : std::vector<StoredMatch>{};
  }

  /// "subject|list|version|entry|fingerprint" per result, in the order given.
  static std::vector<std::string> Rows(const std::vector<StoredMatch>& results) {
    std::vector<std::string> out;
    for (const StoredMatch& m : results) {
      out.push_back(m.subject + "|" + m.match.list + "|" + std::to_string(m.match.list_version) + "|" +
                    m.match.entry_id + "|" + m.lists_fingerprint);
    }
    return out;
  }

  static std::unordered_map<std::string, std::string> Screened(MatchStore& store, const std::string& fingerprint) {
    auto screened = store.ScreenedDigests(fingerprint);
    EXPECT_TRUE(screened.ok()) << screened.status().ToString();
    return screened.ok() ? std::move(screened).value() : std::unordered_map<std::string, std::string>{};
  }

  Factory factory_;
};

TYPED_TEST_SUITE_P(MatchStoreConformance);

TYPED_TEST_P(MatchStoreConformance, PutScreeningTellsInsertedUnchangedAndReplaced) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  const MatchSubject sul = ConformanceSubject("PT-NIPC/505678901", "party", "Confecoes Sul Lda");
  EXPECT_EQ(this->Put(*store, sul, "fp-1", {ConformanceResult("national", 7, "c1", 0.93)}), MatchChange::kInserted);
  // The same inputs against the same lists: nothing is written, whatever the results passed.
  EXPECT_EQ(this->Put(*store, sul, "fp-1", {ConformanceResult("national", 7, "c2", 0.5, false)}),
            MatchChange::kUnchanged);
  EXPECT_EQ(this->Put(*store, sul, "fp-1", {}, "names-2"), MatchChange::kUnchanged);
  std::vector<StoredMatch> results = this->Results(*store, sul.party_key);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].match.entry_id, "c1");
  EXPECT_EQ(results[0].algorithm, "names-1");

  // Another input (the country) re-screens: the earlier results are replaced whole.
  MatchSubject moved = sul;
  moved.country = "ES";
  EXPECT_EQ(this->Put(*store, moved, "fp-1",
                      {ConformanceResult("national", 7, "c2", 0.88), ConformanceResult("worldbank", 3, "w9", 0.91)},
                      "names-2"),
            MatchChange::kReplaced);
  results = this->Results(*store, sul.party_key);
  EXPECT_EQ(this->Rows(results),
            (std::vector<std::string>{"party|national|7|c2|fp-1", "party|worldbank|3|w9|fp-1"}));
  for (const StoredMatch& m : results) EXPECT_EQ(m.algorithm, "names-2");
  // Scheme and identifier are inputs too; the original inputs again are a change back.
  MatchSubject other_id = moved;
  other_id.identifier = "505678902";
  EXPECT_EQ(this->Put(*store, other_id, "fp-1", {}), MatchChange::kReplaced);
  EXPECT_EQ(this->Put(*store, sul, "fp-1", {ConformanceResult("national", 7, "c1", 0.93)}), MatchChange::kReplaced);
  EXPECT_EQ(this->Put(*store, sul, "fp-1", {}), MatchChange::kUnchanged);

  const MatchStoreCounts c = this->Counts(*store);
  EXPECT_EQ(c.screenings, 1);
  EXPECT_EQ(c.results, 1);
  EXPECT_EQ(c.alerts, 1);
}

TYPED_TEST_P(MatchStoreConformance, ResultsOfOtherFingerprintsAndSubjectsAreKept) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  const MatchSubject sul = ConformanceSubject("PT-NIPC/1", "party", "Sul Lda");
  const MatchSubject agency = ConformanceSubject("PT-NIPC/1", "A1", "Agencia Nova", "PT", "", "");
  // The same party and subject under another query name is another screening.
  const MatchSubject alias = ConformanceSubject("PT-NIPC/1", "party", "Sul Limitada");
  EXPECT_EQ(this->Put(*store, sul, "fp-old", {ConformanceResult("national", 1, "c1", 0.9)}), MatchChange::kInserted);
  EXPECT_EQ(this->Put(*store, sul, "fp-new", {ConformanceResult("national", 2, "c1", 0.95)}), MatchChange::kInserted);
  EXPECT_EQ(this->Put(*store, agency, "fp-new", {ConformanceResult("national", 2, "a7", 0.97)}),
            MatchChange::kInserted);
  EXPECT_EQ(this->Put(*store, alias, "fp-new", {ConformanceResult("national", 2, "c3", 0.86)}),
            MatchChange::kInserted);

  // Re-screening under the new fingerprint replaces only that screening's results.
  MatchSubject sul_es = sul;
  sul_es.country = "ES";
  EXPECT_EQ(this->Put(*store, sul_es, "fp-new", {ConformanceResult("national", 2, "c2", 0.87)}),
            MatchChange::kReplaced);
  EXPECT_EQ(this->Rows(this->Results(*store, "PT-NIPC/1")),
            (std::vector<std::string>{"A1|national|2|a7|fp-new", "party|national|1|c1|fp-old",
                                      "party|national|2|c2|fp-new", "party|national|2|c3|fp-new"}));
  const MatchStoreCounts c = this->Counts(*store);
  EXPECT_EQ(c.screenings, 4);
  EXPECT_EQ(c.results, 4);
  EXPECT_EQ(c.alerts, 4);
}

TYPED_TEST_P(MatchStoreConformance, ScreeningsWithoutResultsAreRecorded) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  const MatchSubject clean = ConformanceSubject("PT-NIPC/2", "party", "Limpa SA");
  EXPECT_EQ(this->Put(*store, clean, "fp-1", {}), MatchChange::kInserted);
  MatchStoreCounts c = this->Counts(*store);
  EXPECT_EQ(c.screenings, 1);
  EXPECT_EQ(c.results, 0);
  EXPECT_EQ(c.alerts, 0);
  EXPECT_TRUE(this->Results(*store, clean.party_key).empty());
  auto screened = this->Screened(*store, "fp-1");
  ASSERT_EQ(screened.size(), 1u);
  EXPECT_EQ(screened[MatchStore::ScreeningKey(clean)], MatchStore::InputDigest(clean));
  EXPECT_EQ(this->Put(*store, clean, "fp-1", {}), MatchChange::kUnchanged);

  // Results, then none again: the results go, the screening stays.
  MatchSubject renamed = clean;
  renamed.identifier = "999";
  EXPECT_EQ(this->Put(*store, renamed, "fp-1", {ConformanceResult("national", 1, "x", 0.4, false)}),
            MatchChange::kReplaced);
  c = this->Counts(*store);
  EXPECT_EQ(c.results, 1);
  EXPECT_EQ(c.alerts, 0);
  EXPECT_EQ(this->Put(*store, clean, "fp-1", {}), MatchChange::kReplaced);
  c = this->Counts(*store);
  EXPECT_EQ(c.screenings, 1);
  EXPECT_EQ(c.results, 0);
}

TYPED_TEST_P(MatchStoreConformance, ScreenedDigestsAreThoseOfOneFingerprint) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(this->Screened(*store, "fp-1").empty());
  const std::vector<MatchSubject> subjects = {
      ConformanceSubject("PT-NIPC/1", "party", "Sul Lda"),
      ConformanceSubject("PT-NIPC/1", "S1", "Fios do Norte", "PT", "", ""),
      ConformanceSubject("PT-NIPC/1", "S2", "Fios do Norte", "ES", "", ""),
      ConformanceSubject("name:oficina", "party", "Oficina \xC3\x89vora", "", "", ""),
  };
  for (const MatchSubject& s : subjects) EXPECT_EQ(this->Put(*store, s, "fp-1", {}), MatchChange::kInserted);
  EXPECT_EQ(this->Put(*store, subjects[0], "fp-2", {}), MatchChange::kInserted);

  auto screened = this->Screened(*store, "fp-1");
  ASSERT_EQ(screened.size(), subjects.size());
  for (const MatchSubject& s : subjects) {
    auto it = screened.find(MatchStore::ScreeningKey(s));
    ASSERT_NE(it, screened.end()) << s.subject << " " << s.name;
    EXPECT_EQ(it->second, MatchStore::InputDigest(s));
  }
  auto other = this->Screened(*store, "fp-2");
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other.begin()->first, MatchStore::ScreeningKey(subjects[0]));
  EXPECT_TRUE(this->Screened(*store, "fp-3").empty());

  // A changed input shows as a changed digest under the same key.
  MatchSubject changed = subjects[1];
  changed.country = "FR";
  EXPECT_EQ(this->Put(*store, changed, "fp-1", {}), MatchChange::kReplaced);
  screened = this->Screened(*store, "fp-1");
  EXPECT_EQ(screened[MatchStore::ScreeningKey(changed)], MatchStore::InputDigest(changed));
  EXPECT_NE(MatchStore::InputDigest(changed), MatchStore::InputDigest(subjects[1]));
}

TYPED_TEST_P(MatchStoreConformance, ResultsComeInSubjectListVersionScoreAndByteOrder) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  const std::string key = "PT-NIPC/3";
  // Subjects, lists and entry ids that sort differently byte-wise and
  // linguistically ("Z" < "a" < "\xC3\x89" byte-wise).
  EXPECT_EQ(this->Put(*store, ConformanceSubject(key, "party", "Tres Lda"), "fp-1",
                      {ConformanceResult("worldbank", 4, "w1", 0.9), ConformanceResult("national", 9, "n1", 0.8),
                       ConformanceResult("national", 7, "b", 0.85), ConformanceResult("national", 7, "a", 0.85),
                       ConformanceResult("national", 7, "\xC3\x89", 0.85), ConformanceResult("national", 7, "Z", 0.85),
                       ConformanceResult("national", 7, "top", 0.99), ConformanceResult("Zlist", 1, "z", 0.1),
                       ConformanceResult("\xC3\xA9list", 1, "e", 0.2)}),
            MatchChange::kInserted);
  EXPECT_EQ(this->Put(*store, ConformanceSubject(key, "a1", "Agencia"), "fp-1",
                      {ConformanceResult("national", 7, "ag", 0.7)}),
            MatchChange::kInserted);
  EXPECT_EQ(this->Put(*store, ConformanceSubject(key, "Z9", "Fornecedor"), "fp-1",
                      {ConformanceResult("national", 7, "zz", 0.75)}),
            MatchChange::kInserted);
  // The same entry and score under another query name and another
  // fingerprint: ordered by query name ("Tres Lda" < "Tres Limitada"), then
  // fingerprint. The matched form tells the results apart.
  ListMatchEvidence via_limitada = ConformanceResult("national", 9, "n1", 0.8);
  via_limitada.query_name = "via Limitada";
  ListMatchEvidence via_old = ConformanceResult("national", 9, "n1", 0.8);
  via_old.query_name = "via fp-0";
  EXPECT_EQ(this->Put(*store, ConformanceSubject(key, "party", "Tres Limitada"), "fp-1", {via_limitada}),
            MatchChange::kInserted);
  EXPECT_EQ(this->Put(*store, ConformanceSubject(key, "party", "Tres Lda"), "fp-0", {via_old}),
            MatchChange::kInserted);
  // Another party's results are not among them.
  EXPECT_EQ(this->Put(*store, ConformanceSubject("PT-NIPC/30", "party", "Outra"), "fp-1",
                      {ConformanceResult("national", 7, "o", 1.0)}),
            MatchChange::kInserted);

  const std::vector<StoredMatch> results = this->Results(*store, key);
  EXPECT_EQ(this->Rows(results), (std::vector<std::string>{
                                     "Z9|national|7|zz|fp-1",
                                     "a1|national|7|ag|fp-1",
                                     "party|Zlist|1|z|fp-1",
                                     "party|national|7|top|fp-1",
                                     "party|national|7|Z|fp-1",
                                     "party|national|7|a|fp-1",
                                     "party|national|7|b|fp-1",
                                     "party|national|7|\xC3\x89|fp-1",
                                     "party|national|9|n1|fp-0",
                                     "party|national|9|n1|fp-1",
                                     "party|national|9|n1|fp-1",
                                     "party|worldbank|4|w1|fp-1",
                                     "party|\xC3\xA9list|1|e|fp-1",
                                 }));
  ASSERT_EQ(results.size(), 13u);
  EXPECT_EQ(results[8].match.query_name, "via fp-0");
  EXPECT_EQ(results[9].match.query_name, "Query n1");
  EXPECT_EQ(results[10].match.query_name, "via Limitada");
  EXPECT_EQ(results[3].match.score, 0.99);
  EXPECT_EQ(results[0].party_key, key);
  EXPECT_TRUE(this->Results(*store, "PT-NIPC/4").empty());
}

TYPED_TEST_P(MatchStoreConformance, CountsScreeningsResultsAndAlerts) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  MatchStoreCounts c = this->Counts(*store);
  EXPECT_EQ(c.screenings, 0);
  EXPECT_EQ(c.results, 0);
  EXPECT_EQ(c.alerts, 0);
  ListMatchEvidence by_id = ConformanceResult("national", 1, "i1", 0.3, false);
  by_id.identifier_match = true;
  this->Put(*store, ConformanceSubject("k1", "party", "One"), "fp-1",
            {ConformanceResult("national", 1, "a", 0.95), ConformanceResult("national", 1, "b", 0.6, false), by_id});
  this->Put(*store, ConformanceSubject("k2", "party", "Two"), "fp-1", {});
  this->Put(*store, ConformanceSubject("k2", "party", "Two"), "fp-2", {ConformanceResult("national", 2, "c", 0.99)});
  // Two results for one list version and entry: the later one is kept.
  this->Put(*store, ConformanceSubject("k3", "party", "Three"), "fp-1",
            {ConformanceResult("national", 1, "d", 0.97), ConformanceResult("national", 1, "d", 0.5, false)});
  c = this->Counts(*store);
  EXPECT_EQ(c.screenings, 4);
  EXPECT_EQ(c.results, 5);
  EXPECT_EQ(c.alerts, 2);
  const std::vector<StoredMatch> three = this->Results(*store, "k3");
  ASSERT_EQ(three.size(), 1u);
  EXPECT_EQ(three[0].match.score, 0.5);
  EXPECT_FALSE(three[0].match.is_match);
}

TYPED_TEST_P(MatchStoreConformance, PutScreeningBelongsToTheCallersTransaction) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  const MatchSubject sul = ConformanceSubject("PT-NIPC/5", "party", "Cinco Lda");
  {
    auto tx = this->factory_.Transactions()->Begin();
    ASSERT_TRUE(tx.ok()) << tx.status().ToString();
    EXPECT_EQ(this->Put(*store, sul, "fp-1", {ConformanceResult("national", 1, "c", 0.9)}), MatchChange::kInserted);
    EXPECT_EQ(this->Counts(*store).results, 1);  // seen inside the transaction
    EXPECT_EQ(this->Put(*store, sul, "fp-1", {}), MatchChange::kUnchanged);
    // Not committed: rolled back.
  }
  MatchStoreCounts c = this->Counts(*store);
  EXPECT_EQ(c.screenings, 0);
  EXPECT_EQ(c.results, 0);
  EXPECT_TRUE(this->Screened(*store, "fp-1").empty());
  EXPECT_TRUE(this->Results(*store, sul.party_key).empty());

  // A replacement inside a transaction that is not committed leaves the earlier results.
  EXPECT_EQ(this->Put(*store, sul, "fp-1", {ConformanceResult("national", 1, "c", 0.9)}), MatchChange::kInserted);
  {
    auto tx = this->factory_.Transactions()->Begin();
    ASSERT_TRUE(tx.ok()) << tx.status().ToString();
    MatchSubject moved = sul;
    moved.country = "ES";
    EXPECT_EQ(this->Put(*store, moved, "fp-1", {}), MatchChange::kReplaced);
    EXPECT_EQ(this->Counts(*store).results, 0);
  }
  EXPECT_EQ(this->Rows(this->Results(*store, sul.party_key)), (std::vector<std::string>{"party|national|1|c|fp-1"}));
  EXPECT_EQ(this->Put(*store, sul, "fp-1", {}), MatchChange::kUnchanged);

  {
    auto tx = this->factory_.Transactions()->Begin();
    ASSERT_TRUE(tx.ok()) << tx.status().ToString();
    EXPECT_EQ(this->Put(*store, ConformanceSubject("PT-NIPC/6", "party", "Seis"), "fp-1",
                        {ConformanceResult("national", 1, "s", 0.8)}),
              MatchChange::kInserted);
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  // Committed: another connection sees it.
  auto other = this->Open();
  ASSERT_NE(other, nullptr);
  c = this->Counts(*other);
  EXPECT_EQ(c.screenings, 2);
  EXPECT_EQ(c.results, 2);
  EXPECT_EQ(this->Screened(*other, "fp-1").size(), 2u);
}

TYPED_TEST_P(MatchStoreConformance, ResultsRoundTripExactly) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  const std::vector<double> scores = {0.1,
                                      1.0 / 3,
                                      0.8500000000000001,
                                      std::nextafter(0.9, 1.0),
                                      std::nextafter(1.0, 0.0),
                                      1.0,
                                      0.0,
                                      std::numeric_limits<double>::denorm_min(),
                                      std::numeric_limits<double>::min(),
                                      1e-300,
                                      0.123456789012345678};
  std::vector<ListMatchEvidence> in;
  for (size_t i = 0; i < scores.size(); ++i) {
    ListMatchEvidence m;
    m.list = i % 2 ? "worldbank" : "national";
    m.list_version = int64_t{1} << (i * 5);  // up to 2^50
    m.entry_id = "E-" + std::to_string(100 + i);
    m.entry_name = "Entr\xC3\xA9" "e \"" + std::to_string(i) + "\" & Filhos";
    m.query_name = "Confec\xC3\xA7\xC3\xB5" "es Sul, Lda. #" + std::to_string(i);
    m.subject = "ignored: the stored subject comes back";
    m.score = scores[i];
    m.is_match = i % 2 == 0;
    m.identifier_match = i % 3 == 0;
    m.entry_active = i % 4 != 1;
    m.decision = "confirmed";      // not stored
    m.subject_key = "k#x";         // not stored
    m.entry_digest = "digest";     // not stored
    m.explanation = "token 'CONFECOES' ~ 'CONFECCOES' (0.93);\n\tline 2: \xE2\x80\x94 quoted \"x\", back\\slash, "
                    "emoji \xF0\x9F\x98\x80, " + std::string(3000, 'x') + std::to_string(i);
    in.push_back(m);
  }
  const MatchSubject subject = ConformanceSubject("PT-NIPC/7", "S-\xC3\xA9", "Sete");
  EXPECT_EQ(this->Put(*store, subject, "fp-\xCE\xB1", in, "clearbid-names-1"), MatchChange::kInserted);

  std::vector<StoredMatch> out = this->Results(*store, "PT-NIPC/7");
  ASSERT_EQ(out.size(), in.size());
  for (const StoredMatch& stored : out) {
    const ListMatchEvidence* source = nullptr;
    for (const ListMatchEvidence& m : in) {
      if (m.entry_id == stored.match.entry_id) source = &m;
    }
    ASSERT_NE(source, nullptr) << stored.match.entry_id;
    const ListMatchEvidence& got = stored.match;
    EXPECT_EQ(stored.party_key, "PT-NIPC/7");
    EXPECT_EQ(stored.subject, "S-\xC3\xA9");
    EXPECT_EQ(stored.lists_fingerprint, "fp-\xCE\xB1");
    EXPECT_EQ(stored.algorithm, "clearbid-names-1");
    EXPECT_EQ(got.list, source->list);
    EXPECT_EQ(got.list_version, source->list_version);
    EXPECT_EQ(got.entry_name, source->entry_name);
    EXPECT_EQ(got.query_name, source->query_name);
    EXPECT_EQ(got.subject, "S-\xC3\xA9");
    EXPECT_EQ(DoubleBits(got.score), DoubleBits(source->score)) << got.entry_id << ": " << got.score;
    EXPECT_EQ(got.is_match, source->is_match);
    EXPECT_EQ(got.identifier_match, source->identifier_match);
    EXPECT_EQ(got.entry_active, source->entry_active);
    EXPECT_EQ(got.explanation, source->explanation);
    EXPECT_EQ(got.decision, "");
    EXPECT_EQ(got.subject_key, "");
    EXPECT_EQ(got.entry_digest, "");
  }
  // Within a list and version, higher scores first.
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i].match.list == out[i - 1].match.list && out[i].match.list_version == out[i - 1].match.list_version) {
      EXPECT_GE(out[i - 1].match.score, out[i].match.score);
    }
  }
  // Another connection reads the same.
  auto other = this->Open();
  ASSERT_NE(other, nullptr);
  std::vector<StoredMatch> again = this->Results(*other, "PT-NIPC/7");
  ASSERT_EQ(again.size(), out.size());
  for (size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(again[i].match.entry_id, out[i].match.entry_id);
    EXPECT_EQ(DoubleBits(again[i].match.score), DoubleBits(out[i].match.score));
  }
}

TYPED_TEST_P(MatchStoreConformance, ANaNScoreIsRefusedAndNothingStored) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  const MatchSubject s = ConformanceSubject("PT-NIPC/8", "party", "Oito");
  auto put = store->PutScreening(s, "fp-1", "names-1",
                                 {ConformanceResult("national", 1, "ok", 0.9),
                                  ConformanceResult("national", 1, "nan", std::nan(""))});
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.status().code(), Status::Code::kInvalidArgument) << put.status().ToString();
  MatchStoreCounts c = this->Counts(*store);
  EXPECT_EQ(c.screenings, 0);
  EXPECT_EQ(c.results, 0);
  // The store goes on working.
  EXPECT_EQ(this->Put(*store, s, "fp-1", {ConformanceResult("national", 1, "ok", 0.9)}), MatchChange::kInserted);
}

TYPED_TEST_P(MatchStoreConformance, TextOutsideUtf8IsStoredAsTheBackendKeepsIt) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  const MatchSubject s = ConformanceSubject("name:caf\xE9", "party", std::string("Caf\xE9 \0 Lda", 10));
  ListMatchEvidence m = ConformanceResult("national", 1, "e\xFF", 0.9);
  m.explanation = "caf\xE9 ~ CAFE";
  EXPECT_EQ(this->Put(*store, s, "fp-1", {m}), MatchChange::kInserted);
  // Look-ups see what was stored: the same subject again is unchanged.
  EXPECT_EQ(this->Put(*store, s, "fp-1", {m}), MatchChange::kUnchanged);
  std::vector<StoredMatch> results = this->Results(*store, s.party_key);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].party_key, TypeParam::StoredText(s.party_key));
  EXPECT_EQ(results[0].match.entry_id, TypeParam::StoredText("e\xFF"));
  EXPECT_EQ(results[0].match.explanation, TypeParam::StoredText(m.explanation));
  auto screened = this->Screened(*store, "fp-1");
  MatchSubject stored = s;
  stored.party_key = TypeParam::StoredText(s.party_key);
  stored.name = TypeParam::StoredText(s.name);
  ASSERT_EQ(screened.size(), 1u);
  EXPECT_EQ(screened.begin()->first, MatchStore::ScreeningKey(stored));
  EXPECT_EQ(screened.begin()->second, MatchStore::InputDigest(s));
}

REGISTER_TYPED_TEST_SUITE_P(MatchStoreConformance, PutScreeningTellsInsertedUnchangedAndReplaced,
                            ResultsOfOtherFingerprintsAndSubjectsAreKept, ScreeningsWithoutResultsAreRecorded,
                            ScreenedDigestsAreThoseOfOneFingerprint,
                            ResultsComeInSubjectListVersionScoreAndByteOrder, CountsScreeningsResultsAndAlerts,
                            PutScreeningBelongsToTheCallersTransaction, ResultsRoundTripExactly,
                            ANaNScoreIsRefusedAndNothingStored, TextOutsideUtf8IsStoredAsTheBackendKeepsIt);

}  // namespace clearbid::testing
