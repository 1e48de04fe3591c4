#pragma once
// The throwaway PostgreSQL cluster of a test process, and a fresh database per
// test on it.
//
// The cluster is started by scripts/pg_cluster.sh (initdb as the postgres
// user when run as root, pg_ctl on a free loopback port, in a mktemp
// directory) the first time a test asks for a database, so test processes
// that run no PostgreSQL test pay nothing. It is stopped and deleted when the
// test program ends (a gtest global Environment; the cluster's destructor
// too, should the Environment not have run). A cluster whose test program was
// killed is stopped by the next test program that starts one
// (scripts/pg_cluster.sh reap: it records its owner's pid). When the PostgreSQL server
// binaries are absent, REQUIRE_POSTGRES() skips the test with a message;
// when they are there but the cluster cannot start, tests fail.
//
// Header-only: the test binaries are built from *_test.cc files alone.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "engine/base/result.h"
#include "engine/store/pg/pg_connection.h"
#include "tests/test_util.h"

namespace clearbid::testing {

class PgTestCluster {
 public:
  static PgTestCluster& Get() {
    static PgTestCluster cluster;
    return cluster;
  }

  /// True when the PostgreSQL server binaries are installed.
  bool available() {
    std::lock_guard<std::mutex> lock(mu_);
    if (available_ < 0) available_ = RunCommand(Script() + " bindir >/dev/null 2>&1", nullptr) == 0 ? 1 : 0;
    return available_ == 1;
  }

  /// The URL of the cluster's "postgres" database, starting the cluster on
  /// first call.
  Result<std::string> AdminUrl() {
    std::lock_guard<std::mutex> lock(mu_);
    if (!url_.empty()) return url_;
    if (!start_error_.ok()) return start_error_;
    // Clusters left by test programs that were killed are stopped first.
    RunCommand(Script() + " reap", nullptr);
    std::string out;
    int rc = RunCommand("PG_CLUSTER_OWNER=" + std::to_string(getpid()) + " " + Script() + " start", &out);
    size_t dir = out.find("PG_DIR="), url = out.find("PG_URL=");
    if (rc != 0 || dir == std::string::npos || url == std::string::npos) {
      start_error_ = Status::IoError("scripts/pg_cluster.sh start failed (exit " + std::to_string(rc) +
                                     "); see its messages above");
      return start_error_;
    }
    dir_ = Line(out, dir + 7);
    url_ = Line(out, url + 7);
    return url_;
  }

  /// A new, empty database on the cluster: its URL.
  Result<std::string> CreateDatabase(std::string* name) {
    ASSIGN_OR_RETURN(std::string admin_url, AdminUrl());
    ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> admin, PgConnection::Open(admin_url));
    // The name is ours (a counter), never data: safe to splice into DDL.
    *name = "clearbid_test_" + std::to_string(++databases_);
    RETURN_IF_ERROR(admin->Script("CREATE DATABASE " + *name));
    return admin_url.substr(0, admin_url.rfind('/') + 1) + *name;
  }

  Status DropDatabase(const std::string& name) {
    ASSIGN_OR_RETURN(std::string admin_url, AdminUrl());
    ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> admin, PgConnection::Open(admin_url));
    return admin->Script("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  /// Stops and deletes the cluster, if it was started. Idempotent.
  void Stop() {
    std::lock_guard<std::mutex> lock(mu_);
    if (dir_.empty()) return;
    RunCommand(Script() + " stop '" + dir_ + "' >/dev/null", nullptr);
    dir_.clear();
    url_.clear();
  }

  ~PgTestCluster() { Stop(); }

 private:
  PgTestCluster() = default;

  static std::string Script() { return std::string("bash '") + CLEARBID_SOURCE_DIR + "/scripts/pg_cluster.sh'"; }

  /// The text from `pos` to the end of its line.
  static std::string Line(const std::string& text, size_t pos) {
    size_t end = text.find('\n', pos);
    return text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
  }

  std::mutex mu_;
  int available_ = -1;
  Status start_error_;
  std::string dir_, url_;
  std::atomic<int> databases_{0};
};

/// Stops the cluster when the test program ends.
class PgTestClusterEnvironment final : public ::testing::Environment {
 public:
  void TearDown() override { PgTestCluster::Get().Stop(); }
};
inline ::testing::Environment* const kPgTestClusterEnvironment =
    ::testing::AddGlobalTestEnvironment(new PgTestClusterEnvironment);

/// Marks the current test skipped for want of PostgreSQL (usable where
/// GTEST_SKIP() cannot stand, e.g. in a constructor: the test body then does
/// not run).
inline void SkipWithoutPostgres() {
  GTEST_SKIP() << "PostgreSQL server binaries (initdb, pg_ctl) not found: PostgreSQL test skipped "
                  "(apt-get install postgresql, or set PG_BINDIR)";
}

/// A fresh database for one test, dropped again at the end. Skips the test
/// when PostgreSQL is not installed; fails it when the database cannot be
/// made (the cluster could not start). url() is empty then.
class PgTestDatabase {
 public:
  PgTestDatabase() {
    if (!PgTestCluster::Get().available()) {
      SkipWithoutPostgres();
      return;
    }
    Result<std::string> url = PgTestCluster::Get().CreateDatabase(&name_);
    if (url.ok()) {
      url_ = *url;
    } else {
      ADD_FAILURE() << "no PostgreSQL test database: " << url.status().ToString();
    }
  }
  ~PgTestDatabase() {
    if (!url_.empty()) (void)PgTestCluster::Get().DropDatabase(name_);
  }
  PgTestDatabase(const PgTestDatabase&) = delete;
  PgTestDatabase& operator=(const PgTestDatabase&) = delete;

  const std::string& url() const { return url_; }
  /// A new connection to this database.
  Result<std::unique_ptr<PgConnection>> Connect() const {
    if (url_.empty()) return Status::IoError("no PostgreSQL test database");
    return PgConnection::Open(url_);
  }

 private:
  std::string name_, url_;
};

}  // namespace clearbid::testing

/// Skips the test with a clear message when the PostgreSQL server binaries
/// (initdb, pg_ctl) are not installed (scripts/setup.sh installs them).
#define REQUIRE_POSTGRES()                                      \
  do {                                                          \
    if (!::clearbid::testing::PgTestCluster::Get().available()) { \
      ::clearbid::testing::SkipWithoutPostgres();               \
      return;                                                   \
    }                                                           \
  } while (0)
