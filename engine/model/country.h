#pragma once
// Country names and codes -> ISO 3166-1 alpha-2. The table (data/countries.tsv,
// generated from Debian's iso-codes, LGPL-2.1+, plus clearbid's variants) is
// compiled into the binary. Thread-safe.

#include <string>
#include <string_view>

namespace clearbid {

/// ISO 3166-1 alpha-2 code, upper case, for a country name or code: "UA",
/// "ukr", "Ukraine", "Russian Federation", "Türkiye"/"Turkey", "Moldova,
/// Republic of", "Kyrgyz Republic", "People's Republic of China"…
/// Case, accents, punctuation, word order and the words "the", "of",
/// "republic", "kingdom", "state", "people's", "islamic", "arab" … do not
/// matter; a name one edit away from exactly one known name (5+ letters) is
/// accepted as a typo. "XK" stands for Kosovo (user-assigned, widely used).
/// Returns "" when the input names no known country.
std::string CountryCode(std::string_view name_or_code);

/// The ISO short name for an alpha-2 code ("UA" -> "Ukraine"), or "".
std::string CountryName(std::string_view alpha2);

}  // namespace clearbid
