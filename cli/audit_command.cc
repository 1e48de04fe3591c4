// clearbid audit verify: checks the hash chain of the audit trail (exit 1
// and the first bad seq when an entry was edited, deleted or reordered).
// clearbid audit log [--after SEQ] [--limit N] [--subject KIND:KEY] [--json]:
// the trail's entries in seq order.

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/command.h"
#include "service/store_set.h"
#include "engine/base/clock.h"
#include "engine/store/review_store.h"
#include "engine/store/sqlite_db.h"

namespace clearbid::cli {
namespace {

constexpr size_t kMaxLogLimit = 100000;

struct LogFlags {
  int64_t after = 0;
  size_t limit = 100;
  std::string subject;
  bool json = false;
};

struct Trail {
  SystemClock clock;
  std::unique_ptr<StoreSet> set;  // the connection: outlives the store below
  std::unique_ptr<ReviewStore> store;
};

/// Opens the trail of an existing store: a mistyped --db must not pass as an
/// empty, intact trail.
Status OpenTrail(const std::string& path, Trail* trail) {
  std::error_code ec;
  if (!IsPostgresUrl(path) && path != ":memory:" && !std::filesystem::is_regular_file(path, ec)) {
    return Status::NotFound(fmt::format("no store at {}", path));
  }
  StoreSetOptions options;
  options.kinds = kReviewStore;
  ASSIGN_OR_RETURN(trail->set, OpenStoreSet(path, &trail->clock, options));
  trail->store = std::move(trail->set->review);
  return Status::Ok();
}

int RunVerify(const GlobalOptions& global) {
  Trail trail;
  if (Status s = OpenTrail(global.db, &trail); !s.ok()) {
    fmt::print(stderr, "clearbid audit verify: {}\n", s.message());
    return kExitFailure;
  }
  Result<AuditVerification> v = trail.store->Verify();
  if (!v.ok()) {
    fmt::print(stderr, "clearbid audit verify: {}\n", v.status().message());
    return kExitFailure;
  }
  if (!v->ok) {
    fmt::print(stderr, "audit trail BROKEN at seq {}: {} ({} entries read)\n", v->bad_seq, v->problem, v->entries);
    return kExitFailure;
  }
  fmt::print("audit trail ok: {} entries, head {}\n", v->entries, v->head_hash.empty() ? "(none)" : v->head_hash);
  return kExitOk;
}

int RunLog(const GlobalOptions& global, const LogFlags& flags) {
  if (flags.after < 0) {
    fmt::print(stderr, "clearbid audit log: --after must be 0 or more\n");
    return kExitUsage;
  }
  if (flags.limit == 0 || flags.limit > kMaxLogLimit) {
    fmt::print(stderr, "clearbid audit log: --limit must be 1 to {}\n", kMaxLogLimit);
    return kExitUsage;
  }
  Trail trail;
  if (Status s = OpenTrail(global.db, &trail); !s.ok()) {
    fmt::print(stderr, "clearbid audit log: {}\n", s.message());
    return kExitFailure;
  }
  Result<std::vector<AuditEntry>> entries = trail.store->Trail(flags.after, flags.limit, flags.subject);
  if (!entries.ok()) {
    fmt::print(stderr, "clearbid audit log: {}\n", entries.status().message());
    return kExitFailure;
  }
  if (flags.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const AuditEntry& e : *entries) {
      out.push_back({{"seq", e.seq},
                     {"at", e.at},
                     {"actor", e.actor},
                     {"action", e.action},
                     {"subject", e.subject},
                     {"old_state", e.old_state},
                     {"new_state", e.new_state},
                     {"reason", e.reason},
                     {"detail", e.detail},
                     {"prev_hash", e.prev_hash},
                     {"hash", e.hash}});
    }
    nlohmann::ordered_json doc = {{"entries", out}};
    if (!entries->empty()) doc["next_after"] = entries->back().seq;
    std::cout << doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  for (const AuditEntry& e : *entries) {
    std::string change = e.old_state.empty() && e.new_state.empty() ? "" : fmt::format(" {} -> {}", e.old_state, e.new_state);
    std::string reason = e.reason.empty() ? "" : " reason: " + nlohmann::json(e.reason).dump(-1, ' ', false,
                                                                                          nlohmann::json::error_handler_t::replace);
    fmt::print("{} {} {} {} {}{}{}\n", e.seq, e.at, e.actor, e.action, e.subject, change, reason);
  }
  return kExitOk;
}

}  // namespace

void AddAuditCommand(CLI::App& app, GlobalOptions& global, Action& action) {
  CLI::App* audit = app.add_subcommand("audit", "The hash-chained audit trail of decisions and user changes");
  audit->require_subcommand(1);

  CLI::App* verify = audit->add_subcommand("verify", "Check the chain: exit 1 naming the first edited or deleted entry");
  verify->add_option("--db", global.db, "SQLite store file or postgresql:// URL")->capture_default_str();
  verify->callback([&global, &action] { action = [&global] { return RunVerify(global); }; });

  auto log_flags = std::make_shared<LogFlags>();
  CLI::App* log = audit->add_subcommand("log", "Print the trail's entries in order");
  log->add_option("--db", global.db, "SQLite store file or postgresql:// URL")->capture_default_str();
  log->add_option("--after", log_flags->after, "Only entries after this seq")->capture_default_str();
  log->add_option("--limit", log_flags->limit, "At most this many entries")->capture_default_str();
  log->add_option("--subject", log_flags->subject, "Only entries of this subject (KIND:KEY, e.g. user:alice)");
  log->add_flag("--json", log_flags->json, "One JSON object: entries and next_after");
  log->callback([&global, &action, log_flags] {
    action = [&global, log_flags] { return RunLog(global, *log_flags); };
  });
}

}  // namespace clearbid::cli
