// The ingester writes the same store whatever the number of threads: the
// processes of a transaction that have several releases are compiled a chunk
// at a time on every thread, then written in the order they were first
// touched (which decides the name an organisation keeps in `parties`).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "connectors/ingest/ingester.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

namespace fs = std::filesystem;

// A release of process `i`: a buyer and a supplier shared with other
// processes under other names, a tender whose title is `title` (and
// description `description`, when not empty), and for release ids other
// than r1 an award to the supplier.
std::string Release(int i, const std::string& id, const std::string& date, const std::string& title,
                    const std::string& description = "") {
  std::string award;
  if (id != "r1") {
    award = fmt::format(R"(,"awards":[{{"id":"{0}","suppliers":[{{"id":"s","name":"S{1}"}}],)"
                        R"("items":[{{"id":"a{0}","description":"Award item {0}",)"
                        R"("classification":{{"scheme":"CPV","id":"1880000{2}"}}}}]}}])",
                        id, i % 50, i % 10);
  }
  return fmt::format(
      R"({{"ocid":"ocds-t-{0:04}","id":"{1}","date":"{2}","tag":["tender"],)"
      R"("parties":[{{"id":"b","name":"Buyer as {1} of {0}","identifier":{{"scheme":"XI-TEST","id":"B{3}"}},)"
      R"("roles":["buyer"]}},{{"id":"s","name":"Supplier as {1} of {0}","identifier":{{"scheme":"XI-TEST",)"
      R"("id":"S{4}"}},"roles":["supplier","tenderer"]}}],)"
      R"("tender":{{"id":"t{0}","title":"{5}",{7}"items":[{{"id":"1","description":"Item of {0}",)"
      R"("classification":{{"scheme":"CPV","id":"18100000"}}}}]}}{6}}})",
      i, id, date, i % 7, i % 50, title, award,
      description.empty() ? std::string() : fmt::format(R"("description":"{}",)", description));
}

struct Ingested {
  std::string digest;
  IngestSummary first, second;
};

// Ingests `files[0]`, then `files[1]`, into a new store at `path`.
Ingested IngestBoth(const std::string& path, const std::vector<std::string>& files, unsigned jobs,
                    size_t transaction_releases) {
  Ingested out;
  auto db = Database::Open(path);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  if (!db.ok()) return out;
  auto store = ProcessStore::Open(db->get());
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  if (!store.ok()) return out;
  IngestOptions options;
  options.jobs = jobs;
  options.transaction_releases = transaction_releases;
  for (int run = 0; run < 2; ++run) {
    IngestSummary& summary = run == 0 ? out.first : out.second;
    Status s = Ingest({files[static_cast<size_t>(run)]}, SqliteTransactions(db->get()).get(), store->get(), nullptr,
                      options, &summary);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  auto digest = (*store)->ContentDigest();
  EXPECT_TRUE(digest.ok()) << digest.status().ToString();
  if (digest.ok()) out.digest = *digest;
  return out;
}

TEST(IngesterTest, ProcessesCompiledOnSeveralThreadsGiveTheSameStore) {
  const std::string dir = clearbid::testing::TempDir("ingester_threads");
  constexpr int kProcesses = 700;  // more than one chunk of compiled processes
  const std::string all = dir + "/all.jsonl", update = dir + "/update.jsonl";
  {
    std::ofstream out(all);
    for (int i = 0; i < kProcesses; ++i) out << Release(i, "r1", "2024-01-01T00:00:00Z", "Tender " + std::to_string(i)) << "\n";
    // Second releases in another order than the first ones, a third for some.
    for (int i = kProcesses - 1; i >= 0; --i) {
      if (i % 3 != 0) out << Release(i, "r2", "2024-02-01T00:00:00Z", "Tender " + std::to_string(i)) << "\n";
    }
    for (int i = 0; i < kProcesses; i += 5) out << Release(i, "r3", "2024-03-01T00:00:00Z", "Final " + std::to_string(i)) << "\n";
  }
  {
    // An amendment of every tenth process's first release.
    std::ofstream out(update);
    for (int i = 0; i < kProcesses; i += 10) {
      out << Release(i, "r1", "2024-01-01T00:00:00Z", "Tender " + std::to_string(i), "Amended") << "\n";
    }
  }

  for (size_t transaction_releases : {size_t{5000}, size_t{300}}) {
    SCOPED_TRACE(fmt::format("{} releases per transaction", transaction_releases));
    const Ingested one = IngestBoth(fmt::format("{}/one-{}.db", dir, transaction_releases), {all, update}, 1,
                                    transaction_releases);
    ASSERT_FALSE(one.digest.empty());
    EXPECT_EQ(one.first.releases_new, static_cast<uint64_t>(kProcesses + 466 + 140));
    EXPECT_EQ(one.second.releases_updated, 70u);
    if (transaction_releases > 1000) {  // one transaction: each process is written once
      EXPECT_EQ(one.first.processes_changed, static_cast<uint64_t>(kProcesses));
      EXPECT_EQ(one.second.processes_changed, 70u);
    }
    EXPECT_TRUE(one.first.errors.empty());
    EXPECT_TRUE(one.second.errors.empty());
    for (unsigned jobs : {2u, 4u}) {
      SCOPED_TRACE(fmt::format("{} threads", jobs));
      const Ingested many = IngestBoth(fmt::format("{}/many-{}-{}.db", dir, transaction_releases, jobs),
                                       {all, update}, jobs, transaction_releases);
      EXPECT_EQ(many.digest, one.digest);
      EXPECT_EQ(many.first.processes_changed, one.first.processes_changed);
      EXPECT_EQ(many.second.processes_changed, one.second.processes_changed);
      EXPECT_EQ(many.second.releases_updated, one.second.releases_updated);
      EXPECT_TRUE(many.second.errors.empty());
    }
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace clearbid
