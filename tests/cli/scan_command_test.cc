// clearbid scan: crash safety (kill -9 at several points, then the same
// command again) and incremental re-evaluation.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <algorithm>
#include <functional>
#include <fstream>
#include <map>
#include <set>

#include "engine/store/sqlite_db.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

namespace fs = std::filesystem;
using clearbid::testing::ReadFile;
using clearbid::testing::RunCommand;

const std::string kBin = CLEARBID_BINARY;
const std::string kRules = std::string(" --rules ") + CLEARBID_SOURCE_DIR + "/rules/core";

// A store with the worked example and 150 generated processes.
std::string MakeStore(const std::string& dir) {
  std::string db = dir + "/base.db";
  std::string out;
  EXPECT_EQ(RunCommand(kBin + " generate --processes 150 --seed 11 --out " + dir + "/gen.jsonl", &out), 0);
  EXPECT_EQ(RunCommand(kBin + " ingest --db " + db + " " + dir + "/gen.jsonl " + CLEARBID_SOURCE_DIR +
                           "/data/examples 2>/dev/null",
                       &out),
            0)
      << out;
  return db;
}

// `clearbid scan <mode>` of `db` into `folder` as of `as_of` (two jobs,
// batches of 16, the core rules); its log (stderr).
std::string ScanLog(const std::string& db, const std::string& folder, const std::string& as_of,
                    const std::string& mode) {
  std::string log;
  EXPECT_EQ(RunCommand(kBin + " scan " + mode + " --db " + db + " --out " + folder + " --as-of " + as_of +
                           " --batch 16 --jobs 2" + kRules + " 2>&1 >/dev/null",
                       &log),
            0)
      << log;
  return log;
}

// Imports the CSV list `file` into `db` as the list "national", as of 2026-11-01.
void ImportNationalList(const std::string& db, const std::string& file) {
  std::string out;
  ASSERT_EQ(RunCommand(kBin + " lists import --db " + db + " --as-of 2026-11-01 --format csv --name national " +
                           file + " 2>&1",
                       &out),
            0)
      << out;
}

// The first row `sql` gives on the store `db`, its first `columns` columns
// as text; empty when it gives none (a store or query that fails fails the test).
std::vector<std::string> FirstRow(const std::string& db, const std::string& sql, int columns) {
  auto database = Database::Open(db);
  EXPECT_TRUE(database.ok()) << db;
  if (!database.ok()) return {};
  auto q = (*database)->Prepare(sql);
  EXPECT_TRUE(q.ok()) << sql;
  if (!q.ok()) return {};
  auto row = q->Step();
  EXPECT_TRUE(row.ok()) << sql;
  std::vector<std::string> out;
  if (!row.ok() || !*row) return out;
  for (int i = 0; i < columns; ++i) out.push_back(q->ColumnText(i));
  return out;
}

// The name and country of the supplier in the most processes of `db`
// (with a country), to be listed by a test's list.
void BusiestSupplier(const std::string& db, std::string* name, std::string* country) {
  const std::vector<std::string> row =
      FirstRow(db,
               "SELECT pa.name, pa.country FROM process_parties pp JOIN parties pa ON pa.party_key = pp.party_key"
               " WHERE pp.roles LIKE '%supplier%' AND pa.country != '' GROUP BY pp.party_key"
               " ORDER BY count(DISTINCT pp.ocid) DESC, pp.party_key LIMIT 1",
               2);
  ASSERT_EQ(row.size(), 2u) << "no supplier with a country";
  *name = row[0];
  *country = row[1];
}

std::map<std::string, std::string> FolderFiles(const fs::path& folder) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(folder)) {
    if (e.is_regular_file()) files[fs::relative(e.path(), folder).string()] = ReadFile(e.path().string());
  }
  return files;
}

std::string ScanCommand(const std::string& db, const std::string& out, const std::string& as_of) {
  return kBin + " scan --db " + db + " --out " + out + " --as-of " + as_of + " --batch 16 --jobs 2" + kRules +
         " 2>/dev/null";
}

TEST(ScanCommandTest, KilledScansResumeToTheSameBytes) {
  std::string dir = clearbid::testing::TempDir("scan-crash");
  std::string base = MakeStore(dir);
  std::string out;

  fs::copy_file(base, dir + "/ref.db");
  ASSERT_EQ(RunCommand(ScanCommand(dir + "/ref.db", dir + "/ref", "2026-11-25"), &out), 0) << out;
  auto reference = FolderFiles(dir + "/ref/2026-11-25");
  ASSERT_EQ(reference.count("summary.json"), 1u);
  ASSERT_GT(reference.size(), 150u);
  // A full scan writes the portfolio, counted as it assessed; resumed scans
  // below read it from the files: the same bytes. It is the portfolio
  // `clearbid report --portfolio` makes of the folder.
  ASSERT_EQ(reference.count("portfolio.json"), 1u);
  ASSERT_EQ(reference.count("portfolio.html"), 1u);
  ASSERT_EQ(reference.count("rules.json"), 1u);
  {
    ASSERT_EQ(RunCommand(kBin + " report --portfolio --db " + dir + "/ref.db --scan " + dir +
                             "/ref/2026-11-25 --format json --out " + dir + "/report 2>&1",
                         &out),
              0)
        << out;
    std::function<void(nlohmann::json&)> strip = [&](nlohmann::json& j) {
      if (j.is_object()) {
        j.erase("link");
        j.erase("generated_at");
        j.erase("link_prefix");
        for (auto& [k, v] : j.items()) strip(v);
      } else if (j.is_array()) {
        for (auto& v : j) strip(v);
      }
    };
    nlohmann::json scan_portfolio = nlohmann::json::parse(reference["portfolio.json"]);
    nlohmann::json report_portfolio = nlohmann::json::parse(ReadFile(dir + "/report/portfolio.json"));
    strip(scan_portfolio);
    strip(report_portfolio);
    EXPECT_EQ(scan_portfolio, report_portfolio);
    // Every process the portfolio links to has its contract summary in the folder.
    for (const auto& row : nlohmann::json::parse(reference["portfolio.json"])["riskiest_processes"]) {
      std::string link = row["link"];
      EXPECT_EQ(reference.count(link), 1u) << link;
    }
  }

  for (const char* point : {"created:1", "files:1", "files:4", "committed:3", "committed:9"}) {
    SCOPED_TRACE(point);
    std::string db = dir + "/crash.db", folder = dir + "/crash";
    fs::remove_all(folder);
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
    fs::copy_file(base, db);
    int rc = RunCommand(std::string("CLEARBID_SCAN_KILL_AT=") + point + " " + ScanCommand(db, folder, "2026-11-25"), &out);
    EXPECT_NE(rc, 0) << "the scan should have been killed";
    // The same command again finishes the scan.
    ASSERT_EQ(RunCommand(ScanCommand(db, folder, "2026-11-25"), &out), 0) << out;
    EXPECT_NE(out.find("(resumed)"), std::string::npos) << out;
    auto resumed = FolderFiles(folder + "/2026-11-25");
    EXPECT_EQ(resumed.size(), reference.size());
    for (const auto& [name, bytes] : reference) {
      ASSERT_EQ(resumed.count(name), 1u) << name;
      EXPECT_EQ(resumed[name], bytes) << name;
    }
    // Nothing duplicated: one work item and one assessment per process.
    auto database = Database::Open(db);
    ASSERT_TRUE(database.ok());
    auto q = (*database)->Prepare(
        "SELECT (SELECT count(*) FROM scan_items), (SELECT count(*) FROM assessments),"
        " (SELECT count(*) FROM processes), (SELECT count(*) FROM scans WHERE status = 'complete')");
    ASSERT_TRUE(q.ok());
    ASSERT_TRUE(*q->Step());
    EXPECT_EQ(q->ColumnInt(0), q->ColumnInt(2));
    EXPECT_EQ(q->ColumnInt(1), q->ColumnInt(2));
    EXPECT_EQ(q->ColumnInt(3), 1);
  }
  fs::remove_all(dir);
}

// An incremental scan carries the unchanged processes over while it is
// created (their files linked from the previous scan, no work item each), then
// assesses the changed ones: killed while carrying, once recorded, between a
// batch's files and its commit, or after a commit, the same command again
// ends with the files an uninterrupted incremental scan writes.
TEST(ScanCommandTest, KilledIncrementalScansResumeToTheSameBytes) {
  std::string dir = clearbid::testing::TempDir("scan-crash-incremental");
  std::string base = MakeStore(dir);
  std::string out;
  const std::string scanned = dir + "/scanned.db", scans = dir + "/scans";
  fs::copy_file(base, scanned);
  ASSERT_EQ(RunCommand(ScanCommand(scanned, scans, "2026-11-25"), &out), 0) << out;
  // Every 10th generated release amended: a new tender title.
  const std::string changed = dir + "/changed.jsonl";
  {
    std::ifstream in(dir + "/gen.jsonl");
    std::ofstream amended(changed);
    std::string line;
    for (int n = 0; std::getline(in, line); ++n) {
      if (n % 10 != 0) continue;
      size_t at = line.find("\"title\":\"");
      ASSERT_NE(at, std::string::npos);
      amended << line.insert(at + 9, "(amended) ") << "\n";
    }
  }
  // A fresh copy of the scanned store for each run, and no incremental folder.
  auto start = [&](const std::string& db) {
    fs::remove_all(scans + "/2026-11-26");
    for (const char* suffix : {"", "-wal", "-shm"}) {
      fs::remove(db + suffix);
      if (fs::exists(scanned + suffix)) fs::copy_file(scanned + suffix, db + suffix);
    }
  };
  auto incremental = [&](const std::string& db, const std::string& env) {
    return RunCommand(env + kBin + " scan --db " + db + " --out " + scans + " --as-of 2026-11-26 --ingest " + changed +
                          " --batch 4 --jobs 2" + kRules + " 2>/dev/null",
                      &out);
  };
  const std::string db = dir + "/run.db";
  // The previous scan's files: no later scan may change them (a link made
  // ahead is replaced by a rename, never written through).
  const auto previous_files = FolderFiles(scans + "/2026-11-25");
  start(db);
  ASSERT_EQ(RunCommand(kBin + " scan --db " + db + " --out " + scans + " --as-of 2026-11-26 --ingest " + changed +
                           " --batch 4 --jobs 2" + kRules + " 2>&1",
                       &out),
            0)
      << out;
  EXPECT_NE(out.find(R"("event":"carry_ahead","previous":"2026-11-25","moved":true)"), std::string::npos) << out;
  auto reference = FolderFiles(scans + "/2026-11-26");
  // Linking ahead or not, the same files.
  start(db);
  ASSERT_EQ(RunCommand(kBin + " scan --db " + db + " --out " + scans + " --as-of 2026-11-26 --ingest " + changed +
                           " --batch 4 --jobs 2 --no-carry-ahead" + kRules + " 2>&1",
                       &out),
            0)
      << out;
  EXPECT_EQ(out.find("\"carry_ahead\""), std::string::npos) << out;
  EXPECT_EQ(FolderFiles(scans + "/2026-11-26"), reference);
  EXPECT_EQ(FolderFiles(scans + "/2026-11-25"), previous_files);
  ASSERT_EQ(reference.count("summary.json"), 1u);
  ASSERT_EQ(reference.count("delta.json"), 1u);
  nlohmann::json summary = nlohmann::json::parse(reference["summary.json"]);
  EXPECT_EQ(summary["mode"], "incremental");
  const int64_t processes = summary["processes"], assessed = summary["assessed"];
  EXPECT_GE(assessed, 15);
  EXPECT_LT(assessed, processes / 2);
  EXPECT_EQ(summary["reused"].get<int64_t>(), processes - assessed);

  // "created:1+cut": killed once recorded, with some carried-over files not
  // linked yet (the links go on while the scan runs: a kill can cut them
  // short), as the files removed here are, and files left half-written under
  // temporary names.
  // "carried" kills while linking ahead (before the ingest), "carried_ahead"
  // once the links made ahead are the scan's folder, before it is recorded.
  for (const char* point : {"carried:1", "carried:60", "carried_ahead:1", "created:1", "created:1+cut", "files:1",
                            "files:3", "committed:2"}) {
    SCOPED_TRACE(point);
    start(db);
    const std::string_view spec(point);
    const bool cut = spec.ends_with("+cut");
    int rc = incremental(db, std::string("CLEARBID_SCAN_KILL_AT=") + std::string(spec.substr(0, spec.find('+'))) + " ");
    EXPECT_NE(rc, 0) << "the scan should have been killed";
    if (cut) {
      // Whatever was linked when the kill came (possibly nothing yet), a seventh of it goes.
      int n = 0;
      for (const auto& e : fs::directory_iterator(scans + "/2026-11-26/processes")) {
        if (e.path().extension() == ".json" && n++ % 7 == 0) fs::remove(e.path());
      }
      // And files a kill left under temporary names, mid-write (another process's tag).
      std::ofstream(scans + "/2026-11-26/processes/ocds-x.json.otherhost_12.tmp") << "half";
      std::ofstream(scans + "/2026-11-26/delta.json.otherhost_12.tmp") << "half";
    }
    ASSERT_EQ(incremental(db, ""), 0) << out;
    // Killed after the scan was recorded, it resumes (a kill while carrying
    // files may come before or after: the links go on meanwhile).
    if (!spec.starts_with("carried")) {
      EXPECT_NE(out.find("(resumed)"), std::string::npos) << out;
    }
    auto resumed = FolderFiles(scans + "/2026-11-26");
    EXPECT_EQ(resumed.size(), reference.size());
    for (const auto& [name, bytes] : reference) {
      ASSERT_EQ(resumed.count(name), 1u) << name;
      EXPECT_EQ(resumed[name], bytes) << name;
    }
    for (const auto& [name, bytes] : resumed) EXPECT_EQ(reference.count(name), 1u) << name;
    EXPECT_EQ(FolderFiles(scans + "/2026-11-25"), previous_files);
    // Nothing duplicated or lost: each process is an item of the scan or carried over, once.
    auto database = Database::Open(db);
    ASSERT_TRUE(database.ok());
    auto q = (*database)->Prepare(
        "SELECT (SELECT count(*) FROM scan_items WHERE scan_id = '2026-11-26'),"
        " (SELECT carried_low + carried_medium + carried_high + carried_critical FROM scans"
        "  WHERE scan_id = '2026-11-26'), (SELECT count(*) FROM processes),"
        " (SELECT count(*) FROM scans WHERE status = 'complete')");
    ASSERT_TRUE(q.ok());
    ASSERT_TRUE(*q->Step());
    EXPECT_EQ(q->ColumnInt(0) + q->ColumnInt(1), q->ColumnInt(2));
    EXPECT_EQ(q->ColumnInt(2), processes);
    EXPECT_EQ(q->ColumnInt(3), 2);
  }
  fs::remove_all(dir);
}

// A scan that assesses every item itself builds its delta as it goes (each
// batch's previous files read while the batch is assessed); a resumed scan
// builds it from both folders' files at the end. A `--full` re-scan after a
// list names a supplier, with some previous files gone and one unreadable:
// both ways give the same delta bytes, which say what `clearbid report
// --delta` of the two folders says.
TEST(ScanCommandTest, AFullReScansDeltaIsTheFoldersDeltaWhetherResumedOrNot) {
  std::string dir = clearbid::testing::TempDir("scan-full-delta");
  std::string base = MakeStore(dir);
  std::string out;
  std::string supplier, country;
  ASSERT_NO_FATAL_FAILURE(BusiestSupplier(base, &supplier, &country));
  const std::string scans = dir + "/scans";
  ScanLog(base, scans, "2026-11-25", "--full");
  std::ofstream(dir + "/v1.csv") << "id,name,country,reason,listed_until\nND-99," << supplier << "," << country
                                 << ",forced labour finding,\n";
  ImportNationalList(base, dir + "/v1.csv");
  // Three previous files gone and one unreadable (an issue): four new processes in the delta.
  {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(scans + "/2026-11-25/processes")) {
      if (e.path().extension() == ".json") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    ASSERT_GT(files.size(), 100u);
    for (size_t i : {10u, 50u, 90u}) fs::remove(files[i]);
    std::ofstream(files[70], std::ios::trunc) << "{\"schema\":";
  }
  const std::string db = dir + "/run.db";
  auto start = [&] {
    fs::remove_all(scans + "/2026-11-26");
    for (const char* suffix : {"", "-wal", "-shm"}) {
      fs::remove(db + suffix);
      if (fs::exists(base + suffix)) fs::copy_file(base + suffix, db + suffix);
    }
  };
  auto rescan = [&](const std::string& env) {
    return RunCommand(env + kBin + " scan --full --db " + db + " --out " + scans +
                          " --as-of 2026-11-26 --batch 8 --jobs 2" + kRules + " 2>/dev/null",
                      &out);
  };
  start();
  ASSERT_EQ(rescan(""), 0) << out;
  const std::string delta_json = ReadFile(scans + "/2026-11-26/delta.json");
  const std::string delta_html = ReadFile(scans + "/2026-11-26/delta.html");
  nlohmann::json mine = nlohmann::json::parse(delta_json);
  EXPECT_GT(mine["counts"]["new_flags"].get<int>(), 0) << "the listed supplier should show in the delta";
  EXPECT_EQ(mine["counts"]["new_processes"], 4) << "three files gone and one unreadable";
  ASSERT_EQ(mine["issues"].size(), 1u) << mine["issues"];
  {
    const std::string whole = dir + "/whole-delta.json";
    // Exit 3: a file was not read (docs/cli.md).
    ASSERT_EQ(RunCommand(kBin + " report --delta " + scans + "/2026-11-25 " + scans +
                             "/2026-11-26 --format json --out " + whole + " 2>&1",
                         &out),
              3)
        << out;
    nlohmann::json theirs = nlohmann::json::parse(ReadFile(whole));
    auto without_links = [](nlohmann::json items) {
      for (auto& item : items) item.erase("link");
      return items;
    };
    EXPECT_EQ(mine["counts"], theirs["counts"]);
    for (const char* key : {"new_flags", "resolved_flags", "band_changes", "new_processes", "removed_processes"}) {
      EXPECT_EQ(without_links(mine[key]), without_links(theirs[key])) << key;
    }
    EXPECT_EQ(mine["issues"], theirs["issues"]);
  }
  // Killed before any batch is done (the resumed run assesses everything
  // itself) or after some are (the rest is compared from the files).
  for (const char* point : {"files:2", "committed:3", "committed:15"}) {
    SCOPED_TRACE(point);
    start();
    EXPECT_NE(rescan(std::string("CLEARBID_SCAN_KILL_AT=") + point + " "), 0) << "the scan should have been killed";
    ASSERT_EQ(rescan(""), 0) << out;
    EXPECT_EQ(ReadFile(scans + "/2026-11-26/delta.json"), delta_json);
    EXPECT_EQ(ReadFile(scans + "/2026-11-26/delta.html"), delta_html);
  }
  fs::remove_all(dir);
}

TEST(ScanCommandTest, IncrementalScanReevaluatesOnlyTheChangedSuppliersProcesses) {
  std::string dir = clearbid::testing::TempDir("scan-incr");
  std::string db = MakeStore(dir);
  std::string out;
  ASSERT_EQ(RunCommand(ScanCommand(db, dir + "/scans", "2026-11-25"), &out), 0) << out;

  // A supplier that appears in several processes (the generator reuses suppliers).
  std::string scheme, id, name, country;
  int64_t processes_with_it = 0;
  {
    auto database = Database::Open(db);
    ASSERT_TRUE(database.ok());
    auto q = (*database)->Prepare(
        "SELECT pa.scheme, pa.identifier, pa.name, count(DISTINCT pp.ocid) AS n, pa.country FROM process_parties pp"
        " JOIN parties pa ON pa.party_key = pp.party_key WHERE pa.identifier != '' AND pa.country != '' AND pp.party_key IN"
        " (SELECT party_key FROM process_parties WHERE roles LIKE '%supplier%')"
        " GROUP BY pp.party_key ORDER BY n DESC, pp.party_key LIMIT 1");  // every process it is in, in any role
    ASSERT_TRUE(q.ok());
    ASSERT_TRUE(*q->Step());
    scheme = q->ColumnText(0);
    id = q->ColumnText(1);
    name = q->ColumnText(2);
    processes_with_it = q->ColumnInt(3);
    country = q->ColumnText(4);
  }
  ASSERT_GE(processes_with_it, 2) << "the generator should reuse suppliers";

  auto disclosure = [&](bool policy) {
    nlohmann::json d = {{"format", "clearbid.disclosure/1.0"},
                        {"disclosure_id", "D-TEST-1"},
                        {"submitted", "2026-11-01"},
                        {"party", {{"scheme", scheme}, {"id", id}, {"name", name}, {"country", country}}},
                        {"policy", {{"exists", policy}}}};
    std::ofstream(dir + "/disclosure.json") << d.dump();
  };
  disclosure(false);
  ASSERT_EQ(RunCommand(kBin + " ingest --db " + db + " " + dir + "/disclosure.json", &out), 0) << out;
  ASSERT_EQ(RunCommand(ScanCommand(db, dir + "/scans", "2026-11-26"), &out), 0) << out;
  auto summary = nlohmann::json::parse(ReadFile(dir + "/scans/2026-11-26/summary.json"));
  EXPECT_EQ(summary["mode"], "incremental");
  EXPECT_EQ(summary["assessed"], processes_with_it);

  // Change it: again only those processes.
  disclosure(true);
  ASSERT_EQ(RunCommand(kBin + " ingest --db " + db + " " + dir + "/disclosure.json", &out), 0) << out;
  ASSERT_EQ(RunCommand(ScanCommand(db, dir + "/scans", "2026-11-27"), &out), 0) << out;
  summary = nlohmann::json::parse(ReadFile(dir + "/scans/2026-11-27/summary.json"));
  EXPECT_EQ(summary["assessed"], processes_with_it);
  EXPECT_EQ(summary["reused"].get<int64_t>() + processes_with_it, summary["processes"].get<int64_t>());
  // The scan's delta, which reads only the processes it assessed, says what
  // the delta of the two whole folders says (`clearbid report --delta`).
  {
    const std::string whole = dir + "/whole-delta.json";
    ASSERT_EQ(RunCommand(kBin + " report --delta " + dir + "/scans/2026-11-26 " + dir +
                             "/scans/2026-11-27 --format json --out " + whole + " 2>&1",
                         &out),
              0)
        << out;
    nlohmann::json mine = nlohmann::json::parse(ReadFile(dir + "/scans/2026-11-27/delta.json"));
    nlohmann::json theirs = nlohmann::json::parse(ReadFile(whole));
    auto without_links = [](nlohmann::json items) {
      for (auto& item : items) item.erase("link");
      return items;
    };
    EXPECT_EQ(mine["counts"], theirs["counts"]);
    EXPECT_GT(mine["counts"]["new_flags"].get<int>() + mine["counts"]["resolved_flags"].get<int>() +
                  mine["counts"]["band_changes"].get<int>(),
              0)
        << "the disclosure change should show in the delta";
    for (const char* key : {"new_flags", "resolved_flags", "band_changes", "new_processes", "removed_processes"}) {
      EXPECT_EQ(without_links(mine[key]), without_links(theirs[key])) << key;
    }
    EXPECT_EQ(mine["scan_a"]["processes"], theirs["scan_a"]["processes"]);
    EXPECT_EQ(mine["scan_b"]["processes"], theirs["scan_b"]["processes"]);
    EXPECT_EQ(mine["issues"].size(), 0u);
    EXPECT_TRUE(fs::exists(dir + "/scans/2026-11-27/delta.html"));
  }

  // Nothing changed: nothing re-evaluated.
  ASSERT_EQ(RunCommand(ScanCommand(db, dir + "/scans", "2026-11-28"), &out), 0) << out;
  summary = nlohmann::json::parse(ReadFile(dir + "/scans/2026-11-28/summary.json"));
  EXPECT_EQ(summary["assessed"], 0);
  fs::remove_all(dir);
}

// A new list version: the incremental scan re-matches the names of earlier
// scans against the changed entries only (no index of the whole lists is
// built), re-assesses exactly the processes whose screenings changed, and
// gives them the files a full scan against the new lists gives; the others
// keep the previous scan's files.
// Lists that appear after a scan: the change cannot be narrowed down (the
// previous scan screened against none), so every process is assessed again,
// also when the store's processes were counted as carried before the lists
// were looked at (the files linked ahead): the same files as a full scan.
TEST(ScanCommandTest, ListsAppearingAfterAScanReassessEveryProcessAsAFullScanDoes) {
  std::string dir = clearbid::testing::TempDir("scan-lists-appear");
  std::string base = MakeStore(dir);
  fs::copy_file(base, dir + "/ref.db");
  std::string supplier, country;
  ASSERT_NO_FATAL_FAILURE(BusiestSupplier(base, &supplier, &country));
  std::ofstream(dir + "/v1.csv") << "id,name,country,reason,listed_until\n"
                                 << "ND-1," << supplier << "," << country << ",forced labour finding,\n";
  auto import = [&](const std::string& db) { ImportNationalList(db, dir + "/v1.csv"); };
  auto scan = &ScanLog;
  scan(base, dir + "/scans", "2026-11-25", "--full");
  import(base);
  const std::string log = scan(base, dir + "/scans", "2026-11-26", "--incremental");
  import(dir + "/ref.db");
  scan(dir + "/ref.db", dir + "/ref", "2026-11-26", "--full");

  EXPECT_NE(log.find(R"("event":"lists_changed","assess":"all")"), std::string::npos) << log;
  EXPECT_NE(log.find(R"("event":"carry_ahead")"), std::string::npos) << "the files were not linked ahead: " << log;
  auto after = FolderFiles(dir + "/scans/2026-11-26/processes");
  auto reference = FolderFiles(dir + "/ref/2026-11-26/processes");
  size_t json_files = 0, listed = 0;
  for (const auto& [name, bytes] : reference) {
    if (!name.ends_with(".json")) continue;
    ++json_files;
    if (bytes.find("national/ND-1\"") != std::string::npos) ++listed;
    ASSERT_EQ(after.count(name), 1u) << name;
    EXPECT_EQ(after[name], bytes) << name << ": not what a full scan against the lists gives";
  }
  EXPECT_GT(json_files, 150u);
  EXPECT_GT(listed, 0u) << "no process matches the listed supplier: the change is not exercised";
  auto summary = nlohmann::json::parse(ReadFile(dir + "/scans/2026-11-26/summary.json"));
  EXPECT_EQ(summary["mode"], "incremental");
  EXPECT_EQ(summary["assessed"], json_files);
  EXPECT_EQ(summary["reused"], 0);
}

TEST(ScanCommandTest, NewListVersionReassessesOnlyTheProcessesItsChangedEntriesMatch) {
  std::string dir = clearbid::testing::TempDir("scan-list-delta");
  std::string base = MakeStore(dir);
  std::string out;
  // A supplier of the generated processes, to be listed by the new version,
  // and another, listed by both: re-issued under a new id and for another
  // reason (a twin: its matches move to the new id, no name is screened).
  std::string supplier, supplier_country, reissued;
  {
    auto database = Database::Open(base);
    ASSERT_TRUE(database.ok());
    auto q = (*database)->Prepare(
        "SELECT pa.name, pa.country FROM process_parties pp JOIN parties pa ON pa.party_key = pp.party_key"
        " WHERE pp.roles LIKE '%supplier%' AND pa.country != '' GROUP BY pp.party_key"
        " ORDER BY count(DISTINCT pp.ocid), pp.party_key LIMIT 2");
    ASSERT_TRUE(q.ok());
    ASSERT_TRUE(*q->Step());
    supplier = q->ColumnText(0);
    supplier_country = q->ColumnText(1);
    ASSERT_TRUE(*q->Step());
    reissued = "ND-60," + q->ColumnText(0) + "," + q->ColumnText(1);
  }
  auto list = [&](const std::string& file, const std::string& rows) {
    std::ofstream(dir + "/" + file) << "id,name,country,reason,listed_until\n" << rows;
  };
  const std::string kept = "ND-18,Uniformes do Norte SA,PT,forced labour finding,\n"
                           "ND-40,Zeta Unrelated Holdings,MT,fraudulent practice,\n";
  list("v1.csv", "ND-17,Texteis Atlantico Lda,PT,fraudulent practice,\n" + kept + reissued + ",fraudulent practice,\n");
  list("v2.csv", kept + "ND-99," + supplier + "," + supplier_country + ",forced labour finding,\n" +
                     std::string(reissued).replace(0, 5, "ND-61") + ",forced labour finding,\n");
  auto import = [&](const std::string& db, const std::string& file) { ImportNationalList(db, dir + "/" + file); };
  import(base, "v1.csv");
  fs::copy_file(base, dir + "/ref.db");
  // The log's event of one kind, parsed.
  auto event = [](const std::string& log, const std::string& kind) {
    size_t at = log.find("\"event\":\"" + kind + "\"");
    if (at == std::string::npos) return nlohmann::json();
    size_t begin = log.rfind('{', at), end = log.find('}', at);
    return nlohmann::json::parse(log.substr(begin, end - begin + 1));
  };
  auto scan = &ScanLog;
  const std::string full_log = scan(base, dir + "/scans", "2026-11-25", "--full");
  import(base, "v2.csv");
  const std::string log = scan(base, dir + "/scans", "2026-11-26", "--incremental");
  // The full scan kept the analyses of the names it screened; the re-match
  // of the memo found them there (the files below are the reference's).
  EXPECT_GT(event(full_log, "name_analyses")["made"].get<int64_t>(), 0) << full_log;
  EXPECT_EQ(event(full_log, "name_analyses")["saved"], true) << full_log;
  EXPECT_GT(event(log, "name_analyses")["found"].get<int64_t>(), 0) << log;
  // The reference: a full scan against the new lists, in a store that never saw the old scan.
  import(dir + "/ref.db", "v2.csv");
  scan(dir + "/ref.db", dir + "/ref", "2026-11-26", "--full");

  auto before = FolderFiles(dir + "/scans/2026-11-25/processes");
  auto after = FolderFiles(dir + "/scans/2026-11-26/processes");
  auto reference = FolderFiles(dir + "/ref/2026-11-26/processes");
  // The processes the change concerns: those ND-17 matched, those ND-60
  // matched (now citing ND-61), and those ND-99 matches.
  std::set<std::string> concerned;
  for (const auto& [name, bytes] : before) {
    if (name.ends_with(".json") && bytes.find("national/ND-17\"") != std::string::npos) concerned.insert(name);
  }
  const size_t unlisted = concerned.size();
  for (const auto& [name, bytes] : before) {
    if (name.ends_with(".json") && bytes.find("national/ND-60\"") != std::string::npos) concerned.insert(name);
  }
  ASSERT_GT(concerned.size(), unlisted) << "no process matched ND-60: the re-issue is not exercised";
  const size_t moved = concerned.size();
  for (const auto& [name, bytes] : reference) {
    if (name.ends_with(".json") && bytes.find("national/ND-99\"") != std::string::npos) concerned.insert(name);
  }
  ASSERT_GT(unlisted, 0u) << "no process matched ND-17: the removal is not exercised";
  ASSERT_GT(concerned.size(), moved) << "no process matches ND-99: the addition is not exercised";

  nlohmann::json changed = event(log, "lists_changed");
  ASSERT_FALSE(changed.is_null()) << log;
  EXPECT_EQ(changed["assess"], "changed");
  EXPECT_EQ(changed["entries_added"], 1);     // ND-99
  EXPECT_EQ(changed["entries_gone"], 2);      // ND-17, and ND-60 in its earlier form
  EXPECT_EQ(changed["entries_reissued"], 1);  // ND-61, ND-60's twin
  EXPECT_EQ(changed["entries_unchanged"], 2);
  EXPECT_EQ(changed["processes"], concerned.size());
  // Rewritten in the memo: the screenings whose matches changed; the others
  // (names that matched nothing, matches of kept entries) are left as they were.
  EXPECT_GE(changed["screenings_rewritten"].get<int64_t>(),
            changed["screenings_changed"].get<int64_t>() - changed["rescreen"].get<int64_t>());
  EXPECT_LT(changed["screenings_rewritten"].get<int64_t>(), changed["screenings"].get<int64_t>());
  nlohmann::json screening = event(log, "screening");
  EXPECT_EQ(screening["index_built"], false) << "names were screened against the whole lists";
  auto summary = nlohmann::json::parse(ReadFile(dir + "/scans/2026-11-26/summary.json"));
  EXPECT_EQ(summary["mode"], "incremental");
  EXPECT_EQ(summary["assessed"], concerned.size());

  size_t json_files = 0;
  for (const auto& [name, bytes] : after) {
    if (!name.ends_with(".json")) continue;
    ++json_files;
    if (concerned.count(name)) {
      ASSERT_EQ(reference.count(name), 1u) << name;
      EXPECT_EQ(bytes, reference[name]) << name << ": not what a full scan against the new lists gives";
    } else {
      EXPECT_EQ(bytes, before[name]) << name << ": changed, though the list change does not concern it";
    }
  }
  EXPECT_GT(json_files, 150u);

  // The lists did not change again: nothing to assess.
  const std::string again = scan(base, dir + "/scans", "2026-11-27", "--incremental");
  EXPECT_TRUE(event(again, "lists_changed").is_null()) << again;
  summary = nlohmann::json::parse(ReadFile(dir + "/scans/2026-11-27/summary.json"));
  EXPECT_EQ(summary["assessed"], 0);

  // New names on a later day (names screened before, now without a country
  // or with one): the index kept is that of the first lists (the scans since
  // met no new name), so it is read and corrected by the delta to the new
  // lists instead of an index of these being built. The newly listed
  // supplier must meet ND-99 (an added entry), a kept entry's name ND-18,
  // the removed entry's name nothing; the file is what a scan against an
  // index of the new lists gives.
  std::ofstream(dir + "/new.jsonl")
      << R"({"ocid":"ocds-delta-1","id":"1","date":"2026-11-27T00:00:00Z","tag":["award"],)"
      << R"("parties":[{"id":"b","name":"Camara Municipal de Braga","roles":["buyer"],"address":{"countryName":"Portugal"}},)"
      << R"({"id":"s1","name":")" << supplier << R"(","roles":["supplier"]},)"
      << R"({"id":"s2","name":"Uniformes do Norte SA","roles":["supplier"],"address":{"countryName":"Portugal"}},)"
      << R"({"id":"s3","name":"Texteis Atlantico Lda","roles":["supplier"],"address":{"countryName":"Portugal"}}],)"
      << R"("awards":[{"id":"a1","status":"active","suppliers":[{"id":"s1","name":")" << supplier << R"("},)"
      << R"({"id":"s2","name":"Uniformes do Norte SA"},{"id":"s3","name":"Texteis Atlantico Lda"}]}]})"
      << "\n";
  auto ingest_new = [&](const std::string& db) {
    ASSERT_EQ(RunCommand(kBin + " ingest --db " + db + " " + dir + "/new.jsonl 2>&1", &out), 0) << out;
  };
  ingest_new(base);
  const std::string later = scan(base, dir + "/scans", "2026-11-28", "--incremental");
  nlohmann::json corrected = event(later, "screening");
  EXPECT_EQ(corrected["index_corrected_by_delta"], true) << later;
  EXPECT_EQ(corrected["delta_rescreened"], 0) << later;
  EXPECT_GE(corrected["screened"].get<int64_t>(), 3) << later;
  EXPECT_EQ(fs::exists(base + ".match-index"), true);
  ingest_new(dir + "/ref.db");
  scan(dir + "/ref.db", dir + "/ref", "2026-11-28", "--full");
  const std::string file = "ocds-delta-1.json";
  const std::string mine = ReadFile(dir + "/scans/2026-11-28/processes/" + file);
  const std::string theirs = ReadFile(dir + "/ref/2026-11-28/processes/" + file);
  ASSERT_FALSE(theirs.empty());
  EXPECT_NE(theirs.find("national/ND-99\""), std::string::npos) << "the reference does not meet ND-99: " << theirs;
  EXPECT_NE(theirs.find("national/ND-18\""), std::string::npos) << "the reference does not meet ND-18: " << theirs;
  EXPECT_EQ(theirs.find("ND-17"), std::string::npos) << theirs;
  EXPECT_EQ(mine, theirs);
  fs::remove_all(dir);
}

TEST(ScanCommandTest, FailOnCriticalSignalsNewCriticalProcesses) {
  std::string dir = clearbid::testing::TempDir("scan-fail");
  std::string db = dir + "/s.db";
  std::string out;
  // First scan: no critical process yet.
  ASSERT_EQ(RunCommand(kBin + " generate --processes 20 --seed 5 --out " + dir + "/gen.jsonl", &out), 0);
  ASSERT_EQ(RunCommand(kBin + " ingest --db " + db + " " + dir + "/gen.jsonl", &out), 0);
  ASSERT_EQ(RunCommand(kBin + " scan --fail-on critical --db " + db + " --out " + dir + "/scans --as-of 2026-11-25" +
                           kRules + " 2>/dev/null",
                       &out),
            0)
      << out;
  // The worked example arrives: its process is critical, new since the last scan.
  ASSERT_EQ(RunCommand(kBin + " ingest --db " + db + " " + CLEARBID_SOURCE_DIR + "/data/examples", &out), 0);
  int rc = RunCommand(kBin + " scan --fail-on critical --db " + db + " --out " + dir + "/scans --as-of 2026-11-26" +
                          kRules + " 2>/dev/null",
                      &out);
  EXPECT_EQ(rc, 4) << out;
  auto summary = nlohmann::json::parse(ReadFile(dir + "/scans/2026-11-26/summary.json"));
  EXPECT_EQ(summary["new_at_or_above"], 1);
  fs::remove_all(dir);
}

// The screening memo: a scan against the same lists (same versions, same
// entries active) takes earlier scans' screenings and builds no list index
// when it meets no new name; an entry whose exclusion ended changes the lists
// and voids the memo. Either way the files are those of a scan without memo.
// A memo row whose answer a new list version does not change is left as it
// was, its match citing the earlier version (RematchScreeningMemo); a process
// that screens the name again, re-assessed for another of its parties, cites
// the new version, as a full scan against the new lists does.
TEST(ScanCommandTest, AScreeningLeftByANewListVersionCitesThatVersionWhenReadAgain) {
  std::string dir = clearbid::testing::TempDir("scan-list-cite");
  std::string base = MakeStore(dir);
  // Two suppliers of one process: the first listed by both versions, the
  // second added by the later one.
  const std::vector<std::string> pair = FirstRow(
      base,
      "SELECT a.name, a.country, b.name, b.country FROM process_parties x"
      " JOIN parties a ON a.party_key = x.party_key JOIN process_parties y ON y.ocid = x.ocid"
      " JOIN parties b ON b.party_key = y.party_key"
      " WHERE x.roles LIKE '%supplier%' AND y.roles LIKE '%supplier%'"
      " AND a.name != b.name AND instr(a.name, ',') = 0 AND instr(b.name, ',') = 0"
      " ORDER BY x.ocid, a.party_key, b.party_key LIMIT 1",
      4);
  ASSERT_EQ(pair.size(), 4u) << "no process with two suppliers";
  const std::string &kept_name = pair[0], &kept_country = pair[1], &added_name = pair[2], &added_country = pair[3];
  const std::string v1 = "ND-1," + kept_name + "," + kept_country + ",forced labour finding,\n";
  std::ofstream(dir + "/v1.csv") << "id,name,country,reason,listed_until\n" << v1;
  std::ofstream(dir + "/v2.csv") << "id,name,country,reason,listed_until\n"
                                 << v1 << "ND-2," << added_name << "," << added_country
                                 << ",forced labour finding,\n";
  ImportNationalList(base, dir + "/v1.csv");
  fs::copy_file(base, dir + "/ref.db");
  ScanLog(base, dir + "/scans", "2026-11-25", "--full");
  ImportNationalList(base, dir + "/v2.csv");
  ScanLog(base, dir + "/scans", "2026-11-26", "--incremental");
  ImportNationalList(dir + "/ref.db", dir + "/v2.csv");
  ScanLog(dir + "/ref.db", dir + "/ref", "2026-11-26", "--full");
  const std::vector<std::string> v2_id = FirstRow(base, "SELECT max(id) FROM list_versions", 1);
  ASSERT_EQ(v2_id.size(), 1u);
  auto before = FolderFiles(dir + "/scans/2026-11-25/processes");
  auto after = FolderFiles(dir + "/scans/2026-11-26/processes");
  auto reference = FolderFiles(dir + "/ref/2026-11-26/processes");
  // The processes that meet both entries now: re-assessed (ND-2 is new to
  // them), their ND-1 match read from the memo.
  size_t both = 0;
  for (const auto& [name, bytes] : reference) {
    if (!name.ends_with(".json") || bytes.find("national/ND-1\"") == std::string::npos ||
        bytes.find("national/ND-2\"") == std::string::npos) {
      continue;
    }
    ++both;
    ASSERT_EQ(after.count(name), 1u) << name;
    EXPECT_EQ(after[name], bytes) << name << ": not what a full scan against the new lists gives";
    EXPECT_NE(after[name].find("(list version " + v2_id[0] + ")"), std::string::npos) << name;
    EXPECT_NE(after[name], before[name]) << name;
  }
  EXPECT_GT(both, 0u) << "no process matches both entries: the memo row left as it was is not read";
}

TEST(ScanCommandTest, ScreeningMemoServesLaterScansAgainstTheSameLists) {
  std::string dir = clearbid::testing::TempDir("scan-memo");
  std::string base = MakeStore(dir);
  std::string out;
  {
    std::ofstream csv(dir + "/national.csv");
    csv << "id,name,country,reason,listed_until\n"
           "ND-17,Texteis Atlantico Lda,PT,fraudulent practice,\n"
           "ND-18,Uniformes do Norte SA,PT,forced labour finding,2026-11-25\n";
  }
  ASSERT_EQ(RunCommand(kBin + " generate --list-entities 3000 --seed 5 --list-out " + dir + "/synthetic.csv", &out),
            0)
      << out;
  for (const std::string& import : {"--format csv --name national " + dir + "/national.csv",
                                    "--format csv --name synthetic " + dir + "/synthetic.csv"}) {
    ASSERT_EQ(RunCommand(kBin + " lists import --db " + base + " --as-of 2026-11-01 " + import + " 2>&1", &out), 0)
        << out;
  }
  fs::copy_file(base, dir + "/a.db");
  fs::copy_file(base, dir + "/b.db");
  fs::copy_file(base, dir + "/c.db");
  // The "screening" event of a scan: {"memo": N, "index_built": bool}.
  auto scan = [&](const std::string& db, const std::string& folder, const std::string& as_of) {
    std::string log;
    EXPECT_EQ(RunCommand(kBin + " scan --full --db " + db + " --out " + folder + " --as-of " + as_of +
                             " --batch 16 --jobs 2" + kRules + " 2>&1 >/dev/null",
                         &log),
              0)
        << log;
    size_t at = log.find("\"event\":\"screening\"");
    EXPECT_NE(at, std::string::npos) << log;
    size_t begin = log.rfind('{', at), end = log.find('}', at);
    return nlohmann::json::parse(log.substr(begin, end - begin + 1));
  };
  nlohmann::json first = scan(dir + "/a.db", dir + "/a", "2026-11-25");
  EXPECT_EQ(first["memo"], 0);
  EXPECT_GT(first["screened"].get<int64_t>(), 100);
  EXPECT_EQ(first["index_built"], true);
  EXPECT_FALSE(first["index_built_for"].get<std::string>().empty());  // the name that needed the index
  // ND-18's exclusion ended on 2026-11-25: other lists as of the 26th.
  nlohmann::json expired = scan(dir + "/a.db", dir + "/a", "2026-11-26");
  EXPECT_EQ(expired["memo"], 0);
  EXPECT_EQ(expired["index_built"], true);
  // A --full scan screens against an index of today's lists, not the kept
  // one corrected by the delta (what an incremental scan would use).
  EXPECT_EQ(expired["index_from_snapshot"], false);
  EXPECT_EQ(expired["index_corrected_by_delta"], false);
  // The same lists again: every name comes from the memo, no index.
  nlohmann::json again = scan(dir + "/a.db", dir + "/a", "2026-11-27");
  EXPECT_GT(again["memo"].get<int64_t>(), 100);
  EXPECT_EQ(again["screened"], 0);
  EXPECT_EQ(again["index_built"], false);
  EXPECT_FALSE(again.contains("index_built_for"));
  // Without the memo (another store), the same files.
  nlohmann::json fresh = scan(dir + "/b.db", dir + "/b", "2026-11-27");
  EXPECT_EQ(fresh["index_built"], true);
  auto with_memo = FolderFiles(dir + "/a/2026-11-27");
  auto without = FolderFiles(dir + "/b/2026-11-27");
  ASSERT_GT(without.size(), 150u);
  int listed = 0;
  for (const auto& [name, bytes] : without) {
    if (name == "summary.json") continue;
    ASSERT_EQ(with_memo.count(name), 1u) << name;
    EXPECT_EQ(with_memo[name], bytes) << name;
    listed += bytes.find("ND-17") != std::string::npos;
  }
  EXPECT_GT(listed, 0) << "no process matched the listed name: the memo's matches were not exercised";

  // The index b.db's scan built was kept beside it: with its memo gone, the
  // next scan against the same lists reads the index instead of building it,
  // and writes what a scan that built it (c.db) writes.
  EXPECT_EQ(fresh["index_from_snapshot"], false);
  {
    auto database = Database::Open(dir + "/b.db");
    ASSERT_TRUE(database.ok());
    ASSERT_TRUE((*database)->Exec("DELETE FROM screening_memo_rows").ok());
  }
  nlohmann::json snapshot = scan(dir + "/b.db", dir + "/b", "2026-11-28");
  EXPECT_EQ(snapshot["memo"], 0);
  EXPECT_EQ(snapshot["index_from_snapshot"], true);
  nlohmann::json built = scan(dir + "/c.db", dir + "/c", "2026-11-28");
  EXPECT_EQ(built["index_from_snapshot"], false);
  auto from_snapshot = FolderFiles(dir + "/b/2026-11-28/processes");
  auto from_build = FolderFiles(dir + "/c/2026-11-28/processes");
  ASSERT_GT(from_build.size(), 150u);
  EXPECT_EQ(from_snapshot, from_build);
}

}  // namespace
}  // namespace clearbid
