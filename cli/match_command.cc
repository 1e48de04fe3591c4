// clearbid match "NAME" [--country CC] [--json]: screen one name against the stored lists.
// clearbid match --names FILE.csv [--top K] --json: screen a CSV of names (id,name[,country,identifier,schema]).
// clearbid match --pairs FILE.csv --json: score name pairs (name1,name2[,schema]) without any list.
// clearbid match --parties: screen every party of the store (SQLite or PostgreSQL) and store the results.
// Output shapes: docs/formats/match-output.md.

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "cli/command.h"
#include "connectors/csv/csv_reader.h"
#include "connectors/evidence/disclosure_reader.h"
#include "connectors/json/document_stream.h"
#include "engine/base/clock.h"
#include "engine/matching/name_scorer.h"
#include "engine/screening/list_screener.h"
#include "engine/screening/party_matching.h"
#include "engine/store/evidence_store.h"
#include "engine/store/match_store.h"
#include "engine/store/sqlite_db.h"
#include "service/list_index.h"
#include "service/printable_db_name.h"
#include "service/store_set.h"

namespace clearbid::cli {
namespace {

struct MatchFlags {
  std::string name;
  std::string country;
  bool json = false;
  size_t top = 5;
  std::string names_file;
  std::string pairs_file;
  bool parties = false;
  bool force = false;
  int threads = 0;
  std::string as_of;
};

using OrderedJson = nlohmann::ordered_json;

std::string Dump(const OrderedJson& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

/// Scores are printed with 4 decimals so that output bytes do not depend on
/// the last bits of a double.
double Round4(double v) { return std::round(v * 10000.0) / 10000.0; }

OrderedJson MatchJson(const ListMatchEvidence& m) {
  return {{"list", m.list},
          {"list_version", m.list_version},
          {"entry_id", m.entry_id},
          {"name", m.entry_name},
          {"score", Round4(m.score)},
          {"match", m.is_match},
          {"identifier_match", m.identifier_match},
          {"explanation", m.explanation}};
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::string UpperCountry(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

/// "scheme:id" or a bare id.
Identifier ParseIdentifier(const std::string& text) {
  Identifier id;
  size_t colon = text.find(':');
  if (colon == std::string::npos) {
    id.id = Trim(text);
  } else {
    id.scheme = Trim(text.substr(0, colon));
    id.id = Trim(text.substr(colon + 1));
  }
  return id;
}

/// Header columns by lower-case name; -1 when absent.
struct Columns {
  std::vector<std::string> names;
  int Find(const std::string& name) const {
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return static_cast<int>(i);
    return -1;
  }
};

/// Opens `path` and reads its header. Errors print "clearbid match: …".
std::unique_ptr<CsvReader> OpenCsv(const std::string& path, Columns* columns) {
  Result<std::unique_ptr<CsvReader>> reader = CsvReader::Open(path);
  if (!reader.ok()) {
    fmt::print(stderr, "clearbid match: {}\n", reader.status().message());
    return nullptr;
  }
  CsvRecord header;
  std::string error;
  while ((*reader)->Next(&header, &error)) {
    if (!error.empty()) {
      fmt::print(stderr, "clearbid match: {}\n", error);
      return nullptr;
    }
    for (std::string& f : header.fields) {
      std::string name = Lower(Trim(f));
      if (name.rfind("\xEF\xBB\xBF", 0) == 0) name.erase(0, 3);
      columns->names.push_back(std::move(name));
    }
    return std::move(reader).value();
  }
  fmt::print(stderr, "clearbid match: {}: empty file, expected a header row\n", path);
  return nullptr;
}

Result<std::unique_ptr<MatcherListScreener>> OpenScreener(const std::string& db_path, const std::string& as_of,
                                                          std::unique_ptr<Database>* db, bool write) {
  Database::Options options;
  options.read_only = !write;
  std::error_code ec;
  if (!write && !std::filesystem::is_regular_file(db_path, ec)) {
    return Status::NotFound(fmt::format("{}: no such store; import lists with `clearbid lists import`", db_path));
  }
  ASSIGN_OR_RETURN(*db, Database::Open(db_path, options));
  Result<int> lists = (*db)->SchemaVersion("lists");
  if (!lists.ok() || *lists == 0) {
    return Status::NotFound(fmt::format("{}: no list imported; import one with `clearbid lists import`", db_path));
  }
  // The index a scan (or an earlier command) kept beside the store, when the lists are the same.
  ASSIGN_OR_RETURN(std::unique_ptr<ListStore> list_store, ListStore::Open(db->get()));
  return OpenListScreener(db_path, list_store.get(), as_of);
}

int RunSingle(const GlobalOptions& global, const MatchFlags& flags, const std::string& as_of) {
  std::unique_ptr<Database> db;
  Result<std::unique_ptr<MatcherListScreener>> screener = OpenScreener(global.db, as_of, &db, false);
  if (!screener.ok()) {
    fmt::print(stderr, "clearbid match: {}\n", screener.status().message());
    return kExitFailure;
  }
  MatchQuery query;
  query.name = flags.name;
  if (!flags.country.empty()) query.countries.push_back(UpperCountry(flags.country));
  std::vector<ListMatchEvidence> hits = (*screener)->Candidates(query, flags.top);
  if (flags.json) {
    OrderedJson matches = OrderedJson::array();
    for (const ListMatchEvidence& m : hits) matches.push_back(MatchJson(m));
    std::cout << Dump({{"query", flags.name},
                       {"country", UpperCountry(flags.country)},
                       {"as_of", as_of},
                       {"threshold", kMatchThreshold},
                       {"algorithm", kMatchAlgorithmVersion},
                       {"lists", (*screener)->ListVersions()},
                       {"matches", matches}})
              << "\n";
    return kExitOk;
  }
  fmt::print("{} against {} active entries of {} lists as of {} (threshold {:.2f}, {}):\n", flags.name,
             (*screener)->entry_count(), (*screener)->versions().size(), as_of, kMatchThreshold,
             kMatchAlgorithmVersion);
  if (hits.empty()) fmt::print("  no candidate\n");
  for (size_t i = 0; i < hits.size(); ++i) {
    const ListMatchEvidence& m = hits[i];
    fmt::print("{:>3}. {:.3f}  match: {:<3}  {} v{} {}  \"{}\"\n", i + 1, m.score, m.is_match ? "yes" : "no", m.list,
               m.list_version, m.entry_id, m.entry_name);
    fmt::print("     {}\n", m.explanation);
  }
  return kExitOk;
}

int RunNames(const GlobalOptions& global, const MatchFlags& flags, const std::string& as_of) {
  std::unique_ptr<Database> db;
  Result<std::unique_ptr<MatcherListScreener>> screener = OpenScreener(global.db, as_of, &db, false);
  if (!screener.ok()) {
    fmt::print(stderr, "clearbid match: {}\n", screener.status().message());
    return kExitFailure;
  }
  Columns cols;
  std::unique_ptr<CsvReader> reader = OpenCsv(flags.names_file, &cols);
  if (!reader) return kExitFailure;
  const int id_col = cols.Find("id"), name_col = cols.Find("name"), country_col = cols.Find("country"),
            ident_col = cols.Find("identifier"), schema_col = cols.Find("schema");
  if (id_col < 0 || name_col < 0) {
    fmt::print(stderr, "clearbid match: {}:1: the header needs the columns id and name\n", flags.names_file);
    return kExitFailure;
  }
  int rc = kExitOk;
  CsvRecord record;
  std::string error;
  while (reader->Next(&record, &error)) {
    if (!error.empty()) {
      fmt::print(stderr, "{}\n", error);
      error.clear();
      rc = kExitRejected;
      continue;
    }
    if (record.fields.size() != cols.names.size()) {
      fmt::print(stderr, "{}:{}: {} fields, the header has {}\n", flags.names_file, record.line, record.fields.size(),
                 cols.names.size());
      rc = kExitRejected;
      continue;
    }
    MatchQuery query;
    query.name = Trim(record.fields[name_col]);
    if (query.name.empty()) {
      fmt::print(stderr, "{}:{}: empty name\n", flags.names_file, record.line);
      rc = kExitRejected;
      continue;
    }
    if (country_col >= 0 && !Trim(record.fields[country_col]).empty())
      query.countries.push_back(UpperCountry(Trim(record.fields[country_col])));
    if (ident_col >= 0 && !Trim(record.fields[ident_col]).empty())
      query.identifiers.push_back(ParseIdentifier(record.fields[ident_col]));
    if (schema_col >= 0) query.schema = ParseEntitySchema(Lower(Trim(record.fields[schema_col])));
    OrderedJson matches = OrderedJson::array();
    for (const ListMatchEvidence& m : (*screener)->Candidates(query, flags.top)) matches.push_back(MatchJson(m));
    std::cout << Dump({{"id", record.fields[id_col]}, {"matches", matches}}) << "\n";
  }
  return rc;
}

int RunPairs(const MatchFlags& flags) {
  Columns cols;
  std::unique_ptr<CsvReader> reader = OpenCsv(flags.pairs_file, &cols);
  if (!reader) return kExitFailure;
  const int a_col = cols.Find("name1"), b_col = cols.Find("name2"), schema_col = cols.Find("schema");
  if (a_col < 0 || b_col < 0) {
    fmt::print(stderr, "clearbid match: {}:1: the header needs the columns name1 and name2\n", flags.pairs_file);
    return kExitFailure;
  }
  int rc = kExitOk;
  CsvRecord record;
  std::string error;
  while (reader->Next(&record, &error)) {
    if (!error.empty()) {
      fmt::print(stderr, "{}\n", error);
      error.clear();
      rc = kExitRejected;
      continue;
    }
    if (record.fields.size() != cols.names.size()) {
      fmt::print(stderr, "{}:{}: {} fields, the header has {}\n", flags.pairs_file, record.line, record.fields.size(),
                 cols.names.size());
      rc = kExitRejected;
      continue;
    }
    const std::string& a = record.fields[a_col];
    const std::string& b = record.fields[b_col];
    if (Trim(a).empty() || Trim(b).empty()) {
      fmt::print(stderr, "{}:{}: empty name1 or name2\n", flags.pairs_file, record.line);
      rc = kExitRejected;
      continue;
    }
    EntitySchema schema = schema_col >= 0 ? ParseEntitySchema(Lower(Trim(record.fields[schema_col])))
                                          : EntitySchema::kUnknown;
    MatchScore score = ScoreNames(a, b, schema);
    std::cout << Dump({{"name1", a}, {"name2", b}, {"score", Round4(score.score)}, {"match", score.is_match()}})
              << "\n";
  }
  return rc;
}

int RunParties(const GlobalOptions& global, const MatchFlags& flags, const std::string& as_of) {
  auto fail = [](const Status& st) {
    fmt::print(stderr, "clearbid match: {}\n", st.message());
    return kExitFailure;
  };
  // The lists, parties, disclosures and match results of one database: a
  // SQLite file or a PostgreSQL URL.
  static const SystemClock clock;  // stamps nothing here
  StoreSetOptions open;
  open.kinds = kListStore | kProcessStore | kEvidenceStore | kMatchStore;
  Result<std::unique_ptr<StoreSet>> stores = OpenStoreSet(global.db, &clock, open);
  if (!stores.ok()) return fail(stores.status());
  StoreSet& set = **stores;
  Result<std::unique_ptr<MatcherListScreener>> screener = OpenListScreener(global.db, set.lists.get(), as_of);
  if (!screener.ok()) return fail(screener.status());
  Result<std::vector<MatchSubject>> parties = StoredPartySubjects(set.processes.get());
  if (!parties.ok()) return fail(parties.status());
  std::vector<MatchSubject> subjects = std::move(parties).value();
  const int64_t party_count = static_cast<int64_t>(subjects.size());
  // Disclosed supply-chain entries and recruitment agencies of stored disclosures.
  int64_t disclosure_subjects = 0;
  Status st = set.evidence->ForEachDisclosure([&](const StoredDisclosure& sd) {
    std::string text = sd.json + std::string(kJsonPadding, ' ');
    SupplierDisclosure d;
    std::vector<InputIssue> errors;
    if (ReadDisclosureJson(std::string_view(text.data(), sd.json.size()), sd.source_file, sd.source_line, &d, &errors)
            .ok()) {
      for (MatchSubject& s : DisclosureSubjects(d)) {
        subjects.push_back(std::move(s));
        ++disclosure_subjects;
      }
    } else {
      fmt::print(stderr, "warning: stored disclosure {} of {}/{} could not be re-read; its entries are not matched\n",
                 sd.disclosure_id, sd.party_scheme, sd.party_id);
    }
    return Status::Ok();
  });
  if (!st.ok()) return fail(st);
  PartyMatchingOptions options;
  options.threads = flags.threads > 0 ? flags.threads : std::max(1u, std::thread::hardware_concurrency());
  options.force = flags.force;
  Result<PartyMatchingCounts> counts =
      MatchSubjects(std::move(subjects), **screener, set.transactions.get(), set.matches.get(), options);
  if (!counts.ok()) return fail(counts.status());
  const std::string fingerprint = (*screener)->Fingerprint();
  if (flags.json) {
    std::cout << Dump({{"db", PrintableDbName(global.db)},
                       {"as_of", as_of},
                       {"algorithm", kMatchAlgorithmVersion},
                       {"lists", (*screener)->ListVersions()},
                       {"lists_fingerprint", fingerprint},
                       {"parties", party_count},
                       {"disclosure_subjects", disclosure_subjects},
                       {"subjects", counts->subjects},
                       {"screened", counts->screened},
                       {"unchanged", counts->unchanged},
                       {"subjects_with_results", counts->subjects_with_results},
                       {"results", counts->results},
                       {"alerts", counts->alerts}})
              << "\n";
    return kExitOk;
  }
  fmt::print("matched {} parties and {} disclosed entries/agencies ({} distinct subjects) against {} lists as of {}:\n",
             party_count, disclosure_subjects, counts->subjects, (*screener)->versions().size(), as_of);
  for (const std::string& v : (*screener)->ListVersions()) fmt::print("  {}\n", v);
  fmt::print("{} screened, {} unchanged (same inputs and list versions), {} with alerts or identifier matches: "
             "{} results stored ({} alerts)\n",
             counts->screened, counts->unchanged, counts->subjects_with_results, counts->results, counts->alerts);
  return kExitOk;
}

int RunMatch(const GlobalOptions& global, const MatchFlags& flags) {
  const int modes = !flags.name.empty() + !flags.names_file.empty() + !flags.pairs_file.empty() + flags.parties;
  if (modes != 1) {
    fmt::print(stderr, "clearbid match: give exactly one of NAME, --names FILE, --pairs FILE or --parties\n");
    return kExitUsage;
  }
  if (flags.top == 0 || flags.top > 100) {
    fmt::print(stderr, "clearbid match: --top wants 1 to 100\n");
    return kExitUsage;
  }
  if (!flags.pairs_file.empty()) return RunPairs(flags);
  const std::string as_of = ResolveAsOf(flags.as_of);
  if (as_of.empty()) {
    fmt::print(stderr, "clearbid match: --as-of wants YYYY-MM-DD, not \"{}\"\n", flags.as_of);
    return kExitUsage;
  }
  if (!flags.names_file.empty()) return RunNames(global, flags, as_of);
  if (flags.parties) return RunParties(global, flags, as_of);
  return RunSingle(global, flags, as_of);
}

}  // namespace

void AddMatchCommand(CLI::App& app, GlobalOptions& global, Action& action) {
  auto flags = std::make_shared<MatchFlags>();
  CLI::App* sub = app.add_subcommand("match", "Match names against the imported exclusion lists");
  sub->add_option("name", flags->name, "A name to screen");
  sub->add_option("--country", flags->country, "Country of the name, ISO 3166-1 alpha-2");
  sub->add_flag("--json", flags->json, "JSON output (--names and --pairs always print JSON lines)");
  sub->add_option("--top", flags->top, "Candidates per name, best first (default 5)");
  sub->add_option("--names", flags->names_file, "CSV of names to screen: id,name[,country,identifier,schema]");
  sub->add_option("--pairs", flags->pairs_file, "CSV of name pairs to score: name1,name2[,schema]");
  sub->add_flag("--parties", flags->parties, "Screen every party of the store and store the results");
  sub->add_flag("--force", flags->force, "With --parties: re-screen subjects already screened");
  sub->add_option("--threads", flags->threads, "With --parties: screening threads (default: all cores)");
  sub->add_option("--as-of", flags->as_of, "Use entries listed on this date, YYYY-MM-DD (default: today)");
  sub->add_option("--db", global.db, "SQLite store file (with --parties: or a postgresql:// URL)")
      ->capture_default_str();
  sub->callback([&global, &action, flags] { action = [&global, flags] { return RunMatch(global, *flags); }; });
}

}  // namespace clearbid::cli
