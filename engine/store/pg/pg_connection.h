#pragma once
// The one wrapper around libpqxx (PostgreSQL): a connection from a URL,
// prepared and parameterised statements, transactions and versioned
// migrations. pqxx's exceptions stop here: every failure is a Status, and no
// pqxx type appears in this header. No SQL text is ever built from data:
// values travel as parameters ($1, $2, ...); Script() runs constant text only.
// Not thread-safe: one PgConnection per thread.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "engine/base/status.h"
#include "engine/store/sqlite_db.h"  // Migration {version, sql}: the same shape for both databases

namespace clearbid {

/// One statement parameter: text, an integer (sent as its decimal text, the
/// server infers the type from the statement) or SQL NULL. Text may not hold a
/// NUL byte (PostgreSQL text cannot): such a parameter fails the statement
/// with InvalidArgument before anything is sent.
class PgParam {
 public:
  PgParam(std::string_view text) : value_(std::string(text)) {}  // NOLINT: implicit by design
  PgParam(const std::string& text) : value_(text) {}              // NOLINT
  PgParam(const char* text) : value_(std::string(text)) {}        // NOLINT
  PgParam(int64_t value) : value_(std::to_string(value)) {}       // NOLINT
  PgParam(int value) : value_(std::to_string(value)) {}           // NOLINT
  static PgParam Null() { return PgParam(); }
  static PgParam Bool(bool value) { return PgParam(value ? "true" : "false"); }

  const std::optional<std::string>& value() const { return value_; }

 private:
  PgParam() = default;
  std::optional<std::string> value_;
};

/// What a statement gave back: its rows as text (the server's text form:
/// booleans "t"/"f", integers in decimal) and how many rows it changed.
class PgRows {
 public:
  size_t size() const { return columns_ == 0 ? 0 : cells_.size() / static_cast<size_t>(columns_); }
  bool empty() const { return size() == 0; }
  int columns() const { return columns_; }
  /// Rows inserted, updated or deleted (0 for a SELECT).
  int64_t affected() const { return affected_; }

  bool IsNull(size_t row, int col) const { return !Cell(row, col).has_value(); }
  /// The cell's text; "" for NULL.
  const std::string& Text(size_t row, int col) const;
  /// The cell as a 64-bit integer; Corruption when it is not one (or NULL).
  Result<int64_t> Int(size_t row, int col) const;
  /// A boolean cell ("t"); false for anything else.
  bool Bool(size_t row, int col) const { return Text(row, col) == "t"; }

 private:
  friend struct PgRowsBuilder;  // pg_connection.cc
  const std::optional<std::string>& Cell(size_t row, int col) const {
    return cells_[row * static_cast<size_t>(columns_) + static_cast<size_t>(col)];
  }
  int columns_ = 0;
  int64_t affected_ = 0;
  std::vector<std::optional<std::string>> cells_;  // row-major
};

class PgConnection {
 public:
  /// Connects to `url`, "postgresql://user[:password]@host[:port]/database"
  /// (libpq's URI form, query parameters such as ?sslmode=require allowed).
  /// InvalidArgument for anything else; IoError when the server cannot be
  /// reached or refuses. Error messages never repeat the URL (it may hold a
  /// password).
  static Result<std::unique_ptr<PgConnection>> Open(const std::string& url);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  /// Registers statement `name` with parameters $1, $2, ...; Run() executes
  /// it. Names are per connection: stores prefix theirs ("review_...").
  Status Prepare(const std::string& name, const std::string& sql);
  /// Runs prepared statement `name`: inside the open PgTransaction if there is
  /// one, else on its own (autocommit).
  Result<PgRows> Run(const std::string& name, const std::vector<PgParam>& params = {});
  /// Runs one parameterised statement that was not prepared ahead.
  Result<PgRows> Exec(const std::string& sql, const std::vector<PgParam>& params = {});
  /// Runs constant SQL text, possibly several statements, without parameters:
  /// migrations, settings, test set-up. Never text built from data.
  Status Script(const std::string& sql);

  /// Applies, in order and each in its own transaction, the migrations of
  /// `component` whose version is above the one recorded in
  /// schema_migrations; records each. Versions must increase (Internal
  /// otherwise). Safe when several processes start at once: an advisory lock
  /// serialises them and each re-reads the recorded version under it.
  Status Migrate(std::string_view component, const std::vector<Migration>& migrations);
  /// The highest applied version of `component` (0: none, or no
  /// schema_migrations table yet).
  Result<int> SchemaVersion(std::string_view component);

  /// True while a PgTransaction is open on this connection.
  bool in_transaction() const;

 private:
  friend class PgTransaction;
  struct Impl;
  explicit PgConnection(std::unique_ptr<Impl> impl);
  Status Begin(bool read_only_snapshot);
  Status Commit();
  void Rollback();
  std::unique_ptr<Impl> impl_;
};

/// RAII transaction: rolls back unless Commit() succeeded. One at a time per
/// connection. kReadWrite is READ COMMITTED: each statement sees what was
/// committed before it began, and a row lock (SELECT ... FOR UPDATE) waits for
/// the holder and then reads the row's newest version. kSnapshot is
/// REPEATABLE READ, READ ONLY: every statement reads one snapshot. After a
/// failed statement the transaction is spoilt: later statements and Commit()
/// return that failure, and nothing is kept.
class PgTransaction {
 public:
  enum class Mode { kReadWrite, kSnapshot };
  explicit PgTransaction(PgConnection& conn, Mode mode = Mode::kReadWrite);
  ~PgTransaction();
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;

  Status status() const { return begin_; }
  Status Commit();

 private:
  PgConnection& conn_;
  Status begin_;
  bool open_ = false;
};

}  // namespace clearbid
