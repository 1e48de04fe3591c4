#pragma once
// Levenshtein distance over code points, bit-parallel (Myers 1999, in
// Hyyrö's 2001/2003 formulation: one 64-bit word per 64 pattern characters).
//
// Hand-written because no Debian 12 package offers a C/C++ bit-parallel edit
// distance (rapidfuzz-cpp is not packaged; ICU, utf8proc and unac have none).

#include <cstddef>
#include <string>
#include <string_view>

namespace clearbid {

/// Unit-cost insert/delete/substitute distance between two code-point strings.
/// O(ceil(m/64) * n) time for m = min length; no allocation when the shorter
/// string has at most 64 code points. Thread-safe (pure function).
size_t Levenshtein(std::u32string_view a, std::u32string_view b);

/// Same over bytes; for ASCII text (the romanised name forms) it equals the
/// code-point distance.
size_t Levenshtein(std::string_view a, std::string_view b);

/// Distance between two UTF-8 strings counted in code points (decodes when
/// either side is not ASCII; invalid bytes count as one code point each).
size_t Utf8Levenshtein(std::string_view a, std::string_view b);

/// Optimal-string-alignment distance (Levenshtein plus transposition of two
/// adjacent characters, each substring edited once): "donlad" -> "donald" is 1.
/// Bit-parallel (Hyyrö 2003) when the shorter string has at most 64 code
/// points, dynamic programming otherwise. Thread-safe.
size_t OsaDistance(std::u32string_view a, std::u32string_view b);
size_t OsaDistance(std::string_view a, std::string_view b);

/// OSA distance between two UTF-8 strings counted in code points.
size_t Utf8OsaDistance(std::string_view a, std::string_view b);

/// Decodes UTF-8 to code points; an invalid byte becomes U+FFFD.
std::u32string DecodeUtf8(std::string_view text);

/// Number of code points in UTF-8 text.
size_t Utf8Length(std::string_view text);

}  // namespace clearbid
