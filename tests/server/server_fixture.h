#pragma once
// A real clearbid server for tests: a fresh SQLite store in a temp folder,
// users of every role with API tokens, one exclusion list, and the HTTP
// server on a free loopback port served from a background thread; a small
// blocking HTTP client (Boost.Beast) to talk to it.

#include <utility>

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "engine/access/role.h"
#include "engine/base/clock.h"
#include "engine/store/access_store.h"
#include "engine/store/list_store.h"
#include "engine/store/sqlite_db.h"
#include "server/api_server.h"
#include "server/http_server.h"
#include "tests/test_util.h"

namespace clearbid::testing {

struct Reply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
};

/// One request on a new connection.
inline Reply Send(uint16_t port, const std::string& method, const std::string& target, const std::string& body = "",
                  const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  namespace beast = boost::beast;
  namespace http = beast::http;
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::resolver resolver(ioc);
  beast::tcp_stream stream(ioc);
  stream.connect(resolver.resolve("127.0.0.1", std::to_string(port)));
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1");
  for (const auto& [k, v] : headers) req.set(k, v);
  if (!body.empty() || method == "POST") {
    req.body() = body;
    req.prepare_payload();
  }
  // A server refusing the request early (413 for an oversized body) answers
  // and closes before it has read the whole body: the write then fails with a
  // broken pipe, and the answer is still there to read.
  beast::error_code write_error;
  http::write(stream, req, write_error);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  http::read(stream, buffer, parser);
  Reply r;
  r.status = static_cast<int>(parser.get().result_int());
  r.body = parser.get().body();
  for (const auto& f : parser.get()) {
    std::string name(f.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers[name] = std::string(f.value());
  }
  beast::error_code ec;
  stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
  return r;
}

inline const char* kPassword = "correct horse battery staple";

class ServerFixture : public ::testing::Test {
 protected:
  /// The name of the listed entry: a false positive for the example bid's
  /// supplier "Têxteis Atlântico, Lda.".
  static constexpr const char* kListedName = "Texteis Atlantico Lda";

  void SetUp() override {
    dir_ = TempDir("server");
    db_path_ = dir_ + "/clearbid.db";
    {
      auto db = Database::Open(db_path_);
      ASSERT_TRUE(db.ok()) << db.status().message();
      auto access = OpenSqliteAccessStore(db->get(), &clock_, /*password_iterations=*/1000);
      ASSERT_TRUE(access.ok()) << access.status().message();
      for (Role role : {Role::kOfficer, Role::kCompliance, Role::kAuditor, Role::kAdmin}) {
        const std::string name = std::string(RoleName(role)) + "1";
        ASSERT_TRUE((*access)->AddUser(name, role, kPassword).ok());
        auto token = (*access)->IssueToken(name, "test");
        ASSERT_TRUE(token.ok());
        tokens_[role] = *token;
      }
      auto lists = ListStore::Open(db->get());
      ASSERT_TRUE(lists.ok());
      ListVersion v;
      v.name = "national-debarment";
      v.format = "csv";
      v.file_sha256 = std::string(64, 'a');
      ListEntry e;
      e.entry_id = "ND-17";
      e.source = "national-debarment";
      e.schema = EntitySchema::kCompany;
      e.name = kListedName;
      e.countries = {"PT"};
      e.reason = "fraudulent practice";
      ASSERT_TRUE((*lists)->AddVersion(v, {e}, clock_).ok());
    }
    ApiServerOptions options;
    options.db = db_path_;
    options.rules_dir = std::string(CLEARBID_SOURCE_DIR) + "/rules/core";
    options.web_dir = std::string(CLEARBID_SOURCE_DIR) + "/web";
    options.as_of = "2026-11-25";
    auto api = ApiServer::Open(options, &clock_);
    ASSERT_TRUE(api.ok()) << api.status().message();
    api_ = std::move(api).value();
    HttpServerOptions http;
    http.port = 0;
    http.threads = 2;
    http.max_body_bytes = 1 << 20;
    ApiServer* handler = api_.get();
    server_ = std::make_unique<HttpServer>(http, [handler](const HttpRequest& r) { return handler->Handle(r); });
    ASSERT_TRUE(server_->Listen().ok());
    thread_ = std::thread([this] { server_->Run(false); });
  }

  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }

  uint16_t port() const { return server_->port(); }
  std::vector<std::pair<std::string, std::string>> As(Role role, bool json = true) const {
    std::vector<std::pair<std::string, std::string>> h = {{"Authorization", "Bearer " + tokens_.at(role)}};
    if (json) h.emplace_back("Content-Type", "application/json");
    return h;
  }

  FixedClock clock_{1795000000};  // 2026-11-19
  std::string dir_, db_path_;
  std::map<Role, std::string> tokens_;
  std::unique_ptr<ApiServer> api_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

}  // namespace clearbid::testing
