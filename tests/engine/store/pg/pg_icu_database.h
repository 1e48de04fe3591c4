#pragma once
// A database on the test cluster whose default collation is ICU's root
// locale ("und"), where text sorts linguistically ("alpha" < "Beta" <
// "éclair" < "Zeta") rather than byte-wise as SQLite sorts it: stores that
// must order as SQLite does are checked on it. Dropped at the end.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "engine/store/pg/pg_connection.h"
#include "tests/engine/store/pg/pg_test_env.h"

namespace clearbid::testing {

class PgIcuDatabase {
 public:
  /// `name` must be unique in the test program (a constant of the test).
  explicit PgIcuDatabase(const std::string& name) : name_(name) {
    Result<std::string> admin_url = PgTestCluster::Get().AdminUrl();
    if (!admin_url.ok()) {
      ADD_FAILURE() << admin_url.status().ToString();
      return;
    }
    auto admin = PgConnection::Open(*admin_url);
    if (!admin.ok()) {
      ADD_FAILURE() << admin.status().ToString();
      return;
    }
    Status made = (*admin)->Script("CREATE DATABASE " + name_ +
                                   " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'"
                                   " LOCALE_PROVIDER icu ICU_LOCALE 'und'");
    if (!made.ok()) {
      ADD_FAILURE() << "no ICU-collated database: " << made.ToString();
      return;
    }
    url_ = admin_url->substr(0, admin_url->rfind('/') + 1) + name_;
  }
  ~PgIcuDatabase() {
    if (!url_.empty()) (void)PgTestCluster::Get().DropDatabase(name_);
  }
  PgIcuDatabase(const PgIcuDatabase&) = delete;
  PgIcuDatabase& operator=(const PgIcuDatabase&) = delete;

  Result<std::unique_ptr<PgConnection>> Connect() const {
    if (url_.empty()) return Status::IoError("no ICU-collated test database");
    return PgConnection::Open(url_);
  }

 private:
  std::string name_, url_;
};

}  // namespace clearbid::testing
