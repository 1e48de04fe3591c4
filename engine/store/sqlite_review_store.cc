// The SQLite ReviewStore. Decide() and Record() run in one BEGIN IMMEDIATE
// transaction each: the write lock is taken before the head is read, so
// writers on other connections (threads or processes) wait (busy timeout of
// the Database) and every entry is chained to the true head.

#include <algorithm>
#include <limits>

#include "engine/base/clock.h"
#include "engine/store/review_checks.h"
#include "engine/store/review_store.h"

namespace clearbid {
namespace {

const std::vector<Migration>& Migrations() {
  // audit_trail is append-only: the triggers refuse UPDATE and DELETE through
  // SQL, so no code path of clearbid can rewrite history by mistake. Someone
  // with the file can drop them; the hash chain and the separately kept head
  // are what detect that (Verify()).
  static const std::vector<Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE review_states (
  kind         TEXT NOT NULL,
  key          TEXT NOT NULL,
  subject_key  TEXT NOT NULL DEFAULT '',
  state        TEXT NOT NULL,
  entry_digest TEXT NOT NULL DEFAULT '',
  reason       TEXT NOT NULL DEFAULT '',
  actor        TEXT NOT NULL,
  decided_at   TEXT NOT NULL,
  audit_seq    INTEGER NOT NULL,
  PRIMARY KEY (kind, key)
) WITHOUT ROWID;
CREATE INDEX review_states_subject ON review_states(subject_key);
CREATE INDEX review_states_recent ON review_states(audit_seq);
CREATE TABLE audit_trail (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  subject   TEXT NOT NULL,
  old_state TEXT NOT NULL,
  new_state TEXT NOT NULL,
  reason    TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX audit_trail_subject ON audit_trail(subject, seq);
CREATE TABLE audit_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  INTEGER NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head(id, seq, hash) VALUES (1, 0, '');
CREATE TRIGGER audit_trail_no_update BEFORE UPDATE ON audit_trail
BEGIN SELECT RAISE(ABORT, 'audit_trail is append-only'); END;
CREATE TRIGGER audit_trail_no_delete BEFORE DELETE ON audit_trail
BEGIN SELECT RAISE(ABORT, 'audit_trail is append-only'); END;
)sql"},
  };
  return kMigrations;
}

constexpr const char* kStateColumns =
    "kind, key, subject_key, state, entry_digest, reason, actor, decided_at, audit_seq";
constexpr const char* kEntryColumns =
    "seq, at, actor, action, subject, old_state, new_state, reason, detail, prev_hash, hash";

/// Resets a shared prepared statement on every way out of a scope, so that no
/// statement keeps a read snapshot open after an early return.
class ResetOnExit {
 public:
  explicit ResetOnExit(Statement& s) : s_(s) { s_.Reset(); }
  ~ResetOnExit() { s_.Reset(); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  Statement& s_;
};

int64_t ToSqlLimit(size_t n) {
  return n > static_cast<size_t>(std::numeric_limits<int64_t>::max()) ? std::numeric_limits<int64_t>::max()
                                                                      : static_cast<int64_t>(n);
}

ReviewState ReadState(const Statement& q) {
  ReviewState s;
  s.kind = q.ColumnText(0);
  s.key = q.ColumnText(1);
  s.subject_key = q.ColumnText(2);
  s.state = q.ColumnText(3);
  s.entry_digest = q.ColumnText(4);
  s.reason = q.ColumnText(5);
  s.actor = q.ColumnText(6);
  s.decided_at = q.ColumnText(7);
  s.audit_seq = q.ColumnInt(8);
  return s;
}

AuditEntry ReadEntry(const Statement& q) {
  AuditEntry e;
  e.seq = q.ColumnInt(0);
  e.at = q.ColumnText(1);
  e.actor = q.ColumnText(2);
  e.action = q.ColumnText(3);
  e.subject = q.ColumnText(4);
  e.old_state = q.ColumnText(5);
  e.new_state = q.ColumnText(6);
  e.reason = q.ColumnText(7);
  e.detail = q.ColumnText(8);
  e.prev_hash = q.ColumnText(9);
  e.hash = q.ColumnText(10);
  return e;
}

class SqliteReviewStore final : public ReviewStore {
 public:
  SqliteReviewStore(Database* db, const Clock* clock) : db_(db), clock_(clock) {}

  Status Prepare() {
    std::string state_cols = kStateColumns, entry_cols = kEntryColumns;
    struct {
      Statement* stmt;
      std::string sql;
    } statements[] = {
        {&head_, "SELECT seq, hash FROM audit_head WHERE id = 1"},
        {&set_head_, "UPDATE audit_head SET seq = ?1, hash = ?2 WHERE id = 1"},
        {&append_, "INSERT INTO audit_trail(" + entry_cols + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"},
        {&get_state_, "SELECT " + state_cols + " FROM review_states WHERE kind = ?1 AND key = ?2"},
        {&put_state_,
         "INSERT INTO review_states(" + state_cols + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
         " ON CONFLICT(kind, key) DO UPDATE SET subject_key = ?3, state = ?4, entry_digest = ?5, reason = ?6,"
         " actor = ?7, decided_at = ?8, audit_seq = ?9"},
        {&match_states_,
         "SELECT " + state_cols + " FROM review_states WHERE subject_key = ?1 AND kind = 'match' ORDER BY key"},
        {&states_,
         "SELECT " + state_cols + " FROM review_states WHERE (?1 = '' OR kind = ?1) AND (?2 = '' OR state = ?2)"
         " ORDER BY audit_seq DESC LIMIT ?3 OFFSET ?4"},
        {&trail_, "SELECT " + entry_cols + " FROM audit_trail WHERE seq > ?1 ORDER BY seq LIMIT ?2"},
        {&trail_subject_,
         "SELECT " + entry_cols + " FROM audit_trail WHERE subject = ?3 AND seq > ?1 ORDER BY seq LIMIT ?2"},
    };
    for (auto& s : statements) {
      ASSIGN_OR_RETURN(*s.stmt, db_->Prepare(s.sql));
    }
    return Status::Ok();
  }

  Result<AuditEntry> Decide(const ReviewRequest& request) override {
    RETURN_IF_ERROR(CheckReviewRequest(request));
    const bool match = request.kind == "match";
    AuditEntry entry = DecisionEntry(request);

    Transaction tx(*db_);  // BEGIN IMMEDIATE: the write lock before the head is read
    RETURN_IF_ERROR(tx.status());
    ASSIGN_OR_RETURN(std::optional<ReviewState> old, State(request.kind, request.key));
    entry.old_state = old ? old->state : "open";
    RETURN_IF_ERROR(AppendLocked(&entry));

    ResetOnExit reset(put_state_);
    put_state_.Bind(1, request.kind).Bind(2, request.key).Bind(3, match ? request.subject_key : std::string());
    put_state_.Bind(4, entry.new_state).Bind(5, match ? request.entry_digest : std::string()).Bind(6, request.reason);
    put_state_.Bind(7, request.actor).Bind(8, entry.at).Bind(9, entry.seq);
    RETURN_IF_ERROR(put_state_.Run());
    RETURN_IF_ERROR(tx.Commit());
    return entry;
  }

  Result<AuditEntry> Record(const std::string& actor, const std::string& action, const std::string& subject,
                            const std::string& detail) override {
    RETURN_IF_ERROR(CheckAuditEvent(actor, action, subject, detail));
    AuditEntry entry;
    entry.actor = actor;
    entry.action = action;
    entry.subject = subject;
    entry.detail = detail;
    Transaction tx(*db_);
    RETURN_IF_ERROR(tx.status());
    RETURN_IF_ERROR(AppendLocked(&entry));
    RETURN_IF_ERROR(tx.Commit());
    return entry;
  }

  Result<std::optional<ReviewState>> State(const std::string& kind, const std::string& key) override {
    ResetOnExit reset(get_state_);
    get_state_.Bind(1, kind).Bind(2, key);
    ASSIGN_OR_RETURN(bool row, get_state_.Step());
    if (!row) return std::optional<ReviewState>();
    return std::optional<ReviewState>(ReadState(get_state_));
  }

  Result<std::vector<ReviewState>> MatchStates(const std::vector<std::string>& subject_keys) override {
    std::vector<ReviewState> out;
    std::vector<std::string> keys = subject_keys;
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (const std::string& subject_key : keys) {
      if (subject_key.empty()) continue;
      ResetOnExit reset(match_states_);
      match_states_.Bind(1, subject_key);
      for (;;) {
        ASSIGN_OR_RETURN(bool row, match_states_.Step());
        if (!row) break;
        out.push_back(ReadState(match_states_));
      }
    }
    return out;
  }

  Result<std::vector<ReviewState>> States(const std::string& kind, const std::string& state, size_t offset,
                                          size_t limit) override {
    ResetOnExit reset(states_);
    states_.Bind(1, kind).Bind(2, state).Bind(3, ToSqlLimit(limit)).Bind(4, ToSqlLimit(offset));
    std::vector<ReviewState> out;
    for (;;) {
      ASSIGN_OR_RETURN(bool row, states_.Step());
      if (!row) break;
      out.push_back(ReadState(states_));
    }
    return out;
  }

  Result<std::vector<AuditEntry>> Trail(int64_t after_seq, size_t limit, const std::string& subject) override {
    Statement& q = subject.empty() ? trail_ : trail_subject_;
    ResetOnExit reset(q);
    q.Bind(1, after_seq).Bind(2, ToSqlLimit(limit));
    if (!subject.empty()) q.Bind(3, subject);
    std::vector<AuditEntry> out;
    for (;;) {
      ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      out.push_back(ReadEntry(q));
    }
    return out;
  }

  Result<AuditVerification> Verify() override {
    // One read transaction: the head and the entries come from one snapshot,
    // whatever other writers do meanwhile. Entries are checked as they are
    // read, so a long trail is never held in memory.
    Transaction tx(*db_, /*immediate=*/false);
    RETURN_IF_ERROR(tx.status());
    ASSIGN_OR_RETURN(auto head, Head());
    AuditChainVerifier verifier;
    {
      ResetOnExit reset(trail_);
      trail_.Bind(1, int64_t{0}).Bind(2, std::numeric_limits<int64_t>::max());
      for (;;) {
        ASSIGN_OR_RETURN(bool row, trail_.Step());
        if (!row) break;
        verifier.Add(ReadEntry(trail_));
      }
    }
    RETURN_IF_ERROR(tx.Commit());
    return verifier.Finish(std::move(head));
  }

 private:
  Result<std::pair<int64_t, std::string>> Head() {
    ResetOnExit reset(head_);
    ASSIGN_OR_RETURN(bool row, head_.Step());
    if (!row) return Status::Corruption("audit_head has no row: the audit trail's head is missing");
    return std::make_pair(head_.ColumnInt(0), head_.ColumnText(1));
  }

  /// Stamps, chains and appends `entry`, and moves the head to it. The caller
  /// holds the write transaction.
  Status AppendLocked(AuditEntry* entry) {
    ASSIGN_OR_RETURN(auto head, Head());
    entry->seq = head.first + 1;
    entry->prev_hash = head.first == 0 ? AuditGenesisHash() : head.second;
    entry->at = FormatUtc(clock_->NowSeconds());
    entry->hash = AuditEntryHash(*entry);
    {
      ResetOnExit reset(append_);
      append_.Bind(1, entry->seq).Bind(2, entry->at).Bind(3, entry->actor).Bind(4, entry->action);
      append_.Bind(5, entry->subject).Bind(6, entry->old_state).Bind(7, entry->new_state).Bind(8, entry->reason);
      append_.Bind(9, entry->detail).Bind(10, entry->prev_hash).Bind(11, entry->hash);
      RETURN_IF_ERROR(append_.Run());
    }
    ResetOnExit reset(set_head_);
    set_head_.Bind(1, entry->seq).Bind(2, entry->hash);
    RETURN_IF_ERROR(set_head_.Run());
    if (db_->Changes() != 1) return Status::Corruption("audit_head has no row: the audit trail's head is missing");
    return Status::Ok();
  }

  Database* db_;
  const Clock* clock_;
  Statement head_, set_head_, append_, get_state_, put_state_, match_states_, states_, trail_, trail_subject_;
};

}  // namespace

Result<std::unique_ptr<ReviewStore>> OpenSqliteReviewStore(Database* db, const Clock* clock) {
  if (db == nullptr || clock == nullptr) return Status::InvalidArgument("review store needs a database and a clock");
  RETURN_IF_ERROR(db->Migrate("review", Migrations()));
  auto store = std::make_unique<SqliteReviewStore>(db, clock);
  RETURN_IF_ERROR(store->Prepare());
  return std::unique_ptr<ReviewStore>(std::move(store));
}

}  // namespace clearbid
