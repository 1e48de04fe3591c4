// Name-matching benchmark (issue 3, docs/benchmarks.md "Name matching").
//
// Generates a deterministic list of N entities (organisations and people, Latin and
// Cyrillic, legal forms, countries, identifiers) and a deterministic query set (noisy
// variants of listed names with their target, and unlisted names), then measures in the
// same run:
//   - clearbid's MatchIndex: build time, memory (MemoryBytes and process RSS), queries/s
//     on one and two threads, recall@1 on the noisy queries, alerts on the unlisted ones;
//   - PostgreSQL pg_trgm (when --pg-dsn is given): the same names loaded with COPY into a
//     table with a GIN trigram index, each query run as a prepared statement
//     `WHERE name % $1 ORDER BY similarity(name, $1) DESC LIMIT 1`, through libpq.
// Prints markdown tables on stdout, progress on stderr, and one JSON line into the file
// given by --json-out (when set).
//
// usage: match_bench [--entities N] [--queries Q] [--seed S] [--pg-dsn DSN]
//                    [--pg-queries M] [--pg-threshold T] [--pg-time-limit SEC] [--json-out FILE]
//                    [--show-misses N]   (prints the first N clearbid misses and false alerts to stderr)
//                    [--build-threads T] (MatchIndexOptions::build_threads; default 0 = all cores)
//                    [--digest]          (prints MatchIndex::StructureDigest() to stderr)

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "connectors/synthetic/list_generator.h"
#include "engine/matching/match_index.h"
#include "engine/model/list_entry.h"

#ifdef CLEARBID_HAVE_LIBPQ
#include <libpq-fe.h>
#endif

namespace clearbid {
namespace {

using synthetic::LegalFormMode;
using synthetic::ListScript;
using synthetic::ListSpec;
using Rng = synthetic::ListRng;

// ---------------------------------------------------------------------------
// Queries.
enum class Variant : uint8_t { kTypo, kReorder, kTransliteration, kLegalForm, kPartial, kUnlisted };
constexpr const char* kVariantNames[] = {"typo", "reorder", "transliteration", "legal form", "partial", "unlisted"};
constexpr size_t kNumVariants = 6;

struct BenchQuery {
  std::string name;
  EntitySchema schema;
  Variant variant;
  int64_t target;  // entity index, -1 for unlisted
};

// Decodes UTF-8 into code points and back (our own text only: always valid).
std::u32string Decode(const std::string& s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len && i + static_cast<size_t>(k) < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
    out.push_back(cp);
    i += static_cast<size_t>(len);
  }
  return out;
}
std::string Encode(const std::u32string& s) {
  std::string out;
  for (char32_t cp : s) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

// One typo (substitution, deletion, insertion or transposition) in one word of
// at least 5 letters (not the first letter), in that word's own script.
std::string Typo(const std::string& word, Rng& rng) {
  std::u32string w = Decode(word);
  if (w.size() < 5) return word;
  bool cyr = w[1] >= 0x400 && w[1] < 0x500;
  auto letter = [&]() -> char32_t { return cyr ? U'а' + rng.Below(32) : U'a' + rng.Below(26); };
  size_t pos = 1 + rng.Below(static_cast<uint32_t>(w.size() - 2));
  switch (rng.Below(4)) {
    case 0: w[pos] = letter(); break;
    case 1: w.erase(pos, 1); break;
    case 2: w.insert(w.begin() + static_cast<std::ptrdiff_t>(pos), letter()); break;
    default: std::swap(w[pos], w[pos + 1]); break;
  }
  return Encode(w);
}

BenchQuery NoisyQuery(const ListSpec& s, int64_t target, Rng& rng) {
  BenchQuery q{"", s.person ? EntitySchema::kPerson : EntitySchema::kCompany, Variant::kTypo, target};
  // Latin renderings of Cyrillic entities are transliteration variants by themselves.
  ListScript script = ListScript::kCyr;
  if (s.cyrillic && rng.Chance(50)) script = rng.Chance(50) ? ListScript::kBgn : ListScript::kAlt;
  std::vector<size_t> order;
  for (size_t i = 0; i < s.words.size(); ++i) order.push_back(i);
  LegalFormMode form_mode = LegalFormMode::kAsListed;
  uint32_t kind = rng.Below(4);
  if (script != ListScript::kCyr) {
    q.variant = Variant::kTransliteration;
  } else if (kind == 0) {
    q.variant = Variant::kTypo;
  } else if (kind == 1) {
    q.variant = Variant::kReorder;
    if (s.person) {
      std::rotate(order.begin(), order.end() - 1, order.end());  // surname first
    } else if (order.size() > 1) {
      std::swap(order[0], order[1]);
    } else {
      q.variant = Variant::kTypo;
    }
  } else if (kind == 2) {
    if (s.person) {
      q.variant = Variant::kPartial;  // a person without middle name / patronymic
      if (order.size() > 2) order.erase(order.begin() + 1);
      else q.variant = Variant::kTypo;
    } else {
      q.variant = Variant::kLegalForm;
      form_mode = rng.Below(2) == 0 ? LegalFormMode::kVariant : LegalFormMode::kDropped;
    }
  } else {
    q.variant = Variant::kTypo;
  }
  // Build the words, then put a typo in one (typo queries, and a quarter of the others).
  std::vector<std::string> words;
  std::string form;
  if (!s.person && form_mode != LegalFormMode::kDropped) {
    const synthetic::ListLegalForm& lf = synthetic::LegalFormOf(s);
    form = (form_mode == LegalFormMode::kVariant || (s.cyrillic && script != ListScript::kCyr)) ? lf.variant
                                                                                                : lf.spelling;
  }
  for (size_t i : order) words.push_back(synthetic::WordSpelling(s.words[i], script));
  if (q.variant == Variant::kTypo || rng.Chance(25)) {
    size_t w = rng.Below(static_cast<uint32_t>(words.size()));
    words[w] = Typo(words[w], rng);
  }
  if (!form.empty()) {
    if (s.form_first != (q.variant == Variant::kReorder && s.words.size() == 1)) words.insert(words.begin(), form);
    else words.push_back(form);
  }
  for (const auto& w : words) q.name += (q.name.empty() ? "" : " ") + w;
  if (rng.Chance(10)) {  // upper case (ASCII letters only: enough to exercise case folding)
    for (char& c : q.name)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return q;
}

// ---------------------------------------------------------------------------
double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
double ThreadCpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
// CPU time of every thread of the process (the index build's workers included).
double ProcessCpu() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
double PeakRssBytes() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) * 1024.0;
}
double CurrentRssBytes() {
  std::ifstream statm("/proc/self/statm");
  double pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * 4096.0;
}

struct Options {
  size_t entities = 1000000;
  size_t queries = 10000;
  uint64_t seed = 20251125;
  std::string pg_dsn;
  size_t pg_queries = 0;  // 0: min(queries, 1000)
  double pg_threshold = 0.3;
  double pg_time_limit = 600;
  std::string json_out;
  size_t show_misses = 0;
  unsigned build_threads = 0;
  bool digest = false;
};

struct Outcome {
  int64_t top = -2;  // entity index of the top hit, -1 none
  bool alert = false;
};

struct RunStats {
  double wall = 0, cpu = 0;
  size_t count = 0;
};

RunStats RunClearbid(const MatchIndex& index, const std::vector<BenchQuery>& qs, size_t threads,
                     std::vector<Outcome>* out) {
  std::vector<double> cpu(threads, 0);
  double t0 = Now();
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      double c0 = ThreadCpu();
      for (size_t i = t; i < qs.size(); i += threads) {
        MatchQuery mq;
        mq.name = qs[i].name;
        mq.schema = qs[i].schema;
        auto hits = index.Query(mq, 1);
        if (out) {
          (*out)[i].top = hits.empty() ? -1 : static_cast<int64_t>(hits[0].entry_index);
          (*out)[i].alert = !hits.empty() && hits[0].is_match();
        }
      }
      cpu[t] = ThreadCpu() - c0;
    });
  }
  for (auto& th : pool) th.join();
  RunStats r;
  r.wall = Now() - t0;
  for (double c : cpu) r.cpu += c;
  r.count = qs.size();
  return r;
}

#ifdef CLEARBID_HAVE_LIBPQ
struct PgResult {
  bool ok = false;
  std::string error;
  double load_s = 0, index_s = 0;
  RunStats run;
  std::vector<Outcome> outcomes;
  std::string table_size;
};

bool PgExec(PGconn* conn, const char* sql, std::string* error) {
  PGresult* r = PQexec(conn, sql);
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  if (!ok) *error = std::string(sql) + ": " + PQerrorMessage(conn);
  PQclear(r);
  return ok;
}

// COPY text format escaping (names never hold control characters, but be safe).
void AppendCopyField(std::string& buf, const std::string& s) {
  for (char c : s) {
    if (c == '\\') buf += "\\\\";
    else if (c == '\t') buf += "\\t";
    else if (c == '\n') buf += "\\n";
    else if (c == '\r') buf += "\\r";
    else buf.push_back(c);
  }
}

PgResult RunPg(const Options& opt, const MatchIndex& index, const std::vector<BenchQuery>& qs) {
  PgResult res;
  PGconn* conn = PQconnectdb(opt.pg_dsn.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    res.error = std::string("connect: ") + PQerrorMessage(conn);
    PQfinish(conn);
    return res;
  }
  auto fail = [&](PgResult& r) {
    PQfinish(conn);
    return r;
  };
  if (!PgExec(conn, "SET client_min_messages = warning", &res.error) ||
      !PgExec(conn, "CREATE EXTENSION IF NOT EXISTS pg_trgm", &res.error) ||
      !PgExec(conn, "DROP TABLE IF EXISTS entity_names", &res.error) ||
      !PgExec(conn, "CREATE UNLOGGED TABLE entity_names (entity integer NOT NULL, name text NOT NULL)", &res.error))
    return fail(res);
  // 1. COPY every name and alias (one row per name), as clearbid indexes them.
  double t0 = Now();
  PGresult* r = PQexec(conn, "COPY entity_names (entity, name) FROM STDIN");
  if (PQresultStatus(r) != PGRES_COPY_IN) {
    res.error = std::string("COPY: ") + PQerrorMessage(conn);
    PQclear(r);
    return fail(res);
  }
  PQclear(r);
  std::string buf;
  for (size_t e = 0; e < index.size(); ++e) {
    const ListEntry& entry = index.entry(e);
    auto row = [&](const std::string& name) {
      buf += std::to_string(e);
      buf.push_back('\t');
      AppendCopyField(buf, name);
      buf.push_back('\n');
    };
    row(entry.name);
    for (const auto& a : entry.aliases) row(a);
    if (buf.size() > (1 << 20) || e + 1 == index.size()) {
      if (PQputCopyData(conn, buf.data(), static_cast<int>(buf.size())) != 1) {
        res.error = std::string("COPY data: ") + PQerrorMessage(conn);
        return fail(res);
      }
      buf.clear();
    }
  }
  if (PQputCopyEnd(conn, nullptr) != 1) {
    res.error = std::string("COPY end: ") + PQerrorMessage(conn);
    return fail(res);
  }
  r = PQgetResult(conn);
  bool copy_ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  if (!copy_ok) res.error = std::string("COPY: ") + PQerrorMessage(conn);
  PQclear(r);
  while ((r = PQgetResult(conn)) != nullptr) PQclear(r);
  if (!copy_ok) return fail(res);
  res.load_s = Now() - t0;
  // 2. GIN trigram index.
  t0 = Now();
  if (!PgExec(conn, "SET maintenance_work_mem = '512MB'", &res.error) ||
      !PgExec(conn, "CREATE INDEX entity_names_trgm ON entity_names USING gin (name gin_trgm_ops)", &res.error) ||
      !PgExec(conn, "ANALYZE entity_names", &res.error))
    return fail(res);
  res.index_s = Now() - t0;
  {
    PGresult* sz = PQexec(conn, "SELECT pg_size_pretty(pg_relation_size('entity_names')) || ' table + ' || "
                                "pg_size_pretty(pg_relation_size('entity_names_trgm')) || ' GIN index'");
    if (PQresultStatus(sz) == PGRES_TUPLES_OK && PQntuples(sz) == 1) res.table_size = PQgetvalue(sz, 0, 0);
    PQclear(sz);
  }
  // 3. The queries, as one prepared statement, one at a time from one connection.
  std::string set = "SET pg_trgm.similarity_threshold = " + std::to_string(opt.pg_threshold);
  if (!PgExec(conn, set.c_str(), &res.error)) return fail(res);
  r = PQprepare(conn, "match",
                "SELECT entity FROM entity_names WHERE name % $1 "
                "ORDER BY similarity(name, $1) DESC, entity LIMIT 1",
                1, nullptr);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    res.error = std::string("prepare: ") + PQerrorMessage(conn);
    PQclear(r);
    return fail(res);
  }
  PQclear(r);
  t0 = Now();
  for (size_t i = 0; i < qs.size(); ++i) {
    if (Now() - t0 > opt.pg_time_limit) break;
    const char* params[1] = {qs[i].name.c_str()};
    r = PQexecPrepared(conn, "match", 1, params, nullptr, nullptr, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      res.error = std::string("query: ") + PQerrorMessage(conn);
      PQclear(r);
      return fail(res);
    }
    Outcome o;
    o.top = PQntuples(r) == 1 ? std::strtoll(PQgetvalue(r, 0, 0), nullptr, 10) : -1;
    o.alert = o.top >= 0;
    res.outcomes.push_back(o);
    PQclear(r);
    if ((i + 1) % 100 == 0) std::fprintf(stderr, "  pg_trgm: %zu queries, %.1f s\n", i + 1, Now() - t0);
  }
  res.run.wall = Now() - t0;
  res.run.count = res.outcomes.size();
  PQfinish(conn);
  res.ok = true;
  return res;
}
#endif

struct Quality {
  size_t noisy = 0, noisy_top1 = 0, noisy_top1_alert = 0, unlisted = 0, unlisted_alerts = 0;
  size_t by_variant[kNumVariants] = {}, by_variant_ok[kNumVariants] = {};
};

Quality Score(const std::vector<BenchQuery>& qs, const std::vector<Outcome>& out, size_t n) {
  Quality q;
  for (size_t i = 0; i < n && i < out.size(); ++i) {
    size_t v = static_cast<size_t>(qs[i].variant);
    ++q.by_variant[v];
    if (qs[i].target >= 0) {
      ++q.noisy;
      bool ok = out[i].top == qs[i].target;
      q.noisy_top1 += ok;
      q.noisy_top1_alert += ok && out[i].alert;
      q.by_variant_ok[v] += ok;
    } else {
      ++q.unlisted;
      q.unlisted_alerts += out[i].alert;
      q.by_variant_ok[v] += !out[i].alert;
    }
  }
  return q;
}

double Pct(size_t a, size_t b) { return b ? 100.0 * static_cast<double>(a) / static_cast<double>(b) : 0.0; }

bool ParseArgs(int argc, char** argv, Options& opt) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if (a == "--entities" && (v = next())) opt.entities = std::strtoull(v, nullptr, 10);
    else if (a == "--queries" && (v = next())) opt.queries = std::strtoull(v, nullptr, 10);
    else if (a == "--seed" && (v = next())) opt.seed = std::strtoull(v, nullptr, 10);
    else if (a == "--pg-dsn" && (v = next())) opt.pg_dsn = v;
    else if (a == "--pg-queries" && (v = next())) opt.pg_queries = std::strtoull(v, nullptr, 10);
    else if (a == "--pg-threshold" && (v = next())) opt.pg_threshold = std::strtod(v, nullptr);
    else if (a == "--pg-time-limit" && (v = next())) opt.pg_time_limit = std::strtod(v, nullptr);
    else if (a == "--json-out" && (v = next())) opt.json_out = v;
    else if (a == "--show-misses" && (v = next())) opt.show_misses = std::strtoull(v, nullptr, 10);
    else if (a == "--build-threads" && (v = next())) opt.build_threads = static_cast<unsigned>(std::strtoul(v, nullptr, 10));
    else if (a == "--digest") opt.digest = true;
    else {
      std::fprintf(stderr,
                   "usage: match_bench [--entities N] [--queries Q] [--seed S] [--pg-dsn DSN] [--pg-queries M]\n"
                   "                   [--pg-threshold T] [--pg-time-limit SEC] [--json-out FILE] [--show-misses N]\n"
                   "                   [--build-threads T] [--digest]\n");
      return false;
    }
  }
  if (opt.entities == 0 || opt.entities > 50000000 || opt.queries == 0 || opt.queries > 10000000) {
    std::fprintf(stderr, "match_bench: --entities must be in 1..50000000 and --queries in 1..10000000\n");
    return false;
  }
  if (opt.pg_queries == 0) opt.pg_queries = std::min<size_t>(opt.queries, 1000);
  opt.pg_queries = std::min(opt.pg_queries, opt.queries);
  return true;
}

int Main(int argc, char** argv) {
  Options opt;
  if (!ParseArgs(argc, argv, opt)) return 2;
  const double rss_start = CurrentRssBytes();
  // 1. The list (connectors/synthetic/list_generator.h; `clearbid generate --list-entities`
  //    writes the same entities). Names are unique up to the legal form (a collision draws
  //    the entity again with the next attempt number, recorded so queries can regenerate it).
  double t0 = Now();
  std::vector<ListEntry> entries;
  entries.reserve(opt.entities);
  std::vector<uint8_t> attempts(opt.entities, 0);
  auto generator = std::make_unique<synthetic::ListGenerator>(opt.seed, opt.entities);
  for (size_t i = 0; i < opt.entities; ++i) {
    entries.push_back(generator->Next());
    attempts[i] = static_cast<uint8_t>(generator->last_attempt());
  }
  // 2. Queries: 70% noisy variants of random listed entities, 30% unlisted names
  //    (drawn from another seed; a name equal to a listed one up to the legal form is
  //    drawn again).
  std::vector<BenchQuery> queries;
  queries.reserve(opt.queries);
  Rng qrng(synthetic::ListMix(opt.seed, 0x51));
  for (size_t i = 0; i < opt.queries; ++i) {
    if (qrng.Chance(70)) {
      uint32_t target = qrng.Below(static_cast<uint32_t>(opt.entities));
      ListSpec s = synthetic::MakeListSpec(opt.seed, target, attempts[target]);
      queries.push_back(NoisyQuery(s, target, qrng));
    } else {
      for (uint32_t attempt = 0;; ++attempt) {
        ListSpec s = synthetic::MakeListSpec(opt.seed ^ 0xABCDEF, i, attempt);
        std::string name = synthetic::RenderListName(s, s.cyrillic && qrng.Chance(50) ? ListScript::kBgn
                                                        : s.cyrillic                   ? ListScript::kCyr
                                                                                       : ListScript::kBgn);
        if (generator->Lists(s)) continue;
        queries.push_back({name, s.person ? EntitySchema::kPerson : EntitySchema::kCompany, Variant::kUnlisted, -1});
        break;
      }
    }
  }
  generator.reset();
  attempts = {};
  size_t names = 0, cyr = 0, persons = 0;
  for (const auto& e : entries) {
    names += 1 + e.aliases.size();
    persons += e.schema == EntitySchema::kPerson;
    cyr += static_cast<unsigned char>(e.name[0]) >= 0xC0;
  }
  const double gen_s = Now() - t0;
  std::fprintf(stderr, "generated %zu entities (%zu names, %zu persons, %zu Cyrillic) and %zu queries in %.1f s\n",
               entries.size(), names, persons, cyr, queries.size(), gen_s);
  for (size_t i = 0; i < 6 && i < entries.size(); ++i) std::fprintf(stderr, "  entity: %s\n", entries[i].name.c_str());
  for (size_t i = 0; i < 10 && i < queries.size(); ++i)
    std::fprintf(stderr, "  query (%s): %s%s%s\n", kVariantNames[static_cast<size_t>(queries[i].variant)],
                 queries[i].name.c_str(), queries[i].target >= 0 ? "  -> " : "",
                 queries[i].target >= 0 ? entries[static_cast<size_t>(queries[i].target)].name.c_str() : "");

  // 3. clearbid: build.
  const double rss_before = CurrentRssBytes();
  const double peak_before = PeakRssBytes();
  t0 = Now();
  // Only the build runs now: the process's CPU time is the build's, all threads included.
  double c0 = ProcessCpu();
  MatchIndexOptions index_options;
  index_options.build_threads = opt.build_threads;
  MatchIndex index = MatchIndex::Build(std::move(entries), index_options);
  const double build_s = Now() - t0, build_cpu = ProcessCpu() - c0;
  const double rss_after = CurrentRssBytes();
  const double peak_build = PeakRssBytes();
  const double mem_bytes = static_cast<double>(index.MemoryBytes());
  if (opt.digest) std::fprintf(stderr, "StructureDigest:\n%s", index.StructureDigest().c_str());
  std::fprintf(stderr, "built in %.1f s (CPU %.1f s); MemoryBytes %.0f MB; RSS %.0f -> %.0f MB, peak %.0f MB\n",
               build_s, build_cpu, mem_bytes / 1e6, rss_before / 1e6, rss_after / 1e6, peak_build / 1e6);

  // 4. clearbid: queries on one thread (recording results), then two.
  std::vector<Outcome> cb(queries.size());
  RunClearbid(index, std::vector<BenchQuery>(queries.begin(), queries.begin() + std::min<size_t>(200, queries.size())),
              1, nullptr);  // warm-up: page in, per-thread scratch
  RunStats one = RunClearbid(index, queries, 1, &cb);
  std::fprintf(stderr, "clearbid 1 thread: %.0f q/s wall, %.0f q/s per CPU second\n", one.count / one.wall,
               one.count / one.cpu);
  RunStats two = RunClearbid(index, queries, 2, nullptr);
  std::fprintf(stderr, "clearbid 2 threads: %.0f q/s wall, %.0f q/s per CPU second\n", two.count / two.wall,
               two.count / two.cpu);
  const double peak_queries = PeakRssBytes();
  Quality cq = Score(queries, cb, queries.size());
  for (size_t i = 0, shown = 0; i < queries.size() && shown < opt.show_misses; ++i) {
    const BenchQuery& q = queries[i];
    bool miss = q.target >= 0 ? cb[i].top != q.target : cb[i].alert;
    if (!miss) continue;
    ++shown;
    MatchQuery mq;
    mq.name = q.name;
    mq.schema = q.schema;
    auto hits = index.Query(mq, 1);
    std::fprintf(stderr, "  miss (%s): \"%s\" target \"%s\" top \"%s\" %.3f %s\n",
                 kVariantNames[static_cast<size_t>(q.variant)], q.name.c_str(),
                 q.target >= 0 ? index.entry(static_cast<size_t>(q.target)).name.c_str() : "-",
                 hits.empty() ? "-" : index.entry(hits[0].entry_index).name.c_str(), hits.empty() ? 0.0 : hits[0].score,
                 hits.empty() ? "" : hits[0].name_match.alignment.c_str());
  }

  // 5. pg_trgm on a fixed subset (the first pg_queries queries, a random sample by construction).
  bool pg_ran = false;
  std::string pg_note;
#ifdef CLEARBID_HAVE_LIBPQ
  PgResult pg;
  if (!opt.pg_dsn.empty()) {
    std::vector<BenchQuery> sub(queries.begin(), queries.begin() + static_cast<std::ptrdiff_t>(opt.pg_queries));
    std::fprintf(stderr, "pg_trgm: loading %zu names and running %zu queries (limit %.0f s)\n", names, sub.size(),
                 opt.pg_time_limit);
    pg = RunPg(opt, index, sub);
    if (!pg.ok) {
      std::fprintf(stderr, "pg_trgm: %s\n", pg.error.c_str());
      pg_note = "pg_trgm failed: " + pg.error;
    } else {
      pg_ran = true;
    }
  } else {
    pg_note = "pg_trgm not run (no --pg-dsn)";
  }
#else
  pg_note = "pg_trgm not run (built without libpq)";
#endif

  // 6. Report.
  const double per_million = 1e6 / static_cast<double>(index.size());
  std::printf("\n### match_bench: %zu entities (%zu names), %zu queries, seed %llu\n\n", index.size(), names,
              queries.size(), static_cast<unsigned long long>(opt.seed));
  std::printf("| clearbid | value | per million entities |\n|---|---|---|\n");
  std::printf("| index build (wall / CPU of all threads; --build-threads %u) | %.1f s / %.1f s | %.1f s |\n",
              opt.build_threads, build_s, build_cpu, build_s * per_million);
  std::printf("| `MatchIndex::MemoryBytes()` | %.0f MB | %.0f MB |\n", mem_bytes / 1e6, mem_bytes / 1e6 * per_million);
  std::printf("| RSS growth during Build (entries allocated before) | %.0f MB | %.0f MB |\n",
              (rss_after - rss_before) / 1e6, (rss_after - rss_before) / 1e6 * per_million);
  std::printf("| RSS after Build (process, incl. the %.0f MB before generation) | %.0f MB | %.0f MB |\n",
              rss_start / 1e6, rss_after / 1e6, rss_after / 1e6 * per_million);
  std::printf("| peak RSS (ru_maxrss): before Build / after Build / after queries | %.0f / %.0f / %.0f MB | "
              "%.0f MB (after queries) |\n",
              peak_before / 1e6, peak_build / 1e6, peak_queries / 1e6, peak_queries / 1e6 * per_million);
  std::printf("\n| queries | clearbid 1 thread | clearbid 2 threads |%s\n|---|---|---|%s\n",
              pg_ran ? " pg_trgm (1 connection) |" : "", pg_ran ? "---|" : "");
#ifdef CLEARBID_HAVE_LIBPQ
  Quality pq, cq_sub;
  if (pg_ran) {
    pq = Score(queries, pg.outcomes, pg.outcomes.size());
    cq_sub = Score(queries, cb, pg.outcomes.size());
  }
#endif
  std::printf("| queries run | %zu | %zu |", one.count, two.count);
#ifdef CLEARBID_HAVE_LIBPQ
  if (pg_ran) std::printf(" %zu (the first %zu of the same set) |", pg.run.count, pg.run.count);
#endif
  std::printf("\n| throughput, wall | %.0f q/s | %.0f q/s |", one.count / one.wall, two.count / two.wall);
#ifdef CLEARBID_HAVE_LIBPQ
  if (pg_ran) std::printf(" %.1f q/s |", pg.run.count / pg.run.wall);
#endif
  std::printf("\n| throughput per CPU second of the querying threads | %.0f q/s | %.0f q/s |", one.count / one.cpu,
              two.count / two.cpu);
#ifdef CLEARBID_HAVE_LIBPQ
  if (pg_ran) std::printf(" n/a (server process) |");
#endif
  std::printf("\n| recall@1, noisy queries (all %zu) | %.1f%% (%.1f%% also alerting) | same |", cq.noisy,
              Pct(cq.noisy_top1, cq.noisy), Pct(cq.noisy_top1_alert, cq.noisy));
#ifdef CLEARBID_HAVE_LIBPQ
  if (pg_ran) std::printf(" |");
#endif
  std::printf("\n| alerts on unlisted names (all %zu) | %zu (%.2f%%) | same |", cq.unlisted, cq.unlisted_alerts,
              Pct(cq.unlisted_alerts, cq.unlisted));
#ifdef CLEARBID_HAVE_LIBPQ
  if (pg_ran) std::printf(" |");
  if (pg_ran) {
    std::printf("\n\nOn the pg_trgm subset (the first %zu queries; pg_trgm.similarity_threshold = %.2f; %s; "
                "COPY %.1f s, GIN index + ANALYZE %.1f s):\n\n",
                pg.run.count, opt.pg_threshold, pg.table_size.c_str(), pg.load_s, pg.index_s);
    std::printf("| subset | clearbid | pg_trgm |\n|---|---|---|\n");
    std::printf("| recall@1, noisy (%zu) | %.1f%% | %.1f%% |\n", cq_sub.noisy, Pct(cq_sub.noisy_top1, cq_sub.noisy),
                Pct(pq.noisy_top1, pq.noisy));
    std::printf("| unlisted names with a hit (%zu): clearbid alert / pg_trgm any row over the threshold | %zu | %zu |\n",
                cq_sub.unlisted, cq_sub.unlisted_alerts, pq.unlisted_alerts);
    for (size_t v = 0; v + 1 < kNumVariants; ++v)
      std::printf("| recall@1, %s (%zu) | %.1f%% | %.1f%% |\n", kVariantNames[v], cq_sub.by_variant[v],
                  Pct(cq_sub.by_variant_ok[v], cq_sub.by_variant[v]), Pct(pq.by_variant_ok[v], pq.by_variant[v]));
    std::printf("| throughput ratio clearbid 1 thread / pg_trgm 1 connection | %.0fx | |\n",
                (one.count / one.wall) / (pg.run.count / pg.run.wall));
  }
#endif
  std::printf("\n\nclearbid recall@1 by variant (all queries):");
  for (size_t v = 0; v + 1 < kNumVariants; ++v)
    std::printf(" %s %.1f%% (%zu);", kVariantNames[v], Pct(cq.by_variant_ok[v], cq.by_variant[v]), cq.by_variant[v]);
  std::printf("\n");
  if (!pg_note.empty()) std::printf("\n%s\n", pg_note.c_str());

  if (!opt.json_out.empty()) {
    std::FILE* f = std::fopen(opt.json_out.c_str(), "w");
    if (f) {
      std::fprintf(f,
                   "{\"entities\":%zu,\"names\":%zu,\"queries\":%zu,\"seed\":%llu,\"build_s\":%.3f,\"build_cpu_s\":%.3f,"
                   "\"memory_bytes\":%.0f,\"rss_before_build\":%.0f,\"rss_after_build\":%.0f,\"peak_rss\":%.0f,"
                   "\"qps_1t\":%.1f,\"qps_2t\":%.1f,\"qps_per_cpu_1t\":%.1f,\"recall1\":%.4f,\"unlisted_alert_rate\":%.4f",
                   index.size(), names, queries.size(), static_cast<unsigned long long>(opt.seed), build_s, build_cpu,
                   mem_bytes, rss_before, rss_after, peak_queries, one.count / one.wall, two.count / two.wall,
                   one.count / one.cpu, Pct(cq.noisy_top1, cq.noisy) / 100, Pct(cq.unlisted_alerts, cq.unlisted) / 100);
#ifdef CLEARBID_HAVE_LIBPQ
      if (pg_ran)
        std::fprintf(f,
                     ",\"pg_queries\":%zu,\"pg_qps\":%.2f,\"pg_recall1\":%.4f,\"clearbid_recall1_subset\":%.4f,"
                     "\"pg_threshold\":%.2f,\"pg_load_s\":%.1f,\"pg_index_s\":%.1f",
                     pg.run.count, pg.run.count / pg.run.wall, Pct(pq.noisy_top1, pq.noisy) / 100,
                     Pct(cq_sub.noisy_top1, cq_sub.noisy) / 100, opt.pg_threshold, pg.load_s, pg.index_s);
#endif
      std::fprintf(f, "}\n");
      std::fclose(f);
    }
  }
  return 0;
}

}  // namespace
}  // namespace clearbid

int main(int argc, char** argv) { return clearbid::Main(argc, argv); }
