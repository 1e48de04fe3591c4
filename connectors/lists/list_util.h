#pragma once
// Helpers shared by the list connectors (not part of their public API).

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "engine/model/list_entry.h"

namespace clearbid::lists {

std::string_view Trim(std::string_view s);
/// Trims and collapses runs of whitespace (including newlines) to one space.
std::string CleanText(std::string_view s);
/// Upper-cases ASCII letters.
std::string AsciiUpper(std::string_view s);
/// Lower-cases ASCII letters.
std::string AsciiLower(std::string_view s);
/// Splits on any of `separators`, trimming parts and dropping empty ones.
std::vector<std::string> SplitList(std::string_view s, std::string_view separators);

/// Index of a header column by name (case-insensitive, trimmed, BOM-free), or -1.
int ColumnIndex(const std::vector<std::string>& header, std::string_view name);

/// Removes a leading honorific ("MR.", "MRS.", "MS.", "DR.", "MISS"); true when one was removed.
bool StripHonorific(std::string* name);

/// A listing date as "YYYY-MM-DD". Accepts "YYYY-MM-DD" and
/// "YYYY-MM-DDThh:mm:ss…" (day-first or month-first forms are ambiguous and
/// rejected). Empty, "Ongoing", "Permanent",
/// "Indefinite", "-0-" and years >= 2900 (World Bank's 2999-12-31 "permanent")
/// give "". Anything else is an error naming the value.
Result<std::string> NormalizeListDate(std::string_view value);

/// True unless listed_until is set and earlier than as_of (both YYYY-MM-DD).
bool IsActive(const std::string& listed_until, const std::string& as_of);

/// Appends the alpha-2 codes of a country field (several separated by newlines
/// or ';'), skipping unknown names and duplicates.
void AddCountries(std::string_view value, std::vector<std::string>* countries);
void AddUnique(std::string value, std::vector<std::string>* values);

/// "<prefix>-<16 hex>" from the parts, stable across imports of the same row.
std::string StableId(std::string_view prefix, std::initializer_list<std::string_view> parts);

/// Fails when a field is longer than the limit: "field NAME longer than N bytes".
std::optional<std::string> CheckFieldSizes(const std::vector<std::string>& fields, size_t max_bytes);

/// SHA-256 hex of the concatenated bytes of files.
Result<std::string> FilesSha256(const std::vector<std::string>& paths);

/// Makes entry ids unique within one import by suffixing "-2", "-3"…
void DeduplicateIds(std::vector<ListEntry>* entries);

}  // namespace clearbid::lists
