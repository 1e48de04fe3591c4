#pragma once
// A transaction over the stores that share one connection, whichever
// database it is: callers that write through several stores at once (the
// ingester, the scan) group the writes into one unit without knowing whether
// the stores are SQLite or PostgreSQL.

#include <memory>

#include "engine/base/result.h"

namespace clearbid {

class Database;
class PgConnection;

/// An open transaction: rolled back on destruction unless Commit() succeeded.
class StoreTransaction {
 public:
  virtual ~StoreTransaction() = default;
  virtual Status Commit() = 0;
};

/// Begins transactions on one connection (not owned; must outlive it).
/// One open transaction at a time; not thread-safe.
class TransactionSource {
 public:
  virtual ~TransactionSource() = default;
  /// A read-write transaction (SQLite: BEGIN IMMEDIATE, the write lock at
  /// once; PostgreSQL: READ COMMITTED).
  virtual Result<std::unique_ptr<StoreTransaction>> Begin() = 0;
};

std::unique_ptr<TransactionSource> SqliteTransactions(Database* db);
std::unique_ptr<TransactionSource> PostgresTransactions(PgConnection* conn);

}  // namespace clearbid
