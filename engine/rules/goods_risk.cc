#include "engine/rules/goods_risk.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <cctype>
#include <tuple>

#include <fmt/format.h>

namespace clearbid {
namespace {

constexpr size_t kMaxMapBytes = 4 << 20;

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// "03115110, 192" -> {"03115110", "192"}; false when an element is not digits.
bool ParsePrefixes(std::string_view field, std::vector<std::string>* out) {
  field = Trim(field);
  if (field.empty()) return true;
  size_t start = 0;
  while (start <= field.size()) {
    size_t comma = field.find(',', start);
    std::string_view p = Trim(field.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (p.empty() || p.size() > 10 || !std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return false;
    out->emplace_back(p);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return true;
}

// The digits of a code after its scheme: "CPV:18100000-0" -> ("CPV", "18100000").
std::pair<std::string, std::string> SplitCode(std::string_view code) {
  size_t colon = code.find(':');
  if (colon == std::string_view::npos) return {};
  std::string scheme(code.substr(0, colon));
  for (char& c : scheme) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string digits;
  for (char c : code.substr(colon + 1)) {
    if (c >= '0' && c <= '9') digits += c;
    else if (c == '-') break;  // CPV check digit
  }
  return {scheme, digits};
}

}  // namespace

std::string NormalizeGoodName(std::string_view good) {
  std::string out;
  bool space = false;
  for (char c : good) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

Result<std::vector<GoodsCodeMapping>> ParseGoodsCodeMap(std::string_view text, std::string_view name,
                                                        std::vector<std::string>* problems) {
  std::vector<GoodsCodeMapping> out;
  std::vector<std::string> local;
  if (!problems) problems = &local;
  bool header = false;
  std::set<std::string> seen;
  int64_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (Trim(line).empty() || line.front() == '#') continue;
    std::vector<std::string_view> f = SplitTabs(line);
    if (!header) {
      if (f.size() < 3 || Trim(f[0]) != "good" || Trim(f[1]) != "cpv" || Trim(f[2]) != "unspsc")
        return Status::ParseError(fmt::format("{}:{}: expected the header good<TAB>cpv<TAB>unspsc<TAB>note", name, line_no));
      header = true;
      continue;
    }
    if (f.size() < 3 || f.size() > 4) {
      problems->push_back(fmt::format("{}:{}: expected 3 or 4 tab-separated fields, got {}", name, line_no, f.size()));
      continue;
    }
    GoodsCodeMapping m;
    m.good = std::string(Trim(f[0]));
    m.line = line_no;
    if (m.good.empty()) {
      problems->push_back(fmt::format("{}:{}: empty good", name, line_no));
      continue;
    }
    if (!ParsePrefixes(f[1], &m.cpv_prefixes) || !ParsePrefixes(f[2], &m.unspsc_prefixes)) {
      problems->push_back(fmt::format("{}:{}: code prefixes must be comma-separated digits", name, line_no));
      continue;
    }
    if (!seen.insert(NormalizeGoodName(m.good)).second) {
      problems->push_back(fmt::format("{}:{}: good '{}' mapped twice", name, line_no, m.good));
      continue;
    }
    if (f.size() == 4) m.note = std::string(Trim(f[3]));
    out.push_back(std::move(m));
  }
  if (!header) return Status::ParseError(fmt::format("{}: empty goods mapping (no header line)", name));
  return out;
}

Result<std::vector<GoodsCodeMapping>> LoadGoodsCodeMap(const std::string& path, std::vector<std::string>* problems) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(fmt::format("{}: cannot open the goods mapping", path));
  std::string text(kMaxMapBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxMapBytes) return Status::InvalidArgument(fmt::format("{}: larger than 4 MiB", path));
  return ParseGoodsCodeMap(text, path, problems);
}

GoodsRiskTable GoodsRiskTable::Build(const std::vector<GoodsListRow>& rows, const std::vector<GoodsCodeMapping>& mapping,
                                     std::vector<std::string>* unmapped) {
  GoodsRiskTable t;
  std::set<std::string> mapped, with_codes, missing;
  for (const GoodsCodeMapping& m : mapping) {
    std::string key = NormalizeGoodName(m.good);
    mapped.insert(key);
    for (const std::string& p : m.cpv_prefixes) t.prefixes_["CPV"].push_back({p, key});
    for (const std::string& p : m.unspsc_prefixes) t.prefixes_["UNSPSC"].push_back({p, key});
    if (!m.cpv_prefixes.empty() || !m.unspsc_prefixes.empty()) with_codes.insert(key);
  }
  for (auto& [scheme, list] : t.prefixes_) {
    std::sort(list.begin(), list.end(),
              [](const CodeGoods& a, const CodeGoods& b) { return std::tie(a.prefix, a.good_key) < std::tie(b.prefix, b.good_key); });
  }
  for (const GoodsListRow& r : rows) {
    std::string key = NormalizeGoodName(r.good);
    if (key.empty()) continue;
    if (!mapped.count(key)) missing.insert(std::string(Trim(r.good)));
    if (r.country.empty() || (!r.child_labour && !r.forced_labour)) continue;
    Mark& mark = t.marks_[key][r.country];
    if (mark.good.empty()) {
      mark.good = std::string(Trim(r.good));
      if (with_codes.count(key)) ++t.entries_;
    }
    mark.child_labour |= r.child_labour;
    mark.forced_labour |= r.forced_labour;
  }
  if (unmapped) unmapped->assign(missing.begin(), missing.end());
  return t;
}

void GoodsRiskTable::Lookup(std::string_view item_code, std::string_view country, std::vector<GoodsRisk>* out) const {
  auto [scheme, digits] = SplitCode(item_code);
  if (digits.empty() || country.empty()) return;
  auto it = prefixes_.find(scheme);
  if (it == prefixes_.end()) return;
  std::set<std::string> goods;
  for (const CodeGoods& cg : it->second) {
    if (digits.compare(0, cg.prefix.size(), cg.prefix) == 0) goods.insert(cg.good_key);
  }
  for (const std::string& key : goods) {
    auto g = marks_.find(key);
    if (g == marks_.end()) continue;
    auto c = g->second.find(std::string(country));
    if (c == g->second.end()) continue;
    out->push_back({c->second.good, c->first, c->second.child_labour, c->second.forced_labour, std::string(item_code)});
  }
}

void GoodsRiskTable::Fill(ProcessEvidence* ev) const {
  const ContractingProcess& proc = ev->process;
  std::vector<std::string> codes;
  auto add = [&](const std::vector<Item>& items) {
    for (const Item& item : items) {
      if (!item.classification.id.empty()) codes.push_back(item.classification.scheme + ":" + item.classification.id);
      for (const Classification& c : item.additional_classifications) codes.push_back(c.scheme + ":" + c.id);
    }
  };
  add(proc.tender.items);
  for (const Award& a : proc.awards) add(a.items);
  for (const Contract& c : proc.contracts) add(c.items);
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());

  ev->goods_table_loaded = true;
  ev->goods_risk.assign(proc.parties.size(), {});
  std::vector<std::set<std::string>> countries(proc.parties.size());
  for (size_t i = 0; i < proc.parties.size(); ++i) {
    if (!proc.parties[i].address.country.empty()) countries[i].insert(proc.parties[i].address.country);
  }
  for (const PartyEvidence& pe : ev->parties) {
    if (pe.party_index >= proc.parties.size() || !pe.disclosure) continue;
    for (const SupplyChainEntry& e : pe.disclosure->supply_chain.entries) {
      if (e.role == ChainRole::kSite && !e.address.country.empty()) countries[pe.party_index].insert(e.address.country);
    }
  }
  for (size_t i = 0; i < proc.parties.size(); ++i) {
    std::vector<GoodsRisk>& out = ev->goods_risk[i];
    for (const std::string& country : countries[i]) {
      for (const std::string& code : codes) Lookup(code, country, &out);
    }
    std::sort(out.begin(), out.end(), [](const GoodsRisk& a, const GoodsRisk& b) {
      return std::tie(a.item_code, a.good, a.country) < std::tie(b.item_code, b.good, b.country);
    });
  }
}

}  // namespace clearbid
