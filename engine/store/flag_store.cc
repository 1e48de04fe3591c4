#include "engine/store/flag_store.h"

#include <algorithm>

#include <fmt/format.h>

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
    std::string pattern = "%,";
    for (char c : f.rule) {
      if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
      pattern.push_back(c);
    }
    w.texts.push_back(pattern + ",%");
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

}  // namespace

std::vector<PartyFlag> PartyFlagsOf(const ProcessAssessment& a, const ContractingProcess& process,
                                    const std::string& source) {
  std::vector<PartyFlag> out;
  for (size_t i = 0; i < a.parties.size(); ++i) {
    const PartyAssessment& p = a.parties[i];
    if (p.band < Band::kHigh && p.flagged == 0) continue;
    PartyFlag f;
    f.ocid = a.ocid;
    f.party_id = p.party_id;
    for (const Party& party : process.parties) {
      if (party.id == p.party_id) {
        f.party_key = party.GlobalKey();
        break;
      }
    }
    f.name = p.name;
    f.identifier = p.identifier;
    f.country = p.country;
    f.band = p.band;
    f.score = p.score;
    f.flagged = p.flagged;
    for (const Finding& finding : p.findings) {
      if (finding.status != RuleStatus::kFlagged) continue;
      if (!f.rules.empty()) f.rules.push_back(',');
      f.rules += finding.rule_id;
    }
    f.source = source;
    out.push_back(std::move(f));
  }
  return out;
}

Result<std::unique_ptr<FlagStore>> FlagStore::Open(Database* db) {
  RETURN_IF_ERROR(db->Migrate("flags", Migrations()));
  return std::unique_ptr<FlagStore>(new FlagStore(db));
}

Status FlagStore::Put(const std::string& ocid, const std::vector<PartyFlag>& flags) {
  ASSIGN_OR_RETURN(Statement del, db_->Prepare("DELETE FROM party_flags WHERE ocid = ?"));
  RETURN_IF_ERROR(del.Bind(1, ocid).Run());
  if (flags.empty()) return Status::Ok();
  ASSIGN_OR_RETURN(Statement ins, db_->Prepare(
                                      "INSERT OR REPLACE INTO party_flags(ocid, party_id, party_key, name, identifier,"
                                      " country, band, score, flagged, rules, source)"
                                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  for (const PartyFlag& f : flags) {
    if (f.ocid != ocid) return Status::InvalidArgument(fmt::format("flag of {} stored under {}", f.ocid, ocid));
    ins.Reset();
    ins.Bind(1, f.ocid).Bind(2, f.party_id).Bind(3, f.party_key).Bind(4, f.name).Bind(5, f.identifier);
    ins.Bind(6, f.country).Bind(7, static_cast<int64_t>(f.band)).Bind(8, f.score).Bind(9, f.flagged);
    ins.Bind(10, f.rules).Bind(11, f.source);
    RETURN_IF_ERROR(ins.Run());
  }
  return Status::Ok();
}

Result<std::vector<PartyFlag>> FlagStore::Find(const FlagFilter& filter, size_t offset, size_t limit) {
  Where w = MakeWhere(filter);
  ASSIGN_OR_RETURN(Statement q,
                   db_->Prepare("SELECT ocid, party_id, party_key, name, identifier, country, band, score, flagged,"
                                " rules, source FROM party_flags" +
                                w.sql + fmt::format(" ORDER BY band DESC, score DESC, ocid, party_id LIMIT {} OFFSET {}",
                                                    std::min<size_t>(limit, 500), offset)));
  BindWhere(q, filter, w);
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

Result<int64_t> FlagStore::Count(const FlagFilter& filter) {
  Where w = MakeWhere(filter);
  ASSIGN_OR_RETURN(Statement q, db_->Prepare("SELECT count(*) FROM party_flags" + w.sql));
  BindWhere(q, filter, w);
  ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? q.ColumnInt(0) : 0;
}

}  // namespace clearbid
