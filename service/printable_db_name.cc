#include "service/printable_db_name.h"

#include <cctype>

#include "service/store_set.h"

namespace clearbid {
namespace {

// True when the query parameter name `name` (possibly percent-encoded, as
// libpq decodes names too) names a secret: password, sslpassword.
bool IsSecretParameter(std::string_view name) {
  std::string decoded;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '%' && i + 2 < name.size()) {
      const auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      };
      const int hi = hex(name[i + 1]), lo = hex(name[i + 2]);
      if (hi >= 0 && lo >= 0) {
        decoded.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    decoded.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(name[i]))));
  }
  return decoded == "password" || decoded == "sslpassword";
}

}  // namespace

std::string PrintableDbName(std::string_view db) {
  if (!IsPostgresUrl(db)) return std::string(db);
  const size_t start = db.find("://") + 3;
  const size_t query = db.find('?', start);
  const std::string_view before_query = db.substr(0, query);
  std::string out;
  // User info: everything between "://" and the last '@' before the query
  // (a password may hold '@', '/' or ':'); its password is what follows the
  // first ':'.
  const size_t at = before_query.rfind('@');
  if (at != std::string_view::npos && at >= start) {
    const size_t colon = before_query.find(':', start);
    if (colon != std::string_view::npos && colon < at) {
      out.append(db.substr(0, colon + 1)).append("***").append(before_query.substr(at));
    } else {
      out.append(before_query);
    }
  } else {
    out.append(before_query);
  }
  if (query == std::string_view::npos) return out;
  // Query parameters: the values of password= and sslpassword=.
  out.push_back('?');
  std::string_view rest = db.substr(query + 1);
  bool first = true;
  while (true) {
    const size_t amp = rest.find('&');
    const std::string_view param = rest.substr(0, amp);
    if (!first) out.push_back('&');
    first = false;
    const size_t eq = param.find('=');
    if (eq != std::string_view::npos && IsSecretParameter(param.substr(0, eq))) {
      out.append(param.substr(0, eq + 1)).append("***");
    } else {
      out.append(param);
    }
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return out;
}

}  // namespace clearbid
