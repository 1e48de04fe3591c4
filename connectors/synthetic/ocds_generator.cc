#include "connectors/synthetic/ocds_generator.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <system_error>
#include <vector>

#include "connectors/synthetic/prng.h"
#include "connectors/synthetic/synthetic_vocabulary.h"

namespace clearbid::synthetic {
namespace {

// Independent random streams, mixed with the seed.
constexpr uint64_t kSupplierPoolStream = 1;
constexpr uint64_t kAgencyPoolStream = 2;
constexpr uint64_t kProcessStream = 3;
constexpr uint64_t kBuyerSalt = 0xB0B0B0B0ull;  // buyers are the same for every seed

// Weights (sum 100) of publisher countries, in Countries() order:
// GB UA PT MD KZ TR RU DE PL RO IT AL AM GE RS.
constexpr uint32_t kCountryWeights[] = {10, 14, 8, 7, 7, 8, 8, 7, 6, 5, 6, 3, 4, 4, 3};
// Weights of sectors, in Sectors() order.
constexpr uint32_t kSectorWeights[] = {22, 12, 12, 12, 10, 8, 6, 10, 8};

constexpr int kDaysFrom1970To2018 = 17532;  // 2018-01-01
constexpr int kDateSpanDays = 7 * 365;

// ------------------------------------------------------------------ JSON output

// A minimal JSON writer over a string: the generator controls every byte so
// the output is identical everywhere (no locale, no float formatting).
class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view key) {
    Separator();
    out_->push_back('"');
    out_->append(key);
    out_->append("\":");
    need_comma_ = false;
  }
  void String(std::string_view value) {
    Separator();
    out_->push_back('"');
    for (char c : value) {
      const auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        out_->push_back('\\');
        out_->push_back(c);
      } else if (u < 0x20) {
        static constexpr char kHex[] = "0123456789abcdef";
        out_->append("\\u00");
        out_->push_back(kHex[u >> 4]);
        out_->push_back(kHex[u & 15]);
      } else {
        out_->push_back(c);
      }
    }
    out_->push_back('"');
    need_comma_ = true;
  }
  void Int(int64_t value) {
    Separator();
    out_->append(std::to_string(value));
    need_comma_ = true;
  }
  /// An amount in hundredths, written as 1234.5 / 1234.56 / 1234.
  void Money(int64_t cents) {
    Separator();
    out_->append(std::to_string(cents / 100));
    const int64_t rest = cents % 100;
    if (rest != 0) {
      out_->push_back('.');
      out_->push_back(static_cast<char>('0' + rest / 10));
      if (rest % 10 != 0) out_->push_back(static_cast<char>('0' + rest % 10));
    }
    need_comma_ = true;
  }
  void Field(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }
  void FieldInt(std::string_view key, int64_t value) {
    Key(key);
    Int(value);
  }

 private:
  void Separator() {
    if (need_comma_) out_->push_back(',');
  }
  void Open(char c) {
    Separator();
    out_->push_back(c);
    need_comma_ = false;
  }
  void Close(char c) {
    out_->push_back(c);
    need_comma_ = true;
  }
  std::string* out_;
  bool need_comma_ = false;
};

// ------------------------------------------------------------------ text helpers

/// Splits UTF-8 text into code points (byte ranges); the generator's own
/// strings are valid UTF-8, so no validation is needed.
std::vector<std::string_view> CodePoints(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    len = std::min(len, text.size() - i);
    out.push_back(text.substr(i, len));
    i += len;
  }
  return out;
}

uint32_t Decode(std::string_view cp) {
  const auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(cp[i])); };
  switch (cp.size()) {
    case 1: return b(0);
    case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  }
}

struct Translit {
  uint32_t lower;      // lower-case Cyrillic code point
  const char* strict;  // BGN/PCGN-like: Щ -> shch, Х -> kh
  const char* loose;   // as names are often typed: Х -> h, Ц -> c, Й -> i
};

constexpr Translit kTranslit[] = {
    {0x430, "a", "a"},   {0x431, "b", "b"},     {0x432, "v", "v"},   {0x433, "g", "g"},   {0x434, "d", "d"},
    {0x435, "e", "e"},   {0x451, "yo", "e"},    {0x436, "zh", "j"},  {0x437, "z", "z"},   {0x438, "i", "i"},
    {0x439, "y", "i"},   {0x43A, "k", "k"},     {0x43B, "l", "l"},   {0x43C, "m", "m"},   {0x43D, "n", "n"},
    {0x43E, "o", "o"},   {0x43F, "p", "p"},     {0x440, "r", "r"},   {0x441, "s", "s"},   {0x442, "t", "t"},
    {0x443, "u", "u"},   {0x444, "f", "f"},     {0x445, "kh", "h"},  {0x446, "ts", "c"},  {0x447, "ch", "ch"},
    {0x448, "sh", "sh"}, {0x449, "shch", "sc"}, {0x44A, "", ""},     {0x44B, "y", "y"},   {0x44C, "", ""},
    {0x44D, "e", "e"},   {0x44E, "yu", "iu"},   {0x44F, "ya", "ia"}, {0x454, "ye", "ie"}, {0x456, "i", "i"},
    {0x457, "yi", "i"},  {0x491, "g", "g"},     {0x452, "dj", "dj"}, {0x458, "j", "j"},   {0x459, "lj", "lj"},
    {0x45A, "nj", "nj"}, {0x45B, "c", "c"},     {0x45F, "dz", "dz"}};

uint32_t ToLowerCyrillic(uint32_t c) {
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  if (c == 0x490) return 0x491;
  return c;
}

/// Transliterates Cyrillic letters to Latin; other characters pass through,
/// except «» which become `quote` (or vanish when it is empty).
std::string Transliterate(std::string_view text, bool strict, std::string_view quote) {
  std::string out;
  out.reserve(text.size());
  for (std::string_view cp : CodePoints(text)) {
    const uint32_t c = Decode(cp);
    if (c == 0xAB || c == 0xBB) {
      out.append(quote);
      continue;
    }
    const uint32_t lower = ToLowerCyrillic(c);
    const Translit* hit = nullptr;
    for (const Translit& t : kTranslit) {
      if (t.lower == lower) {
        hit = &t;
        break;
      }
    }
    if (hit == nullptr) {
      out.append(cp);
      continue;
    }
    std::string latin = strict ? hit->strict : hit->loose;
    if (lower != c && !latin.empty()) latin[0] = static_cast<char>(latin[0] - 'a' + 'A');
    out.append(latin);
  }
  return out;
}

void Encode(uint32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

/// Upper-cases Basic Latin, Latin-1 and Cyrillic letters (as registers and
/// old systems print names); other characters pass through.
std::string Upper(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::string_view cp : CodePoints(text)) {
    uint32_t c = Decode(cp);
    if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7) || (c >= 0x430 && c <= 0x44F)) {
      c -= 0x20;
    } else if (c >= 0x450 && c <= 0x45F) {
      c -= 0x50;
    }
    Encode(c, &out);
  }
  return out;
}

/// A typing error: two neighbouring letters swapped, one dropped or doubled.
std::string Typo(std::string_view text, Prng& rng) {
  std::vector<std::string_view> cps = CodePoints(text);
  if (cps.size() < 4) return std::string(text);
  const size_t at = 1 + rng.Below(cps.size() - 2);
  switch (rng.Below(3)) {
    case 0: std::swap(cps[at], cps[at + 1 < cps.size() ? at + 1 : at - 1]); break;
    case 1: cps.erase(cps.begin() + static_cast<std::ptrdiff_t>(at)); break;
    default: cps.insert(cps.begin() + static_cast<std::ptrdiff_t>(at), cps[at]); break;
  }
  std::string out;
  for (std::string_view cp : cps) out.append(cp);
  return out;
}

/// Fills a template: '9' any digit, 'N' a digit 1-9, 'A' a letter A-Z.
std::string FillTemplate(std::string_view pattern, Prng& rng) {
  std::string out;
  out.reserve(pattern.size());
  for (char c : pattern) {
    if (c == '9') {
      out.push_back(static_cast<char>('0' + rng.Below(10)));
    } else if (c == 'N') {
      out.push_back(static_cast<char>('1' + rng.Below(9)));
    } else if (c == 'A') {
      out.push_back(static_cast<char>('A' + rng.Below(26)));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

/// "2021-03-04" for days since 1970-01-01 (H. Hinnant's civil_from_days).
std::string IsoDate(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(year), static_cast<int>(month),
                static_cast<int>(day));
  return buf;
}

std::string DateTime(int64_t days, int hour) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "T%02d:00:00Z", hour);
  return IsoDate(days) + buf;
}

size_t PickWeighted(std::span<const uint32_t> weights, Prng& rng) {
  uint32_t total = 0;
  for (uint32_t w : weights) total += w;
  uint64_t roll = rng.Below(total);
  for (size_t i = 0; i < weights.size(); ++i) {
    if (roll < weights[i]) return i;
    roll -= weights[i];
  }
  return weights.size() - 1;
}

// ------------------------------------------------------------------ organisations

enum class EntityKind : uint8_t { kCompany, kAgency, kBuyer };

/// An organisation that appears as a party, with its stable facts.
struct Entity {
  EntityKind kind = EntityKind::kCompany;
  uint16_t country = 0;
  uint8_t form = 0;
  std::string core;        // name without legal form ("Восток Групп")
  std::string identifier;  // id in the country's scheme
  std::string lei;         // XI-LEI additional identifier, when any
  std::string locality;
  std::string street;
  std::string postal;
  std::string phone;
};

/// How a name is written in one release.
enum class NameVariant { kCanonical, kStrictLatin, kLooseLatin, kEnglishForm, kNoForm, kTypo, kUpper, kQuotes };

const CountryProfile& CountryOf(const Entity& e) { return Countries()[e.country]; }

std::string CanonicalName(const Entity& e, std::string_view core) {
  if (e.kind == EntityKind::kBuyer) return std::string(core);
  const CountryProfile& c = CountryOf(e);
  const LegalForm& form = c.legal_forms[e.form];
  if (c.form_first) return std::string(form.local) + " «" + std::string(core) + "»";
  return std::string(core) + " " + form.local;
}

std::string RenderName(const Entity& e, NameVariant variant, Prng& rng) {
  const CountryProfile& c = CountryOf(e);
  if (e.kind == EntityKind::kBuyer) return e.core;
  const LegalForm& form = c.legal_forms[e.form];
  switch (variant) {
    case NameVariant::kCanonical: return CanonicalName(e, e.core);
    case NameVariant::kStrictLatin:
      if (!c.cyrillic) return CanonicalName(e, e.core);
      if (c.form_first) return std::string(form.latin) + " \"" + Transliterate(e.core, true, "") + "\"";
      return Transliterate(e.core, true, "") + " " + form.latin;
    case NameVariant::kLooseLatin:
      if (!c.cyrillic) return Upper(CanonicalName(e, e.core));
      if (c.form_first) return std::string(form.latin) + " " + Transliterate(e.core, false, "");
      return Transliterate(e.core, false, "") + " " + form.latin;
    case NameVariant::kEnglishForm:
      return (c.cyrillic ? Transliterate(e.core, true, "") : e.core) + ", " + form.english;
    case NameVariant::kNoForm: return e.core;
    case NameVariant::kTypo: return CanonicalName(e, Typo(e.core, rng));
    case NameVariant::kUpper: return Upper(CanonicalName(e, e.core));
    case NameVariant::kQuotes:
      if (c.form_first) return std::string(form.local) + " \"" + e.core + "\"";
      return e.core + ", " + form.local;
  }
  return e.core;
}

/// Names vary between releases as in real data: mostly as registered,
/// sometimes transliterated, abbreviated, without legal form or mistyped.
NameVariant PickVariant(Prng& rng) {
  static constexpr uint32_t kWeights[] = {70, 6, 4, 5, 5, 4, 3, 3};
  return static_cast<NameVariant>(PickWeighted(kWeights, rng));
}

void FillAddress(Entity& e, Prng& rng) {
  const CountryProfile& c = CountryOf(e);
  e.locality = c.localities[rng.Below(c.localities.size())];
  const std::string street = c.streets[rng.Below(c.streets.size())];
  const std::string number = std::to_string(rng.Between(1, 240));
  if (c.street_number_first) {
    e.street = number + " " + street;
  } else {
    e.street = street + (c.form_first ? ", " : " ") + number;
  }
  e.postal = FillTemplate(c.postal_template, rng);
  if (e.kind == EntityKind::kBuyer || rng.Chance(300)) e.phone = "+" + FillTemplate("NN 999 999 9999", rng);
}

Entity MakeCompany(uint16_t country, Prng& rng) {
  Entity e;
  e.kind = EntityKind::kCompany;
  e.country = country;
  const CountryProfile& c = Countries()[country];
  e.form = rng.Chance(600) ? 0 : static_cast<uint8_t>(rng.Below(c.legal_forms.size()));
  const size_t stem = rng.Below(c.stems.size());
  e.core = c.stems[stem];
  if (rng.Chance(200)) e.core += std::string(" ") + c.stems[(stem + 1 + rng.Below(c.stems.size() - 1)) % c.stems.size()];
  if (rng.Chance(700)) e.core += std::string(" ") + c.suffixes[rng.Below(c.suffixes.size())];
  e.identifier = FillTemplate(c.id_template, rng);
  if (rng.Chance(80)) e.lei = FillTemplate("9999009999AAAAAA9A99", rng);
  FillAddress(e, rng);
  return e;
}

Entity MakeAgency(uint16_t country, Prng& rng) {
  Entity e = MakeCompany(country, rng);
  e.kind = EntityKind::kAgency;
  const CountryProfile& c = Countries()[country];
  const std::string stem = c.stems[rng.Below(c.stems.size())];
  e.core = c.form_first ? std::string(c.agency_word) + " " + stem : stem + " " + c.agency_word;
  return e;
}

Entity MakeBuyer(uint16_t country, size_t index) {
  Prng rng(MixSeed(kBuyerSalt, country, index));
  Entity e;
  e.kind = EntityKind::kBuyer;
  e.country = country;
  const CountryProfile& c = Countries()[country];
  e.core = c.buyers[index].name;
  e.identifier = FillTemplate(c.id_template, rng);
  FillAddress(e, rng);
  e.locality = c.buyers[index].locality;
  return e;
}

std::string PartyId(const Entity& e) { return std::string(CountryOf(e).scheme) + "-" + e.identifier; }

// ------------------------------------------------------------------ one release

/// A party as it appears in one release.
struct PartyUse {
  const Entity* entity = nullptr;
  std::string id;
  std::string name;
  bool with_identifier = true;
  std::vector<const char*> roles;
  // Supply-chain details (custom fields under "details").
  std::string related_to;   // the party this one works for
  const char* relation = nullptr;
  int tier = 0;
  std::string licence;      // recruitment agencies
  bool site = false;

  void AddRole(const char* role) {
    for (const char* r : roles) {
      if (std::strcmp(r, role) == 0) return;
    }
    roles.push_back(role);
  }
};

struct Lot {
  size_t supplier = 0;  // index into the release's parties
  int64_t value_cents = 0;
};

}  // namespace

struct OcdsGenerator::Impl {
  GeneratorOptions options;
  std::vector<std::vector<Entity>> suppliers;  // per country, pooled (repeat suppliers)
  std::vector<std::vector<Entity>> agencies;   // per country
  std::vector<std::vector<Entity>> buyers;     // per country

  explicit Impl(const GeneratorOptions& o) : options(o) {
    const size_t countries = Countries().size();
    const int64_t processes = std::clamp<int64_t>(o.processes, 0, kMaxGeneratedProcesses);
    // About one pooled supplier per five processes, capped so that memory stays
    // bounded (50,000 per country, ~150 MB in all) for the largest runs.
    const size_t per_country = static_cast<size_t>(std::clamp<int64_t>(processes / 5 / 15, 12, 50'000));
    const size_t agencies_per_country = static_cast<size_t>(std::max<int64_t>(4, processes / 2000 / 15));
    suppliers.resize(countries);
    agencies.resize(countries);
    buyers.resize(countries);
    for (size_t c = 0; c < countries; ++c) {
      const auto country = static_cast<uint16_t>(c);
      Prng pool(MixSeed(o.seed, kSupplierPoolStream, c));
      suppliers[c].reserve(per_country);
      for (size_t i = 0; i < per_country; ++i) suppliers[c].push_back(MakeCompany(country, pool));
      Prng agency_pool(MixSeed(o.seed, kAgencyPoolStream, c));
      for (size_t i = 0; i < agencies_per_country; ++i) agencies[c].push_back(MakeAgency(country, agency_pool));
      for (size_t i = 0; i < Countries()[c].buyers.size(); ++i) buyers[c].push_back(MakeBuyer(country, i));
    }
  }

  void Append(int64_t index, std::string* out) const;
};

namespace {

/// The state of one release while it is being built.
class ReleaseBuilder {
 public:
  ReleaseBuilder(Prng& rng, std::vector<Entity>& fresh) : rng_(rng), fresh_(fresh) {}

  /// Adds `entity` (or finds it when already present) and returns its index.
  size_t Use(const Entity* entity, bool vary_name) {
    for (size_t i = 0; i < parties_.size(); ++i) {
      if (parties_[i].entity == entity) return i;
    }
    PartyUse p;
    p.entity = entity;
    const NameVariant variant = vary_name ? PickVariant(rng_) : NameVariant::kCanonical;
    p.name = RenderName(*entity, variant, rng_);
    p.with_identifier = entity->kind == EntityKind::kBuyer || !vary_name || rng_.Chance(940);
    p.id = p.with_identifier ? PartyId(*entity) : "cbgen-" + std::to_string(rng_.Next() % 1000000000000ull);
    parties_.push_back(std::move(p));
    return parties_.size() - 1;
  }

  size_t AddSite(const PartyUse& owner, int number) {
    const std::string id = owner.id + "-site-" + std::to_string(number);
    for (size_t i = 0; i < parties_.size(); ++i) {
      if (parties_[i].id == id) return i;
    }
    const Entity& e = *owner.entity;
    fresh_.push_back(e);
    Entity& site = fresh_.back();
    site.identifier.clear();
    site.lei.clear();
    site.locality = CountryOf(e).localities[rng_.Below(CountryOf(e).localities.size())];
    PartyUse p;
    p.entity = &site;
    const std::string word = CountryOf(e).site_word;
    p.name = CountryOf(e).form_first ? word + " №" + std::to_string(number) + " " + CanonicalName(e, e.core)
                                     : e.core + " " + word + " " + std::to_string(number);
    p.with_identifier = false;
    p.id = id;
    p.site = true;
    p.related_to = owner.id;
    p.relation = "operatedBy";
    parties_.push_back(std::move(p));
    return parties_.size() - 1;
  }

  std::vector<PartyUse>& parties() { return parties_; }

 private:
  Prng& rng_;
  std::vector<Entity>& fresh_;
  std::vector<PartyUse> parties_;
};

void WriteRef(JsonWriter& w, const PartyUse& p) {
  w.BeginObject();
  w.Field("id", p.id);
  w.Field("name", p.name);
  w.EndObject();
}

void WriteParty(JsonWriter& w, const PartyUse& p) {
  const Entity& e = *p.entity;
  const CountryProfile& c = CountryOf(e);
  w.BeginObject();
  w.Field("id", p.id);
  w.Field("name", p.name);
  if (p.with_identifier) {
    w.Key("identifier");
    w.BeginObject();
    w.Field("scheme", c.scheme);
    w.Field("id", e.identifier);
    if (p.name != CanonicalName(e, e.core)) w.Field("legalName", CanonicalName(e, e.core));
    w.EndObject();
    if (!e.lei.empty()) {
      w.Key("additionalIdentifiers");
      w.BeginArray();
      w.BeginObject();
      w.Field("scheme", "XI-LEI");
      w.Field("id", e.lei);
      w.EndObject();
      w.EndArray();
    }
  }
  w.Key("address");
  w.BeginObject();
  w.Field("streetAddress", e.street);
  w.Field("locality", e.locality);
  w.Field("postalCode", e.postal);
  w.Field("countryName", c.country_name);
  w.EndObject();
  if (e.kind == EntityKind::kBuyer || (!p.site && !e.phone.empty())) {
    w.Key("contactPoint");
    w.BeginObject();
    w.Field("telephone", e.phone);
    w.EndObject();
  }
  w.Key("roles");
  w.BeginArray();
  for (const char* role : p.roles) w.String(role);
  w.EndArray();
  if (p.relation != nullptr || p.tier > 0 || !p.licence.empty()) {
    w.Key("details");
    w.BeginObject();
    if (p.tier > 0) w.FieldInt("tier", p.tier);
    if (p.relation != nullptr) w.Field(p.relation, p.related_to);
    if (p.site) w.Field("siteType", "factory");
    if (!p.licence.empty()) w.Field("licenceNumber", p.licence);
    w.EndObject();
  }
  w.EndObject();
}

/// A tender value in EUR cents, spread log-uniformly over [min, max] with
/// integer steps only (no floating point, so identical everywhere).
int64_t TenderValueEurCents(const Sector& s, Prng& rng) {
  int64_t value = s.min_eur * 100;
  const int64_t max = s.max_eur * 100;
  const uint64_t steps = rng.Below(64);
  for (uint64_t i = 0; i < steps && value * 112 / 100 <= max; ++i) value = value * 112 / 100;
  value = value * static_cast<int64_t>(1000 + rng.Below(120)) / 1000;
  return value - value % 100;
}

}  // namespace

void OcdsGenerator::Impl::Append(int64_t index, std::string* out) const {
  Prng rng(MixSeed(options.seed, kProcessStream, static_cast<uint64_t>(index)));
  std::vector<Entity> fresh;
  fresh.reserve(16);  // pointers into it must stay valid: at most 16 fresh entities
  ReleaseBuilder b(rng, fresh);

  const auto country = static_cast<uint16_t>(PickWeighted(kCountryWeights, rng));
  const CountryProfile& c = Countries()[country];
  const Sector& sector = Sectors()[PickWeighted(kSectorWeights, rng)];
  const size_t method = PickWeighted(std::array<uint32_t, 4>{55, 12, 15, 18}, rng);
  static constexpr const char* kMethods[] = {"open", "selective", "limited", "direct"};
  const char* method_details[] = {c.methods.open, c.methods.selective, c.methods.limited, c.methods.direct};

  const auto& country_buyers = buyers[country];
  const size_t buyer_index = rng.Below(country_buyers.size());
  const size_t buyer = b.Use(&country_buyers[buyer_index], false);
  b.parties()[buyer].AddRole("buyer");
  size_t procuring = buyer;
  if (country_buyers.size() > 1 && rng.Chance(350)) {
    procuring = b.Use(&country_buyers[(buyer_index + 1 + rng.Below(country_buyers.size() - 1)) %
                                      country_buyers.size()],
                      false);
  }
  b.parties()[procuring].AddRole("procuringEntity");

  // A supplier: most often a repeat supplier from the pool, usually domestic.
  auto draw_company = [&](uint16_t home) -> size_t {
    const auto where = rng.Chance(800) ? home : static_cast<uint16_t>(rng.Below(Countries().size()));
    if (fresh.size() < 12 && rng.Chance(300)) {
      fresh.push_back(MakeCompany(where, rng));
      return b.Use(&fresh.back(), false);
    }
    const auto& pool = suppliers[where];
    return b.Use(&pool[rng.Skewed(pool.size())], true);
  };

  int64_t tenderer_count = 1;
  switch (method) {
    case 0: tenderer_count = rng.Between(1, 4); break;
    case 1: tenderer_count = rng.Between(2, 4); break;
    case 2: tenderer_count = rng.Between(1, 3); break;
    default: tenderer_count = 1; break;
  }
  std::vector<size_t> tenderers;
  for (int64_t i = 0; i < tenderer_count; ++i) {
    const size_t t = draw_company(country);
    if (std::find(tenderers.begin(), tenderers.end(), t) == tenderers.end() && t != buyer && t != procuring) {
      tenderers.push_back(t);
      b.parties()[t].AddRole("tenderer");
    }
  }

  const uint64_t stage_roll = rng.Below(100);
  const int stage = stage_roll < 8 ? 0 : stage_roll < 35 ? 1 : 2;  // tender, award, contract
  static constexpr const char* kTags[] = {"tender", "award", "contract"};

  const int64_t estimate_eur = TenderValueEurCents(sector, rng);
  const int64_t estimate = estimate_eur * c.units_per_100_eur / 100;
  const int64_t start_day = kDaysFrom1970To2018 + static_cast<int64_t>(rng.Below(kDateSpanDays));
  const int64_t tender_days = rng.Between(10, 45);
  const int64_t award_day = start_day + tender_days + rng.Between(5, 40);
  const int64_t contract_day = award_day + rng.Between(3, 20);
  const int64_t release_day = stage == 0 ? start_day : stage == 1 ? award_day : contract_day;

  // Bids, one per tenderer (none for direct awards).
  std::vector<int64_t> bid_values;
  for (size_t i = 0; i < tenderers.size(); ++i) {
    bid_values.push_back(estimate * static_cast<int64_t>(800 + rng.Below(350)) / 1000);
  }

  // Awards: one lot, sometimes two with different suppliers.
  std::vector<Lot> lots;
  if (stage >= 1 && !tenderers.empty()) {
    const size_t lot_count = tenderers.size() >= 2 && rng.Chance(150) ? 2 : 1;
    for (size_t l = 0; l < lot_count; ++l) {
      const size_t winner = (rng.Below(tenderers.size()) + l) % tenderers.size();
      int64_t value = bid_values[winner] / static_cast<int64_t>(lot_count);
      lots.push_back({tenderers[winner], value - value % 100});
      b.parties()[tenderers[winner]].AddRole("supplier");
    }
  }

  // Supply-chain tiers behind each supplier: subcontractors, recruitment
  // agencies and factory sites (custom roles, kept raw by the ingest).
  const bool labour_intensive = std::strcmp(sector.category, "services") == 0 ||
                                std::strcmp(sector.category, "works") == 0 ||
                                std::strcmp(sector.name, "agriculture") == 0;
  const bool has_factories = std::strcmp(sector.category, "goods") == 0;
  for (size_t l = 0; l < lots.size(); ++l) {
    const size_t supplier_index = lots[l].supplier;
    const std::string supplier_id = b.parties()[supplier_index].id;
    const uint16_t supplier_country = b.parties()[supplier_index].entity->country;
    std::vector<size_t> tier2;
    if (rng.Chance(400)) {
      const int64_t n = rng.Chance(750) ? 1 : rng.Between(2, 3);
      for (int64_t i = 0; i < n; ++i) {
        const size_t s = draw_company(supplier_country);
        PartyUse& p = b.parties()[s];
        if (p.roles.empty()) {
          p.AddRole("subcontractor");
          p.tier = 2;
          p.relation = "subcontractorOf";
          p.related_to = supplier_id;
          tier2.push_back(s);
        }
      }
    }
    if (rng.Chance(labour_intensive ? 450 : 120)) {
      const auto& pool = agencies[rng.Chance(700) ? supplier_country : rng.Below(Countries().size())];
      const size_t a = b.Use(&pool[rng.Skewed(pool.size())], true);
      PartyUse& p = b.parties()[a];
      if (p.roles.empty()) {
        p.AddRole("recruitmentAgency");
        p.relation = "recruitsFor";
        p.related_to = supplier_id;
        if (rng.Chance(700)) p.licence = "LIC-" + FillTemplate("NN9999", rng);
      }
    }
    if (has_factories && rng.Chance(350)) {
      std::vector<size_t> owners = {supplier_index};
      owners.insert(owners.end(), tier2.begin(), tier2.end());
      const int64_t n = rng.Between(1, 2);
      for (int64_t i = 0; i < n && fresh.size() < 16; ++i) {
        const PartyUse owner = b.parties()[owners[rng.Below(owners.size())]];
        const size_t site = b.AddSite(owner, static_cast<int>(rng.Between(1, 9)));
        PartyUse& p = b.parties()[site];
        if (p.roles.empty()) p.AddRole("site");
      }
    }
  }

  // Items.
  const bool unspsc_primary = !sector.unspsc.empty() && rng.Chance(70);
  const int64_t item_count = 1 + static_cast<int64_t>(rng.Skewed(5));
  struct ItemPick {
    const Code* code;
    const Code* extra;
    int64_t quantity;
  };
  std::vector<ItemPick> items;
  for (int64_t i = 0; i < item_count; ++i) {
    const Code* code = unspsc_primary ? &sector.unspsc[rng.Below(sector.unspsc.size())]
                                      : &sector.cpv[rng.Below(sector.cpv.size())];
    const Code* extra = !unspsc_primary && !sector.unspsc.empty() && rng.Chance(100)
                            ? &sector.unspsc[rng.Below(sector.unspsc.size())]
                            : nullptr;
    items.push_back({code, extra, rng.Between(1, 5000)});
  }

  // ---- write
  const std::string ocid = "ocds-cbgen-s" + std::to_string(options.seed) + "-" + [&] {
    std::string n = std::to_string(index + 1);
    return std::string(n.size() < 9 ? 9 - n.size() : 0, '0') + n;
  }();
  JsonWriter w(out);
  w.BeginObject();
  w.Field("ocid", ocid);
  w.Field("id", ocid + "-" + kTags[stage] + "-1");
  w.Field("date", DateTime(release_day, 8 + static_cast<int>(rng.Below(10))));
  w.Key("tag");
  w.BeginArray();
  w.String(kTags[stage]);
  w.EndArray();
  w.Field("initiationType", "tender");
  w.Field("language", c.language);

  w.Key("parties");
  w.BeginArray();
  for (const PartyUse& p : b.parties()) WriteParty(w, p);
  w.EndArray();

  w.Key("buyer");
  WriteRef(w, b.parties()[buyer]);

  w.Key("tender");
  w.BeginObject();
  w.Field("id", ocid + "-tender");
  w.Field("title", std::string(std::strcmp(sector.category, "works") == 0      ? "Works: "
                               : std::strcmp(sector.category, "services") == 0 ? "Provision of "
                                                                               : "Supply of ") +
                       items[0].code->description);
  w.Field("status", stage == 0 ? "active" : "complete");
  w.Key("procuringEntity");
  WriteRef(w, b.parties()[procuring]);
  w.Key("items");
  w.BeginArray();
  for (size_t i = 0; i < items.size(); ++i) {
    w.BeginObject();
    w.Field("id", std::to_string(i + 1));
    w.Field("description", items[i].code->description);
    w.Key("classification");
    w.BeginObject();
    w.Field("scheme", unspsc_primary ? "UNSPSC" : "CPV");
    w.Field("id", items[i].code->id);
    w.Field("description", items[i].code->description);
    w.EndObject();
    if (items[i].extra != nullptr) {
      w.Key("additionalClassifications");
      w.BeginArray();
      w.BeginObject();
      w.Field("scheme", "UNSPSC");
      w.Field("id", items[i].extra->id);
      w.Field("description", items[i].extra->description);
      w.EndObject();
      w.EndArray();
    }
    w.FieldInt("quantity", items[i].quantity);
    w.Key("unit");
    w.BeginObject();
    w.Field("name", sector.unit);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.Key("value");
  w.BeginObject();
  w.Key("amount");
  w.Money(estimate);
  w.Field("currency", c.currency);
  w.EndObject();
  w.Field("procurementMethod", kMethods[method]);
  w.Field("procurementMethodDetails", method_details[method]);
  w.Field("mainProcurementCategory", sector.category);
  w.Field("awardCriteria", rng.Chance(800) ? "priceOnly" : "ratedCriteria");
  w.Key("tenderPeriod");
  w.BeginObject();
  w.Field("startDate", DateTime(start_day, 9));
  w.Field("endDate", DateTime(start_day + tender_days, 17));
  w.EndObject();
  w.Key("tenderers");
  w.BeginArray();
  for (size_t t : tenderers) WriteRef(w, b.parties()[t]);
  w.EndArray();
  w.FieldInt("numberOfTenderers", static_cast<int64_t>(tenderers.size()));
  w.EndObject();

  if (method <= 1 && !tenderers.empty()) {  // open and selective procedures publish bids
    w.Key("bids");
    w.BeginObject();
    w.Key("details");
    w.BeginArray();
    for (size_t i = 0; i < tenderers.size(); ++i) {
      w.BeginObject();
      w.Field("id", ocid + "-bid-" + std::to_string(i + 1));
      w.Field("status", rng.Chance(60) ? "disqualified" : "valid");
      w.Field("date", DateTime(start_day + rng.Between(1, tender_days), 12));
      w.Key("value");
      w.BeginObject();
      w.Key("amount");
      w.Money(bid_values[i]);
      w.Field("currency", c.currency);
      w.EndObject();
      w.Key("tenderers");
      w.BeginArray();
      WriteRef(w, b.parties()[tenderers[i]]);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }

  if (!lots.empty()) {
    w.Key("awards");
    w.BeginArray();
    for (size_t l = 0; l < lots.size(); ++l) {
      w.BeginObject();
      w.Field("id", ocid + "-award-" + std::to_string(l + 1));
      w.Field("status", "active");
      w.Field("date", DateTime(award_day, 10));
      w.Key("value");
      w.BeginObject();
      w.Key("amount");
      w.Money(lots[l].value_cents);
      w.Field("currency", c.currency);
      w.EndObject();
      w.Key("suppliers");
      w.BeginArray();
      WriteRef(w, b.parties()[lots[l].supplier]);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
  }

  if (stage == 2 && !lots.empty()) {
    w.Key("contracts");
    w.BeginArray();
    for (size_t l = 0; l < lots.size(); ++l) {
      w.BeginObject();
      w.Field("id", ocid + "-contract-" + std::to_string(l + 1));
      w.Field("awardID", ocid + "-award-" + std::to_string(l + 1));
      w.Field("status", "active");
      w.Field("dateSigned", DateTime(contract_day, 11));
      w.Key("value");
      w.BeginObject();
      w.Key("amount");
      w.Money(lots[l].value_cents);
      w.Field("currency", c.currency);
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  out->push_back('\n');
}

OcdsGenerator::OcdsGenerator(const GeneratorOptions& options) : impl_(std::make_unique<Impl>(options)) {}
OcdsGenerator::~OcdsGenerator() = default;

void OcdsGenerator::AppendRelease(int64_t index, std::string* out) const { impl_->Append(index, out); }

Status GenerateOcds(const GeneratorOptions& options, std::ostream& out, GeneratorSummary* summary) {
  if (options.processes < 0 || options.processes > kMaxGeneratedProcesses) {
    return Status::InvalidArgument("generate: processes must be between 0 and " +
                                   std::to_string(kMaxGeneratedProcesses) + ", got " +
                                   std::to_string(options.processes));
  }
  const OcdsGenerator generator(options);
  constexpr size_t kFlushBytes = 4u << 20;
  std::string buffer;
  buffer.reserve(kFlushBytes + (64u << 10));
  uint64_t bytes = 0;
  for (int64_t i = 0; i < options.processes; ++i) {
    generator.AppendRelease(i, &buffer);
    if (buffer.size() >= kFlushBytes || i + 1 == options.processes) {
      out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      if (!out) return Status::IoError("generate: write failed after " + std::to_string(bytes) + " bytes");
      bytes += buffer.size();
      buffer.clear();
    }
  }
  out.flush();
  if (!out) return Status::IoError("generate: flush failed");
  if (summary != nullptr) {
    summary->processes = options.processes;
    summary->releases = options.processes;
    summary->bytes = bytes;
  }
  return Status::Ok();
}

std::string GeneratorOutputPath(const std::string& out) {
  const std::filesystem::path p(out);
  const std::string ext = p.extension().string();
  if (ext == ".jsonl" || ext == ".json") return out;
  return (p / "ocds-generated.jsonl").string();
}

Result<GeneratorSummary> GenerateOcdsFile(const GeneratorOptions& options, const std::string& out) {
  if (out.empty()) return Status::InvalidArgument("generate: empty output path");
  const std::filesystem::path path(GeneratorOutputPath(out));
  std::error_code ec;
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      return Status::IoError("generate: cannot create " + path.parent_path().string() + ": " + ec.message());
    }
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) return Status::IoError("generate: cannot open " + path.string() + " for writing");
  GeneratorSummary summary;
  RETURN_IF_ERROR(GenerateOcds(options, file, &summary));
  file.close();
  if (!file) return Status::IoError("generate: cannot close " + path.string());
  summary.path = path.string();
  return summary;
}

}  // namespace clearbid::synthetic
