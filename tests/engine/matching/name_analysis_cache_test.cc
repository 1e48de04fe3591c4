// NameAnalysisCache: an analysis read back is the one AnalyseName() makes,
// a query answers the same with the cache as without it (empty, filled or
// read back), only the names a run met are kept, and a file that is not a
// cache of this matcher is ignored.

#include "engine/matching/name_analysis_cache.h"

#include <gtest/gtest.h>
#include <xxhash.h>

#include <bit>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/matching/match_index.h"
#include "engine/matching/name_codec.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string>& Names() {
  static const std::vector<std::string> names = {
      "Texteis Atlantico Lda", "Uniformes do Norte SA", "ООО Ромашка",           "ТОВ «Бриз Одеса»",
      "Παπαδόπουλος Νίκος",    "شركة الأمل للتجارة",   "Shcherbina, Olena",     "Zeta Holdings Ltd 2",
      "Müller & Söhne GmbH",   "Sp. z o.o. Łódź Tekstil", "北京有限公司",        "Muhammad bin Salman",
      "Հայկական Տեքստիլ ՍՊԸ",  "საქართველოს ტექსტილი",  "Dr. J. C. van der Bilt", "First Textile No. 3 Ltd"};
  return names;
}

constexpr EntitySchema kSchemas[] = {EntitySchema::kUnknown, EntitySchema::kCompany, EntitySchema::kPerson,
                                     EntitySchema::kOrganization};

// Every field of an analysis, as bytes.
std::string Bytes(const AnalysedName& a) {
  std::vector<uint8_t> out;
  std::vector<std::string_view> labels;
  EncodeAnalysedName(a, out, labels);
  std::string text = a.original + '\x1f';
  for (std::string_view l : labels) text.append(l).push_back(',');
  text.append(out.begin(), out.end());
  return text;
}

std::vector<ListEntry> Entries() {
  std::vector<ListEntry> out;
  for (int copy = 0; copy < 5; ++copy) {
    for (size_t i = 0; i < Names().size(); ++i) {
      ListEntry e;
      e.entry_id = "E" + std::to_string(copy) + "-" + std::to_string(i);
      e.source = "test";
      e.schema = i == 4 || i == 6 || i == 11 ? EntitySchema::kPerson : EntitySchema::kCompany;
      e.name = copy == 0 ? Names()[i] : Names()[i] + " " + std::to_string(copy);
      if (i % 3 == 0) e.aliases = {Names()[(i + 1) % Names().size()] + " Group"};
      out.push_back(std::move(e));
    }
  }
  return out;
}

// Every hit of every name (as written, and misspelt), in each schema, as text
// with the scores' bits.
std::string Answers(const MatchIndex& index, NameAnalysisCache* cache) {
  std::string out;
  for (const std::string& name : Names()) {
    for (const std::string& q : {name, name.substr(0, name.size() - 2), "Group " + name}) {
      for (EntitySchema schema : kSchemas) {
        MatchQuery query;
        query.name = q;
        query.schema = schema;
        query.aliases = {q + " Trading"};
        query.analyses = cache;
        for (const MatchHit& hit : index.Query(query, 10)) {
          out += q + " -> " + hit.entry_id + " " + std::to_string(std::bit_cast<uint64_t>(hit.score)) + " " +
                 hit.name_match.alignment + " " + hit.name_match.query_form + "\n";
        }
      }
    }
  }
  return out;
}

TEST(NameAnalysisCacheTest, AnAnalysisReadBackIsTheOneAnalyseNameMakes) {
  const fs::path dir = clearbid::testing::TempDir("name-analyses");
  const std::string file = (dir / "sub" / "q.analyses").string();
  {
    NameAnalysisCache cache;
    for (const std::string& name : Names())
      for (EntitySchema schema : kSchemas) cache.Record(AnalyseName(name, schema));
    EXPECT_EQ(cache.recorded(), static_cast<int64_t>(Names().size() * std::size(kSchemas)));
    // Found among the recorded ones, before any file.
    AnalysedName a;
    ASSERT_TRUE(cache.Find(Names()[2], EntitySchema::kCompany, &a));
    EXPECT_EQ(Bytes(a), Bytes(AnalyseName(Names()[2], EntitySchema::kCompany)));
    ASSERT_TRUE(cache.Save(file).ok());
  }
  EXPECT_FALSE(fs::exists(file + ".tmp"));
  std::unique_ptr<NameAnalysisCache> loaded = NameAnalysisCache::Load(file);
  for (const std::string& name : Names()) {
    for (EntitySchema schema : kSchemas) {
      AnalysedName a;
      ASSERT_TRUE(loaded->Find(name, schema, &a)) << name;
      EXPECT_EQ(Bytes(a), Bytes(AnalyseName(name, schema))) << name;
    }
  }
  AnalysedName none;
  EXPECT_FALSE(loaded->Find("Nobody at all", EntitySchema::kCompany, &none));
  EXPECT_EQ(loaded->found(), static_cast<int64_t>(Names().size() * std::size(kSchemas)));
  fs::remove_all(dir);
}

TEST(NameAnalysisCacheTest, AQueryAnswersTheSameWithTheCacheAsWithout) {
  const fs::path dir = clearbid::testing::TempDir("name-analyses-query");
  const std::string file = (dir / "q.analyses").string();
  const MatchIndex index = MatchIndex::Build(Entries());
  const std::string plain = Answers(index, nullptr);
  ASSERT_NE(plain.find("romashka"), std::string::npos);  // the queries find something
  NameAnalysisCache empty;
  EXPECT_EQ(Answers(index, &empty), plain);
  EXPECT_GT(empty.recorded(), 0);
  // Asked again: every analysis found, none made.
  const int64_t made = empty.recorded();
  EXPECT_EQ(Answers(index, &empty), plain);
  EXPECT_EQ(empty.recorded(), made);
  EXPECT_GT(empty.found(), 0);
  ASSERT_TRUE(empty.Save(file).ok());
  std::unique_ptr<NameAnalysisCache> loaded = NameAnalysisCache::Load(file);
  EXPECT_EQ(Answers(index, loaded.get()), plain);
  EXPECT_EQ(loaded->recorded(), 0);  // every name found in the file
  EXPECT_GE(loaded->found(), made);
  fs::remove_all(dir);
}

TEST(NameAnalysisCacheTest, OnlyTheNamesARunMetAreKept) {
  const fs::path dir = clearbid::testing::TempDir("name-analyses-kept");
  const std::string file = (dir / "q.analyses").string();
  {
    NameAnalysisCache cache;
    for (const std::string& name : Names()) cache.Record(AnalyseName(name, EntitySchema::kCompany));
    ASSERT_TRUE(cache.Save(file).ok());
  }
  {
    std::unique_ptr<NameAnalysisCache> cache = NameAnalysisCache::Load(file);
    AnalysedName a;
    ASSERT_TRUE(cache->Find(Names()[0], EntitySchema::kCompany, &a));
    cache->Record(AnalyseName("Another Name Ltd", EntitySchema::kCompany));
    ASSERT_TRUE(cache->Save(file).ok());
  }
  std::unique_ptr<NameAnalysisCache> cache = NameAnalysisCache::Load(file);
  AnalysedName a;
  EXPECT_TRUE(cache->Find(Names()[0], EntitySchema::kCompany, &a));
  EXPECT_TRUE(cache->Find("Another Name Ltd", EntitySchema::kCompany, &a));
  EXPECT_FALSE(cache->Find(Names()[1], EntitySchema::kCompany, &a));
  EXPECT_FALSE(cache->Find(Names()[0], EntitySchema::kPerson, &a));  // kept per schema
  fs::remove_all(dir);
}

TEST(NameAnalysisCacheTest, AFileThatIsNotACacheOfThisMatcherIsIgnored) {
  const fs::path dir = clearbid::testing::TempDir("name-analyses-bad");
  const std::string file = (dir / "q.analyses").string();
  {
    NameAnalysisCache cache;
    for (const std::string& name : Names()) cache.Record(AnalyseName(name, EntitySchema::kCompany));
    ASSERT_TRUE(cache.Save(file).ok());
  }
  std::string bytes;
  {
    std::ifstream in(file, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto found_with = [&](const std::string& content) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << content;
    AnalysedName a;
    return NameAnalysisCache::Load(file)->Find(Names()[0], EntitySchema::kCompany, &a);
  };
  EXPECT_FALSE(NameAnalysisCache::Load((dir / "none").string())->Find(Names()[0], EntitySchema::kCompany, nullptr));
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x20;
  EXPECT_FALSE(found_with(flipped));
  EXPECT_FALSE(found_with(bytes.substr(0, bytes.size() - 1)));
  EXPECT_FALSE(found_with(bytes.substr(0, bytes.size() / 3)));
  EXPECT_FALSE(found_with(bytes + "x"));
  EXPECT_FALSE(found_with("not a cache"));
  EXPECT_FALSE(found_with(""));
  // Another matcher or ICU: the tag differs (its checksum made good again).
  std::string other = bytes;
  const size_t at = other.find("clearbid-names-");
  ASSERT_NE(at, std::string::npos);
  other[at] = 'X';
  other.resize(other.size() - 8);
  const uint64_t sum = XXH3_64bits(other.data(), other.size());
  other.append(reinterpret_cast<const char*>(&sum), sizeof sum);
  EXPECT_FALSE(found_with(other));
  EXPECT_TRUE(found_with(bytes));  // the original reads again
  fs::remove_all(dir);
}

}  // namespace
}  // namespace clearbid
