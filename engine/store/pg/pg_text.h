#pragma once
// Text as PostgreSQL stores it: valid UTF-8 without NUL bytes (a UTF8
// database refuses anything else). Used by stores that must keep what SQLite
// keeps without failing on bytes PostgreSQL cannot hold.

#include <string>
#include <string_view>

namespace clearbid {

/// `text` unchanged when it is valid UTF-8 (RFC 3629: no overlong forms, no
/// surrogates, nothing above U+10FFFF) without NUL bytes; otherwise a copy
/// in which each NUL byte and each byte that does not start a valid
/// sequence is replaced by U+FFFD.
std::string PgText(std::string_view text);

}  // namespace clearbid
