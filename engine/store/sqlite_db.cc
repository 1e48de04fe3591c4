#include "engine/store/sqlite_db.h"

#include <sqlite3.h>

#include <mutex>

#include <fmt/format.h>

namespace clearbid {
namespace {

// Once per process, before SQLite initialises itself: no global memory
// statistics. With them (SQLite's default), every allocation and free inside
// SQLite takes a process-wide mutex and updates counters: about 6 % of the
// ingest writer's samples. Nothing here reads them (sqlite3_memory_used,
// sqlite3_status, a soft heap limit). When SQLite was initialised already
// the setting is refused (SQLITE_MISUSE) and nothing changes.
void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
  other.stmt_ = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    if (stmt_) sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Statement::~Statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::BindStatic(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  return *this;
}
Statement& Statement::BindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Statement& Statement::Bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}
Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}
Statement& Statement::Bind(int index, const std::optional<double>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Status::IoError(fmt::format("sqlite: {} ({})", sqlite3_errmsg(db_), sqlite3_sql(stmt_)));
}

Status Statement::Run() {
  for (;;) {
    Result<bool> r = Step();
    if (!r.ok()) {
      sqlite3_reset(stmt_);
      return r.status();
    }
    if (!*r) break;
  }
  sqlite3_reset(stmt_);
  return Status::Ok();
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Statement::ColumnInt(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::ColumnDouble(int col) const { return sqlite3_column_double(stmt_, col); }
std::string Statement::ColumnText(int col) const { return std::string(ColumnView(col)); }
std::string_view Statement::ColumnView(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (!p) return {};
  return std::string_view(reinterpret_cast<const char*>(p),
                          static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}
int Statement::ColumnCount() const { return sqlite3_column_count(stmt_); }
bool Statement::ColumnIsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
bool Statement::ColumnIsBlob(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_BLOB; }
std::string_view Statement::ColumnBlob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  if (!p) return {};
  return std::string_view(static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, const Options& options) {
  ConfigureSqliteOnce();
  sqlite3* db = nullptr;
  int flags = options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    if (db) sqlite3_close(db);
    return Status::IoError(fmt::format("cannot open database {}: {}", path, msg));
  }
  std::unique_ptr<Database> out(new Database(db, path));
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  if (!options.read_only) {
    // New files get 16 KiB pages instead of 4 KiB: a release's JSON (3 to 4
    // KB) fills a 4 KiB page alone, wasting a fifth of it, and bulk writes
    // handle a quarter of the pages (ingest of 200 MB: 1.6 instead of 2.0
    // CPU-seconds in the writing thread, a 5 % smaller file). Fixed when the
    // file is created (before WAL mode); a no-op on existing files.
    RETURN_IF_ERROR(out->Exec("PRAGMA page_size=16384"));
    if (options.wal && path != ":memory:") RETURN_IF_ERROR(out->Exec("PRAGMA journal_mode=WAL"));
    RETURN_IF_ERROR(out->Exec("PRAGMA synchronous=NORMAL"));
  }
  // A 64 MiB page cache and memory-mapped reads (256 MiB): bulk ingest and
  // scans touch far more pages than the 2 MiB default holds, and mmap saves a
  // copy per page read.
  RETURN_IF_ERROR(out->Exec("PRAGMA cache_size=-65536"));
  RETURN_IF_ERROR(out->Exec("PRAGMA mmap_size=268435456"));
  RETURN_IF_ERROR(out->Exec("PRAGMA temp_store=MEMORY"));
  RETURN_IF_ERROR(out->Exec("PRAGMA foreign_keys=ON"));
  return out;
}

Database::~Database() { sqlite3_close_v2(db_); }

Status Database::Error(std::string_view what) const {
  return Status::IoError(fmt::format("sqlite {}: {} ({})", path_, sqlite3_errmsg(db_), what));
}

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                              &stmt, nullptr);
  if (rc != SQLITE_OK) return Error(sql);
  return Statement(db_, stmt);
}

Status Database::Exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Status::IoError(fmt::format("sqlite {}: {}", path_, msg));
  }
  return Status::Ok();
}

int64_t Database::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
int64_t Database::Changes() const { return sqlite3_changes64(db_); }

Result<int> Database::SchemaVersion(std::string_view component) {
  // Read-only connections must not create anything: look before creating.
  ASSIGN_OR_RETURN(Statement exists,
                   Prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"));
  ASSIGN_OR_RETURN(bool any, exists.Step());
  if (!any || exists.ColumnInt(0) == 0) return 0;
  ASSIGN_OR_RETURN(Statement q, Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE component = ?"));
  q.Bind(1, component);
  ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? static_cast<int>(q.ColumnInt(0)) : 0;
}

Status Database::Migrate(std::string_view component, const std::vector<Migration>& migrations) {
  ASSIGN_OR_RETURN(int current, SchemaVersion(component));
  if (!migrations.empty() && current >= migrations.back().version) return Status::Ok();
  RETURN_IF_ERROR(Exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " component TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (component, version))"));
  int last = 0;
  for (const Migration& m : migrations) {
    if (m.version <= last) return Status::Internal(fmt::format("migrations of {} out of order", component));
    last = m.version;
    if (m.version <= current) continue;
    Transaction tx(*this);
    RETURN_IF_ERROR(tx.status());
    RETURN_IF_ERROR(Exec(m.sql));
    ASSIGN_OR_RETURN(Statement ins, Prepare("INSERT INTO schema_migrations(component, version) VALUES (?, ?)"));
    ins.Bind(1, component).Bind(2, static_cast<int64_t>(m.version));
    RETURN_IF_ERROR(ins.Run());
    RETURN_IF_ERROR(tx.Commit());
  }
  return Status::Ok();
}

Transaction::Transaction(Database& db, bool immediate) : db_(db) {
  begin_ = db_.Exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN");
  open_ = begin_.ok();
}

Transaction::~Transaction() {
  if (open_) (void)db_.Exec("ROLLBACK");
}

Status Transaction::Commit() {
  if (!open_) return begin_.ok() ? Status::Internal("transaction already closed") : begin_;
  Status s = db_.Exec("COMMIT");
  if (s.ok()) open_ = false;
  return s;
}

}  // namespace clearbid
