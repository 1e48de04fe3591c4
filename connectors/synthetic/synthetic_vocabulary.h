#pragma once
// Fixed word lists behind the synthetic OCDS generator: countries of the OSCE
// region with their registers, legal forms, name stems, places and public
// buyers, and procurement sectors with real CPV and UNSPSC codes.
//
// The lists are data, not logic; they only need to look like real publishers'
// data (several scripts, legal forms, identifier schemes). Identifier schemes
// follow org-id.guide prefixes where the project uses them (GB-COH, UA-EDR,
// PT-NIPPC, MD-IDNO, KZ-BIN, TR-VKN, RU-INN); the rest are plausible
// register prefixes for synthetic data, not an authoritative list.

#include <cstdint>
#include <span>

namespace clearbid::synthetic {

/// A legal form as written locally, transliterated, and in English.
struct LegalForm {
  const char* local;    // "ООО", "GmbH", "Sh.p.k."
  const char* latin;    // "OOO", "GmbH", "SHPK"
  const char* english;  // "LLC", "GmbH", "LLC"
};

struct PublicBuyer {
  const char* name;
  const char* locality;
};

/// Procurement method names as a publisher would put in procurementMethodDetails.
struct MethodDetails {
  const char* open;
  const char* selective;
  const char* limited;
  const char* direct;
};

struct CountryProfile {
  const char* iso2;
  const char* country_name;   // countryName as published (local or English)
  const char* language;       // ISO 639-1 of the publisher
  const char* scheme;         // identifier.scheme
  const char* id_template;    // '9' any digit, 'N' digit 1-9, 'A' letter A-Z, else literal
  const char* postal_template;
  const char* currency;
  int64_t units_per_100_eur;  // exchange rate: local units for EUR 100
  bool cyrillic;              // names in Cyrillic (transliteration variants apply)
  bool form_first;            // legal form before a quoted name: ООО «Ромашка»
  bool street_number_first;   // "12 High Street" rather than "Hauptstraße 12"
  const char* site_word;      // a factory: "Фабрика", "Werk", "Factory"
  const char* agency_word;    // a recruitment agency: "Кадровое агентство"
  std::span<const LegalForm> legal_forms;
  std::span<const char* const> stems;
  std::span<const char* const> suffixes;
  std::span<const char* const> localities;
  std::span<const char* const> streets;
  std::span<const PublicBuyer> buyers;
  MethodDetails methods;
};

struct Code {
  const char* id;
  const char* description;
};

struct Sector {
  const char* name;
  const char* category;  // mainProcurementCategory: goods, works, services
  const char* unit;      // unit name of item quantities
  int64_t min_eur;       // tender value range in EUR
  int64_t max_eur;
  std::span<const Code> cpv;
  std::span<const Code> unspsc;
};

std::span<const CountryProfile> Countries();
std::span<const Sector> Sectors();

}  // namespace clearbid::synthetic
