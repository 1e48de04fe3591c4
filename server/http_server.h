#pragma once
// A multi-threaded HTTP/1.1 server over Boost.Beast: the only file that
// knows Beast and Asio. It parses requests with limits (header and body
// size, idle and request timeouts), hands each to one Handler, and writes
// the response; keep-alive connections are served in order on a strand.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "engine/base/status.h"
#include "server/http_message.h"

namespace clearbid {

/// Must be thread-safe: called from every server thread at once.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  std::string bind = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (see HttpServer::port())
  int threads = 2;
  size_t max_body_bytes = 8 << 20;
  size_t max_header_bytes = 16 << 10;
  std::chrono::seconds idle_timeout{30};
  /// Connections beyond this many are closed at accept.
  size_t max_connections = 1024;
};

class HttpServer {
 public:
  explicit HttpServer(HttpServerOptions options, HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds and listens; IoError naming the address when that fails.
  Status Listen();
  /// The bound port (after Listen()).
  uint16_t port() const;
  /// Serves on options.threads threads until Stop() or, when
  /// `stop_on_signal`, SIGINT/SIGTERM; returns when every thread has ended.
  void Run(bool stop_on_signal);
  /// Thread-safe; makes Run() return.
  void Stop();

  struct Impl;  // defined in http_server.cc only

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace clearbid
