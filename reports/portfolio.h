#pragma once
// The portfolio report over many assessed processes: counts by band, buyer,
// supplier country and sector (CPV division / UNSPSC segment), the riskiest
// suppliers and processes, a band-distribution chart and a country × sector
// heat map. HTML, JSON ("clearbid.portfolio/1.0",
// docs/schemas/portfolio.schema.json) and tables for CSV/XLSX.
//
// Streaming: Add() keeps only counters and one entry per distinct supplier,
// buyer, country and sector, never the assessments themselves. Not
// thread-safe; Merge() combines builders filled by different threads.

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/model/contracting_process.h"
#include "engine/rules/assessment.h"
#include "reports/report_options.h"
#include "reports/table.h"

namespace clearbid::reports {

inline constexpr std::string_view kPortfolioSchema = "clearbid.portfolio/1.0";

struct BandCounts {
  std::array<int64_t, 4> by_band = {0, 0, 0, 0};  // indexed by Band
  int64_t Total() const { return by_band[0] + by_band[1] + by_band[2] + by_band[3]; }
  int64_t Severe() const { return by_band[2] + by_band[3]; }
};

struct CountRow {
  std::string key;    // buyer id, country code, "CPV 18"…
  std::string label;  // display name (buyer name; else the key)
  BandCounts counts;
};

struct SupplierRow {
  std::string key;  // "scheme/id" when identified, else "name:<name>|<country>"
  std::string name;
  std::string identifier;
  std::string country;
  Band worst = Band::kLow;
  double max_score = 0;
  int64_t processes = 0;
  int64_t flagged_findings = 0;
  std::string worst_ocid;  // the process where the score was highest (first in ocid order on ties)
};

struct ProcessRow {
  std::string ocid;
  std::string title;
  std::string buyer;
  Band band = Band::kLow;
  double score = 0;
  int64_t flagged = 0;
  int64_t data_gaps = 0;
};

struct PortfolioLimits {
  size_t top_suppliers = 25;
  size_t top_processes = 25;
  size_t max_rows = 50;      // per count table in HTML (JSON/CSV/XLSX have all rows)
  size_t heat_rows = 15;     // countries in the heat map
  size_t heat_columns = 15;  // sectors in the heat map
};

struct Portfolio {
  std::string generated_at;
  std::string generator;
  std::string attribution;
  std::string link_prefix;
  PortfolioLimits limits;
  BandCounts totals;
  int64_t parties = 0;
  int64_t flagged_findings = 0;
  int64_t data_gaps = 0;
  std::vector<CountRow> by_buyer, by_country, by_sector;  // most processes first, then key
  std::vector<SupplierRow> riskiest_suppliers;            // highest score first
  std::vector<ProcessRow> riskiest_processes;
  std::vector<std::string> heat_countries, heat_sectors;
  std::vector<std::vector<BandCounts>> heat;  // [country][sector]
  std::vector<std::string> rule_packs;        // "id version", distinct
  std::vector<std::string> as_of;             // distinct assessment dates
};

class PortfolioBuilder {
 public:
  explicit PortfolioBuilder(PortfolioLimits limits = {}) : limits_(limits) {}

  /// Counts one process. `process` may be null (then buyer, title and sector
  /// are unknown: "(unknown)").
  void Add(const ProcessAssessment& assessment, const ContractingProcess* process);
  /// Adds what `other` counted (for one builder per thread).
  void Merge(const PortfolioBuilder& other);

  Portfolio Finish(const ReportOptions& options) const;

 private:
  struct Pair {
    std::string country, sector;
    auto operator<=>(const Pair&) const = default;
  };
  PortfolioLimits limits_;
  BandCounts totals_;
  int64_t parties_ = 0, flagged_ = 0, gaps_ = 0;
  std::map<std::string, CountRow> buyers_, countries_, sectors_;
  std::map<Pair, BandCounts> heat_;
  std::map<std::string, SupplierRow> suppliers_;
  std::vector<ProcessRow> top_processes_;  // kept sorted, at most limits_.top_processes
  std::map<std::string, int> packs_, dates_;
};

std::string PortfolioHtml(const Portfolio& portfolio);
std::string PortfolioJson(const Portfolio& portfolio, int indent = 2);
/// "by_band", "by_buyer", "by_country", "by_sector", "riskiest_suppliers", "riskiest_processes".
std::vector<Table> PortfolioTables(const Portfolio& portfolio);

}  // namespace clearbid::reports
