#include "service/printable_db_name.h"

#include "service/store_set.h"

namespace clearbid {

std::string PrintableDbName(std::string_view db) {
  if (!IsPostgresUrl(db)) return std::string(db);
  std::string out(db);
  // User info: between "://" and the last '@' before the path.
  const size_t start = out.find("://") + 3;
  const size_t path = out.find_first_of("/?", start);
  const size_t at = out.rfind('@', path == std::string::npos ? std::string::npos : path);
  if (at != std::string::npos && at >= start) {
    const size_t colon = out.find(':', start);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  // Query parameters: password=... up to the next '&'.
  const size_t query = out.find('?');
  for (size_t p = query == std::string::npos ? std::string::npos : out.find("password=", query);
       p != std::string::npos; p = out.find("password=", p + 1)) {
    if (out[p - 1] != '?' && out[p - 1] != '&') continue;
    const size_t value = p + 9;
    const size_t end = out.find('&', value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

}  // namespace clearbid
