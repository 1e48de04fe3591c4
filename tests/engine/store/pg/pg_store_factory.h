#pragma once
// The factory the typed store conformance suites take, for PostgreSQL: a
// fresh database per factory (dropped at the end); every Open() is a new
// connection to it, with the store `open` gives on it. Transactions() begins
// transactions on the newest connection; StoredText() is text as the store
// keeps it (NUL and invalid UTF-8 replaced, pg_text.h).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "engine/store/pg/pg_connection.h"
#include "engine/store/pg/pg_text.h"
#include "engine/store/store_transaction.h"
#include "tests/engine/store/pg/pg_test_env.h"

namespace clearbid::testing {

template <typename Store, Result<std::unique_ptr<Store>> (*open)(PgConnection*)>
class PostgresStoreFactory {
 public:
  Result<std::unique_ptr<Store>> Open() {
    ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> conn, db_.Connect());
    connections_.push_back(std::move(conn));
    return open(connections_.back().get());
  }

  std::unique_ptr<TransactionSource> Transactions() {
    return PostgresTransactions(connections_.empty() ? nullptr : connections_.back().get());
  }

  static std::string StoredText(std::string_view text) { return PgText(text); }

 private:
  PgTestDatabase db_;  // declared first: dropped after the connections close
  std::vector<std::unique_ptr<PgConnection>> connections_;
};

}  // namespace clearbid::testing
