// The libpqxx adapter. Every pqxx call happens inside a try block here and
// every exception becomes a Status (see FromCurrentException); nothing of
// pqxx leaves this file.

#include "engine/store/pg/pg_connection.h"

#include <charconv>
#include <utility>

#include <fmt/format.h>
#include <pqxx/pqxx>

namespace clearbid {

constexpr size_t kMaxUrl = 4096;
// pg_advisory_xact_lock key of Migrate(): "clearbid" in ASCII.
constexpr int64_t kMigrationLock = 0x636c656172626964;

/// Fills PgRows from a pqxx result (PgRows keeps its fields private).
struct PgRowsBuilder {
  static PgRows From(const pqxx::result& r) {
    PgRows out;
    out.columns_ = static_cast<int>(r.columns());
    out.affected_ = static_cast<int64_t>(r.affected_rows());
    out.cells_.reserve(r.size() * r.columns());
    for (const pqxx::row& row : r) {
      for (const pqxx::field& f : row) {
        if (f.is_null()) {
          out.cells_.emplace_back();
        } else {
          out.cells_.emplace_back(std::string(f.c_str(), f.size()));
        }
      }
    }
    return out;
  }
};

namespace {

std::string Trimmed(std::string_view text) {
  size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(end == std::string_view::npos ? std::string_view() : text.substr(0, end + 1));
}

Status::Code CodeOfSqlState(const std::string& state) {
  if (state == "23505") return Status::Code::kAlreadyExists;        // unique_violation
  if (state.rfind("22", 0) == 0) return Status::Code::kInvalidArgument;  // data exception (bad text, range)
  if (state.rfind("23", 0) == 0) return Status::Code::kInvalidArgument;  // other integrity violations
  return Status::Code::kIoError;
}

Status WithCode(Status::Code code, std::string message) {
  switch (code) {
    case Status::Code::kAlreadyExists:
      return Status::AlreadyExists(std::move(message));
    case Status::Code::kInvalidArgument:
      return Status::InvalidArgument(std::move(message));
    default:
      return Status::IoError(std::move(message));
  }
}

/// The exception being handled, as a Status. Call only inside a catch block.
Status FromCurrentException(std::string_view what) {
  try {
    throw;
  } catch (const pqxx::sql_error& e) {
    return WithCode(CodeOfSqlState(e.sqlstate()),
                    fmt::format("postgresql: {}: {} (SQLSTATE {})", what, Trimmed(e.what()), e.sqlstate()));
  } catch (const pqxx::broken_connection& e) {
    return Status::IoError(fmt::format("postgresql: {}: connection lost or refused: {}", what, Trimmed(e.what())));
  } catch (const pqxx::in_doubt_error& e) {
    return Status::IoError(
        fmt::format("postgresql: {}: the connection broke during COMMIT, outcome unknown: {}", what, Trimmed(e.what())));
  } catch (const std::exception& e) {
    return Status::IoError(fmt::format("postgresql: {}: {}", what, Trimmed(e.what())));
  } catch (...) {
    return Status::Internal(fmt::format("postgresql: {}: unknown exception", what));
  }
}

}  // namespace

struct PgConnection::Impl {
  std::unique_ptr<pqxx::connection> conn;
  std::unique_ptr<pqxx::transaction_base> tx;
  /// The first failure inside the open transaction: it spoils the rest.
  Status tx_failure;

  /// Runs `run(transaction, parameter pointers)` in the open transaction or
  /// in an autocommit one; `what` names the statement in errors.
  template <typename F>
  Result<PgRows> Execute(std::string_view what, const std::vector<PgParam>& params, F&& run) {
    if (tx && !tx_failure.ok()) return tx_failure;
    Result<PgRows> out = ExecuteUnchecked(what, params, std::forward<F>(run));
    if (tx && !out.ok()) tx_failure = out.status();
    return out;
  }

  template <typename F>
  Result<PgRows> ExecuteUnchecked(std::string_view what, const std::vector<PgParam>& params, F&& run) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      const std::optional<std::string>& v = params[i].value();
      if (v && v->find('\0') != std::string::npos) {
        return Status::InvalidArgument(fmt::format("postgresql: {}: parameter ${} holds a NUL byte", what, i + 1));
      }
      values.push_back(v ? v->c_str() : nullptr);
    }
    try {
      if (tx) return PgRowsBuilder::From(run(*tx, values));
      pqxx::nontransaction autocommit(*conn);
      pqxx::result r = run(autocommit, values);
      autocommit.commit();
      return PgRowsBuilder::From(r);
    } catch (...) {
      return FromCurrentException(what);
    }
  }
};

const std::string& PgRows::Text(size_t row, int col) const {
  static const std::string kEmpty;
  const std::optional<std::string>& cell = Cell(row, col);
  return cell ? *cell : kEmpty;
}

Result<int64_t> PgRows::Int(size_t row, int col) const {
  const std::optional<std::string>& cell = Cell(row, col);
  int64_t value = 0;
  if (cell) {
    const char* end = cell->data() + cell->size();
    auto [ptr, ec] = std::from_chars(cell->data(), end, value);
    if (ec == std::errc() && ptr == end) return value;
  }
  return Status::Corruption(fmt::format("postgresql: row {} column {} is not an integer: \"{}\"", row, col,
                                        cell ? cell->substr(0, 32) : std::string("NULL")));
}

PgConnection::PgConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PgConnection::~PgConnection() {
  if (impl_ && impl_->tx) Rollback();
}

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& url) {
  if (url.rfind("postgresql://", 0) != 0 && url.rfind("postgres://", 0) != 0) {
    return Status::InvalidArgument("a PostgreSQL database is named by a URL postgresql://user@host:port/database");
  }
  if (url.size() > kMaxUrl) return Status::InvalidArgument(fmt::format("database URL longer than {} bytes", kMaxUrl));
  if (url.find('\0') != std::string::npos) return Status::InvalidArgument("database URL holds a NUL byte");
  auto impl = std::make_unique<Impl>();
  try {
    impl->conn = std::make_unique<pqxx::connection>(url);
  } catch (...) {
    return FromCurrentException("connect");
  }
  std::unique_ptr<PgConnection> out(new PgConnection(std::move(impl)));
  // NOTICEs ("relation exists, skipping") would go to stderr otherwise. Floats
  // print as their shortest exact text whatever the server's default
  // (extra_float_digits 0 would round them to 15 digits): doubles read back
  // bit for bit (pg_float.h).
  RETURN_IF_ERROR(out->Script("SET client_min_messages TO warning; SET extra_float_digits TO 3"));
  return out;
}

bool PgConnection::in_transaction() const { return impl_->tx != nullptr; }

Status PgConnection::Prepare(const std::string& name, const std::string& sql) {
  try {
    impl_->conn->prepare(name, sql);
    return Status::Ok();
  } catch (...) {
    return FromCurrentException("prepare " + name);
  }
}

Result<PgRows> PgConnection::Run(const std::string& name, const std::vector<PgParam>& params) {
  return impl_->Execute(name, params, [&name](pqxx::transaction_base& t, const std::vector<const char*>& values) {
    return t.exec_prepared(name, pqxx::prepare::make_dynamic_params(values));
  });
}

Result<PgRows> PgConnection::Exec(const std::string& sql, const std::vector<PgParam>& params) {
  return impl_->Execute(sql, params, [&sql](pqxx::transaction_base& t, const std::vector<const char*>& values) {
    return t.exec_params(sql, pqxx::prepare::make_dynamic_params(values));
  });
}

Status PgConnection::Script(const std::string& sql) {
  std::string what = Trimmed(sql.substr(0, 60));
  return impl_->Execute(what, {}, [&sql](pqxx::transaction_base& t, const std::vector<const char*>&) {
                 return t.exec(sql);
               })
      .status();
}

Status PgConnection::Begin(bool read_only_snapshot) {
  if (impl_->tx) return Status::Internal("postgresql: a transaction is already open on this connection");
  try {
    if (read_only_snapshot) {
      impl_->tx = std::make_unique<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(*impl_->conn);
    } else {
      impl_->tx = std::make_unique<pqxx::work>(*impl_->conn);
    }
  } catch (...) {
    impl_->tx.reset();
    return FromCurrentException("BEGIN");
  }
  impl_->tx_failure = Status::Ok();
  return Status::Ok();
}

Status PgConnection::Commit() {
  if (!impl_->tx) return Status::Internal("postgresql: no transaction to commit");
  if (!impl_->tx_failure.ok()) {
    Status failure = impl_->tx_failure;
    Rollback();
    return failure;
  }
  Status s;
  try {
    impl_->tx->commit();
  } catch (...) {
    s = FromCurrentException("COMMIT");
  }
  impl_->tx.reset();
  impl_->tx_failure = Status::Ok();
  return s;
}

void PgConnection::Rollback() {
  if (!impl_->tx) return;
  try {
    impl_->tx->abort();
  } catch (...) {
    // A broken connection has lost the transaction anyway.
  }
  impl_->tx.reset();
  impl_->tx_failure = Status::Ok();
}

Result<int> PgConnection::SchemaVersion(std::string_view component) {
  ASSIGN_OR_RETURN(PgRows exists, Exec("SELECT to_regclass('schema_migrations') IS NOT NULL"));
  if (exists.empty() || !exists.Bool(0, 0)) return 0;
  ASSIGN_OR_RETURN(PgRows rows, Exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE component = $1",
                                     {std::string(component)}));
  if (rows.empty()) return 0;
  ASSIGN_OR_RETURN(int64_t version, rows.Int(0, 0));
  return static_cast<int>(version);
}

Status PgConnection::Migrate(std::string_view component, const std::vector<Migration>& migrations) {
  int last = 0;
  for (const Migration& m : migrations) {
    if (m.version <= last) return Status::Internal(fmt::format("migrations of {} out of order", component));
    last = m.version;
  }
  ASSIGN_OR_RETURN(int current, SchemaVersion(component));
  if (!migrations.empty() && current >= migrations.back().version) return Status::Ok();
  for (const Migration& m : migrations) {
    if (m.version <= current) continue;
    PgTransaction tx(*this);
    RETURN_IF_ERROR(tx.status());
    // Another process may be migrating too: wait for it, then look again.
    RETURN_IF_ERROR(Exec("SELECT pg_advisory_xact_lock($1)", {kMigrationLock}).status());
    RETURN_IF_ERROR(Script(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " component TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (component, version))"));
    ASSIGN_OR_RETURN(PgRows done, Exec("SELECT 1 FROM schema_migrations WHERE component = $1 AND version >= $2",
                                       {std::string(component), m.version}));
    if (done.empty()) {
      RETURN_IF_ERROR(Script(m.sql));
      RETURN_IF_ERROR(Exec("INSERT INTO schema_migrations(component, version) VALUES ($1, $2)",
                           {std::string(component), m.version})
                          .status());
    }
    RETURN_IF_ERROR(tx.Commit());
  }
  return Status::Ok();
}

PgTransaction::PgTransaction(PgConnection& conn, Mode mode) : conn_(conn) {
  begin_ = conn_.Begin(mode == Mode::kSnapshot);
  open_ = begin_.ok();
}

PgTransaction::~PgTransaction() {
  if (open_) conn_.Rollback();
}

Status PgTransaction::Commit() {
  if (!open_) return begin_.ok() ? Status::Internal("transaction already closed") : begin_;
  open_ = false;
  return conn_.Commit();
}

}  // namespace clearbid
