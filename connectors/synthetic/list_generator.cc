#include "connectors/synthetic/list_generator.h"

#include <filesystem>
#include <fstream>
#include <system_error>
#include <utility>

namespace clearbid::synthetic {
namespace {

// Vocabulary. Cyrillic pieces carry their BGN/PCGN romanisation and a second
// spelling lists also use (German/French/Polish-style or simplified).
struct Tri {
  const char* cyr;
  const char* bgn;
  const char* alt;
};

// Syllables are consonant + vowel (+ an optional closing consonant), each letter with its
// BGN/PCGN romanisation and a German/Polish-style one (w, sch, tsch, z for ц, j for й/я/ю):
// 20 x 8 x 6 combinations, so generated words are rarely one edit from each other.
constexpr Tri kConsonants[] = {
    {"б", "b", "b"},   {"в", "v", "w"},  {"г", "g", "g"},     {"д", "d", "d"},    {"ж", "zh", "zh"},
    {"з", "z", "s"},   {"к", "k", "k"},  {"л", "l", "l"},     {"м", "m", "m"},    {"н", "n", "n"},
    {"п", "p", "p"},   {"р", "r", "r"},  {"с", "s", "ss"},    {"т", "t", "t"},    {"ф", "f", "f"},
    {"х", "kh", "ch"}, {"ц", "ts", "z"}, {"ч", "ch", "tsch"}, {"ш", "sh", "sch"}, {"щ", "shch", "schtsch"},
};
constexpr Tri kVowels[] = {{"а", "a", "a"}, {"о", "o", "o"},   {"у", "u", "u"},   {"и", "i", "i"},
                           {"е", "e", "e"}, {"я", "ya", "ja"}, {"ю", "yu", "ju"}, {"ы", "y", "y"}};
constexpr Tri kCodas[] = {{"", "", ""},    {"н", "n", "n"}, {"р", "r", "r"},
                          {"л", "l", "l"}, {"с", "s", "s"}, {"к", "k", "k"}};

constexpr Tri kSurnameSuffixes[] = {
    {"ов", "ov", "off"},     {"ев", "ev", "ew"},   {"ин", "in", "in"},       {"енко", "enko", "enko"},
    {"ский", "skiy", "sky"}, {"ук", "uk", "ouk"},  {"чук", "chuk", "tchuk"}, {"ович", "ovich", "owitsch"},
    {"иди", "idi", "idi"},   {"ян", "yan", "ian"},
};
struct GivenName {
  Tri name;
  bool female;
};
constexpr GivenName kCyrGiven[] = {
    {{"Владимир", "Vladimir", "Wladimir"}, false},
    {{"Сергей", "Sergey", "Sergei"}, false},
    {{"Александр", "Aleksandr", "Alexander"}, false},
    {{"Дмитрий", "Dmitriy", "Dmitry"}, false},
    {{"Андрей", "Andrey", "Andrei"}, false},
    {{"Алексей", "Aleksey", "Alexei"}, false},
    {{"Николай", "Nikolay", "Nikolai"}, false},
    {{"Михаил", "Mikhail", "Michail"}, false},
    {{"Иван", "Ivan", "Iwan"}, false},
    {{"Юрий", "Yuriy", "Yury"}, false},
    {{"Евгений", "Yevgeniy", "Evgeny"}, false},
    {{"Олег", "Oleg", "Oleg"}, false},
    {{"Игорь", "Igor", "Igor"}, false},
    {{"Виктор", "Viktor", "Victor"}, false},
    {{"Павел", "Pavel", "Pawel"}, false},
    {{"Володимир", "Volodymyr", "Wolodymyr"}, false},
    {{"Олександр", "Oleksandr", "Oleksander"}, false},
    {{"Тарас", "Taras", "Taras"}, false},
    {{"Богдан", "Bohdan", "Bogdan"}, false},
    {{"Григорий", "Grigoriy", "Grigory"}, false},
    {{"Татьяна", "Tatyana", "Tatiana"}, true},
    {{"Ольга", "Olga", "Olha"}, true},
    {{"Наталья", "Natalya", "Natalia"}, true},
    {{"Елена", "Yelena", "Elena"}, true},
    {{"Ирина", "Irina", "Iryna"}, true},
    {{"Светлана", "Svetlana", "Swetlana"}, true},
    {{"Юлия", "Yuliya", "Julia"}, true},
    {{"Мария", "Mariya", "Maria"}, true},
    {{"Екатерина", "Yekaterina", "Ekaterina"}, true},
    {{"Оксана", "Oksana", "Oxana"}, true},
};
constexpr const char* kLatGiven[] = {
    "James",  "John",  "Robert",   "Michael", "William", "David",     "Maria",  "Anna",      "Elena",
    "Sofia",  "Luca",  "Marco",    "Giulia",  "Ahmed",   "Mohammed",  "Ali",    "Fatima",    "Hassan",
    "Mehmet", "Ayşe",  "Emre",     "Jan",     "Piotr",   "Katarzyna", "Tomasz", "Agnieszka", "Andrei",
    "Ion",    "Mihai", "Gheorghe", "Arben",   "Besnik",  "Luan",      "Ardit",  "Giorgi",    "Nino",
    "Levan",  "Aram",  "Armen",    "Hans",    "Klaus",   "Peter",     "Stefan", "Jean",      "Pierre",
    "Carlos", "José",  "Ana",      "Miguel",  "Ricardo", "João",      "Thomas", "Daniel",    "Laura",
    "Sarah",  "Emma",  "Olivia",   "Jorge",   "Pablo",   "Zoran",
};
constexpr const char* kLatSurnameSuffixes[] = {"son",  "er", "escu", "ić",      "ović", "ski",
                                               "oğlu", "ez", "elli", "ashvili", "yan",  "mann",
                                               "ides", "aj", "ov",   "eanu"};
constexpr const char* kLatBrandWords[] = {"Alpha",   "Nova",    "Delta",  "Global", "Star",   "Sun",
                                          "Euro",    "Trans",   "Agro",   "Tech",   "Invest", "Energo",
                                          "Baltic",  "Atlas",   "Orion",  "Vector", "Prime",  "Unity",
                                          "Horizon", "Crystal", "Silver", "Green",  "Blue",   "North"};
constexpr const char* kLatSectorWords[] = {"Trading",  "Logistics", "Construction", "Consulting",
                                           "Textiles", "Security",  "Holdings",     "Group",
                                           "Services", "Mining",    "Shipping",     "Recruitment",
                                           "Garments", "Seafood",   "Farms",        "Engineering"};
constexpr Tri kCyrBrandWords[] = {
    {"Альфа", "Alfa", "Alpha"},     {"Нова", "Nova", "Nova"},       {"Дельта", "Delta", "Delta"},
    {"Глобал", "Global", "Global"}, {"Стар", "Star", "Star"},       {"Евро", "Yevro", "Evro"},
    {"Транс", "Trans", "Trans"},    {"Агро", "Agro", "Agro"},       {"Техно", "Tekhno", "Techno"},
    {"Инвест", "Invest", "Invest"}, {"Энерго", "Energo", "Energo"}, {"Сибирь", "Sibir", "Sibir"}};
constexpr Tri kCyrSectorWords[] = {{"Строй", "Stroy", "Stroi"},     {"Торг", "Torg", "Torg"},
                                   {"Сервис", "Servis", "Service"}, {"Логистик", "Logistik", "Logistic"},
                                   {"Групп", "Grupp", "Group"},     {"Пром", "Prom", "Prom"},
                                   {"Снаб", "Snab", "Snab"},        {"Ресурс", "Resurs", "Ressurs"}};

struct CountryForms {
  const char* country;
  bool cyrillic;
  ListLegalForm forms[3];
};
constexpr CountryForms kCountries[] = {
    {"GB", false, {{"Ltd", "Limited"}, {"PLC", "P.L.C."}, {"LLP", "L.L.P."}}},
    {"US", false, {{"LLC", "L.L.C."}, {"Inc.", "Incorporated"}, {"Corp.", "Corporation"}}},
    {"DE",
     false,
     {{"GmbH", "Gesellschaft mbH"}, {"AG", "Aktiengesellschaft"}, {"KG", "Kommanditgesellschaft"}}},
    {"PL", false, {{"Sp. z o.o.", "sp z oo"}, {"S.A.", "SA"}, {"Sp. z o.o.", "spółka z o.o."}}},
    {"RO", false, {{"SRL", "S.R.L."}, {"S.A.", "SA"}, {"SRL", "S.r.l."}}},
    {"AL", false, {{"Sh.p.k.", "SHPK"}, {"Sh.p.k.", "shpk"}, {"Sh.a.", "SHA"}}},
    {"RS", false, {{"d.o.o.", "DOO"}, {"a.d.", "AD"}, {"d.o.o.", "doo"}}},
    {"TR", false, {{"Ltd. Şti.", "Limited Şirketi"}, {"A.Ş.", "Anonim Şirketi"}, {"Ltd. Şti.", "Ltd Sti"}}},
    {"IT", false, {{"S.r.l.", "SRL"}, {"S.p.A.", "SpA"}, {"S.r.l.", "srl"}}},
    {"NL", false, {{"B.V.", "BV"}, {"N.V.", "NV"}, {"B.V.", "bv"}}},
    {"RU", true, {{"ООО", "OOO"}, {"АО", "AO"}, {"ПАО", "PAO"}}},
    {"UA", true, {{"ТОВ", "TOV"}, {"ПрАТ", "PrAT"}, {"ТОВ", "TOV"}}},
    {"KZ", true, {{"ТОО", "TOO"}, {"АО", "AO"}, {"ТОО", "TOO"}}},
    {"BY", true, {{"ООО", "OOO"}, {"ОАО", "OAO"}, {"ЗАО", "ZAO"}}},
};
constexpr size_t kNumCountries = sizeof(kCountries) / sizeof(kCountries[0]);

constexpr const char* kListedFrom = "2020-01-01";
constexpr const char* kSource = "synthetic";
// Attempts 0..kLastAttempt - 1 must give a new name key; attempt kLastAttempt is
// taken whatever it gives (and its key is not recorded).
constexpr uint32_t kLastAttempt = 255;
// Salt of the stream MakeListEntry draws from (aliases, name order, identifiers).
constexpr uint64_t kEntrySalt = 0xE17;

uint64_t SplitMix(uint64_t& x) {
  uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

std::string Capitalise(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// Capitalises the first Cyrillic letter (the syllable table is lower case; all its
// first letters are two-byte UTF-8 in U+0430..U+044F).
std::string CapitaliseCyr(std::string s) {
  if (s.size() >= 2) {
    unsigned c0 = static_cast<unsigned char>(s[0]), c1 = static_cast<unsigned char>(s[1]);
    unsigned cp = ((c0 & 0x1F) << 6) | (c1 & 0x3F);
    if (cp >= 0x430 && cp <= 0x44F) {
      cp -= 0x20;
      s[0] = static_cast<char>(0xC0 | (cp >> 6));
      s[1] = static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return s;
}

ListWord SyllableWord(ListRng& rng, int min_syl, int max_syl) {
  ListWord w;
  int n = min_syl + static_cast<int>(rng.Below(static_cast<uint32_t>(max_syl - min_syl + 1)));
  for (int i = 0; i < n; ++i) {
    const Tri& c = rng.Pick(kConsonants);
    // No "ы" first in a word, and "жы"/"шы"/"щы"/"чы" are not Russian spelling.
    const Tri& v = kVowels[rng.Below(i == 0 || c.bgn[1] == 'h' ? 7 : 8)];
    const Tri& coda = rng.Chance(65) ? kCodas[0] : kCodas[1 + rng.Below(5)];
    for (const Tri* t : {&c, &v, &coda}) {
      w.cyr += t->cyr;
      w.bgn += t->bgn;
      w.alt += t->alt;
    }
  }
  return w;
}

}  // namespace

ListRng::ListRng(uint64_t seed) {
  for (auto& s : s_) s = SplitMix(seed);
}

uint64_t ListRng::Next() {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

uint64_t NameFingerprint(std::string_view s) {
  uint64_t h = 0xCBF29CE484222325ULL;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL;
  return h;
}

ListSpec MakeListSpec(uint64_t seed, uint64_t index, uint32_t attempt) {
  ListRng rng(ListMix(ListMix(seed, index), attempt));
  ListSpec s;
  s.country = rng.Below(kNumCountries);
  s.cyrillic = kCountries[s.country].cyrillic;
  s.person = rng.Chance(45);
  if (s.person) {
    if (s.cyrillic) {
      const GivenName& g = rng.Pick(kCyrGiven);
      s.words.push_back({g.name.cyr, g.name.bgn, g.name.alt});
      if (rng.Chance(60)) {                             // patronymic from another given name
        const GivenName& f = kCyrGiven[rng.Below(20)];  // the first 20 are male names
        ListWord p{f.name.cyr, f.name.bgn, f.name.alt};
        const char* cs = g.female ? "овна" : "ович";
        const char* ls = g.female ? "ovna" : "ovich";
        p.cyr += cs;
        p.bgn += ls;
        p.alt += ls;
        s.words.push_back(std::move(p));
      }
      ListWord sur = SyllableWord(rng, 2, 3);
      const Tri& suf = rng.Pick(kSurnameSuffixes);
      sur.cyr = CapitaliseCyr(sur.cyr + suf.cyr);
      sur.bgn = Capitalise(sur.bgn + suf.bgn);
      sur.alt = Capitalise(sur.alt + suf.alt);
      if (g.female && (std::string_view(suf.bgn) == "ov" || std::string_view(suf.bgn) == "in" ||
                       std::string_view(suf.bgn) == "ev")) {
        sur.cyr += "а";
        sur.bgn += "a";
        sur.alt += "a";
      }
      s.words.push_back(std::move(sur));
    } else {
      std::string g = rng.Pick(kLatGiven);
      s.words.push_back({"", g, g});
      if (rng.Chance(15)) {
        std::string m = rng.Pick(kLatGiven);
        s.words.push_back({"", m, m});
      }
      ListWord sur = SyllableWord(rng, 2, 3);
      std::string surname = Capitalise(sur.bgn + rng.Pick(kLatSurnameSuffixes));
      s.words.push_back({"", surname, surname});
    }
  } else {
    s.form = rng.Below(3);
    s.form_first = s.cyrillic && rng.Chance(85);
    int brand_words = 1 + static_cast<int>(rng.Below(2));
    // At least one invented word: dictionary-only names ("Global Trading") would repeat
    // across a million entities.
    bool invented = false;
    for (int i = 0; i < brand_words; ++i) {
      if (rng.Chance(25) && (invented || i + 1 < brand_words)) {
        if (s.cyrillic) {
          const Tri& b = rng.Pick(kCyrBrandWords);
          s.words.push_back({b.cyr, b.bgn, b.alt});
        } else {
          std::string b = rng.Pick(kLatBrandWords);
          s.words.push_back({"", b, b});
        }
      } else {
        ListWord w = SyllableWord(rng, 2, 4);
        w.cyr = CapitaliseCyr(w.cyr);
        w.bgn = Capitalise(w.bgn);
        w.alt = Capitalise(w.alt);
        if (!s.cyrillic) w.cyr.clear(), w.alt = w.bgn;
        s.words.push_back(std::move(w));
        invented = true;
      }
    }
    if (rng.Chance(50)) {
      if (s.cyrillic) {
        const Tri& b = rng.Pick(kCyrSectorWords);
        s.words.push_back({b.cyr, b.bgn, b.alt});
      } else {
        std::string b = rng.Pick(kLatSectorWords);
        s.words.push_back({"", b, b});
      }
    }
  }
  return s;
}

const std::string& WordSpelling(const ListWord& w, ListScript script) {
  if (w.cyr.empty()) return w.bgn;
  return script == ListScript::kCyr ? w.cyr : script == ListScript::kBgn ? w.bgn : w.alt;
}

const ListLegalForm& LegalFormOf(const ListSpec& spec) { return kCountries[spec.country].forms[spec.form]; }

const char* CountryOf(const ListSpec& spec) { return kCountries[spec.country].country; }

std::string RenderListName(const ListSpec& s, ListScript script, std::vector<size_t> order,
                           LegalFormMode form_mode) {
  if (order.empty())
    for (size_t i = 0; i < s.words.size(); ++i) order.push_back(i);
  std::string out;
  auto add = [&](const std::string& w) {
    if (!out.empty()) out += ' ';
    out += w;
  };
  std::string form;
  if (!s.person && form_mode != LegalFormMode::kDropped) {
    const ListLegalForm& lf = LegalFormOf(s);
    bool latin = !s.cyrillic || script != ListScript::kCyr;
    form = (form_mode == LegalFormMode::kVariant || (s.cyrillic && latin)) ? lf.variant : lf.spelling;
  }
  if (!form.empty() && s.form_first) add(form);
  for (size_t i : order) add(WordSpelling(s.words[i], script));
  if (!form.empty() && !s.form_first) add(form);
  return out;
}

uint64_t ListNameKey(const ListSpec& spec) {
  return NameFingerprint(RenderListName(spec, ListScript::kBgn, {}, LegalFormMode::kDropped));
}

ListEntry MakeListEntry(const ListSpec& s, uint64_t index, ListRng& rng) {
  ListEntry e;
  e.entry_id = "E" + std::to_string(index);
  e.source = kSource;
  e.schema = s.person ? EntitySchema::kPerson : EntitySchema::kCompany;
  const ListScript primary = s.cyrillic ? ListScript::kCyr : ListScript::kBgn;
  if (s.person && !s.cyrillic && rng.Chance(50)) {
    // Lists often write people "SURNAME, Given".
    std::vector<size_t> order{s.words.size() - 1};
    for (size_t i = 0; i + 1 < s.words.size(); ++i) order.push_back(i);
    e.name = RenderListName(s, primary, order);
    e.name.insert(s.words.back().bgn.size(), ",");
  } else {
    e.name = RenderListName(s, primary);
  }
  if (s.cyrillic && rng.Chance(50)) e.aliases.push_back(RenderListName(s, ListScript::kBgn));
  e.countries.push_back(CountryOf(s));
  if (!s.person && rng.Chance(40)) {
    std::string id;
    for (int i = 0; i < 8; ++i) id.push_back(static_cast<char>('0' + rng.Below(10)));
    e.identifiers.push_back({std::string(CountryOf(s)) + "-REG", id, ""});
  }
  e.listed_from = kListedFrom;
  return e;
}

// An open-addressing set of 64-bit keys (linear probing, at most 3/4 full):
// 11 to 22 bytes a key, where a std::unordered_set<uint64_t> node alone takes 16 or more.
class ListGenerator::KeySet {
 public:
  explicit KeySet(uint64_t expected) {
    size_t capacity = 1024;
    while (capacity / 4 * 3 < expected) capacity *= 2;
    slots_.assign(capacity, 0);
  }
  bool Contains(uint64_t key) const {
    if (key == 0) return has_zero_;
    for (size_t i = Slot(key);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i] == key) return true;
      if (slots_[i] == 0) return false;
    }
  }
  /// False when the key was there already.
  bool Insert(uint64_t key) {
    if (key == 0) return !std::exchange(has_zero_, true);
    if ((size_ + 1) > slots_.size() / 4 * 3) Grow();
    for (size_t i = Slot(key);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i] == key) return false;
      if (slots_[i] == 0) {
        slots_[i] = key;
        ++size_;
        return true;
      }
    }
  }

 private:
  size_t Slot(uint64_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> 32) & (slots_.size() - 1);
  }
  void Grow() {
    std::vector<uint64_t> old(slots_.size() * 2, 0);
    old.swap(slots_);
    size_ = 0;
    for (uint64_t key : old)
      if (key != 0) Insert(key);
  }
  std::vector<uint64_t> slots_;
  size_t size_ = 0;
  bool has_zero_ = false;
};

ListGenerator::ListGenerator(uint64_t seed, uint64_t expected_entities)
    : seed_(seed), keys_(std::make_unique<KeySet>(expected_entities)) {}

ListGenerator::~ListGenerator() = default;

ListEntry ListGenerator::Next() {
  const uint64_t index = next_index_++;
  for (uint32_t attempt = 0;; ++attempt) {
    const ListSpec spec = MakeListSpec(seed_, index, attempt);
    if (attempt < kLastAttempt && !keys_->Insert(ListNameKey(spec))) continue;
    last_attempt_ = attempt;
    ListRng rng(ListMix(ListMix(seed_ ^ kEntrySalt, index), attempt));
    return MakeListEntry(spec, index, rng);
  }
}

bool ListGenerator::Lists(const ListSpec& spec) const { return keys_->Contains(ListNameKey(spec)); }

std::string_view ListCsvHeader() { return "id,name,aliases,country,identifiers,listed_from,schema,source\n"; }

namespace {

void AppendCsvField(std::string_view value, std::string* out) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(value);
    return;
  }
  out->push_back('"');
  for (char c : value) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendJoined(const std::vector<std::string>& values, std::string* out) {
  std::string joined;
  for (const std::string& v : values) {
    if (!joined.empty()) joined.push_back(';');
    joined += v;
  }
  AppendCsvField(joined, out);
}

}  // namespace

void AppendListCsvRow(const ListEntry& entry, std::string* out) {
  AppendCsvField(entry.entry_id, out);
  out->push_back(',');
  AppendCsvField(entry.name, out);
  out->push_back(',');
  AppendJoined(entry.aliases, out);
  out->push_back(',');
  AppendJoined(entry.countries, out);
  out->push_back(',');
  std::vector<std::string> identifiers;
  for (const Identifier& id : entry.identifiers) identifiers.push_back(id.scheme + ":" + id.id);
  AppendJoined(identifiers, out);
  out->push_back(',');
  AppendCsvField(entry.listed_from, out);
  out->push_back(',');
  if (entry.schema != EntitySchema::kUnknown) out->append(EntitySchemaName(entry.schema));
  out->push_back(',');
  AppendCsvField(entry.source, out);
  out->push_back('\n');
}

Status GenerateListCsv(const ListGeneratorOptions& options, std::ostream& out,
                       ListGeneratorSummary* summary) {
  if (options.entities < 0 || options.entities > kMaxGeneratedListEntities) {
    return Status::InvalidArgument("generate: list entities must be between 0 and " +
                                   std::to_string(kMaxGeneratedListEntities) + ", got " +
                                   std::to_string(options.entities));
  }
  ListGenerator generator(options.seed, static_cast<uint64_t>(options.entities));
  constexpr size_t kFlushBytes = 4u << 20;
  std::string buffer(ListCsvHeader());
  buffer.reserve(kFlushBytes + (64u << 10));
  uint64_t bytes = 0;
  auto flush = [&]() -> Status {
    out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (!out) return Status::IoError("generate: write failed after " + std::to_string(bytes) + " bytes");
    bytes += buffer.size();
    buffer.clear();
    return Status::Ok();
  };
  int64_t persons = 0, cyrillic = 0;
  for (int64_t i = 0; i < options.entities; ++i) {
    const ListEntry entry = generator.Next();
    persons += entry.schema == EntitySchema::kPerson;
    cyrillic += static_cast<unsigned char>(entry.name[0]) >= 0xC0;
    AppendListCsvRow(entry, &buffer);
    if (buffer.size() >= kFlushBytes) RETURN_IF_ERROR(flush());
  }
  RETURN_IF_ERROR(flush());
  out.flush();
  if (!out) return Status::IoError("generate: flush failed");
  if (summary != nullptr) {
    summary->entities = options.entities;
    summary->persons = persons;
    summary->cyrillic = cyrillic;
    summary->bytes = bytes;
  }
  return Status::Ok();
}

Result<ListGeneratorSummary> GenerateListCsvFile(const ListGeneratorOptions& options,
                                                 const std::string& path_text) {
  if (path_text.empty()) return Status::InvalidArgument("generate: empty list output path");
  const std::filesystem::path path(path_text);
  std::error_code ec;
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      return Status::IoError("generate: cannot create " + path.parent_path().string() + ": " + ec.message());
    }
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) return Status::IoError("generate: cannot open " + path.string() + " for writing");
  ListGeneratorSummary summary;
  RETURN_IF_ERROR(GenerateListCsv(options, file, &summary));
  file.close();
  if (!file) return Status::IoError("generate: cannot close " + path.string());
  summary.path = path.string();
  return summary;
}

}  // namespace clearbid::synthetic
