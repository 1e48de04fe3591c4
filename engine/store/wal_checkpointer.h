#pragma once
// WAL checkpoints of a SQLite database on a thread and a connection of their
// own, for a bulk writer (the ingest): while a WalCheckpointer runs, the
// writer's connection never copies WAL frames into the database file itself
// (its automatic checkpoints are replaced by a hook that wakes the
// checkpointer after each commit), so that copy, and its fsync, run on
// another core while the writer goes on.
//
// The WAL stays bounded: a commit that leaves more than
// Options::max_wal_bytes in the WAL waits until the checkpointer has copied
// every frame, so that the writer's next transaction starts the WAL over
// (SQLite restarts it only then). If a reader on another connection keeps the
// checkpointer from finishing, the writer does not wait for it (the WAL then
// grows, as it would with SQLite's own automatic checkpoints).
//
// Durability is unchanged: checkpoints only copy committed frames (PASSIVE
// mode, never blocking the writer), with the connection's synchronous setting.

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "engine/base/result.h"
#include "engine/store/sqlite_db.h"

namespace clearbid {

class WalCheckpointer {
 public:
  struct Options {
    /// WAL size above which a commit waits for the checkpointer to catch up.
    int64_t max_wal_bytes = int64_t{64} << 20;
  };

  /// Starts checkpointing the database of `writer` (not owned; must outlive
  /// this object, and be used from one thread). Null when `writer` is not in
  /// WAL mode (an in-memory database, say): nothing to do.
  static Result<std::unique_ptr<WalCheckpointer>> Start(Database* writer, const Options& options);
  static Result<std::unique_ptr<WalCheckpointer>> Start(Database* writer) { return Start(writer, Options{}); }

  /// Stops the thread, copies what is left and truncates the WAL
  /// (checkpoint TRUNCATE), and gives the writer its automatic checkpoints
  /// back. The writer must have no transaction open. Returns the first error
  /// of any checkpoint. Called by the destructor when not called before.
  Status Stop();
  ~WalCheckpointer();

  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

 private:
  WalCheckpointer(Database* writer, std::unique_ptr<Database> own, int64_t max_wal_frames);
  static int OnCommit(void* self, ::sqlite3* db, const char* name, int frames);
  void AfterCommit(int frames);
  void Run();

  Database* writer_;
  std::unique_ptr<Database> own_;  // the checkpointer's connection
  int64_t max_wal_frames_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable wake_, caught_up_;
  uint64_t commits_ = 0;   // commits seen by the hook
  uint64_t copied_ = 0;    // every frame of commits up to this one is in the database file
  uint64_t stalled_ = 0;   // a pass made no progress at this commit (a reader holds the WAL)
  bool stopping_ = false;
  bool failed_ = false;     // a checkpoint failed: error_ says why; nobody waits any more
  bool stopped_ = false;
  Status error_;
};

// A rollback journal instead of the WAL for a bulk load by the only
// connection to a database: while a BulkJournal runs, the database is in
// journal_mode TRUNCATE with synchronous FULL, so that the pages a
// transaction appends (beyond the file's size when it began: nearly all of
// an ingest's) are written once, into the database file, instead of into the
// WAL and then again by a checkpoint; only pages that existed before a
// transaction go to the journal. Crash safety is SQLite's rollback journal
// with full syncs (a transaction is durable when its commit returns; a hot
// journal left by a crash is rolled back by the next connection), and the
// next connection to open the database after a killed load puts it back in
// WAL mode (Database::Open).
//
// Other connections: none may have the database open when it starts (SQLite
// cannot leave WAL mode then): Start then returns null at once, without
// waiting, and the caller keeps the WAL (WalCheckpointer). While it runs,
// opening the database elsewhere can fail with "database is locked" (the open
// asks for WAL mode, which needs the database to itself): for loads that
// nothing else uses the database during (`clearbid ingest --exclusive`).
class BulkJournal {
 public:
  /// Switches the database of `db` (not owned; must outlive this object) to
  /// the rollback journal. Null when `db` is not in WAL mode or another
  /// connection has the database open (nothing changed).
  static Result<std::unique_ptr<BulkJournal>> Start(Database* db);

  /// Back to WAL mode and synchronous NORMAL (what Database::Open sets). No
  /// transaction may be open. Called by the destructor when not called before.
  Status Stop();
  ~BulkJournal();

  BulkJournal(const BulkJournal&) = delete;
  BulkJournal& operator=(const BulkJournal&) = delete;

 private:
  explicit BulkJournal(Database* db) : db_(db) {}
  Database* db_;
  bool stopped_ = false;
};

}  // namespace clearbid
