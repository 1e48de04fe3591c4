#pragma once
// The factory the typed store conformance suites take, for SQLite: a fresh
// database file per factory; every Open() is a new connection to it, with
// the store `open` gives on it. Transactions() begins transactions on the
// newest connection; StoredText() is text as the store keeps it (SQLite:
// byte for byte).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "engine/store/sqlite_db.h"
#include "engine/store/store_transaction.h"
#include "tests/test_util.h"

namespace clearbid::testing {

template <typename Store, Result<std::unique_ptr<Store>> (*open)(Database*)>
class SqliteStoreFactory {
 public:
  SqliteStoreFactory() : path_(TempDir("store") + "/clearbid.db") {}

  Result<std::unique_ptr<Store>> Open() {
    ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path_));
    connections_.push_back(std::move(db));
    return open(connections_.back().get());
  }

  std::unique_ptr<TransactionSource> Transactions() {
    return SqliteTransactions(connections_.empty() ? nullptr : connections_.back().get());
  }

  static std::string StoredText(std::string_view text) { return std::string(text); }

 private:
  std::string path_;
  std::vector<std::unique_ptr<Database>> connections_;
};

}  // namespace clearbid::testing
