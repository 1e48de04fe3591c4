#pragma once
// Making text from the data safe in the places reports put it: HTML (and the
// SVG inside it) and spreadsheet cells (CSV and XLSX). Every string that comes
// from an OCDS release, a disclosure, an audit, a list or a rule pack goes
// through one of these before it is written.

#include <string>
#include <string_view>

namespace clearbid::reports {

/// Escapes & < > " ' for HTML text and attribute values (double- or
/// single-quoted), and replaces control characters other than tab, LF and CR
/// (which HTML forbids) by U+FFFD. Bytes are otherwise copied as they are.
std::string HtmlEscape(std::string_view text);
void AppendHtmlEscaped(std::string* out, std::string_view text);

/// Whether a spreadsheet would read `cell` as a formula or command: it starts
/// with = + - @, a tab or a carriage return (OWASP "CSV injection").
bool LooksLikeFormula(std::string_view cell);

/// `cell` prefixed with an apostrophe when LooksLikeFormula, else unchanged.
/// Used for every text cell of CSV and XLSX output (numbers are written as numbers).
std::string NeutraliseFormula(std::string_view cell);

/// One RFC 4180 CSV field: neutralised, then quoted when it holds a comma,
/// quote, CR or LF (quotes doubled).
std::string CsvField(std::string_view cell);

}  // namespace clearbid::reports
