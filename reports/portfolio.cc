#include "reports/portfolio.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "reports/file_names.h"
#include "reports/html_page.h"
#include "reports/process_info.h"
#include "reports/svg_charts.h"
#include "reports/text_safety.h"

namespace clearbid::reports {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kUnknown = "(unknown)";
constexpr std::array<Band, 4> kBands = {Band::kLow, Band::kMedium, Band::kHigh, Band::kCritical};

double Round2(double v) { return std::round(v * 100) / 100; }
std::string E(std::string_view s) { return HtmlEscape(s); }

void Count(std::map<std::string, CountRow>* rows, const std::string& key, const std::string& label,
           Band band) {
  CountRow& row = (*rows)[key];
  row.key = key;
  if (row.label.empty() || (!label.empty() && label < row.label)) row.label = label.empty() ? key : label;
  ++row.counts.by_band[static_cast<size_t>(band)];
}

void AddCounts(BandCounts* into, const BandCounts& from) {
  for (size_t i = 0; i < 4; ++i) into->by_band[i] += from.by_band[i];
}

bool ProcessBefore(const ProcessRow& a, const ProcessRow& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.band != b.band) return a.band > b.band;
  return a.ocid < b.ocid;
}

bool SupplierBefore(const SupplierRow& a, const SupplierRow& b) {
  if (a.max_score != b.max_score) return a.max_score > b.max_score;
  if (a.worst != b.worst) return a.worst > b.worst;
  if (a.processes != b.processes) return a.processes > b.processes;
  return a.key < b.key;
}

void MergeSupplier(SupplierRow* into, const SupplierRow& from) {
  into->processes += from.processes;
  into->flagged_findings += from.flagged_findings;
  into->worst = std::max(into->worst, from.worst);
  if (from.max_score > into->max_score ||
      (from.max_score == into->max_score && from.worst_ocid < into->worst_ocid)) {
    into->max_score = from.max_score;
    into->worst_ocid = from.worst_ocid;
    into->name = from.name;
    into->identifier = from.identifier;
    into->country = from.country;
  }
}

std::vector<CountRow> Sorted(const std::map<std::string, CountRow>& rows) {
  std::vector<CountRow> out;
  out.reserve(rows.size());
  for (const auto& [key, row] : rows) out.push_back(row);
  std::stable_sort(out.begin(), out.end(), [](const CountRow& a, const CountRow& b) {
    if (a.counts.Total() != b.counts.Total()) return a.counts.Total() > b.counts.Total();
    return a.counts.Severe() > b.counts.Severe();
  });
  return out;
}

Json BandCountsJson(const BandCounts& c) {
  Json j = Json::object();
  for (Band b : kBands) j[std::string(BandCode(b))] = c.by_band[static_cast<size_t>(b)];
  return j;
}

Json CountRowsJson(const std::vector<CountRow>& rows) {
  Json out = Json::array();
  for (const CountRow& r : rows) {
    out.push_back({{"key", r.key},
                   {"label", r.label},
                   {"processes", r.counts.Total()},
                   {"by_band", BandCountsJson(r.counts)}});
  }
  return out;
}

std::string Link(const Portfolio& p, const std::string& ocid) {
  return p.link_prefix + FileSafeName(ocid) + ".html";
}

std::string CountTableHtml(const std::vector<CountRow>& rows, std::string_view key_title, size_t max_rows) {
  std::string out = fmt::format(
      "<table>\n<thead><tr><th>{}</th><th class=\"num\">Processes</th><th class=\"num\">Low</th>"
      "<th class=\"num\">Medium</th><th class=\"num\">High</th><th "
      "class=\"num\">Critical</th></tr></thead>\n<tbody>\n",
      key_title);
  for (size_t i = 0; i < rows.size() && i < max_rows; ++i) {
    const CountRow& r = rows[i];
    std::string label = E(r.label);
    if (r.label != r.key) label += " <code class=\"muted\">" + E(r.key) + "</code>";
    out += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        label, r.counts.Total(), r.counts.by_band[0], r.counts.by_band[1], r.counts.by_band[2],
        r.counts.by_band[3]);
  }
  out += "</tbody>\n</table>\n";
  if (rows.size() > max_rows) {
    out += fmt::format("<p class=\"small muted\">{} more rows in the JSON, CSV and XLSX forms.</p>\n",
                       rows.size() - max_rows);
  }
  return out;
}

Table CountTable(const std::string& name, const std::string& key_title, const std::vector<CountRow>& rows) {
  Table t{name, {key_title, "label", "processes", "low", "medium", "high", "critical"}, {}};
  for (const CountRow& r : rows) {
    std::vector<Cell> row = {Cell::Text(r.key), Cell::Text(r.label),
                             Cell::Number(static_cast<double>(r.counts.Total()))};
    for (int64_t n : r.counts.by_band) row.push_back(Cell::Number(static_cast<double>(n)));
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace

void PortfolioBuilder::Add(const ProcessAssessment& a, const ContractingProcess* process) {
  Band band = a.band;
  ++totals_.by_band[static_cast<size_t>(band)];
  ProcessRow row{a.ocid, "", std::string(kUnknown), band, a.score, 0, 0};
  std::vector<std::string> sectors;
  std::string buyer_key(kUnknown);
  if (process) {
    ProcessInfo info = DescribeProcess(*process);
    row.title = info.title;
    if (!info.buyer.empty() || !info.buyer_id.empty()) {
      row.buyer = info.buyer.empty() ? info.buyer_id : info.buyer;
      buyer_key = info.buyer_id.empty() ? info.buyer : info.buyer_id;
    }
    sectors = info.sectors;
  }
  if (sectors.empty()) sectors.emplace_back(kUnknown);
  Count(&buyers_, buyer_key, row.buyer, band);

  std::set<std::string> countries;
  for (const PartyAssessment& p : a.parties) {
    if (!p.country.empty()) countries.insert(p.country);
    row.flagged += p.flagged;
    row.data_gaps += p.insufficient;
    SupplierRow s;
    s.key = p.identifier.empty() ? "name:" + p.name + "|" + p.country : p.identifier;
    s.name = p.name;
    s.identifier = p.identifier;
    s.country = p.country;
    s.worst = p.band;
    s.max_score = p.score;
    s.processes = 1;
    s.flagged_findings = p.flagged;
    s.worst_ocid = a.ocid;
    auto [it, inserted] = suppliers_.try_emplace(s.key, s);
    if (!inserted) MergeSupplier(&it->second, s);
  }
  for (const Finding& f : a.process_findings) {
    row.flagged += f.status == RuleStatus::kFlagged;
    row.data_gaps += f.status == RuleStatus::kInsufficientData;
  }
  if (countries.empty()) countries.insert(std::string(kUnknown));
  for (const std::string& c : countries) {
    Count(&countries_, c, c, band);
    for (const std::string& sec : sectors) ++heat_[{c, sec}].by_band[static_cast<size_t>(band)];
  }
  for (const std::string& sec : sectors) Count(&sectors_, sec, sec, band);
  parties_ += static_cast<int64_t>(a.parties.size());
  flagged_ += row.flagged;
  gaps_ += row.data_gaps;
  ++packs_[a.pack_id + " " + a.pack_version];
  ++dates_[a.as_of];
  top_processes_.push_back(std::move(row));
  if (top_processes_.size() >= 2 * limits_.top_processes + 16) {
    std::sort(top_processes_.begin(), top_processes_.end(), ProcessBefore);
    top_processes_.resize(limits_.top_processes);
  }
}

void PortfolioBuilder::Merge(const PortfolioBuilder& o) {
  AddCounts(&totals_, o.totals_);
  parties_ += o.parties_;
  flagged_ += o.flagged_;
  gaps_ += o.gaps_;
  auto merge_rows = [](std::map<std::string, CountRow>* into, const std::map<std::string, CountRow>& from) {
    for (const auto& [key, row] : from) {
      CountRow& r = (*into)[key];
      r.key = key;
      if (r.label.empty() || row.label < r.label) r.label = row.label;
      AddCounts(&r.counts, row.counts);
    }
  };
  merge_rows(&buyers_, o.buyers_);
  merge_rows(&countries_, o.countries_);
  merge_rows(&sectors_, o.sectors_);
  for (const auto& [pair, counts] : o.heat_) AddCounts(&heat_[pair], counts);
  for (const auto& [key, s] : o.suppliers_) {
    auto [it, inserted] = suppliers_.try_emplace(key, s);
    if (!inserted) MergeSupplier(&it->second, s);
  }
  top_processes_.insert(top_processes_.end(), o.top_processes_.begin(), o.top_processes_.end());
  for (const auto& [k, n] : o.packs_) packs_[k] += n;
  for (const auto& [k, n] : o.dates_) dates_[k] += n;
}

Portfolio PortfolioBuilder::Finish(const ReportOptions& options) const {
  Portfolio p;
  p.generated_at = options.GeneratedAt();
  p.generator = options.generator;
  p.attribution = options.attribution;
  p.link_prefix = options.process_link_prefix;
  p.limits = limits_;
  p.totals = totals_;
  p.parties = parties_;
  p.flagged_findings = flagged_;
  p.data_gaps = gaps_;
  p.by_buyer = Sorted(buyers_);
  p.by_country = Sorted(countries_);
  p.by_sector = Sorted(sectors_);
  std::vector<SupplierRow> suppliers;
  suppliers.reserve(suppliers_.size());
  for (const auto& [key, s] : suppliers_) suppliers.push_back(s);
  size_t n = std::min(limits_.top_suppliers, suppliers.size());
  std::partial_sort(suppliers.begin(), suppliers.begin() + static_cast<std::ptrdiff_t>(n), suppliers.end(),
                    SupplierBefore);
  suppliers.resize(n);
  p.riskiest_suppliers = std::move(suppliers);
  std::vector<ProcessRow> processes = top_processes_;
  std::sort(processes.begin(), processes.end(), ProcessBefore);
  if (processes.size() > limits_.top_processes) processes.resize(limits_.top_processes);
  p.riskiest_processes = std::move(processes);
  for (size_t i = 0; i < p.by_country.size() && i < limits_.heat_rows; ++i)
    p.heat_countries.push_back(p.by_country[i].key);
  for (size_t i = 0; i < p.by_sector.size() && i < limits_.heat_columns; ++i)
    p.heat_sectors.push_back(p.by_sector[i].key);
  for (const std::string& c : p.heat_countries) {
    std::vector<BandCounts> row;
    for (const std::string& s : p.heat_sectors) {
      auto it = heat_.find({c, s});
      row.push_back(it == heat_.end() ? BandCounts{} : it->second);
    }
    p.heat.push_back(std::move(row));
  }
  for (const auto& [k, unused] : packs_) p.rule_packs.push_back(k);
  for (const auto& [k, unused] : dates_) p.as_of.push_back(k);
  return p;
}

std::string PortfolioJson(const Portfolio& p, int indent) {
  Json suppliers = Json::array();
  for (const SupplierRow& s : p.riskiest_suppliers) {
    suppliers.push_back({{"key", s.key},
                         {"name", s.name},
                         {"identifier", s.identifier},
                         {"country", s.country},
                         {"worst_band", BandCode(s.worst)},
                         {"max_score", Round2(s.max_score)},
                         {"processes", s.processes},
                         {"flagged_findings", s.flagged_findings},
                         {"worst_ocid", s.worst_ocid}});
  }
  Json processes = Json::array();
  for (const ProcessRow& r : p.riskiest_processes) {
    processes.push_back({{"ocid", r.ocid},
                         {"title", r.title},
                         {"buyer", r.buyer},
                         {"band", BandCode(r.band)},
                         {"score", Round2(r.score)},
                         {"flagged", r.flagged},
                         {"data_gaps", r.data_gaps},
                         {"link", Link(p, r.ocid)}});
  }
  Json cells = Json::array();
  for (const std::vector<BandCounts>& row : p.heat) {
    Json jr = Json::array();
    for (const BandCounts& c : row)
      jr.push_back({{"processes", c.Total()}, {"high_or_critical", c.Severe()}});
    cells.push_back(std::move(jr));
  }
  Json j = {{"schema", kPortfolioSchema},
            {"generated_at", p.generated_at},
            {"generator", p.generator},
            {"totals",
             {{"processes", p.totals.Total()},
              {"parties", p.parties},
              {"flagged_findings", p.flagged_findings},
              {"data_gaps", p.data_gaps},
              {"by_band", BandCountsJson(p.totals)}}},
            {"by_buyer", CountRowsJson(p.by_buyer)},
            {"by_country", CountRowsJson(p.by_country)},
            {"by_sector", CountRowsJson(p.by_sector)},
            {"riskiest_suppliers", std::move(suppliers)},
            {"riskiest_processes", std::move(processes)},
            {"heat_map",
             {{"countries", p.heat_countries}, {"sectors", p.heat_sectors}, {"cells", std::move(cells)}}},
            {"provenance", {{"rule_packs", p.rule_packs}, {"as_of", p.as_of}}},
            {"attribution", p.attribution}};
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string PortfolioHtml(const Portfolio& p) {
  std::string body;
  body +=
      "<header>\n<div class=\"muted small\">Portfolio risk report · labour-exploitation screening</div>\n"
      "<h1>Portfolio of " +
      std::to_string(p.totals.Total()) + " contracting processes</h1>\n";
  body += fmt::format(
      "<div class=\"small\">{} parties assessed · {} flagged findings · {} data gaps · generated {}</div>\n",
      p.parties, p.flagged_findings, p.data_gaps, E(p.generated_at));
  body += "</header>\n<h2 id=\"bands\">Band distribution</h2>\n";
  std::vector<Bar> bars;
  for (Band b : kBands) {
    bars.push_back({std::string(BandCode(b)), static_cast<double>(p.totals.by_band[static_cast<size_t>(b)]),
                    std::string(BandColor(b))});
  }
  body += SvgBarChart(bars, "Processes by risk band");
  body += "<table class=\"small\"><thead><tr>";
  for (Band b : kBands) body += "<th class=\"num\">" + BandBadge(b) + "</th>";
  body += "</tr></thead><tbody><tr>";
  for (Band b : kBands)
    body += fmt::format("<td class=\"num\">{}</td>", p.totals.by_band[static_cast<size_t>(b)]);
  body += "</tr></tbody></table>\n";

  body += "<h2 id=\"heat\">Supplier country × sector</h2>\n";
  if (p.heat_countries.empty() || p.heat_sectors.empty()) {
    body += "<p>No process.</p>\n";
  } else {
    std::vector<std::vector<HeatCell>> cells;
    for (const std::vector<BandCounts>& row : p.heat) {
      std::vector<HeatCell> r;
      for (const BandCounts& c : row) r.push_back({c.Total(), c.Severe()});
      cells.push_back(std::move(r));
    }
    body += SvgHeatMap(p.heat_countries, p.heat_sectors, cells,
                       "Processes by supplier country and sector (CPV division / UNSPSC segment)");
  }

  body +=
      "<h2 id=\"processes\">Riskiest processes</h2>\n<table>\n<thead><tr><th>Process</th><th>Buyer</th>"
      "<th>Band</th><th class=\"num\">Score</th><th class=\"num\">Flagged</th><th class=\"num\">Data "
      "gaps</th>"
      "</tr></thead>\n<tbody>\n";
  for (const ProcessRow& r : p.riskiest_processes) {
    body += fmt::format(
        "<tr><td><a href=\"{}\"><code>{}</code></a>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        E(Link(p, r.ocid)), E(r.ocid), r.title.empty() ? "" : "<br>" + E(r.title), E(r.buyer),
        BandBadge(r.band), FormatNumber(r.score), r.flagged, r.data_gaps);
  }
  body += "</tbody>\n</table>\n";

  body += "<h2 id=\"suppliers\">Riskiest suppliers</h2>\n";
  if (!p.riskiest_suppliers.empty()) {
    std::vector<Bar> sb;
    for (const SupplierRow& s : p.riskiest_suppliers) {
      if (sb.size() >= 10) break;
      sb.push_back({s.name.empty() ? s.key : s.name, s.max_score, std::string(BandColor(s.worst))});
    }
    body += SvgHorizontalBars(sb, "Highest party score of each supplier", 100);
  }
  body +=
      "<table>\n<thead><tr><th>Supplier</th><th>Identifier</th><th>Country</th><th>Worst band</th>"
      "<th class=\"num\">Max score</th><th class=\"num\">Processes</th><th class=\"num\">Flagged "
      "findings</th>"
      "<th>Worst process</th></tr></thead>\n<tbody>\n";
  for (const SupplierRow& s : p.riskiest_suppliers) {
    body += fmt::format(
        "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td><a href=\"{}\"><code>{}</code></a></td></tr>\n",
        E(s.name), E(s.identifier), E(s.country), BandBadge(s.worst), FormatNumber(s.max_score), s.processes,
        s.flagged_findings, E(Link(p, s.worst_ocid)), E(s.worst_ocid));
  }
  body += "</tbody>\n</table>\n";

  body += "<h2 id=\"by-buyer\">By buyer</h2>\n" + CountTableHtml(p.by_buyer, "Buyer", p.limits.max_rows);
  body +=
      "<h2 id=\"by-country\">By supplier country</h2>\n<p class=\"small muted\">A process counts once for "
      "each "
      "country among its assessed parties.</p>\n" +
      CountTableHtml(p.by_country, "Country", p.limits.max_rows);
  body +=
      "<h2 id=\"by-sector\">By sector</h2>\n<p class=\"small muted\">CPV division or UNSPSC segment (first "
      "two "
      "digits of the item codes); a process counts once per sector.</p>\n" +
      CountTableHtml(p.by_sector, "Sector", p.limits.max_rows);

  body += "<h2 id=\"provenance\">Provenance</h2>\n<table class=\"small\">\n";
  std::string packs, dates;
  for (const std::string& s : p.rule_packs) packs += E(s) + "<br>";
  for (const std::string& s : p.as_of) dates += E(s) + "<br>";
  body += "<tr><th scope=\"row\">Rule packs</th><td>" + packs + "</td></tr>\n";
  body += "<tr><th scope=\"row\">Assessment dates</th><td>" + dates + "</td></tr>\n";
  body += "<tr><th scope=\"row\">Generated</th><td>" + E(p.generated_at) + " by " + E(p.generator) +
          "</td></tr>\n";
  body += "</table>\n<footer>Risk indicators, not findings of wrongdoing.";
  if (!p.attribution.empty()) body += "<br>" + E(p.attribution);
  body += "</footer>\n";
  return HtmlDocument("Portfolio risk report", body);
}

std::vector<Table> PortfolioTables(const Portfolio& p) {
  std::vector<Table> out;
  Table bands{"by_band", {"band", "processes"}, {}};
  for (Band b : kBands) {
    bands.rows.push_back({Cell::Text(std::string(BandCode(b))),
                          Cell::Number(static_cast<double>(p.totals.by_band[static_cast<size_t>(b)]))});
  }
  out.push_back(std::move(bands));
  out.push_back(CountTable("by_buyer", "buyer", p.by_buyer));
  out.push_back(CountTable("by_country", "country", p.by_country));
  out.push_back(CountTable("by_sector", "sector", p.by_sector));
  Table suppliers{"riskiest_suppliers",
                  {"key", "name", "identifier", "country", "worst_band", "max_score", "processes",
                   "flagged_findings", "worst_ocid"},
                  {}};
  for (const SupplierRow& s : p.riskiest_suppliers) {
    suppliers.rows.push_back(
        {Cell::Text(s.key), Cell::Text(s.name), Cell::Text(s.identifier), Cell::Text(s.country),
         Cell::Text(std::string(BandCode(s.worst))), Cell::Number(Round2(s.max_score)),
         Cell::Number(static_cast<double>(s.processes)),
         Cell::Number(static_cast<double>(s.flagged_findings)), Cell::Text(s.worst_ocid)});
  }
  out.push_back(std::move(suppliers));
  Table processes{
      "riskiest_processes", {"ocid", "title", "buyer", "band", "score", "flagged", "data_gaps"}, {}};
  for (const ProcessRow& r : p.riskiest_processes) {
    processes.rows.push_back({Cell::Text(r.ocid), Cell::Text(r.title), Cell::Text(r.buyer),
                              Cell::Text(std::string(BandCode(r.band))), Cell::Number(Round2(r.score)),
                              Cell::Number(static_cast<double>(r.flagged)),
                              Cell::Number(static_cast<double>(r.data_gaps))});
  }
  out.push_back(std::move(processes));
  return out;
}

}  // namespace clearbid::reports
