#pragma once
// What front ends may print or log of a --db value.

#include <string>
#include <string_view>

namespace clearbid {

/// `db` as it may be printed or logged: a PostgreSQL URL's password (in the
/// user info or a password= parameter) replaced by "***"; a file path as is.
std::string PrintableDbName(std::string_view db);

}  // namespace clearbid
