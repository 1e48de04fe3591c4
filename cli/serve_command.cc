// clearbid serve: the HTTP API and web UI (server/), bound to loopback
// unless told otherwise.

#include <CLI/CLI.hpp>

#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/command.h"
#include "server/api_server.h"
#include "server/http_server.h"
#include "service/printable_db_name.h"

namespace clearbid::cli {
namespace {

struct ServeFlags {
  std::string bind = "127.0.0.1";
  int port = 8080;
  int threads = 0;
  std::string rules;
  std::string web;
  std::string goods;
  std::string as_of;
  size_t max_body_mb = 8;
  bool secure_cookies = false;
  size_t screening_cache = 200000;
};

int RunServe(const GlobalOptions& global, const ServeFlags& flags) {
  if (flags.port < 0 || flags.port > 65535) {
    fmt::print(stderr, "clearbid serve: --port must be 0-65535\n");
    return kExitUsage;
  }
  if (!flags.as_of.empty() && ResolveAsOf(flags.as_of).empty()) {
    fmt::print(stderr, "clearbid serve: --as-of must be YYYY-MM-DD\n");
    return kExitUsage;
  }
  static SystemClock clock;
  ApiServerOptions options;
  options.db = global.db;
  options.rules_dir = ResolveRulesDir(flags.rules);
  options.web_dir = ResolveWebDir(flags.web);
  options.goods_list = flags.goods;
  options.as_of = flags.as_of;
  options.secure_cookies = flags.secure_cookies;
  options.screening_cache_entries = flags.screening_cache;
  Result<std::unique_ptr<ApiServer>> api = ApiServer::Open(options, &clock);
  if (!api.ok()) {
    fmt::print(stderr, "clearbid serve: {}\n", api.status().message());
    return kExitFailure;
  }
  HttpServerOptions http;
  http.bind = flags.bind;
  http.port = static_cast<uint16_t>(flags.port);
  http.threads = flags.threads > 0 ? flags.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  http.max_body_bytes = flags.max_body_mb << 20;
  ApiServer* handler = api->get();
  HttpServer server(http, [handler](const HttpRequest& r) { return handler->Handle(r); });
  if (Status s = server.Listen(); !s.ok()) {
    fmt::print(stderr, "clearbid serve: {}\n", s.message());
    return kExitFailure;
  }
  // One line on stdout that scripts and tests wait for (the port may be 0 = any).
  fmt::print("clearbid serve: listening on http://{}:{}/ ({} threads, store {})\n", flags.bind, server.port(),
             http.threads, PrintableDbName(global.db));
  std::fflush(stdout);
  server.Run(/*stop_on_signal=*/true);
  fmt::print("clearbid serve: stopped\n");
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App& app, GlobalOptions& global, Action& action) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* sub = app.add_subcommand("serve", "Serve the HTTP API (/api/v1) and the web UI");
  sub->add_option("--db", global.db, "SQLite store file or postgresql:// URL")->capture_default_str();
  sub->add_option("--bind", flags->bind, "Address to bind (loopback by default)")->capture_default_str();
  sub->add_option("--port", flags->port, "Port (0: any free port, printed at start)")->capture_default_str();
  sub->add_option("--threads", flags->threads, "Server threads (default: one per core)");
  sub->add_option("--rules", flags->rules, "Rule pack folder (default: rules/core)");
  sub->add_option("--web", flags->web, "Web UI folder (default: web/)");
  sub->add_option("--goods", flags->goods, "US DOL list of goods (CSV) (default: $CLEARBID_GOODS_LIST)");
  sub->add_option("--as-of", flags->as_of, "Fixed assessment date YYYY-MM-DD (default: today, UTC)");
  sub->add_option("--max-body-mb", flags->max_body_mb, "Largest request body in MiB")->capture_default_str();
  sub->add_option("--screening-cache", flags->screening_cache,
                  "Screened names whose list matches are kept in memory (0: none)")
      ->capture_default_str();
  sub->add_flag("--secure-cookies", flags->secure_cookies, "Mark session cookies Secure (serving behind TLS)");
  sub->callback([&global, &action, flags] { action = [&global, flags] { return RunServe(global, *flags); }; });
}

}  // namespace clearbid::cli
