// clearbid users add NAME --role R [--password-stdin] [--token LABEL]
// clearbid users list [--json]
// clearbid users token NAME [--label L]
// clearbid users disable NAME
// The users of the web UI and the API (engine/store/access_store.h). Adding
// a user, issuing a token and disabling a user are recorded in the audit
// trail, with actor "cli:<login name>".

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/command.h"
#include "service/store_set.h"
#include "engine/access/role.h"
#include "engine/base/clock.h"
#include "engine/store/access_store.h"
#include "engine/store/review_store.h"
#include "engine/store/sqlite_db.h"

namespace clearbid::cli {
namespace {

struct AddFlags {
  std::string name;
  std::string role;
  bool password_stdin = false;
  std::string token_label;
  bool with_token = false;
};

struct ListFlags {
  bool json = false;
};

struct TokenFlags {
  std::string name;
  std::string label;
};

struct DisableFlags {
  std::string name;
};

/// The store connection of one command run.
struct Stores {
  SystemClock clock;
  std::unique_ptr<StoreSet> set;  // the connection: outlives the stores below
  std::unique_ptr<AccessStore> access;
  std::unique_ptr<ReviewStore> review;
};

Status OpenStores(const std::string& path, Stores* stores) {
  StoreSetOptions options;
  options.kinds = kAccessStore | kReviewStore;
  ASSIGN_OR_RETURN(stores->set, OpenStoreSet(path, &stores->clock, options));
  stores->access = std::move(stores->set->access);
  stores->review = std::move(stores->set->review);
  return Status::Ok();
}

/// "cli:<login name>" from $USER when it is a plain login name, else "cli".
std::string CliActor() {
  const char* user = std::getenv("USER");
  if (user == nullptr || *user == '\0') return "cli";
  std::string name = user;
  if (name.size() > 64) return "cli";
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-' || c == '@';
    if (!ok) return "cli";
  }
  return "cli:" + name;
}

/// Exit code for a store error: rejected input (3) for what the user asked
/// wrongly, failure (1) for the rest.
int ExitFor(const Status& s) {
  switch (s.code()) {
    case Status::Code::kInvalidArgument:
    case Status::Code::kAlreadyExists:
    case Status::Code::kNotFound:
      return kExitRejected;
    default:
      return kExitFailure;
  }
}

std::string Dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// The first line of stdin (without its line end), at most 4 KiB read.
bool ReadPasswordLine(std::string* out) {
  out->clear();
  char c;
  while (out->size() <= 4096 && std::cin.get(c)) {
    if (c == '\n') break;
    out->push_back(c);
  }
  if (!out->empty() && out->back() == '\r') out->pop_back();
  return !std::cin.bad();
}

/// Issues a token and records it in the trail; prints nothing.
Result<std::string> IssueRecorded(Stores& stores, const std::string& name, const std::string& label) {
  ASSIGN_OR_RETURN(std::string token, stores.access->IssueToken(name, label));
  nlohmann::ordered_json detail = {{"label", label}};
  ASSIGN_OR_RETURN(AuditEntry entry, stores.review->Record(CliActor(), "token_issued", "user:" + name, Dump(detail)));
  (void)entry;
  return token;
}

int RunAdd(const GlobalOptions& global, const AddFlags& flags) {
  std::optional<Role> role = ParseRole(flags.role);
  if (!role) {
    fmt::print(stderr, "clearbid users add: --role must be officer, compliance, auditor or admin\n");
    return kExitUsage;
  }
  std::string password;
  if (flags.password_stdin) {
    if (!ReadPasswordLine(&password)) {
      fmt::print(stderr, "clearbid users add: cannot read the password from stdin\n");
      return kExitFailure;
    }
    if (password.empty()) {
      fmt::print(stderr, "clearbid users add: --password-stdin read an empty password\n");
      return kExitRejected;
    }
  }
  Stores stores;
  if (Status s = OpenStores(global.db, &stores); !s.ok()) {
    fmt::print(stderr, "clearbid users add: {}\n", s.message());
    return kExitFailure;
  }
  if (Status s = stores.access->AddUser(flags.name, *role, password); !s.ok()) {
    fmt::print(stderr, "clearbid users add: {}\n", s.message());
    return ExitFor(s);
  }
  nlohmann::ordered_json detail = {{"role", RoleName(*role)}, {"password", !password.empty()}};
  if (auto e = stores.review->Record(CliActor(), "user_added", "user:" + flags.name, Dump(detail)); !e.ok()) {
    fmt::print(stderr, "clearbid users add: user {} added, but the audit trail refused the entry: {}\n", flags.name,
               e.status().message());
    return kExitFailure;
  }
  if (!flags.with_token) {
    fmt::print("added user {} ({})\n", flags.name, RoleName(*role));
    return kExitOk;
  }
  Result<std::string> token = IssueRecorded(stores, flags.name, flags.token_label);
  if (!token.ok()) {
    fmt::print(stderr, "clearbid users add: user {} added, but no token: {}\n", flags.name, token.status().message());
    return kExitFailure;
  }
  // stdout carries the token alone, for scripts: `TOKEN=$(clearbid users add … --token ci)`.
  fmt::print(stderr, "added user {} ({}) with a token labelled \"{}\"\n", flags.name, RoleName(*role),
             flags.token_label);
  fmt::print("{}\n", *token);
  return kExitOk;
}

int RunList(const GlobalOptions& global, const ListFlags& flags) {
  Stores stores;
  if (Status s = OpenStores(global.db, &stores); !s.ok()) {
    fmt::print(stderr, "clearbid users list: {}\n", s.message());
    return kExitFailure;
  }
  Result<std::vector<User>> users = stores.access->ListUsers();
  if (!users.ok()) {
    fmt::print(stderr, "clearbid users list: {}\n", users.status().message());
    return kExitFailure;
  }
  if (flags.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const User& u : *users) {
      out.push_back({{"name", u.name}, {"role", RoleName(u.role)}, {"active", u.active}, {"created_at", u.created_at}});
    }
    std::cout << Dump({{"users", out}}) << "\n";
    return kExitOk;
  }
  for (const User& u : *users) {
    fmt::print("{:<24} {:<10} {:<8} {}\n", u.name, RoleName(u.role), u.active ? "active" : "disabled", u.created_at);
  }
  return kExitOk;
}

int RunToken(const GlobalOptions& global, const TokenFlags& flags) {
  Stores stores;
  if (Status s = OpenStores(global.db, &stores); !s.ok()) {
    fmt::print(stderr, "clearbid users token: {}\n", s.message());
    return kExitFailure;
  }
  Result<std::string> token = IssueRecorded(stores, flags.name, flags.label);
  if (!token.ok()) {
    fmt::print(stderr, "clearbid users token: {}\n", token.status().message());
    return ExitFor(token.status());
  }
  fmt::print("{}\n", *token);
  return kExitOk;
}

int RunDisable(const GlobalOptions& global, const DisableFlags& flags) {
  Stores stores;
  if (Status s = OpenStores(global.db, &stores); !s.ok()) {
    fmt::print(stderr, "clearbid users disable: {}\n", s.message());
    return kExitFailure;
  }
  if (Status s = stores.access->SetActive(flags.name, false); !s.ok()) {
    fmt::print(stderr, "clearbid users disable: {}\n", s.message());
    return ExitFor(s);
  }
  if (auto e = stores.review->Record(CliActor(), "user_disabled", "user:" + flags.name, ""); !e.ok()) {
    fmt::print(stderr, "clearbid users disable: user {} disabled, but the audit trail refused the entry: {}\n",
               flags.name, e.status().message());
    return kExitFailure;
  }
  fmt::print("disabled user {}\n", flags.name);
  return kExitOk;
}

}  // namespace

void AddUsersCommand(CLI::App& app, GlobalOptions& global, Action& action) {
  CLI::App* users = app.add_subcommand("users", "Users of the web UI and API: add, list, tokens, disable");
  users->require_subcommand(1);

  auto add_flags = std::make_shared<AddFlags>();
  CLI::App* add = users->add_subcommand("add", "Add a user (recorded in the audit trail)");
  add->add_option("--db", global.db, "SQLite store file or postgresql:// URL")->capture_default_str();
  add->add_option("NAME", add_flags->name, "User name: 1-64 characters of A-Z a-z 0-9 . _ @ -")->required();
  add->add_option("--role", add_flags->role, "officer, compliance, auditor or admin")->required();
  add->add_flag("--password-stdin", add_flags->password_stdin,
                "Read the password (12 to 1,024 bytes) from the first line of stdin; without it the user signs in "
                "with tokens only");
  CLI::Option* with_token = add->add_option("--token", add_flags->token_label,
                                             "Also issue an API token with this label and print it (alone) on stdout");
  add->callback([&global, &action, add_flags, with_token] {
    add_flags->with_token = with_token->count() > 0;
    action = [&global, add_flags] { return RunAdd(global, *add_flags); };
  });

  auto list_flags = std::make_shared<ListFlags>();
  CLI::App* list = users->add_subcommand("list", "List the users");
  list->add_option("--db", global.db, "SQLite store file or postgresql:// URL")->capture_default_str();
  list->add_flag("--json", list_flags->json, "One JSON object");
  list->callback([&global, &action, list_flags] {
    action = [&global, list_flags] { return RunList(global, *list_flags); };
  });

  auto token_flags = std::make_shared<TokenFlags>();
  CLI::App* token = users->add_subcommand("token", "Issue a new API token for a user and print it");
  token->add_option("--db", global.db, "SQLite store file or postgresql:// URL")->capture_default_str();
  token->add_option("NAME", token_flags->name, "User name")->required();
  token->add_option("--label", token_flags->label, "What the token is for");
  token->callback([&global, &action, token_flags] {
    action = [&global, token_flags] { return RunToken(global, *token_flags); };
  });

  auto disable_flags = std::make_shared<DisableFlags>();
  CLI::App* disable = users->add_subcommand("disable", "Disable a user: passwords, tokens and sessions stop working");
  disable->add_option("--db", global.db, "SQLite store file or postgresql:// URL")->capture_default_str();
  disable->add_option("NAME", disable_flags->name, "User name")->required();
  disable->callback([&global, &action, disable_flags] {
    action = [&global, disable_flags] { return RunDisable(global, *disable_flags); };
  });
}

}  // namespace clearbid::cli
