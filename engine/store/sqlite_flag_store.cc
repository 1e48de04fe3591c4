// The SQLite FlagStore. Put() runs inside a savepoint: one change on its own,
// and a part of the caller's transaction when there is one.

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "engine/store/flag_store.h"

namespace clearbid {
namespace {

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE party_flags (
  ocid       TEXT NOT NULL,
  party_id   TEXT NOT NULL,
  party_key  TEXT NOT NULL,
  name       TEXT NOT NULL,
  identifier TEXT NOT NULL,
  country    TEXT NOT NULL,
  band       INTEGER NOT NULL,
  score      REAL NOT NULL,
  flagged    INTEGER NOT NULL,
  rules      TEXT NOT NULL,
  source     TEXT NOT NULL,
  PRIMARY KEY (ocid, party_id)
) WITHOUT ROWID;
CREATE INDEX party_flags_rank ON party_flags(band DESC, score DESC, ocid, party_id);
CREATE INDEX party_flags_party ON party_flags(party_key);
)sql"},
  };
  return kMigrations;
}

// WHERE clause and its bindings for a filter (all values bound, never spliced).
struct Where {
  std::string sql;
  std::vector<std::string> texts;
};

Where MakeWhere(const FlagFilter& f) {
  Where w;
  w.sql = " WHERE band >= ?1";
  int n = 2;
  if (!f.country.empty()) {
    w.sql += fmt::format(" AND country = ?{}", n++);
    w.texts.push_back(f.country);
  }
  if (!f.rule.empty()) {
    w.sql += fmt::format(" AND (',' || rules || ',') LIKE ?{} ESCAPE '\\'", n++);
    w.texts.push_back(RuleListPattern(f.rule));
  }
  if (!f.party_key.empty()) {
    w.sql += fmt::format(" AND party_key = ?{}", n++);
    w.texts.push_back(f.party_key);
  }
  return w;
}

void BindWhere(Statement& q, const FlagFilter& f, const Where& w) {
  q.Bind(1, static_cast<int64_t>(f.min_band));
  for (size_t i = 0; i < w.texts.size(); ++i) q.Bind(static_cast<int>(i) + 2, w.texts[i]);
}

int64_t SqlCount(size_t n) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  return n > static_cast<size_t>(kMax) ? kMax : static_cast<int64_t>(n);
}

class SqliteFlagStore final : public FlagStore {
 public:
  explicit SqliteFlagStore(Database* db) : db_(db) {}

  Status Put(const std::string& ocid, const std::vector<PartyFlag>& flags) override {
    RETURN_IF_ERROR(CheckFlagsOf(ocid, flags));
    RETURN_IF_ERROR(db_->Exec("SAVEPOINT flag_put"));
    Status s = Replace(ocid, flags);
    if (!s.ok()) {
      (void)db_->Exec("ROLLBACK TO flag_put");
      (void)db_->Exec("RELEASE flag_put");
      return s;
    }
    return db_->Exec("RELEASE flag_put");
  }

  Result<std::vector<PartyFlag>> Find(const FlagFilter& filter, size_t offset, size_t limit) override {
    Where w = MakeWhere(filter);
    const int n = static_cast<int>(w.texts.size()) + 2;
    ASSIGN_OR_RETURN(Statement q,
                     db_->Prepare("SELECT ocid, party_id, party_key, name, identifier, country, band, score, flagged,"
                                  " rules, source FROM party_flags" +
                                  w.sql +
                                  fmt::format(" ORDER BY band DESC, score DESC, ocid, party_id LIMIT ?{} OFFSET ?{}",
                                              n, n + 1)));
    BindWhere(q, filter, w);
    q.Bind(n, SqlCount(std::min(limit, kMaxFlagPage))).Bind(n + 1, SqlCount(offset));
    std::vector<PartyFlag> out;
    for (;;) {
      ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      PartyFlag f;
      f.ocid = q.ColumnText(0);
      f.party_id = q.ColumnText(1);
      f.party_key = q.ColumnText(2);
      f.name = q.ColumnText(3);
      f.identifier = q.ColumnText(4);
      f.country = q.ColumnText(5);
      f.band = static_cast<Band>(std::clamp<int64_t>(q.ColumnInt(6), 0, 3));
      f.score = q.ColumnDouble(7);
      f.flagged = q.ColumnInt(8);
      f.rules = q.ColumnText(9);
      f.source = q.ColumnText(10);
      out.push_back(std::move(f));
    }
    return out;
  }

  Result<int64_t> Count(const FlagFilter& filter) override {
    Where w = MakeWhere(filter);
    ASSIGN_OR_RETURN(Statement q, db_->Prepare("SELECT count(*) FROM party_flags" + w.sql));
    BindWhere(q, filter, w);
    ASSIGN_OR_RETURN(bool row, q.Step());
    return row ? q.ColumnInt(0) : 0;
  }

 private:
  Status Replace(const std::string& ocid, const std::vector<PartyFlag>& flags) {
    ASSIGN_OR_RETURN(Statement del, db_->Prepare("DELETE FROM party_flags WHERE ocid = ?"));
    RETURN_IF_ERROR(del.Bind(1, ocid).Run());
    if (flags.empty()) return Status::Ok();
    ASSIGN_OR_RETURN(Statement ins,
                     db_->Prepare("INSERT OR REPLACE INTO party_flags(ocid, party_id, party_key, name, identifier,"
                                  " country, band, score, flagged, rules, source)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const PartyFlag& f : flags) {
      ins.Reset();
      ins.Bind(1, f.ocid).Bind(2, f.party_id).Bind(3, f.party_key).Bind(4, f.name).Bind(5, f.identifier);
      ins.Bind(6, f.country).Bind(7, static_cast<int64_t>(f.band)).Bind(8, f.score).Bind(9, f.flagged);
      ins.Bind(10, f.rules).Bind(11, f.source);
      RETURN_IF_ERROR(ins.Run());
    }
    return Status::Ok();
  }

  Database* db_;
};

}  // namespace

Result<std::unique_ptr<FlagStore>> OpenSqliteFlagStore(Database* db) {
  if (db == nullptr) return Status::InvalidArgument("flag store needs a database");
  RETURN_IF_ERROR(db->Migrate("flags", Migrations()));
  return std::unique_ptr<FlagStore>(std::make_unique<SqliteFlagStore>(db));
}

Result<std::unique_ptr<FlagStore>> FlagStore::Open(Database* db) { return OpenSqliteFlagStore(db); }

}  // namespace clearbid
