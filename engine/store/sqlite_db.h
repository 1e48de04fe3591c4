#pragma once
// The one wrapper around SQLite: a connection, prepared statements and
// versioned migrations. Every statement is prepared and bound; no SQL text is
// ever built from data. Not thread-safe: one Database per thread.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "engine/base/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace clearbid {

class Statement {
 public:
  Statement() = default;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  /// Binds parameter `index` (1-based). Text is copied by SQLite.
  Statement& Bind(int index, std::string_view text);
  /// Binds text without copying it: the bytes must stay valid and unchanged
  /// until the statement has been stepped for the last time with this
  /// binding (Run, or the last Step before Reset or a new binding).
  Statement& BindStatic(int index, std::string_view text);
  /// Binds bytes as a BLOB (copied by SQLite).
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, double value);
  Statement& BindNull(int index);
  Statement& Bind(int index, const std::optional<double>& value);

  /// Advances: Ok+true for a row, Ok+false when done.
  Result<bool> Step();
  /// Steps to completion, for statements that return no rows.
  Status Run();
  /// Resets for re-use and clears bindings.
  void Reset();

  int64_t ColumnInt(int col) const;
  double ColumnDouble(int col) const;
  std::string ColumnText(int col) const;
  std::string_view ColumnView(int col) const;
  bool ColumnIsNull(int col) const;
  /// The bytes of a BLOB column (ColumnView() is for text).
  std::string_view ColumnBlob(int col) const;
  bool ColumnIsBlob(int col) const;
  int ColumnCount() const;
  /// False for a default-constructed (or moved-from) Statement.
  bool prepared() const { return stmt_ != nullptr; }

 private:
  friend class Database;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

struct Migration {
  int version;
  std::string sql;
};

class Database {
 public:
  struct Options {
    bool read_only = false;
    /// WAL journal, synchronous=NORMAL: durable at each commit barring power loss.
    bool wal = true;
    int busy_timeout_ms = 10000;
  };

  /// Opens (creating when allowed) the SQLite file at `path` (":memory:" works).
  static Result<std::unique_ptr<Database>> Open(const std::string& path, const Options& options);
  static Result<std::unique_ptr<Database>> Open(const std::string& path) { return Open(path, Options{}); }
  ~Database();

  Result<Statement> Prepare(std::string_view sql);
  Status Exec(std::string_view sql);
  int64_t LastInsertRowId() const;
  int64_t Changes() const;

  /// Applies, in order and each in its own transaction, the migrations of
  /// `component` whose version is above the one recorded; records each.
  /// Versions must increase. Components share one schema_migrations table.
  Status Migrate(std::string_view component, const std::vector<Migration>& migrations);
  Result<int> SchemaVersion(std::string_view component);

  sqlite3* handle() { return db_; }
  const std::string& path() const { return path_; }

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Status Error(std::string_view what) const;
  sqlite3* db_;
  std::string path_;
};

/// RAII transaction: rolls back unless Commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Database& db, bool immediate = true);
  ~Transaction();
  Status status() const { return begin_; }
  Status Commit();

 private:
  Database& db_;
  Status begin_;
  bool open_ = false;
};

}  // namespace clearbid
