// Scans honour reviewers' match decisions: after a false positive is
// dismissed, the next (incremental) scan re-evaluates only the processes of
// that supplier, no longer raises the match, and drops it from the review
// queue's index.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "engine/base/clock.h"
#include "engine/store/list_store.h"
#include "engine/store/review_store.h"
#include "engine/store/sqlite_db.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

namespace fs = std::filesystem;
using clearbid::testing::ReadFile;
using clearbid::testing::RunCommand;

const std::string kBin = CLEARBID_BINARY;

std::string ScanCommand(const std::string& db, const std::string& out, const std::string& as_of) {
  return kBin + " scan --db " + db + " --out " + out + " --as-of " + as_of + " --batch 16 --jobs 2 --rules " +
         CLEARBID_SOURCE_DIR + "/rules/core 2>/dev/null";
}

int64_t QueryInt(const std::string& db, const std::string& sql, const std::string& arg) {
  auto database = Database::Open(db);
  EXPECT_TRUE(database.ok());
  auto q = (*database)->Prepare(sql);
  EXPECT_TRUE(q.ok()) << sql;
  q->Bind(1, arg);
  auto row = q->Step();
  return row.ok() && *row ? q->ColumnInt(0) : -1;
}

TEST(ScanReviewTest, ADismissedMatchIsNotRaisedByLaterScans) {
  const std::string dir = clearbid::testing::TempDir("scan-review");
  const std::string db = dir + "/store.db";
  std::string out;
  ASSERT_EQ(RunCommand(kBin + " generate --processes 120 --seed 7 --out " + dir + "/gen.jsonl", &out), 0);
  ASSERT_EQ(RunCommand(kBin + " ingest --db " + db + " " + dir + "/gen.jsonl 2>/dev/null", &out), 0) << out;

  // The supplier in the most processes, listed by name on a national list.
  std::string key, name, country;
  int64_t processes_with_it = 0;
  {
    auto database = Database::Open(db);
    ASSERT_TRUE(database.ok());
    auto q = (*database)->Prepare(
        "SELECT pp.party_key, pa.name, pa.country, count(DISTINCT pp.ocid) AS n FROM process_parties pp"
        " JOIN parties pa ON pa.party_key = pp.party_key WHERE pa.identifier != '' AND pp.party_key IN"
        " (SELECT party_key FROM process_parties WHERE roles LIKE '%supplier%')"
        " GROUP BY pp.party_key ORDER BY n DESC, pp.party_key LIMIT 1");
    ASSERT_TRUE(q.ok());
    ASSERT_TRUE(*q->Step());
    key = q->ColumnText(0);
    name = q->ColumnText(1);
    country = q->ColumnText(2);
    processes_with_it = q->ColumnInt(3);
  }
  ASSERT_GE(processes_with_it, 2);
  {
    std::ofstream csv(dir + "/national.csv");
    csv << "id,name,country,reason\nND-1,\"" << name << "\"," << country << ",collusive practice\n";
  }
  ASSERT_EQ(RunCommand(kBin + " lists import --db " + db + " --format csv " + dir + "/national.csv 2>&1", &out), 0)
      << out;

  ASSERT_EQ(RunCommand(ScanCommand(db, dir + "/scans", "2026-11-25"), &out), 0) << out;
  const std::string flagged_rows = "SELECT count(*) FROM party_flags WHERE party_key = ? AND rules LIKE '%BL-%'";
  // The supplier is assessed (and flagged by the match) where it supplies or tenders.
  const int64_t flagged_before = QueryInt(db, flagged_rows, key);
  EXPECT_GE(flagged_before, 2) << "the list match flags the supplier's processes";
  std::vector<std::string> flagged_ocids;
  {
    auto database = Database::Open(db);
    ASSERT_TRUE(database.ok());
    auto q = (*database)->Prepare("SELECT ocid FROM party_flags WHERE party_key = ? AND rules LIKE '%BL-%'");
    ASSERT_TRUE(q.ok());
    q->Bind(1, key);
    while (*q->Step()) flagged_ocids.push_back(q->ColumnText(0));
  }

  // An auditor dismisses the match as a false positive.
  {
    auto database = Database::Open(db);
    ASSERT_TRUE(database.ok());
    auto lists = ListStore::Open(database->get());
    ASSERT_TRUE(lists.ok());
    auto entries = (*lists)->LoadActiveEntries();
    ASSERT_TRUE(entries.ok());
    ASSERT_EQ(entries->size(), 1u);
    FixedClock clock(1795000000);
    auto review = OpenSqliteReviewStore(database->get(), &clock);
    ASSERT_TRUE(review.ok());
    ReviewRequest r;
    r.kind = "match";
    r.subject_key = key;
    r.key = ReviewMatchKey(key, "national", "ND-1");
    r.entry_digest = ListEntryDigest(entries->front());
    r.action = ReviewAction::kDismiss;
    r.reason = "same name, different firm: registration numbers differ";
    r.actor = "auditor1";
    auto entry = (*review)->Decide(r);
    ASSERT_TRUE(entry.ok()) << entry.status().message();
  }

  ASSERT_EQ(RunCommand(ScanCommand(db, dir + "/scans", "2026-11-26"), &out), 0) << out;
  auto summary = nlohmann::json::parse(ReadFile(dir + "/scans/2026-11-26/summary.json"));
  EXPECT_EQ(summary["mode"], "incremental");
  EXPECT_EQ(summary["assessed"], processes_with_it) << "only that supplier's processes are re-evaluated";
  EXPECT_EQ(QueryInt(db, flagged_rows, key), 0) << "no process is flagged by the dismissed match any more";
  // The files of those processes no longer carry the match as evidence
  // (a namesake with another identifier would still be matched: the
  // decision is about this party and this entry only).
  for (const std::string& ocid : flagged_ocids) {
    const std::string text = ReadFile(dir + "/scans/2026-11-26/processes/" + ocid + ".json");
    ASSERT_FALSE(text.empty()) << ocid;
    EXPECT_EQ(text.find(name + "\\\" ~ national entry ND-1"), std::string::npos) << ocid;
  }
  const std::string before = ReadFile(dir + "/scans/2026-11-25/processes/" + flagged_ocids.front() + ".json");
  EXPECT_NE(before.find(name + "\\\" ~ national entry ND-1"), std::string::npos) << "the test checks the right text";

  // Nothing changed since: nothing re-evaluated.
  ASSERT_EQ(RunCommand(ScanCommand(db, dir + "/scans", "2026-11-27"), &out), 0) << out;
  summary = nlohmann::json::parse(ReadFile(dir + "/scans/2026-11-27/summary.json"));
  EXPECT_EQ(summary["assessed"], 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace clearbid
