// The PostgreSQL ReviewStore. Decide() and Record() run in one READ COMMITTED
// transaction each whose first statement locks the chain head
// (SELECT … FROM audit_head WHERE id = 1 FOR UPDATE). A writer on another
// connection, process or host waits on that lock and, once it is released,
// reads the head as the holder committed it; everything it reads after the
// lock (the subject's old state) is as fresh. So every entry is chained to the
// true head and the old_state of each entry is the new_state of the one before.

#include <algorithm>
#include <iterator>
#include <limits>

#include <fmt/format.h>

#include "engine/base/clock.h"
#include "engine/store/pg/pg_stores.h"
#include "engine/store/review_checks.h"

namespace clearbid {
namespace {

/// Entries read per page by Verify(), so a long trail is never held whole.
constexpr int64_t kVerifyPage = 1000;

const std::vector<Migration>& Migrations() {
  // audit_trail is append-only: the triggers refuse UPDATE, DELETE and
  // TRUNCATE, so no code path of clearbid can rewrite history by mistake. A
  // database owner can drop them; the hash chain and the separately kept head
  // are what detect that (Verify()). Text is compared byte-wise (COLLATE "C")
  // wherever order matters, as in SQLite, whatever the database's locale.
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
  audit_seq    BIGINT NOT NULL,
  PRIMARY KEY (kind, key)
);
CREATE INDEX review_states_subject ON review_states(subject_key);
CREATE INDEX review_states_recent ON review_states(audit_seq);
CREATE TABLE audit_trail (
  seq       BIGINT PRIMARY KEY,
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
  seq  BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head(id, seq, hash) VALUES (1, 0, '');
CREATE FUNCTION audit_trail_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_trail is append-only (% refused)', TG_OP;
END
$$;
CREATE TRIGGER audit_trail_no_update BEFORE UPDATE ON audit_trail
  FOR EACH ROW EXECUTE FUNCTION audit_trail_append_only();
CREATE TRIGGER audit_trail_no_delete BEFORE DELETE ON audit_trail
  FOR EACH ROW EXECUTE FUNCTION audit_trail_append_only();
CREATE TRIGGER audit_trail_no_truncate BEFORE TRUNCATE ON audit_trail
  FOR EACH STATEMENT EXECUTE FUNCTION audit_trail_append_only();
)sql"},
  };
  return kMigrations;
}

constexpr const char* kStateColumns =
    "kind, key, subject_key, state, entry_digest, reason, actor, decided_at, audit_seq";
constexpr const char* kEntryColumns =
    "seq, at, actor, action, subject, old_state, new_state, reason, detail, prev_hash, hash";

int64_t ToSqlLimit(size_t n) {
  return n > static_cast<size_t>(std::numeric_limits<int64_t>::max()) ? std::numeric_limits<int64_t>::max()
                                                                      : static_cast<int64_t>(n);
}

Result<ReviewState> ReadState(const PgRows& rows, size_t r) {
  ReviewState s;
  s.kind = rows.Text(r, 0);
  s.key = rows.Text(r, 1);
  s.subject_key = rows.Text(r, 2);
  s.state = rows.Text(r, 3);
  s.entry_digest = rows.Text(r, 4);
  s.reason = rows.Text(r, 5);
  s.actor = rows.Text(r, 6);
  s.decided_at = rows.Text(r, 7);
  ASSIGN_OR_RETURN(s.audit_seq, rows.Int(r, 8));
  return s;
}

Result<std::vector<ReviewState>> ReadStates(const PgRows& rows) {
  std::vector<ReviewState> out;
  out.reserve(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    ASSIGN_OR_RETURN(ReviewState s, ReadState(rows, r));
    out.push_back(std::move(s));
  }
  return out;
}

Result<AuditEntry> ReadEntry(const PgRows& rows, size_t r) {
  AuditEntry e;
  ASSIGN_OR_RETURN(e.seq, rows.Int(r, 0));
  e.at = rows.Text(r, 1);
  e.actor = rows.Text(r, 2);
  e.action = rows.Text(r, 3);
  e.subject = rows.Text(r, 4);
  e.old_state = rows.Text(r, 5);
  e.new_state = rows.Text(r, 6);
  e.reason = rows.Text(r, 7);
  e.detail = rows.Text(r, 8);
  e.prev_hash = rows.Text(r, 9);
  e.hash = rows.Text(r, 10);
  return e;
}

class PgReviewStore final : public ReviewStore {
 public:
  PgReviewStore(PgConnection* conn, const Clock* clock) : conn_(conn), clock_(clock) {}

  Status Prepare() {
    const std::string state_cols = kStateColumns, entry_cols = kEntryColumns;
    const std::pair<const char*, std::string> statements[] = {
        {"review_head", "SELECT seq, hash FROM audit_head WHERE id = 1"},
        {"review_lock_head", "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE"},
        {"review_set_head", "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1"},
        {"review_append",
         "INSERT INTO audit_trail(" + entry_cols + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"},
        {"review_get_state", "SELECT " + state_cols + " FROM review_states WHERE kind = $1 AND key = $2"},
        {"review_put_state",
         "INSERT INTO review_states(" + state_cols + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
         " ON CONFLICT (kind, key) DO UPDATE SET subject_key = EXCLUDED.subject_key, state = EXCLUDED.state,"
         " entry_digest = EXCLUDED.entry_digest, reason = EXCLUDED.reason, actor = EXCLUDED.actor,"
         " decided_at = EXCLUDED.decided_at, audit_seq = EXCLUDED.audit_seq"},
        {"review_match_states", "SELECT " + state_cols +
                                    " FROM review_states WHERE subject_key = $1 AND kind = 'match'"
                                    " ORDER BY key COLLATE \"C\""},
        {"review_states",
         "SELECT " + state_cols + " FROM review_states WHERE ($1 = '' OR kind = $1) AND ($2 = '' OR state = $2)"
         " ORDER BY audit_seq DESC LIMIT $3 OFFSET $4"},
        {"review_trail", "SELECT " + entry_cols + " FROM audit_trail WHERE seq > $1 ORDER BY seq LIMIT $2"},
        {"review_trail_subject",
         "SELECT " + entry_cols + " FROM audit_trail WHERE subject = $3 AND seq > $1 ORDER BY seq LIMIT $2"},
    };
    for (const auto& [name, sql] : statements) RETURN_IF_ERROR(conn_->Prepare(name, sql));
    return Status::Ok();
  }

  Result<AuditEntry> Decide(const ReviewRequest& request) override {
    RETURN_IF_ERROR(CheckReviewRequest(request));
    const bool match = request.kind == "match";
    AuditEntry entry = DecisionEntry(request);

    PgTransaction tx(*conn_);
    RETURN_IF_ERROR(tx.status());
    // The head lock first: the old state is read only once no other writer
    // can change it.
    ASSIGN_OR_RETURN(auto head, Head("review_lock_head"));
    ASSIGN_OR_RETURN(std::optional<ReviewState> old, State(request.kind, request.key));
    entry.old_state = old ? old->state : "open";
    RETURN_IF_ERROR(AppendLocked(head, &entry));
    RETURN_IF_ERROR(conn_
                        ->Run("review_put_state",
                              {request.kind, request.key, match ? request.subject_key : std::string(), entry.new_state,
                               match ? request.entry_digest : std::string(), request.reason, request.actor, entry.at,
                               entry.seq})
                        .status());
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
    PgTransaction tx(*conn_);
    RETURN_IF_ERROR(tx.status());
    ASSIGN_OR_RETURN(auto head, Head("review_lock_head"));
    RETURN_IF_ERROR(AppendLocked(head, &entry));
    RETURN_IF_ERROR(tx.Commit());
    return entry;
  }

  Result<std::optional<ReviewState>> State(const std::string& kind, const std::string& key) override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("review_get_state", {kind, key}));
    if (rows.empty()) return std::optional<ReviewState>();
    ASSIGN_OR_RETURN(ReviewState s, ReadState(rows, 0));
    return std::optional<ReviewState>(std::move(s));
  }

  Result<std::vector<ReviewState>> MatchStates(const std::vector<std::string>& subject_keys) override {
    std::vector<ReviewState> out;
    std::vector<std::string> keys = subject_keys;
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (const std::string& subject_key : keys) {
      if (subject_key.empty()) continue;
      ASSIGN_OR_RETURN(PgRows rows, conn_->Run("review_match_states", {subject_key}));
      ASSIGN_OR_RETURN(std::vector<ReviewState> states, ReadStates(rows));
      std::move(states.begin(), states.end(), std::back_inserter(out));
    }
    return out;
  }

  Result<std::vector<ReviewState>> States(const std::string& kind, const std::string& state, size_t offset,
                                          size_t limit) override {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run("review_states", {kind, state, ToSqlLimit(limit), ToSqlLimit(offset)}));
    return ReadStates(rows);
  }

  Result<std::vector<AuditEntry>> Trail(int64_t after_seq, size_t limit, const std::string& subject) override {
    Result<PgRows> rows = subject.empty()
                              ? conn_->Run("review_trail", {after_seq, ToSqlLimit(limit)})
                              : conn_->Run("review_trail_subject", {after_seq, ToSqlLimit(limit), subject});
    if (!rows.ok()) return rows.status();
    std::vector<AuditEntry> out;
    out.reserve(rows->size());
    for (size_t r = 0; r < rows->size(); ++r) {
      ASSIGN_OR_RETURN(AuditEntry e, ReadEntry(*rows, r));
      out.push_back(std::move(e));
    }
    return out;
  }

  Result<AuditVerification> Verify() override {
    // One snapshot (REPEATABLE READ): the head and the entries agree whatever
    // other writers do meanwhile. Entries are read and checked page by page.
    PgTransaction tx(*conn_, PgTransaction::Mode::kSnapshot);
    RETURN_IF_ERROR(tx.status());
    ASSIGN_OR_RETURN(auto head, Head("review_head"));
    AuditChainVerifier verifier;
    int64_t after = 0;
    for (;;) {
      ASSIGN_OR_RETURN(PgRows rows, conn_->Run("review_trail", {after, kVerifyPage}));
      for (size_t r = 0; r < rows.size(); ++r) {
        ASSIGN_OR_RETURN(AuditEntry e, ReadEntry(rows, r));
        after = e.seq;
        verifier.Add(e);
      }
      if (rows.size() < static_cast<size_t>(kVerifyPage)) break;
    }
    RETURN_IF_ERROR(tx.Commit());
    return verifier.Finish(std::move(head));
  }

 private:
  /// The head through `statement` (locking or not).
  Result<std::pair<int64_t, std::string>> Head(const char* statement) {
    ASSIGN_OR_RETURN(PgRows rows, conn_->Run(statement));
    if (rows.empty()) return Status::Corruption("audit_head has no row: the audit trail's head is missing");
    ASSIGN_OR_RETURN(int64_t seq, rows.Int(0, 0));
    return std::make_pair(seq, rows.Text(0, 1));
  }

  /// Stamps, chains and appends `entry` after `head`, and moves the head to
  /// it. The caller holds the head lock.
  Status AppendLocked(const std::pair<int64_t, std::string>& head, AuditEntry* entry) {
    entry->seq = head.first + 1;
    entry->prev_hash = head.first == 0 ? AuditGenesisHash() : head.second;
    entry->at = FormatUtc(clock_->NowSeconds());
    entry->hash = AuditEntryHash(*entry);
    RETURN_IF_ERROR(conn_
                        ->Run("review_append", {entry->seq, entry->at, entry->actor, entry->action, entry->subject,
                                                entry->old_state, entry->new_state, entry->reason, entry->detail,
                                                entry->prev_hash, entry->hash})
                        .status());
    ASSIGN_OR_RETURN(PgRows moved, conn_->Run("review_set_head", {entry->seq, entry->hash}));
    if (moved.affected() != 1) return Status::Corruption("audit_head has no row: the audit trail's head is missing");
    return Status::Ok();
  }

  PgConnection* conn_;
  const Clock* clock_;
};

}  // namespace

Result<std::unique_ptr<ReviewStore>> OpenPostgresReviewStore(PgConnection* conn, const Clock* clock) {
  if (conn == nullptr || clock == nullptr) return Status::InvalidArgument("review store needs a connection and a clock");
  RETURN_IF_ERROR(conn->Migrate("review", Migrations()));
  auto store = std::make_unique<PgReviewStore>(conn, clock);
  RETURN_IF_ERROR(store->Prepare());
  return std::unique_ptr<ReviewStore>(std::move(store));
}

}  // namespace clearbid
