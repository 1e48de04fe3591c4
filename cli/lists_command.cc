// clearbid lists [--json]: the stored list versions.
// clearbid lists import --format F FILE... [--name NAME]: import exclusion,
// debarment and sanctions lists, each FILE as a new list version.

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "cli/command.h"
#include "connectors/lists/list_reader.h"
#include "service/printable_db_name.h"
#include "service/store_set.h"
#include "engine/base/clock.h"
#include "engine/store/list_store.h"
#include "engine/store/sqlite_db.h"

namespace clearbid::cli {
namespace {

struct ListsFlags {
  bool json = false;
  std::string as_of;
};

struct ImportFlags {
  std::string format;
  std::vector<std::string> paths;
  std::string name;
  std::string as_of;
  bool json = false;
  size_t max_errors_shown = 20;
};

using OrderedJson = nlohmann::ordered_json;

std::string Dump(const OrderedJson& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

/// Today's date (UTC) from the system clock: the CLI is the one place that reads it.
std::string Today() { return FormatUtc(SystemClock().NowSeconds()).substr(0, 10); }

// The list store of `path` (a SQLite file or a PostgreSQL URL); *stores keeps
// its connection and must outlive it.
Result<std::unique_ptr<ListStore>> OpenStore(const std::string& path, std::unique_ptr<StoreSet>* stores) {
  static SystemClock clock;
  StoreSetOptions options;
  options.kinds = kListStore;
  ASSIGN_OR_RETURN(*stores, OpenStoreSet(path, &clock, options));
  return std::move((*stores)->lists);
}

int RunImport(const GlobalOptions& global, const ImportFlags& flags) {
  Result<ListFormat> format = ParseListFormat(flags.format);
  if (!format.ok()) {
    fmt::print(stderr, "clearbid lists import: {}\n", format.status().message());
    return kExitUsage;
  }
  if (!flags.name.empty() && flags.paths.size() > 1) {
    fmt::print(stderr, "clearbid lists import: --name names one list; give one FILE per import\n");
    return kExitUsage;
  }
  std::string as_of = flags.as_of.empty() ? Today() : flags.as_of;
  if (!IsIsoDate(as_of)) {
    fmt::print(stderr, "clearbid lists import: --as-of wants YYYY-MM-DD, not \"{}\"\n", as_of);
    return kExitUsage;
  }
  std::unique_ptr<StoreSet> db;
  Result<std::unique_ptr<ListStore>> store = OpenStore(global.db, &db);
  if (!store.ok()) {
    fmt::print(stderr, "clearbid lists import: {}\n", store.status().message());
    return kExitFailure;
  }
  SystemClock clock;
  int rc = kExitOk;
  OrderedJson imports = OrderedJson::array();
  for (const std::string& path : flags.paths) {
    ListReadOptions options;
    options.as_of = as_of;
    options.source = flags.name;
    if (options.source.empty() && *format == ListFormat::kCsv) {
      // Generic lists are named after their file unless --name says otherwise.
      options.source = std::filesystem::path(path).stem().string();
    }
    if (options.source.empty()) options.source = std::string(DefaultListName(*format));
    Result<ListReadResult> read = ReadList(*format, path, options);
    if (!read.ok()) {
      fmt::print(stderr, "clearbid lists import: {}\n", read.status().message());
      if (flags.json) imports.push_back({{"files", {path}}, {"error", read.status().message()}});
      rc = kExitFailure;
      continue;
    }
    ListVersion version;
    version.name = options.source;
    version.format = std::string(ListFormatName(*format));
    version.file_sha256 = read->sha256;
    version.skipped_rows = read->skipped;
    Result<ListVersion> stored = (*store)->AddVersion(version, read->entries, clock, read->errors);
    if (!stored.ok()) {
      fmt::print(stderr, "clearbid lists import: {}: {}\n", path, stored.status().message());
      rc = kExitFailure;
      continue;
    }
    int64_t active = std::count_if(read->entries.begin(), read->entries.end(), [](const ListEntry& e) { return e.active; });
    if (read->skipped > 0 && rc == kExitOk) rc = kExitRejected;
    if (flags.json) {
      imports.push_back({{"name", stored->name},
                         {"format", stored->format},
                         {"version", stored->id},
                         {"files", read->files},
                         {"file_sha256", stored->file_sha256},
                         {"imported_at", stored->imported_at},
                         {"as_of", as_of},
                         {"entries", stored->entry_count},
                         {"active", active},
                         {"inactive", stored->entry_count - active},
                         {"skipped", read->skipped},
                         {"ignored", read->ignored},
                         {"errors", read->errors},
                         {"warnings", read->warnings}});
      continue;
    }
    fmt::print("imported {} version {} from {}: {} entries ({} active, {} ended before {}), {} rows skipped\n",
               stored->name, stored->id, path, stored->entry_count, active, stored->entry_count - active, as_of,
               read->skipped);
    size_t shown = 0;
    for (const std::string& w : read->warnings) {
      if (shown++ >= flags.max_errors_shown) break;
      fmt::print(stderr, "warning: {}\n", w);
    }
    shown = 0;
    for (const std::string& e : read->errors) {
      if (shown++ >= flags.max_errors_shown) {
        fmt::print(stderr, "… {} more skipped rows (use --json for the first {})\n",
                   read->skipped - static_cast<int64_t>(flags.max_errors_shown), read->errors.size());
        break;
      }
      fmt::print(stderr, "skipped: {}\n", e);
    }
  }
  if (flags.json) std::cout << Dump({{"db", PrintableDbName(global.db)}, {"imports", imports}}) << "\n";
  return rc;
}

int RunLists(const GlobalOptions& global, const ListsFlags& flags) {
  std::string as_of = flags.as_of.empty() ? Today() : flags.as_of;
  if (!IsIsoDate(as_of)) {
    fmt::print(stderr, "clearbid lists: --as-of wants YYYY-MM-DD, not \"{}\"\n", as_of);
    return kExitUsage;
  }
  std::unique_ptr<StoreSet> db;
  Result<std::unique_ptr<ListStore>> store = OpenStore(global.db, &db);
  if (!store.ok()) {
    fmt::print(stderr, "clearbid lists: {}\n", store.status().message());
    return kExitFailure;
  }
  Result<std::vector<ListVersion>> versions = (*store)->Versions();
  Result<std::vector<ListVersion>> latest = (*store)->LatestVersions();
  if (!versions.ok() || !latest.ok()) {
    fmt::print(stderr, "clearbid lists: {}\n", (versions.ok() ? latest.status() : versions.status()).message());
    return kExitFailure;
  }
  auto is_latest = [&](int64_t id) {
    return std::any_of(latest->begin(), latest->end(), [id](const ListVersion& v) { return v.id == id; });
  };
  OrderedJson rows = OrderedJson::array();
  if (!flags.json) {
    fmt::print("{:>4}  {:<16} {:<10} {:<20} {:>8} {:>8} {:>8}  {:<12}  {}\n", "id", "list", "format", "imported",
               "entries", "active", "skipped", "sha256", "latest");
  }
  for (const ListVersion& v : *versions) {
    Result<int64_t> active = (*store)->ActiveCount(v.id, as_of);
    if (!active.ok()) {
      fmt::print(stderr, "clearbid lists: {}\n", active.status().message());
      return kExitFailure;
    }
    if (flags.json) {
      rows.push_back({{"id", v.id},
                      {"name", v.name},
                      {"format", v.format},
                      {"file_sha256", v.file_sha256},
                      {"imported_at", v.imported_at},
                      {"entries", v.entry_count},
                      {"active", *active},
                      {"skipped", v.skipped_rows},
                      {"latest", is_latest(v.id)}});
    } else {
      fmt::print("{:>4}  {:<16} {:<10} {:<20} {:>8} {:>8} {:>8}  {:<12}  {}\n", v.id, v.name, v.format,
                 v.imported_at, v.entry_count, *active, v.skipped_rows, v.file_sha256.substr(0, 12),
                 is_latest(v.id) ? "yes" : "");
    }
  }
  if (flags.json) {
    std::cout << Dump({{"db", PrintableDbName(global.db)}, {"as_of", as_of}, {"versions", rows}}) << "\n";
  } else if (versions->empty()) {
    fmt::print("no lists in {}: import one with `clearbid lists import --format FORMAT FILE`\n", PrintableDbName(global.db));
  }
  return kExitOk;
}

}  // namespace

void AddListsCommand(CLI::App& app, GlobalOptions& global, Action& action) {
  auto lists_flags = std::make_shared<ListsFlags>();
  auto import_flags = std::make_shared<ImportFlags>();
  CLI::App* sub = app.add_subcommand("lists", "Show the imported exclusion lists, or import one (lists import)");
  sub->add_option("--db", global.db, "SQLite store file or postgresql:// URL")->capture_default_str();
  sub->add_flag("--json", lists_flags->json, "Print the versions as one JSON object");
  sub->add_option("--as-of", lists_flags->as_of, "Count entries active on this date, YYYY-MM-DD (default: today)");
  sub->require_subcommand(0, 1);

  CLI::App* imp = sub->add_subcommand("import", "Import list files; each FILE becomes a new list version");
  imp->add_option("--format", import_flags->format, "worldbank, ebrd, ofac-csv, un-xml, ftm, csv, us-csl or bis-dpl")
      ->required()
      ->check(CLI::IsMember({"worldbank", "ebrd", "ofac-csv", "un-xml", "ftm", "csv", "us-csl", "bis-dpl"}));
  imp->add_option("files", import_flags->paths, "List files (ofac-csv: the folder or sdn.csv)")->required();
  imp->add_option("--name", import_flags->name,
                  "List name (default: the format's list, e.g. worldbank, ofac-sdn; csv: the file name)");
  imp->add_option("--db", global.db, "SQLite store file or postgresql:// URL")->capture_default_str();
  imp->add_option("--as-of", import_flags->as_of,
                  "Entries whose exclusion ended before this date (YYYY-MM-DD, default: today) are kept inactive");
  imp->add_flag("--json", import_flags->json, "Print one JSON object with every skipped row");

  sub->callback([&global, &action, lists_flags, import_flags, imp] {
    if (imp->parsed()) {
      action = [&global, import_flags] { return RunImport(global, *import_flags); };
    } else {
      action = [&global, lists_flags] { return RunLists(global, *lists_flags); };
    }
  });
}

}  // namespace clearbid::cli
