#include "engine/store/wal_checkpointer.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace clearbid {

Result<std::unique_ptr<WalCheckpointer>> WalCheckpointer::Start(Database* writer, const Options& options) {
  ASSIGN_OR_RETURN(Statement mode, writer->Prepare("PRAGMA journal_mode"));
  ASSIGN_OR_RETURN(bool row, mode.Step());
  if (!row || mode.ColumnView(0) != "wal") return std::unique_ptr<WalCheckpointer>();
  ASSIGN_OR_RETURN(Statement size, writer->Prepare("PRAGMA page_size"));
  ASSIGN_OR_RETURN(row, size.Step());
  const int64_t page = row && size.ColumnInt(0) > 0 ? size.ColumnInt(0) : 4096;
  ASSIGN_OR_RETURN(std::unique_ptr<Database> own, Database::Open(writer->path()));
  const int64_t frames = std::max<int64_t>(1, options.max_wal_bytes / page);
  std::unique_ptr<WalCheckpointer> c(new WalCheckpointer(writer, std::move(own), frames));
  // Replaces the writer's automatic checkpoints (a WAL hook of their own).
  sqlite3_wal_hook(writer->handle(), &WalCheckpointer::OnCommit, c.get());
  c->thread_ = std::thread([p = c.get()] { p->Run(); });
  return c;
}

WalCheckpointer::WalCheckpointer(Database* writer, std::unique_ptr<Database> own, int64_t max_wal_frames)
    : writer_(writer), own_(std::move(own)), max_wal_frames_(max_wal_frames) {}

WalCheckpointer::~WalCheckpointer() {
  if (!stopped_) (void)Stop();
}

int WalCheckpointer::OnCommit(void* self, ::sqlite3*, const char*, int frames) {
  static_cast<WalCheckpointer*>(self)->AfterCommit(frames);
  return SQLITE_OK;
}

void WalCheckpointer::AfterCommit(int frames) {
  std::unique_lock lock(mu_);
  const uint64_t me = ++commits_;
  wake_.notify_one();
  if (frames <= max_wal_frames_) return;
  caught_up_.wait(lock, [&] { return copied_ >= me || stalled_ >= me || failed_ || stopping_; });
}

void WalCheckpointer::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || failed_ || commits_ > copied_; });
    if (stopping_ || failed_) return;
    const uint64_t target = commits_;
    lock.unlock();
    int log = 0, done = 0;
    const int rc = sqlite3_wal_checkpoint_v2(own_->handle(), "main", SQLITE_CHECKPOINT_PASSIVE, &log, &done);
    lock.lock();
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
      error_ = Status::IoError(fmt::format("sqlite {}: checkpoint: {}", own_->path(), sqlite3_errmsg(own_->handle())));
      failed_ = true;
      caught_up_.notify_all();
      return;
    }
    if (rc == SQLITE_OK && done == log) {
      copied_ = target;
      caught_up_.notify_all();
      continue;
    }
    // Another connection holds frames (a reader) or checkpoints itself:
    // nobody waits for this commit; try again shortly.
    stalled_ = target;
    caught_up_.notify_all();
    wake_.wait_for(lock, std::chrono::milliseconds(20), [&] { return stopping_; });
  }
}

Status WalCheckpointer::Stop() {
  if (stopped_) return error_;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  caught_up_.notify_all();
  if (thread_.joinable()) thread_.join();
  stopped_ = true;
  // SQLite's own automatic checkpoints again (its default threshold).
  sqlite3_wal_autocheckpoint(writer_->handle(), 1000);
  if (error_.ok()) {
    int log = 0, done = 0;
    const int rc = sqlite3_wal_checkpoint_v2(own_->handle(), "main", SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
    // Busy: a reader on another connection; what is left is copied later.
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
      error_ = Status::IoError(fmt::format("sqlite {}: checkpoint: {}", own_->path(), sqlite3_errmsg(own_->handle())));
    }
  }
  own_.reset();
  return error_;
}

namespace {

Result<std::string> JournalMode(Database* db, std::string_view sql) {
  ASSIGN_OR_RETURN(Statement q, db->Prepare(sql));
  ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? std::string(q.ColumnView(0)) : std::string();
}

}  // namespace

Result<std::unique_ptr<BulkJournal>> BulkJournal::Start(Database* db) {
  ASSIGN_OR_RETURN(std::string mode, JournalMode(db, "PRAGMA journal_mode"));
  if (mode != "wal") return std::unique_ptr<BulkJournal>();
  // Leaving WAL mode needs every other connection closed: asked without
  // waiting (busy timeout 0), then the connection's timeout again.
  ASSIGN_OR_RETURN(Statement timeout, db->Prepare("PRAGMA busy_timeout"));
  ASSIGN_OR_RETURN(bool row, timeout.Step());
  const int64_t busy_ms = row ? timeout.ColumnInt(0) : 0;
  sqlite3_busy_timeout(db->handle(), 0);
  Result<std::string> changed = JournalMode(db, "PRAGMA journal_mode=TRUNCATE");
  sqlite3_busy_timeout(db->handle(), static_cast<int>(busy_ms));
  // Refused (busy: another connection): the WAL stays, nothing changed.
  if (!changed.ok() || *changed != "truncate") return std::unique_ptr<BulkJournal>();
  std::unique_ptr<BulkJournal> j(new BulkJournal(db));
  RETURN_IF_ERROR(db->Exec("PRAGMA synchronous=FULL"));
  return j;
}

BulkJournal::~BulkJournal() {
  if (!stopped_) (void)Stop();
}

Status BulkJournal::Stop() {
  if (stopped_) return Status::Ok();
  stopped_ = true;
  ASSIGN_OR_RETURN(std::string mode, JournalMode(db_, "PRAGMA journal_mode=WAL"));
  RETURN_IF_ERROR(db_->Exec("PRAGMA synchronous=NORMAL"));
  if (mode != "wal") return Status::IoError(fmt::format("sqlite {}: cannot return to WAL mode", db_->path()));
  return Status::Ok();
}

}  // namespace clearbid
