#pragma once
// UTF-8 validity as the stores need it (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF). Written here rather than taken from
// ICU: a byte-level check on hot store paths, with NUL counted as invalid
// (PostgreSQL text cannot hold it).

#include <cstddef>
#include <string_view>

namespace clearbid {

/// Length of the valid UTF-8 sequence other than NUL at text[i] (1 to 4), 0
/// when there is none.
size_t ValidUtf8SequenceAt(std::string_view text, size_t i);

/// True when the whole of `text` is valid UTF-8 without NUL bytes.
bool IsValidUtf8WithoutNul(std::string_view text);

}  // namespace clearbid
