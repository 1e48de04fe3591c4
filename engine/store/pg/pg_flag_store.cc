// The PostgreSQL FlagStore. Ids are COLLATE "C" so that the queue's order
// (band, score, then ocid and party id) is byte order, as in SQLite. Put()
// deletes and inserts in one transaction (the caller's, if open). Find() and
// Count() build their WHERE from constant pieces (one per filter that is
// set); every value is a parameter.

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "engine/store/pg/pg_float.h"
#include "engine/store/pg/pg_scan_flag_stores.h"

namespace clearbid {
namespace {

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE party_flags (
  ocid       TEXT COLLATE "C" NOT NULL,
  party_id   TEXT COLLATE "C" NOT NULL,
  party_key  TEXT NOT NULL,
  name       TEXT NOT NULL,
  identifier TEXT NOT NULL,
  country    TEXT NOT NULL,
  band       INTEGER NOT NULL,
  score      DOUBLE PRECISION NOT NULL,
  flagged    BIGINT NOT NULL,
  rules      TEXT NOT NULL,
  source     TEXT NOT NULL,
  PRIMARY KEY (ocid, party_id)
);
CREATE INDEX party_flags_rank ON party_flags(band DESC, score DESC, ocid, party_id);
CREATE INDEX party_flags_party ON party_flags(party_key);
)sql"},
  };
  return kMigrations;
}

constexpr const char* kFlagColumns =
    "ocid, party_id, party_key, name, identifier, country, band, score, flagged, rules, source";

int64_t ToSqlCount(size_t n) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  return n > static_cast<size_t>(kMax) ? kMax : static_cast<int64_t>(n);
}

/// The WHERE clause of a filter and its parameters ($1 the band, then one
/// per filter that is set).
struct Where {
  std::string sql;
  std::vector<PgParam> params;
};

Where MakeWhere(const FlagFilter& f) {
  Where w;
  w.sql = " WHERE band >= $1";
  w.params.emplace_back(static_cast<int64_t>(f.min_band));
  if (!f.country.empty()) {
    w.params.emplace_back(f.country);
    w.sql += fmt::format(" AND country = ${}", w.params.size());
  }
  if (!f.rule.empty()) {
    w.params.emplace_back(RuleListPattern(f.rule));
    w.sql += fmt::format(" AND (',' || rules || ',') LIKE ${} ESCAPE '\\'", w.params.size());
  }
  if (!f.party_key.empty()) {
    w.params.emplace_back(f.party_key);
    w.sql += fmt::format(" AND party_key = ${}", w.params.size());
  }
  return w;
}

Result<PartyFlag> ReadFlag(const PgRows& rows, size_t r) {
  PartyFlag f;
  f.ocid = rows.Text(r, 0);
  f.party_id = rows.Text(r, 1);
  f.party_key = rows.Text(r, 2);
  f.name = rows.Text(r, 3);
  f.identifier = rows.Text(r, 4);
  f.country = rows.Text(r, 5);
  ASSIGN_OR_RETURN(int64_t band, rows.Int(r, 6));
  f.band = static_cast<Band>(std::clamp<int64_t>(band, 0, 3));
  ASSIGN_OR_RETURN(f.score, PgFloatCell(rows, r, 7));
  ASSIGN_OR_RETURN(f.flagged, rows.Int(r, 8));
  f.rules = rows.Text(r, 9);
  f.source = rows.Text(r, 10);
  return f;
}

class PgFlagStore final : public FlagStore {
 public:
  explicit PgFlagStore(PgConnection* conn) : conn_(conn) {}

  Status Prepare() {
    const std::string cols = kFlagColumns;
    const std::pair<const char*, std::string> statements[] = {
        {"flag_delete", "DELETE FROM party_flags WHERE ocid = $1"},
        {"flag_insert",
         "INSERT INTO party_flags(" + cols + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
         " ON CONFLICT (ocid, party_id) DO UPDATE SET party_key = EXCLUDED.party_key, name = EXCLUDED.name,"
         " identifier = EXCLUDED.identifier, country = EXCLUDED.country, band = EXCLUDED.band,"
         " score = EXCLUDED.score, flagged = EXCLUDED.flagged, rules = EXCLUDED.rules, source = EXCLUDED.source"},
    };
    for (const auto& [name, sql] : statements) RETURN_IF_ERROR(conn_->Prepare(name, sql));
    return Status::Ok();
  }

  Status Put(const std::string& ocid, const std::vector<PartyFlag>& flags) override {
    RETURN_IF_ERROR(CheckFlagsOf(ocid, flags));
    if (conn_->in_transaction()) return Replace(ocid, flags);
    PgTransaction tx(*conn_);
    RETURN_IF_ERROR(tx.status());
    RETURN_IF_ERROR(Replace(ocid, flags));
    return tx.Commit();
  }

  Result<std::vector<PartyFlag>> Find(const FlagFilter& filter, size_t offset, size_t limit) override {
    Where w = MakeWhere(filter);
    const size_t n = w.params.size();
    w.params.emplace_back(ToSqlCount(std::min(limit, kMaxFlagPage)));
    w.params.emplace_back(ToSqlCount(offset));
    ASSIGN_OR_RETURN(PgRows rows,
                     conn_->Exec(std::string("SELECT ") + kFlagColumns + " FROM party_flags" + w.sql +
                                     fmt::format(" ORDER BY band DESC, score DESC, ocid, party_id"
                                                 " LIMIT ${}::bigint OFFSET ${}::bigint",
                                                 n + 1, n + 2),
                                 w.params));
    std::vector<PartyFlag> out;
    out.reserve(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) {
      ASSIGN_OR_RETURN(PartyFlag f, ReadFlag(rows, r));
      out.push_back(std::move(f));
    }
    return out;
  }

  Result<int64_t> Count(const FlagFilter& filter) override {
    Where w = MakeWhere(filter);
    ASSIGN_OR_RETURN(PgRows rows, conn_->Exec("SELECT count(*) FROM party_flags" + w.sql, w.params));
    if (rows.empty()) return int64_t{0};
    return rows.Int(0, 0);
  }

 private:
  Status Replace(const std::string& ocid, const std::vector<PartyFlag>& flags) {
    RETURN_IF_ERROR(conn_->Run("flag_delete", {ocid}).status());
    for (const PartyFlag& f : flags) {
      RETURN_IF_ERROR(conn_
                          ->Run("flag_insert", {f.ocid, f.party_id, f.party_key, f.name, f.identifier, f.country,
                                                static_cast<int64_t>(f.band), PgFloatParam(f.score), f.flagged,
                                                f.rules, f.source})
                          .status());
    }
    return Status::Ok();
  }

  PgConnection* conn_;
};

}  // namespace

Result<std::unique_ptr<FlagStore>> OpenPostgresFlagStore(PgConnection* conn) {
  if (conn == nullptr) return Status::InvalidArgument("flag store needs a connection");
  RETURN_IF_ERROR(conn->Migrate("flags", Migrations()));
  auto store = std::make_unique<PgFlagStore>(conn);
  RETURN_IF_ERROR(store->Prepare());
  return std::unique_ptr<FlagStore>(std::move(store));
}

}  // namespace clearbid
