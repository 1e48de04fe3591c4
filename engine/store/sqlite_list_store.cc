// The SQLite ListStore: list versions and their entries, list-valued fields
// as JSON text columns.

#include "engine/store/list_store.h"

#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "engine/store/list_entry_json.h"

namespace clearbid {

namespace {

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1,
       "CREATE TABLE list_versions ("
       " id INTEGER PRIMARY KEY,"
       " name TEXT NOT NULL,"
       " format TEXT NOT NULL,"
       " file_sha256 TEXT NOT NULL,"
       " imported_at TEXT NOT NULL,"
       " entry_count INTEGER NOT NULL,"
       " skipped_rows INTEGER NOT NULL,"
       " skip_reasons TEXT NOT NULL DEFAULT '[]');"
       "CREATE INDEX list_versions_by_name ON list_versions(name, id);"
       "CREATE TABLE list_entries ("
       " version_id INTEGER NOT NULL REFERENCES list_versions(id) ON DELETE CASCADE,"
       " entry_id TEXT NOT NULL,"
       " source TEXT NOT NULL,"
       " schema TEXT NOT NULL,"
       " name TEXT NOT NULL,"
       " aliases TEXT NOT NULL,"       // JSON array of strings
       " weak_aliases TEXT NOT NULL,"  // JSON array of strings
       " countries TEXT NOT NULL,"     // JSON array of alpha-2 codes
       " identifiers TEXT NOT NULL,"   // JSON array of {scheme, id, legal_name}
       " addresses TEXT NOT NULL,"     // JSON array of address objects
       " birth_dates TEXT NOT NULL,"   // JSON array of strings
       " listed_from TEXT NOT NULL,"
       " listed_until TEXT NOT NULL,"
       " active INTEGER NOT NULL,"
       " reason TEXT NOT NULL,"
       " notes TEXT NOT NULL,"
       " source_line INTEGER NOT NULL,"
       " PRIMARY KEY (version_id, entry_id)) WITHOUT ROWID;"},
      // Each entry's ListEntryDigest, stored at import: a list delta compares
      // two versions by (entry id, digest) without decoding a million
      // entries. NULL in the rows of earlier imports (computed when read).
      {2, "ALTER TABLE list_entries ADD COLUMN digest TEXT;"},
  };
  return kMigrations;
}

constexpr const char* kEntryColumns =
    "version_id, entry_id, source, schema, name, aliases, weak_aliases, countries, identifiers, addresses, "
    "birth_dates, listed_from, listed_until, active, reason, notes, source_line";

ListVersion ReadVersion(const Statement& q) {
  ListVersion v;
  v.id = q.ColumnInt(0);
  v.name = q.ColumnText(1);
  v.format = q.ColumnText(2);
  v.file_sha256 = q.ColumnText(3);
  v.imported_at = q.ColumnText(4);
  v.entry_count = q.ColumnInt(5);
  v.skipped_rows = q.ColumnInt(6);
  return v;
}

constexpr const char* kVersionColumns = "id, name, format, file_sha256, imported_at, entry_count, skipped_rows";

class SqliteListStore final : public ListStore {
 public:
  explicit SqliteListStore(Database* db) : db_(db) {}

  Result<ListVersion> AddVersion(const ListVersion& version, const std::vector<ListEntry>& entries,
                                 const Clock& clock, const std::vector<std::string>& skip_reasons) override;
  Result<std::vector<ListVersion>> Versions() override;
  Result<std::vector<ListVersion>> LatestVersions() override;
  Result<int64_t> ActiveCount(int64_t version_id, std::string_view as_of) override;
  Result<std::vector<std::string>> SkipReasons(int64_t version_id) override;
  Result<std::vector<ListEntry>> LoadActiveEntries(std::string_view as_of) override;
  Result<std::vector<ListEntry>> LoadVersionEntries(int64_t version_id) override;
  Status ForEachVersionEntry(int64_t version_id, const std::function<Status(ListEntry&)>& fn) override;
  Status ForEachVersionStamp(int64_t version_id, const std::function<Status(const ListEntryStamp&)>& fn) override;
  Result<std::vector<ListEntry>> LoadVersionEntriesById(int64_t version_id,
                                                        const std::vector<std::string>& entry_ids) override;

 private:
  Result<std::vector<ListEntry>> ReadEntries(Statement& query);
  /// The current row of a SELECT of kEntryColumns.
  static Status ReadEntry(Statement& query, ListEntry* e);
  Database* db_;
};

}  // namespace

Result<std::unique_ptr<ListStore>> ListStore::Open(Database* db) {
  RETURN_IF_ERROR(db->Migrate("lists", Migrations()));
  return std::unique_ptr<ListStore>(new SqliteListStore(db));
}

Result<ListVersion> SqliteListStore::AddVersion(const ListVersion& version, const std::vector<ListEntry>& entries,
                                                const Clock& clock, const std::vector<std::string>& skip_reasons) {
  if (version.name.empty()) return Status::InvalidArgument("a list version needs a name");
  ListVersion out = version;
  out.imported_at = FormatUtc(clock.NowSeconds());
  out.entry_count = static_cast<int64_t>(entries.size());

  Transaction tx(*db_);
  RETURN_IF_ERROR(tx.status());
  ASSIGN_OR_RETURN(Statement ins_version,
                   db_->Prepare("INSERT INTO list_versions(name, format, file_sha256, imported_at, entry_count, "
                                "skipped_rows, skip_reasons) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  ins_version.Bind(1, out.name)
      .Bind(2, out.format)
      .Bind(3, out.file_sha256)
      .Bind(4, out.imported_at)
      .Bind(5, out.entry_count)
      .Bind(6, out.skipped_rows)
      .Bind(7, StringsToJson(skip_reasons));
  RETURN_IF_ERROR(ins_version.Run());
  out.id = db_->LastInsertRowId();

  ASSIGN_OR_RETURN(Statement ins_entry,
                   db_->Prepare(fmt::format("INSERT INTO list_entries({}, digest) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                                            "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
                                            kEntryColumns)));
  for (const ListEntry& e : entries) {
    const ListEntryJson json = EncodeListEntryJson(e);
    ins_entry.Reset();
    ins_entry.Bind(1, out.id)
        .Bind(2, e.entry_id)
        .Bind(3, e.source)
        .Bind(4, EntitySchemaName(e.schema))
        .Bind(5, e.name)
        .Bind(6, json.aliases)
        .Bind(7, json.weak_aliases)
        .Bind(8, json.countries)
        .Bind(9, json.identifiers)
        .Bind(10, json.addresses)
        .Bind(11, json.birth_dates)
        .Bind(12, e.listed_from)
        .Bind(13, e.listed_until)
        .Bind(14, static_cast<int64_t>(e.active ? 1 : 0))
        .Bind(15, e.reason)
        .Bind(16, e.notes)
        .Bind(17, e.source_line);
    if (std::optional<std::string> digest = StoredEntryDigest(e)) {
      ins_entry.Bind(18, *digest);
    } else {
      ins_entry.BindNull(18);
    }
    Status st = ins_entry.Run();
    if (!st.ok()) {
      return Status(st.code() == Status::Code::kIoError && st.message().find("UNIQUE") != std::string::npos
                        ? Status::AlreadyExists(fmt::format("list {}: entry id {} appears twice", out.name, e.entry_id))
                        : st);
    }
  }
  RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::vector<ListVersion>> SqliteListStore::Versions() {
  ASSIGN_OR_RETURN(Statement q, db_->Prepare(fmt::format("SELECT {} FROM list_versions ORDER BY id", kVersionColumns)));
  std::vector<ListVersion> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(ReadVersion(q));
  }
  return out;
}

Result<std::vector<ListVersion>> SqliteListStore::LatestVersions() {
  ASSIGN_OR_RETURN(Statement q, db_->Prepare(fmt::format(
                                    "SELECT {} FROM list_versions WHERE id IN "
                                    "(SELECT MAX(id) FROM list_versions GROUP BY name) ORDER BY name",
                                    kVersionColumns)));
  std::vector<ListVersion> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    out.push_back(ReadVersion(q));
  }
  return out;
}

Result<int64_t> SqliteListStore::ActiveCount(int64_t version_id, std::string_view as_of) {
  ASSIGN_OR_RETURN(Statement q, db_->Prepare("SELECT COUNT(*) FROM list_entries WHERE version_id = ?1 AND active = 1 "
                                             "AND (?2 = '' OR listed_until = '' OR listed_until >= ?2)"));
  q.Bind(1, version_id).Bind(2, as_of);
  ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? q.ColumnInt(0) : 0;
}

Result<std::vector<std::string>> SqliteListStore::SkipReasons(int64_t version_id) {
  ASSIGN_OR_RETURN(Statement q, db_->Prepare("SELECT skip_reasons FROM list_versions WHERE id = ?1"));
  q.Bind(1, version_id);
  ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return Status::NotFound(fmt::format("no list version {}", version_id));
  return StringsFromJson(q.ColumnView(0), fmt::format("list_versions skip_reasons of version {}", version_id));
}

Result<std::vector<ListEntry>> SqliteListStore::LoadActiveEntries(std::string_view as_of) {
  ASSIGN_OR_RETURN(Statement q,
                   db_->Prepare(fmt::format(
                       "SELECT {} FROM list_entries WHERE version_id IN "
                       "(SELECT MAX(id) FROM list_versions GROUP BY name) AND active = 1 "
                       "AND (?1 = '' OR listed_until = '' OR listed_until >= ?1) "
                       "ORDER BY version_id, source_line, entry_id",
                       kEntryColumns)));
  q.Bind(1, as_of);
  return ReadEntries(q);
}

Result<std::vector<ListEntry>> SqliteListStore::LoadVersionEntries(int64_t version_id) {
  ASSIGN_OR_RETURN(Statement q, db_->Prepare(fmt::format("SELECT {} FROM list_entries WHERE version_id = ?1 "
                                                         "ORDER BY source_line, entry_id",
                                                         kEntryColumns)));
  q.Bind(1, version_id);
  return ReadEntries(q);
}

Status SqliteListStore::ForEachVersionEntry(int64_t version_id, const std::function<Status(ListEntry&)>& fn) {
  // Primary-key order: no sort.
  ASSIGN_OR_RETURN(Statement q,
                   db_->Prepare(fmt::format("SELECT {} FROM list_entries WHERE version_id = ?1", kEntryColumns)));
  q.Bind(1, version_id);
  for (;;) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return Status::Ok();
    ListEntry e;
    RETURN_IF_ERROR(ReadEntry(q, &e));
    RETURN_IF_ERROR(fn(e));
  }
}

Status SqliteListStore::ForEachVersionStamp(int64_t version_id,
                                            const std::function<Status(const ListEntryStamp&)>& fn) {
  ASSIGN_OR_RETURN(Statement q, db_->Prepare("SELECT entry_id, digest, active, listed_until FROM list_entries "
                                             "WHERE version_id = ?1"));
  q.Bind(1, version_id);
  std::vector<std::string> whole;  // entries without a stored digest
  ListEntryStamp stamp;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return StampWholeEntries(this, version_id, whole, fn);
    if (q.ColumnIsNull(1)) {
      whole.push_back(q.ColumnText(0));
      if (whole.size() < kWholeEntryBatch) continue;
      RETURN_IF_ERROR(StampWholeEntries(this, version_id, whole, fn));
      whole.clear();
      continue;
    }
    stamp.entry_id = q.ColumnText(0);
    stamp.digest = q.ColumnText(1);
    stamp.active = q.ColumnInt(2) != 0;
    stamp.listed_until = q.ColumnText(3);
    RETURN_IF_ERROR(fn(stamp));
  }
}

Result<std::vector<ListEntry>> SqliteListStore::LoadVersionEntriesById(int64_t version_id,
                                                                       const std::vector<std::string>& entry_ids) {
  ASSIGN_OR_RETURN(Statement q, db_->Prepare(fmt::format(
                                    "SELECT {} FROM list_entries WHERE version_id = ?1 AND entry_id = ?2", kEntryColumns)));
  std::vector<ListEntry> out;
  out.reserve(entry_ids.size());
  for (const std::string& id : entry_ids) {
    q.Reset();
    q.Bind(1, version_id).Bind(2, id);
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) continue;
    ListEntry e;
    RETURN_IF_ERROR(ReadEntry(q, &e));
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<ListEntry>> SqliteListStore::ReadEntries(Statement& q) {
  std::vector<ListEntry> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    ListEntry e;
    RETURN_IF_ERROR(ReadEntry(q, &e));
    out.push_back(std::move(e));
  }
  return out;
}

Status SqliteListStore::ReadEntry(Statement& q, ListEntry* e) {
  e->list_version = q.ColumnInt(0);
  e->entry_id = q.ColumnText(1);
  e->source = q.ColumnText(2);
  e->schema = ParseEntitySchema(q.ColumnView(3));
  e->name = q.ColumnText(4);
  RETURN_IF_ERROR(DecodeListEntryJson({q.ColumnView(5), q.ColumnView(6), q.ColumnView(7), q.ColumnView(8),
                                       q.ColumnView(9), q.ColumnView(10)},
                                      e));
  e->listed_from = q.ColumnText(11);
  e->listed_until = q.ColumnText(12);
  e->active = q.ColumnInt(13) != 0;
  e->reason = q.ColumnText(14);
  e->notes = q.ColumnText(15);
  e->source_line = q.ColumnInt(16);
  return Status::Ok();
}

}  // namespace clearbid
