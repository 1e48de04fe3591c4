// MatchIndex::Build on several threads (MatchIndexOptions::build_threads)
// gives the index of the one-thread build, array for array and query for query.

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "engine/matching/match_index.h"
#include "tests/engine/matching/csv_test_util.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

ListEntry Entry(std::string id, EntitySchema schema, std::string name, std::vector<std::string> aliases = {}) {
  ListEntry e;
  e.entry_id = std::move(id);
  e.source = "test";
  e.schema = schema;
  e.name = std::move(name);
  e.aliases = std::move(aliases);
  return e;
}

// Deterministic entries in every script the analysis treats differently:
// ASCII, Latin with diacritics, Russian and Ukrainian Cyrillic (three
// romanisations), Greek, Arabic, Han; aliases (some repeating the name or
// each other, some empty), identifiers, names without any word. The first
// 300 are ASCII and every 256th after 512 is Greek, so that later chunks of
// the parallel build meet the form labels in another order than the list.
std::vector<ListEntry> GeneratedEntries(size_t count) {
  std::mt19937 rng(20251126);
  auto pick = [&rng](const auto& options) { return std::string(options[rng() % std::size(options)]); };
  const char* latin[] = {"ka", "ro", "mi", "sha", "lev", "tor", "an", "do", "vich", "ne", "ski", "ber", "gu", "lin"};
  const char* diacritic[] = {"é", "ş", "ğ", "ö", "ł", "ñ", "ø", "ß", "ć"};
  const char* cyrillic[] = {"ко", "ро", "ми", "ша", "лев", "тор", "ан", "до", "вич", "щер", "ї", "є", "ґ", "ий", "ье"};
  const char* greek[] = {"Νίκος", "Παπαδόπουλος", "Γιώργος", "Αλεξίου", "Εταιρεία"};
  const char* arabic[] = {"محمد", "حسين", "موسوی", "شركة", "عبد"};
  const char* han[] = {"王", "李", "张伟", "有限公司", "北京"};
  const char* legal[] = {"LLC", "GmbH", "Ltd.", "ООО", "ТОВ", "S.A.", "Sp. z o.o."};
  auto word = [&](const char* const* syl, size_t n) {
    std::string w;
    for (int i = 0, k = 2 + static_cast<int>(rng() % 3); i < k; ++i) w += syl[rng() % n];
    if (w[0] >= 'a' && w[0] <= 'z') w[0] = static_cast<char>(w[0] - 'a' + 'A');
    return w;
  };
  std::vector<ListEntry> entries;
  for (size_t i = 0; i < count; ++i) {
    const bool person = rng() % 2 == 0;
    const unsigned kind = i < 300 ? 0 : (i >= 512 && i % 256 == 0) ? 4 : rng() % 10;
    std::string name;
    std::vector<std::string> aliases;
    switch (kind) {
      case 0: case 1: case 2: case 3:  // ASCII
        name = word(latin, std::size(latin)) + " " + word(latin, std::size(latin));
        break;
      case 4:
        name = pick(greek) + " " + pick(greek);
        break;
      case 5:
        name = word(latin, std::size(latin)) + pick(diacritic) + "a " + word(latin, std::size(latin));
        break;
      case 6: case 7: case 8:
        name = word(cyrillic, std::size(cyrillic)) + " " + word(cyrillic, std::size(cyrillic));
        if (rng() % 2) aliases.push_back(word(latin, std::size(latin)) + " " + word(latin, std::size(latin)));
        break;
      default:
        name = rng() % 2 ? pick(arabic) + " " + pick(arabic) : pick(han) + pick(han);
        break;
    }
    if (!person) name += " " + pick(legal);
    if (rng() % 8 == 0) aliases.push_back(name);  // the same text: not analysed twice
    if (rng() % 8 == 0) aliases.push_back("");
    if (rng() % 6 == 0) aliases.push_back(word(latin, std::size(latin)) + ", " + word(latin, std::size(latin)));
    if (rng() % 40 == 0) name = rng() % 2 ? "" : "--- ...";
    ListEntry e = Entry("g" + std::to_string(i), person ? EntitySchema::kPerson : EntitySchema::kCompany,
                        std::move(name), std::move(aliases));
    if (rng() % 5 == 0) e.identifiers.push_back({"REG", "AB-" + std::to_string(rng() % 100000), ""});
    entries.push_back(std::move(e));
  }
  return entries;
}

MatchIndex BuildWith(const std::vector<ListEntry>& entries, unsigned threads) {
  MatchIndexOptions options;
  options.build_threads = threads;
  return MatchIndex::Build(entries, options);
}

// Everything a hit says, for comparing results.
std::string HitsText(const std::vector<MatchHit>& hits) {
  std::string out;
  char score[32];
  for (const MatchHit& h : hits) {
    std::snprintf(score, sizeof(score), "%.17g", h.score);
    out += std::to_string(h.entry_index) + " " + h.entry_id + " " + score + " [" + h.name_match.list_name + "|" +
           h.name_match.list_form + "] " + h.name_match.alignment;
    for (const auto& f : h.features) {
      std::snprintf(score, sizeof(score), "%.17g", f.value);
      out += " | " + f.feature + " " + score + " " + f.detail;
    }
    out += "\n";
  }
  return out;
}

// Builds with 1 thread and with `thread_counts`, and compares the arrays, the
// memory count and the hits of `queries`.
void ExpectSameIndex(const std::vector<ListEntry>& entries, const std::vector<MatchQuery>& queries,
                     std::vector<unsigned> thread_counts) {
  const MatchIndex one = BuildWith(entries, 1);
  const std::string digest = one.StructureDigest();
  std::vector<std::string> expected;
  for (const MatchQuery& q : queries) expected.push_back(HitsText(one.Query(q, 5)));
  for (unsigned threads : thread_counts) {
    const MatchIndex many = BuildWith(entries, threads);
    EXPECT_EQ(many.StructureDigest(), digest) << threads << " threads";
    EXPECT_EQ(many.MemoryBytes(), one.MemoryBytes()) << threads << " threads";
    ASSERT_EQ(many.size(), one.size());
    size_t differing = 0;
    for (size_t i = 0; i < queries.size(); ++i) {
      std::string got = HitsText(many.Query(queries[i], 5));
      if (got != expected[i] && ++differing <= 3)
        ADD_FAILURE() << threads << " threads, query \"" << queries[i].name << "\":\n" << got << "one thread:\n"
                      << expected[i];
    }
    EXPECT_EQ(differing, 0u) << threads << " threads";
  }
}

// Queries from the listed names: as listed, without a letter, words swapped.
std::vector<MatchQuery> QueriesFrom(const std::vector<ListEntry>& entries, size_t count) {
  std::vector<MatchQuery> queries;
  for (size_t i = 0; i < count && !entries.empty(); ++i) {
    const ListEntry& e = entries[(i * 7919) % entries.size()];
    MatchQuery q;
    q.name = e.name;
    q.schema = i % 3 == 0 ? EntitySchema::kUnknown : e.schema;
    if (i % 4 == 1 && q.name.size() > 6 && static_cast<unsigned char>(q.name[3]) < 0x80) q.name.erase(3, 1);
    if (i % 4 == 2) {
      const size_t space = q.name.find(' ');
      if (space != std::string::npos) q.name = q.name.substr(space + 1) + " " + q.name.substr(0, space);
    }
    if (i % 5 == 0) q.identifiers = e.identifiers;
    queries.push_back(std::move(q));
  }
  return queries;
}

TEST(MatchIndexParallelBuildTest, GeneratedListGivesTheSameIndex) {
  const std::vector<ListEntry> entries = GeneratedEntries(4000);
  ExpectSameIndex(entries, QueriesFrom(entries, 300), {2, 3, 4, 7, 0});
}

TEST(MatchIndexParallelBuildTest, SmallAndEmptyLists) {
  ExpectSameIndex({}, {}, {4});
  const std::vector<ListEntry> entries = GeneratedEntries(700);
  ExpectSameIndex(std::vector<ListEntry>(entries.begin(), entries.begin() + 3), QueriesFrom(entries, 10), {4});
  ExpectSameIndex(entries, QueriesFrom(entries, 50), {64});
}

// Real names in many scripts (nomenklatura's name bench, UN list persons),
// queried with the same and with unrelated real names.
TEST(MatchIndexParallelBuildTest, RealNamesGiveTheSameIndex) {
  REQUIRE_SHARED_DATA();
  const std::string dir = testing::SharedDataDir() + "/matching/";
  std::vector<ListEntry> entries;
  auto cases = testing::ParseCsvText(testing::ReadFile(dir + "nk_name_bench_cases.csv"));
  for (size_t r = 1; r < cases.size(); ++r) {
    if (cases[r].size() < 4) continue;
    const EntitySchema schema = cases[r][1] == "Person" ? EntitySchema::kPerson : EntitySchema::kCompany;
    entries.push_back(Entry("nk" + std::to_string(r), schema, cases[r][2], {cases[r][3]}));
  }
  auto un = testing::ParseCsvText(testing::ReadFile(dir + "positives_un_untreated.csv"));
  for (size_t r = 1; r < un.size(); ++r)
    if (!un[r].empty() && !un[r][0].empty())
      entries.push_back(Entry("un" + std::to_string(r), EntitySchema::kPerson, un[r][0]));
  ASSERT_GT(entries.size(), 1400u);
  std::vector<MatchQuery> queries = QueriesFrom(entries, 200);
  auto negatives = testing::ParseCsvText(testing::ReadFile(dir + "negatives_global_1k.csv"));
  for (size_t r = 1; r < negatives.size() && r <= 150; ++r) {
    if (negatives[r].empty() || negatives[r][0].empty()) continue;
    MatchQuery q;
    q.name = negatives[r][0];
    q.schema = EntitySchema::kPerson;
    queries.push_back(std::move(q));
  }
  ExpectSameIndex(entries, queries, {2, 4});
}

}  // namespace
}  // namespace clearbid
