#pragma once
// The server's own request and response types: handlers see these, never
// Boost.Beast's (http_server.cc is the one adapter to Beast).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clearbid {

struct HttpRequest {
  std::string method;  // "GET", "POST", …
  std::string path;    // target without the query, still percent-encoded
  std::string query;   // after '?', raw
  /// Header names in lower case, in arrival order.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote;  // peer address

  /// The first header `name` (lower case), or "".
  std::string_view Header(std::string_view name) const;
  /// The first query parameter `name`, percent-decoded ('+' is a space), or "".
  std::string QueryParam(std::string_view name) const;
  bool HasQueryParam(std::string_view name) const;
  /// The value of cookie `name` from the Cookie header, or "".
  std::string Cookie(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  void SetHeader(std::string name, std::string value);
};

/// Percent-decodes `text` ('+' as space when `plus_is_space`); invalid
/// escapes are kept as they are. Boost 1.74 (Debian 12) has no Boost.URL.
std::string PercentDecode(std::string_view text, bool plus_is_space);

/// The reason phrase of a status code ("Not Found").
std::string_view StatusReason(int status);

}  // namespace clearbid
