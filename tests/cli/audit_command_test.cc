// clearbid users and clearbid audit through the real binary: a token for a
// new user, an intact trail, then an entry edited in the SQLite file behind
// clearbid's back, which `clearbid audit verify` must catch (issue 7, must
// show 3).

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <memory>
#include <string>

#include "engine/access/credentials.h"
#include "engine/store/sqlite_db.h"
#include "tests/test_util.h"

namespace clearbid {
namespace {

using clearbid::testing::RunCommand;

const std::string kBin = CLEARBID_BINARY;

/// Edits one audit entry's reason with the sqlite3 C API, as someone with
/// the file would: drops the append-only trigger, then a raw UPDATE.
void TamperReason(const std::string& path, int64_t seq, const std::string& reason) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, sqlite3_close);
  ASSERT_EQ(sqlite3_exec(db.get(), "DROP TRIGGER audit_trail_no_update", nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db.get());
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db.get(), "UPDATE audit_trail SET reason = ?2 WHERE seq = ?1", -1, &stmt, nullptr),
            SQLITE_OK);
  sqlite3_bind_int64(stmt, 1, seq);
  sqlite3_bind_text(stmt, 2, reason.c_str(), -1, SQLITE_TRANSIENT);
  EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE) << sqlite3_errmsg(db.get());
  EXPECT_EQ(sqlite3_changes(db.get()), 1);
  sqlite3_finalize(stmt);
}

TEST(AuditCommandTest, VerifyCatchesAnEditedEntry) {
  std::string dir = clearbid::testing::TempDir("audit-cli");
  std::string db = dir + "/clearbid.db";
  std::string out;

  // A token on stdout, one line, nothing else.
  ASSERT_EQ(RunCommand("USER=tester " + kBin + " users add alice --role auditor --token laptop --db " + db +
                           " 2>/dev/null",
                       &out),
            0);
  ASSERT_FALSE(out.empty());
  ASSERT_EQ(out.back(), '\n');
  std::string token = out.substr(0, out.size() - 1);
  EXPECT_EQ(token.find('\n'), std::string::npos) << out;
  EXPECT_EQ(token.rfind("cb_", 0), 0u) << out;
  EXPECT_EQ(token.size(), 46u) << out;

  ASSERT_EQ(RunCommand("printf 'a long enough password\\n' | USER=tester " + kBin +
                           " users add bob --role admin --password-stdin --db " + db,
                       &out),
            0);
  EXPECT_EQ(out, "added user bob (admin)\n");

  // The store keeps the token's digest, not the token.
  {
    auto database = Database::Open(db);
    ASSERT_TRUE(database.ok());
    auto q = (*database)->Prepare("SELECT count(*) FROM api_tokens WHERE digest = ?");
    ASSERT_TRUE(q.ok());
    q->Bind(1, TokenDigest(token));
    auto row = q->Step();
    ASSERT_TRUE(row.ok() && *row);
    EXPECT_EQ(q->ColumnInt(0), 1);
  }

  // user_added (alice), token_issued (alice), user_added (bob).
  ASSERT_EQ(RunCommand(kBin + " audit log --json --db " + db, &out), 0);
  nlohmann::json log = nlohmann::json::parse(out);
  ASSERT_EQ(log["entries"].size(), 3u) << out;
  EXPECT_EQ(log["entries"][0]["action"], "user_added");
  EXPECT_EQ(log["entries"][0]["subject"], "user:alice");
  EXPECT_EQ(log["entries"][0]["actor"], "cli:tester");
  EXPECT_EQ(log["entries"][1]["action"], "token_issued");
  EXPECT_EQ(log["entries"][2]["subject"], "user:bob");
  EXPECT_EQ(log["next_after"], 3);
  std::string head = log["entries"][2]["hash"];

  ASSERT_EQ(RunCommand(kBin + " audit verify --db " + db, &out), 0) << out;
  EXPECT_EQ(out, "audit trail ok: 3 entries, head " + head + "\n");

  // Edited behind clearbid's back: verify fails and names the entry.
  TamperReason(db, 2, "nothing to see here");
  ASSERT_EQ(RunCommand(kBin + " audit verify --db " + db + " 2>&1", &out), 1) << out;
  EXPECT_NE(out.find("seq 2"), std::string::npos) << out;
  EXPECT_NE(out.find("hash mismatch: entry edited"), std::string::npos) << out;
  EXPECT_EQ(out.find("audit trail ok"), std::string::npos) << out;
}

TEST(AuditCommandTest, UsersListTokenDisableAndExitCodes) {
  std::string dir = clearbid::testing::TempDir("users-cli");
  std::string db = " --db " + dir + "/clearbid.db";
  std::string out;
  ASSERT_EQ(RunCommand(kBin + " users add carol --role compliance" + db, &out), 0);
  EXPECT_EQ(RunCommand(kBin + " users add carol --role admin" + db + " 2>/dev/null", &out), 3) << "duplicate";
  EXPECT_EQ(RunCommand(kBin + " users add 'bad name' --role admin" + db + " 2>/dev/null", &out), 3) << "bad name";
  EXPECT_EQ(RunCommand("printf 'short\\n' | " + kBin + " users add dave --role admin --password-stdin" + db +
                           " 2>/dev/null",
                       &out),
            3)
      << "short password";
  EXPECT_EQ(RunCommand(kBin + " users add erin --role root" + db + " 2>/dev/null", &out), 2) << "bad role";
  EXPECT_EQ(RunCommand(kBin + " users add erin" + db + " 2>/dev/null", &out), 2) << "no role";
  EXPECT_EQ(RunCommand(kBin + " users token nobody" + db + " 2>/dev/null", &out), 3) << "unknown user";

  ASSERT_EQ(RunCommand(kBin + " users token carol --label ci" + db, &out), 0);
  EXPECT_EQ(out.rfind("cb_", 0), 0u) << out;
  EXPECT_EQ(out.size(), 47u) << out;

  ASSERT_EQ(RunCommand(kBin + " users disable carol" + db, &out), 0);
  ASSERT_EQ(RunCommand(kBin + " users list --json" + db, &out), 0);
  nlohmann::json users = nlohmann::json::parse(out);
  ASSERT_EQ(users["users"].size(), 1u) << out;
  EXPECT_EQ(users["users"][0]["name"], "carol");
  EXPECT_EQ(users["users"][0]["role"], "compliance");
  EXPECT_EQ(users["users"][0]["active"], false);
  EXPECT_EQ(RunCommand(kBin + " users token carol" + db + " 2>/dev/null", &out), 3) << "disabled user";

  // user_added, token_issued, user_disabled; the rejected attempts left nothing.
  ASSERT_EQ(RunCommand(kBin + " audit log --json" + db, &out), 0);
  nlohmann::json log = nlohmann::json::parse(out);
  ASSERT_EQ(log["entries"].size(), 3u) << out;
  EXPECT_EQ(log["entries"][2]["action"], "user_disabled");
  ASSERT_EQ(RunCommand(kBin + " audit log --after 1 --limit 1 --json" + db, &out), 0);
  log = nlohmann::json::parse(out);
  ASSERT_EQ(log["entries"].size(), 1u);
  EXPECT_EQ(log["entries"][0]["seq"], 2);
  ASSERT_EQ(RunCommand(kBin + " audit log" + db, &out), 0);
  EXPECT_NE(out.find("1 "), std::string::npos);
  EXPECT_NE(out.find("user_disabled user:carol"), std::string::npos) << out;
  EXPECT_EQ(RunCommand(kBin + " audit log --limit 0" + db + " 2>/dev/null", &out), 2);
  ASSERT_EQ(RunCommand(kBin + " audit verify" + db, &out), 0) << out;

  // A mistyped store is a failure, not an empty intact trail.
  EXPECT_EQ(RunCommand(kBin + " audit verify --db " + dir + "/missing.db 2>/dev/null", &out), 1);
}

}  // namespace
}  // namespace clearbid
