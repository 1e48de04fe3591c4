// The subcommands that read a store give the same answers on PostgreSQL as on
// SQLite (issue 8): the same inputs ingested and the same list imported into
// both, `clearbid screen` and `clearbid report` print the same bytes.

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "tests/engine/store/pg/pg_test_env.h"
#include "tests/test_util.h"

namespace clearbid::testing {
namespace {

const std::string kBin = CLEARBID_BINARY;
const std::string kSource = CLEARBID_SOURCE_DIR;

void LoadStore(const std::string& db, const std::string& list) {
  std::string out;
  ASSERT_EQ(RunCommand(kBin + " ingest --db '" + db + "' " + kSource + "/data/examples 2>&1", &out), 0) << out;
  ASSERT_EQ(RunCommand(kBin + " lists import --db '" + db + "' --format csv --name national " + list + " 2>&1", &out), 0)
      << out;
}

TEST(PostgresCommandsTest, ScreenAndReportGiveTheSameBytesAsOnSqlite) {
  PgTestDatabase database;
  if (database.url().empty()) return;  // skipped or failed in the constructor
  const std::string dir = TempDir("pg-commands");
  const std::string list = dir + "/national.csv";
  {
    std::ofstream csv(list);
    csv << "id,name,country,reason\nND-17,Texteis Atlantico Lda,PT,fraudulent practice\n";
  }
  const std::string sqlite = dir + "/store.db";
  LoadStore(sqlite, list);
  LoadStore(database.url(), list);

  auto screen = [&](const std::string& db, std::string* out) {
    return RunCommand(kBin + " screen --db '" + db + "' --json --as-of 2026-11-25 --rules " + kSource +
                          "/rules/core " + kSource + "/data/examples/ocds/bid-example.json 2>&1",
                      out);
  };
  std::string on_sqlite, on_pg;
  ASSERT_EQ(screen(sqlite, &on_sqlite), 0) << on_sqlite;
  ASSERT_EQ(screen(database.url(), &on_pg), 0) << on_pg;
  // The stored evidence and the list were read: the listed supplier matched.
  EXPECT_NE(on_sqlite.find("ND-17"), std::string::npos) << on_sqlite.substr(0, 2000);
  EXPECT_EQ(on_pg, on_sqlite);

  auto report = [&](const std::string& db, const std::string& file, std::string* out) {
    return RunCommand("SOURCE_DATE_EPOCH=1795000000 " + kBin + " report ocds-cbex01-2026-000042 --format json --db '" +
                          db + "' --as-of 2026-11-25 --rules " + kSource + "/rules/core --out " + file + " 2>&1",
                      out);
  };
  std::string out;
  ASSERT_EQ(report(sqlite, dir + "/sqlite.json", &out), 0) << out;
  ASSERT_EQ(report(database.url(), dir + "/pg.json", &out), 0) << out;
  const std::string from_sqlite = ReadFile(dir + "/sqlite.json");
  EXPECT_NE(from_sqlite.find("ocds-cbex01-2026-000042"), std::string::npos);
  EXPECT_EQ(ReadFile(dir + "/pg.json"), from_sqlite);
}

}  // namespace
}  // namespace clearbid::testing
