// Ingest of the real OCDS data in ../shared/data/ocds: per-publisher process
// counts, an error for each broken file and nothing else, idempotency.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "connectors/ingest/ingester.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

namespace fs = std::filesystem;

struct Opened {
  std::unique_ptr<Database> db;
  std::unique_ptr<ProcessStore> store;
  std::unique_ptr<EvidenceStore> evidence;
};

Opened OpenStore(const std::string& path) {
  Opened o;
  auto db = Database::Open(path);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  o.db = std::move(db).value();
  auto store = ProcessStore::Open(o.db.get());
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  o.store = std::move(store).value();
  auto evidence = EvidenceStore::Open(o.db.get());
  EXPECT_TRUE(evidence.ok()) << evidence.status().ToString();
  o.evidence = std::move(evidence).value();
  return o;
}

IngestSummary IngestInto(Opened& o, const std::vector<std::string>& paths) {
  IngestSummary summary;
  IngestOptions options;
  options.jobs = 2;
  Status s = Ingest(paths, SqliteTransactions(o.db.get()).get(), o.store.get(), o.evidence.get(), options, &summary);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return summary;
}

// Distinct ocids per publisher folder, from the releases' source files.
std::map<std::string, int64_t> CountsByPublisher(Database& db) {
  std::map<std::string, int64_t> out;
  auto q = db.Prepare("SELECT source_file, ocid FROM releases");
  EXPECT_TRUE(q.ok());
  std::map<std::string, std::set<std::string>> ocids;
  for (;;) {
    auto row = q->Step();
    if (!row.ok() || !*row) break;
    std::string file = q->ColumnText(0);
    std::string ocid = q->ColumnText(1);
    std::string pub;
    for (const char* name : {"armenia", "australia", "canada", "colombia", "mexico", "moldova", "nigeria",
                             "paraguay", "taiwan", "uganda", "uk-contracts-finder", "ukraine", "kingfisher-process",
                             "ocdskit-realdata", "fictional-example"}) {
      if (file.find(std::string("/") + name + "/") != std::string::npos) pub = name;
    }
    ocids[pub].insert(ocid);
  }
  for (auto& [pub, set] : ocids) out[pub] = static_cast<int64_t>(set.size());
  return out;
}

TEST(IngestRealDataTest, PublisherCountsErrorsAndIdempotency) {
  REQUIRE_SHARED_DATA();
  const std::string ocds = clearbid::testing::SharedDataDir() + "/ocds";
  std::string dir = clearbid::testing::TempDir("ingest");
  Opened o = OpenStore(dir + "/store.db");
  IngestSummary first = IngestInto(o, {ocds + "/real", ocds + "/fictional"});

  std::map<std::string, int64_t> expected = {
      {"armenia", 100},    {"australia", 10}, {"canada", 31},  {"colombia", 21},
      {"fictional-example", 1}, {"kingfisher-process", 100},  // Portugal, base.gov.pt
      {"mexico", 330},     {"moldova", 51},   {"nigeria", 12}, {"ocdskit-realdata", 7},
      {"paraguay", 12},    {"taiwan", 11},    {"uganda", 10},  {"uk-contracts-finder", 11},
      {"ukraine", 11},
  };
  EXPECT_EQ(CountsByPublisher(*o.db), expected);
  // Moldova: 51 processes from 102 releases (51 releases and 51 records' compiled releases).
  auto moldova = o.db->Prepare("SELECT count(*) FROM releases WHERE source_file LIKE '%/moldova/%'");
  ASSERT_TRUE(moldova.ok());
  ASSERT_TRUE(*moldova->Step());
  EXPECT_EQ(moldova->ColumnInt(0), 102);

  // Exactly the three empty Paraguay records are rejected, each named.
  std::set<std::string> error_files;
  for (const InputIssue& e : first.errors) {
    error_files.insert(fs::path(e.file).filename().string());
    EXPECT_FALSE(e.reason.empty());
  }
  EXPECT_EQ(error_files, (std::set<std::string>{"283826.json", "283906.json", "284456.json"}));
  std::string listing;
  for (size_t i = 0; i < first.errors.size() && i < 400; ++i)
    listing += first.errors[i].file + ":" + std::to_string(first.errors[i].line) + ": " + first.errors[i].reason + "\n";
  EXPECT_EQ(first.errors.size(), 3u) << listing;
  EXPECT_EQ(first.rejected, 3u);
  // The Latin-1 file is transcoded, with a warning naming it.
  bool latin1 = false;
  for (const InputIssue& w : first.warnings)
    latin1 |= w.file.find("encoding-iso-8859-1") != std::string::npos && w.reason.find("Latin-1") != std::string::npos;
  EXPECT_TRUE(latin1);
  EXPECT_EQ(first.store.processes, 716);  // some ocids appear under two publisher folders

  auto digest1 = o.store->ContentDigest();
  ASSERT_TRUE(digest1.ok());
  auto counts1 = o.store->Counts();
  ASSERT_TRUE(counts1.ok());

  // Ingesting the same data again changes nothing.
  IngestSummary second = IngestInto(o, {ocds + "/real", ocds + "/fictional"});
  EXPECT_EQ(second.releases_new, 0u);
  EXPECT_EQ(second.releases_updated, 0u);
  EXPECT_EQ(second.releases_unchanged, second.releases);
  EXPECT_EQ(second.processes_changed, 0u);
  auto digest2 = o.store->ContentDigest();
  ASSERT_TRUE(digest2.ok());
  EXPECT_EQ(*digest1, *digest2);
  auto counts2 = o.store->Counts();
  EXPECT_EQ(counts1->releases, counts2->releases);
  EXPECT_EQ(counts1->processes, counts2->processes);
  EXPECT_EQ(counts1->parties, counts2->parties);
  EXPECT_EQ(counts1->process_parties, counts2->process_parties);
  EXPECT_EQ(counts1->items, counts2->items);
  fs::remove_all(dir);
}

TEST(IngestRealDataTest, StageReleasesCompileIntoOneProcess) {
  REQUIRE_SHARED_DATA();
  const std::string dir11 = clearbid::testing::SharedDataDir() + "/ocds/fictional/fictional-example/1.1";
  std::string dir = clearbid::testing::TempDir("stages");
  Opened o = OpenStore(dir + "/store.db");
  std::vector<std::string> stages;
  for (const char* s : {"01-planning", "02-tender", "03-tenderAmendment", "04-award", "05-contract",
                        "06-implementation"})
    stages.push_back(dir11 + "/ocds-213czf-000-00001-" + s + ".json");
  IngestSummary sum = IngestInto(o, stages);
  EXPECT_TRUE(sum.errors.empty());
  EXPECT_EQ(sum.store.processes, 1);
  EXPECT_EQ(sum.store.releases, 6);
  auto json = o.store->ProcessJson("ocds-213czf-000-00001");
  ASSERT_TRUE(json.ok());
  ASSERT_TRUE(json->has_value());
  // The compiled state holds the tender of stage 2 and the contract of stage 5.
  EXPECT_NE((*json)->find("\"tag\":[\"compiled\"]"), std::string::npos);
  EXPECT_NE((*json)->find("\"contracts\""), std::string::npos);
  EXPECT_NE((*json)->find("\"tender\""), std::string::npos);
  fs::remove_all(dir);
}

TEST(IngestTest, AChangedReleaseUpdatesItsProcess) {
  std::string dir = clearbid::testing::TempDir("change");
  Opened o = OpenStore(dir + "/store.db");
  auto write = [&](const std::string& title) {
    std::ofstream(dir + "/in.jsonl")
        << R"({"ocid":"ocds-x-1","id":"r1","date":"2024-01-01","tender":{"title":")" << title << R"("}})" << "\n"
        << R"({"ocid":"ocds-x-2","id":"r1","date":"2024-01-01","tender":{"title":"same"}})" << "\n";
  };
  write("first");
  IngestSummary a = IngestInto(o, {dir + "/in.jsonl"});
  EXPECT_EQ(a.releases_new, 2u);
  EXPECT_EQ(a.processes_changed, 2u);
  write("second");
  IngestSummary b = IngestInto(o, {dir + "/in.jsonl"});
  EXPECT_EQ(b.releases_updated, 1u);
  EXPECT_EQ(b.releases_unchanged, 1u);
  EXPECT_EQ(b.processes_changed, 1u);
  auto json = o.store->ProcessJson("ocds-x-1");
  ASSERT_TRUE(json.ok() && json->has_value());
  EXPECT_NE((*json)->find("second"), std::string::npos);
  EXPECT_EQ(b.store.processes, 2);
  fs::remove_all(dir);
}

// Cardinal's field-coverage and preparation fixtures are largely malformed
// input: every file is read without a crash and every error names a line.
TEST(IngestRealDataTest, CardinalMalformedFixturesAreReportedNotFatal) {
  REQUIRE_SHARED_DATA();
  const std::string base = clearbid::testing::SharedDataDir() + "/cardinal/tests/fixtures";
  std::vector<std::string> files;
  for (const char* sub : {"/coverage", "/prepare"}) {
    for (const auto& e : fs::directory_iterator(base + sub)) {
      if (e.path().extension() == ".jsonl") files.push_back(e.path().string());
    }
  }
  ASSERT_GT(files.size(), 20u);
  std::string dir = clearbid::testing::TempDir("cardinal");
  Opened o = OpenStore(dir + "/store.db");
  IngestSummary sum = IngestInto(o, files);
  EXPECT_EQ(sum.files, files.size());
  EXPECT_GT(sum.errors.size(), 0u);
  for (const InputIssue& e : sum.errors) {
    EXPECT_FALSE(e.file.empty());
    EXPECT_FALSE(e.reason.empty());
  }
  EXPECT_GT(sum.store.processes, 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace clearbid
