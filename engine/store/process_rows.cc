#include "engine/store/process_rows.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <type_traits>
#include <utility>

#include <fmt/format.h>
#include <xxhash.h>

namespace clearbid {
namespace {

// Copies from a const process, moves from a movable one: one body for both.
template <typename P>
ProcessRows RowsOf(P&& p) {
  constexpr bool kMove = !std::is_lvalue_reference_v<P>;
  auto take = [](auto& s) -> std::string {
    if constexpr (kMove) return std::move(s);
    else return s;
  };
  ProcessRows r;
  r.n_parties = static_cast<int64_t>(p.parties.size());
  r.n_bids = static_cast<int64_t>(p.bids.size());
  r.n_awards = static_cast<int64_t>(p.awards.size());
  r.parties.reserve(p.parties.size());
  for (auto& party : p.parties) {
    ProcessRows::PartyRow& row = r.parties.emplace_back();
    row.party_key = party.GlobalKey();
    row.key_hash = HashPartyKey(row.party_key);
    row.roles = JoinRoles(party.roles);
    row.tier = party.tier;
    row.party_id = take(party.id);
    row.name = take(party.name);
    row.scheme = take(party.identifier.scheme);
    row.identifier = take(party.identifier.id);
    row.country = take(party.address.country);
  }
  size_t n_items = p.tender.items.size();
  for (const Award& a : p.awards) n_items += a.items.size();
  for (const Contract& c : p.contracts) n_items += c.items.size();
  r.n_items = static_cast<int64_t>(n_items);
  r.items.reserve(n_items);
  auto add_items = [&](auto& items, std::string_view stage) {
    for (auto& item : items) {
      r.items.push_back({stage, take(item.classification.scheme), take(item.classification.id), take(item.description)});
    }
  };
  add_items(p.tender.items, "tender");
  for (auto& a : p.awards) add_items(a.items, "award");
  for (auto& c : p.contracts) add_items(c.items, "contract");
  r.ocid = take(p.ocid);
  r.date = take(p.date);
  r.ocds_version = take(p.ocds_version);
  r.buyer_name = take(p.buyer.name);
  r.procurement_method = take(p.tender.procurement_method);
  r.main_category = take(p.tender.main_procurement_category);
  r.tender_amount = p.tender.value.amount;
  r.tender_currency = take(p.tender.value.currency);
  Pack(&r);
  return r;
}

// Whether any of the 8 bytes of `word` must be escaped in a JSON string (a
// control character, '"' or '\\'): the "has a byte less than n" and "has a
// zero byte" tests, exact for the word as a whole.
bool NeedsEscape(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t v) { return ((v - kOnes) & ~v & kHighs) != 0; };
  const bool control = ((word - kOnes * 0x20) & ~word & kHighs) != 0;
  return control || has_zero(word ^ (kOnes * '"')) || has_zero(word ^ (kOnes * '\\'));
}

// Appends `text` as a JSON string. Eight bytes at a time where none needs
// escaping (most text), byte by byte within a word where one does.
void AppendString(std::string* out, std::string_view text) {
  out->push_back('"');
  const char* data = text.data();
  const size_t n = text.size();
  size_t from = 0, i = 0;
  while (i < n) {
    if (n - i >= sizeof(uint64_t)) {
      uint64_t word;
      std::memcpy(&word, data + i, sizeof word);
      if (!NeedsEscape(word)) {
        i += sizeof word;
        continue;
      }
    }
    for (const size_t stop = std::min(n, i + sizeof(uint64_t)); i < stop; ++i) {
      const unsigned char c = static_cast<unsigned char>(data[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out->append(data + from, i - from);
      if (c == '"' || c == '\\') {
        out->push_back('\\');
        out->push_back(static_cast<char>(c));
      } else {
        char esc[7];
        std::snprintf(esc, sizeof esc, "\\u%04x", c);
        out->append(esc, 6);
      }
      from = i + 1;
    }
  }
  out->append(data + from, n - from);
  out->push_back('"');
}

// Decodes the JSON string starting at text[*pos] (a '"'), moving *pos past it.
bool ReadString(std::string_view text, size_t* pos, std::string* out) {
  size_t i = *pos + 1;
  out->clear();
  for (;;) {
    size_t stop = i;  // the next '"' or '\\' (a plain loop: strings here are short)
    while (stop < text.size() && text[stop] != '"' && text[stop] != '\\') ++stop;
    if (stop == text.size()) return false;
    out->append(text.data() + i, stop - i);
    i = stop;
    if (text[i] == '"') break;
    if (++i >= text.size()) return false;
    const char e = text[i++];
    switch (e) {
      case '"': case '\\': case '/': out->push_back(e); break;
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\f'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 't': out->push_back('\t'); break;
      case 'u': {
        auto hex4 = [&](uint32_t* v) {
          if (i + 4 > text.size()) return false;
          *v = 0;
          for (int k = 0; k < 4; ++k) {
            const char h = text[i++];
            *v <<= 4;
            if (h >= '0' && h <= '9') *v |= static_cast<uint32_t>(h - '0');
            else if (h >= 'a' && h <= 'f') *v |= static_cast<uint32_t>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F') *v |= static_cast<uint32_t>(h - 'A' + 10);
            else return false;
          }
          return true;
        };
        uint32_t cp;
        if (!hex4(&cp)) return false;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 <= text.size() && text[i] == '\\' && text[i + 1] == 'u') {
          const size_t save = i;
          i += 2;
          uint32_t lo;
          if (hex4(&lo) && lo >= 0xDC00 && lo < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          else i = save;
        }
        if (cp < 0x80) {
          out->push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
          out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
          out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
          out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
          out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
          out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
          out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
          out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
          out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
          out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
        break;
      }
      default: return false;
    }
  }
  *pos = i + 1;
  return true;
}

}  // namespace

PartyKeyHash HashPartyKey(std::string_view key) {
  const XXH128_hash_t h = XXH3_128bits(key.data(), key.size());
  return {h.high64, h.low64};
}

size_t PartyKeyHashSet::Slot(const PartyKeyHash& h) const {
  const size_t mask = slots_.size() - 1;
  for (size_t i = static_cast<size_t>(h.low) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == h || IsEmptySlot(slots_[i])) return i;
  }
}

bool PartyKeyHashSet::Contains(const PartyKeyHash& h) const {
  if (IsEmptySlot(h)) return has_zero_;
  if (slots_.empty()) return false;
  return slots_[Slot(h)] == h;
}

bool PartyKeyHashSet::Insert(const PartyKeyHash& h) {
  if (IsEmptySlot(h)) {
    if (has_zero_) return false;
    has_zero_ = true;
    ++size_;
    return true;
  }
  if (2 * (size_ + 1) > slots_.size()) Grow();
  PartyKeyHash& slot = slots_[Slot(h)];
  if (slot == h) return false;
  slot = h;
  ++size_;
  return true;
}

void PartyKeyHashSet::Grow() {
  std::vector<PartyKeyHash> old(std::max<size_t>(1024, 2 * slots_.size()));
  old.swap(slots_);
  for (const PartyKeyHash& h : old) {
    if (!IsEmptySlot(h)) slots_[Slot(h)] = h;
  }
}

void PartyKeyHashSet::Clear() {
  std::fill(slots_.begin(), slots_.end(), PartyKeyHash{});
  size_ = 0;
  has_zero_ = false;
}

ProcessRows ProcessRowsOf(const ContractingProcess& process) { return RowsOf(process); }
ProcessRows ProcessRowsOf(ContractingProcess&& process) { return RowsOf(std::move(process)); }

std::string PackParties(const ProcessRows& rows, int64_t* count) {
  // The first party of each id, in id order (a stable sort keeps the first).
  std::vector<const ProcessRows::PartyRow*> order;
  order.reserve(rows.parties.size());
  for (const ProcessRows::PartyRow& party : rows.parties) order.push_back(&party);
  std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) { return a->party_id < b->party_id; });
  order.erase(std::unique(order.begin(), order.end(), [](const auto* a, const auto* b) { return a->party_id == b->party_id; }),
              order.end());
  std::string out = "[";
  size_t bytes = 2;
  for (const ProcessRows::PartyRow* party : order) {
    bytes += 40 + party->party_id.size() + party->party_key.size() + party->name.size() + party->roles.size() +
             party->country.size();
  }
  out.reserve(bytes);
  for (const ProcessRows::PartyRow* party : order) {
    if (out.size() > 1) out.push_back(',');
    out.push_back('[');
    AppendString(&out, party->party_id);
    out.push_back(',');
    AppendString(&out, party->party_key);
    out.push_back(',');
    AppendString(&out, party->name);
    out.push_back(',');
    AppendString(&out, party->roles);
    char tier[24];
    const char* end = std::to_chars(tier, tier + sizeof tier, party->tier).ptr;
    out.push_back(',');
    out.append(tier, static_cast<size_t>(end - tier));
    out.push_back(',');
    AppendString(&out, party->country);
    out.push_back(']');
  }
  out.push_back(']');
  if (count) *count = static_cast<int64_t>(order.size());
  return out;
}

std::string PackItems(const ProcessRows& rows) {
  std::string out = "[";
  size_t bytes = 2;
  for (const ProcessRows::ItemRow& item : rows.items) {
    bytes += 24 + item.stage.size() + item.scheme.size() + item.code.size() + item.description.size();
  }
  out.reserve(bytes);
  for (const ProcessRows::ItemRow& item : rows.items) {
    if (out.size() > 1) out.push_back(',');
    out.push_back('[');
    AppendString(&out, item.stage);
    out.push_back(',');
    AppendString(&out, item.scheme);
    out.push_back(',');
    AppendString(&out, item.code);
    out.push_back(',');
    AppendString(&out, item.description);
    out.push_back(']');
  }
  out.push_back(']');
  return out;
}

void Pack(ProcessRows* rows) {
  rows->packed_parties = PackParties(*rows, &rows->packed_party_count);
  rows->packed_items = PackItems(*rows);
}

namespace {

// Moves *pos past the JSON string starting at text[*pos] (a '"') without
// decoding it.
bool SkipString(std::string_view text, size_t* pos) {
  for (size_t i = *pos + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      *pos = i + 1;
      return true;
    }
  }
  return false;
}

// Walks a packed array of arrays: on_row() at each element, on_field(col, s)
// with each field `want(col)` accepts, decoded (`s` is reused: copy what you
// keep). False when `text` is not such an array.
template <typename OnRow, typename Want, typename OnField>
bool WalkRows(std::string_view text, OnRow on_row, Want want, OnField on_field) {
  std::string field;
  size_t i = 0;
  auto skip_space = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) ++i;
  };
  skip_space();
  if (i >= text.size() || text[i++] != '[') return false;
  skip_space();
  if (i < text.size() && text[i] == ']') {
    ++i;
    skip_space();
    return i == text.size();
  }
  for (;;) {
    skip_space();
    if (i >= text.size() || text[i++] != '[') return false;
    on_row();
    skip_space();
    if (i < text.size() && text[i] == ']') {
      ++i;
    } else {
      for (size_t col = 0;; ++col) {
        skip_space();
        if (i >= text.size()) return false;
        if (text[i] == '"') {
          if (!want(col)) {
            if (!SkipString(text, &i)) return false;
          } else if (!ReadString(text, &i, &field)) {
            return false;
          }
        } else {
          const size_t start = i;
          while (i < text.size() && (text[i] == '-' || (text[i] >= '0' && text[i] <= '9'))) ++i;
          if (i == start) return false;
          field.assign(text.substr(start, i - start));
        }
        if (want(col)) on_field(col, field);
        skip_space();
        if (i >= text.size()) return false;
        if (text[i] == ',') {
          ++i;
          continue;
        }
        if (text[i++] != ']') return false;
        break;
      }
    }
    skip_space();
    if (i >= text.size()) return false;
    if (text[i] == ',') {
      ++i;
      continue;
    }
    if (text[i++] != ']') return false;
    break;
  }
  skip_space();
  return i == text.size();
}

Status NotPacked(std::string_view text) {
  return Status::Corruption(fmt::format("packed rows: not an array of arrays: {:.80}", text));
}

}  // namespace

Result<std::vector<PackedRow>> UnpackRows(std::string_view text) {
  std::vector<PackedRow> out;
  if (!WalkRows(
          text, [&] { out.emplace_back(); }, [](size_t) { return true; },
          [&](size_t, const std::string& v) { out.back().push_back(v); })) {
    return NotPacked(text);
  }
  return out;
}

Status UnpackField(std::string_view text, size_t field, std::vector<std::string>* out) {
  size_t rows = 0, found = 0;
  if (!WalkRows(
          text, [&] { ++rows; }, [&](size_t col) { return col == field; },
          [&](size_t, const std::string& v) {
            out->push_back(v);
            ++found;
          })) {
    return NotPacked(text);
  }
  if (found != rows) return Status::Corruption(fmt::format("packed rows: a row without field {}: {:.80}", field, text));
  return Status::Ok();
}

std::string JoinRoles(const std::vector<std::string>& roles) {
  std::string out;
  for (const std::string& r : roles) {
    if (!out.empty()) out += ',';
    out += r;
  }
  return out;
}

}  // namespace clearbid
