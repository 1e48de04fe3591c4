// MatchIndex::Save / Load: the index read back (entries and arrays) answers
// as the one built, and a file that is not one written with the same tag is
// refused.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/matching/match_index.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

namespace fs = std::filesystem;

std::vector<ListEntry> Entries() {
  const char* names[] = {"Texteis Atlantico Lda",  "Uniformes do Norte SA", "ООО Ромашка",          "ТОВ «Бриз Одеса»",
                         "Παπαδόπουλος Νίκος",     "شركة الأمل للتجارة",   "Shcherbina, Olena",     "Zeta Holdings Ltd",
                         "Müller & Söhne GmbH",    "Sp. z o.o. Łódź Tekstil", "北京有限公司",        "Atlantic Textiles Ltd"};
  std::vector<ListEntry> out;
  for (int copy = 0; copy < 20; ++copy) {
    for (size_t i = 0; i < std::size(names); ++i) {
      ListEntry e;
      e.entry_id = "E" + std::to_string(copy) + "-" + std::to_string(i);
      e.source = "test";
      e.schema = i == 6 || i == 4 ? EntitySchema::kPerson : EntitySchema::kCompany;
      e.name = copy == 0 ? names[i] : std::string(names[i]) + " " + std::to_string(copy);
      if (i % 3 == 0) e.aliases = {std::string(names[(i + 1) % std::size(names)]) + " Group"};
      if (i % 4 == 1) e.identifiers = {{"REG", std::to_string(100000 + copy * 100 + static_cast<int>(i)), ""}};
      if (i % 5 == 2) {  // every field a snapshot must keep
        e.weak_aliases = {"Weak " + std::to_string(copy)};
        e.countries = {"PT", "ES"};
        e.addresses = {{"Rua 1", "Porto", "Norte", "4000-001", "Portugal", "PT"}};
        e.birth_dates = {"1970-01-0" + std::to_string(1 + copy % 9)};
        e.listed_from = "2020-01-01";
        e.listed_until = "2030-12-31";
        e.reason = "fraudulent practice";
        e.notes = "note \"quoted\" \u00e9";
      }
      e.source_line = copy * 100 + static_cast<int64_t>(i);
      e.list_version = 3;
      out.push_back(std::move(e));
    }
  }
  return out;
}

void ExpectSameAnswers(const MatchIndex& built, const MatchIndex& loaded) {
  const char* queries[] = {"Texteis Atlantico", "Uniformes Norte", "OOO Romashka", "Briz Odessa LLC",
                           "Nikos Papadopoulos", "Olena Shcherbina", "Zeta Holding", "Muller Sohne",
                           "Lodz Tekstil",       "Atlantic Textile 7", "Nobody at all"};
  for (const char* q : queries) {
    MatchQuery query;
    query.name = q;
    auto a = built.Query(query, 5), b = loaded.Query(query, 5);
    ASSERT_EQ(a.size(), b.size()) << q;
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].entry_index, b[i].entry_index) << q;
      EXPECT_EQ(a[i].score, b[i].score) << q;
      EXPECT_EQ(a[i].name_match.alignment, b[i].name_match.alignment) << q;
    }
  }
  MatchQuery by_id;
  by_id.identifiers = {{"REG", "100501", ""}};
  auto a = built.Query(by_id, 5), b = loaded.Query(by_id, 5);
  ASSERT_EQ(a.size(), b.size());
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a[0].entry_index, b[0].entry_index);
}

TEST(MatchIndexSnapshotTest, LoadedIndexAnswersAsTheBuiltOne) {
  const fs::path dir = clearbid::testing::TempDir("match-index-snapshot");
  const std::string file = (dir / "lists.idx").string();
  MatchIndex built = MatchIndex::Build(Entries());
  ASSERT_TRUE(built.Save(file, "lists-1").ok());
  EXPECT_FALSE(fs::exists(file + ".tmp"));
  auto loaded = MatchIndex::Load(file, "lists-1");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->size(), built.size());
  // The entries, field for field (their digest covers every field but the
  // source line and version, compared too).
  for (size_t i = 0; i < built.size(); ++i) {
    EXPECT_EQ(ListEntryDigest(loaded->entry(i)), ListEntryDigest(built.entry(i))) << i;
    EXPECT_EQ(loaded->entry(i).list_version, built.entry(i).list_version);
    EXPECT_EQ(loaded->entry(i).source_line, built.entry(i).source_line);
  }
  ExpectSameAnswers(built, *loaded);
  // The same arrays, byte for byte (capacities aside).
  auto without_capacity = [](std::string digest) {
    std::string out;
    size_t at = 0;
    while (at < digest.size()) {
      size_t end = digest.find('\n', at);
      std::string line = digest.substr(at, end - at);
      // "name size capacity hash": drop the capacity.
      size_t a = line.find(' '), b = line.find(' ', a + 1), c = line.find(' ', b + 1);
      if (a != std::string::npos && b != std::string::npos && c != std::string::npos) line.erase(b, c - b);
      out += line + "\n";
      at = end + 1;
    }
    return out;
  };
  EXPECT_EQ(without_capacity(loaded->StructureDigest()), without_capacity(built.StructureDigest()));
  fs::remove_all(dir);
}

TEST(MatchIndexSnapshotTest, AFileThatIsNotTheIndexOfTheseListsIsRefused) {
  const fs::path dir = clearbid::testing::TempDir("match-index-snapshot-bad");
  const std::string file = (dir / "lists.idx").string();
  ASSERT_TRUE(MatchIndex::Build(Entries()).Save(file, "lists-1").ok());
  EXPECT_EQ(MatchIndex::Load((dir / "none.idx").string(), "lists-1").status().code(), Status::Code::kNotFound);
  // Written for other lists.
  EXPECT_EQ(MatchIndex::Load(file, "lists-2").status().code(), Status::Code::kCorruption);
  // A damaged byte, a truncated file, bytes after the end.
  std::string bytes;
  {
    std::ifstream in(file, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto with = [&](const std::string& content) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << content;
    return MatchIndex::Load(file, "lists-1").status().code();
  };
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x20;
  EXPECT_EQ(with(flipped), Status::Code::kCorruption);
  EXPECT_EQ(with(bytes.substr(0, bytes.size() - 9)), Status::Code::kCorruption);
  EXPECT_EQ(with(bytes.substr(0, bytes.size() / 3)), Status::Code::kCorruption);  // within the entries
  EXPECT_EQ(with(bytes + "x"), Status::Code::kCorruption);
  EXPECT_EQ(with("not an index"), Status::Code::kCorruption);
  EXPECT_EQ(with(bytes), Status::Code::kOk);  // the original reads again
  fs::remove_all(dir);
}

}  // namespace
}  // namespace clearbid
