// clearbid report: contract summaries, portfolio and delta reports
// (reports/, docs/reports.md).
//
//   clearbid report OCID [--format html|json|csv|xlsx|pdf] [--out FILE] [--scan DIR]
//   clearbid report --portfolio [--format html|json|csv|xlsx] [--out DIR] [--scan DIR] [--summaries]
//   clearbid report --delta SCAN_A SCAN_B [--format html|json] [--out FILE]
//
// A process's assessment is read from --scan DIR/processes/<file-safe ocid>.json
// when given and present; otherwise it is assessed on demand from the store
// (rule pack, stored disclosures and audits). The generation time is the
// system clock, or SOURCE_DATE_EPOCH when set (reproducible output).

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command.h"
#include "service/screening_context.h"
#include "connectors/ocds/ocds_reader.h"
#include "engine/base/clock.h"
#include "engine/rules/assessor.h"
#include "engine/screening/evidence_builder.h"
#include "engine/store/process_store.h"
#include "engine/store/sqlite_db.h"
#include "reports/assessment_reader.h"
#include "reports/contract_summary.h"
#include "reports/delta.h"
#include "reports/file_names.h"
#include "reports/pdf_printer.h"
#include "reports/portfolio.h"
#include "service/printable_db_name.h"
#include "service/store_set.h"

namespace clearbid::cli {
namespace {

namespace fs = std::filesystem;
using namespace clearbid::reports;

struct ReportFlags {
  std::string ocid;
  bool portfolio = false;
  std::vector<std::string> delta;
  std::string format = "html";
  std::string out;
  std::string rules;
  std::string as_of;
  std::string scan;
  bool summaries = false;
};

std::unique_ptr<Clock> MakeClock() {
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
    char* end = nullptr;
    long long v = std::strtoll(epoch, &end, 10);
    if (end && *end == '\0' && v >= 0) return std::make_unique<FixedClock>(v);
  }
  return std::make_unique<SystemClock>();
}

Status WriteText(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    std::cout.flush();
    return std::cout ? Status::Ok() : Status::IoError("cannot write to standard output");
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Status::IoError(fmt::format("{}: cannot write", path));
  return Status::Ok();
}

Result<std::string> ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(fmt::format("{}: cannot open", path.string()));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The store's processes, opened read-only (a SQLite file) or through a
/// PostgreSQL URL; null when the SQLite file is absent.
struct StoreHandle {
  std::unique_ptr<StoreSet> stores;
  ProcessStore* processes = nullptr;
  OcdsReader reader;

  Status Open(const std::string& path) {
    std::error_code ec;
    if (path.empty() || (!IsPostgresUrl(path) && !fs::is_regular_file(path, ec))) return Status::Ok();
    static const SystemClock clock;  // stamps nothing: processes are only read
    StoreSetOptions options;
    options.kinds = kProcessStore;
    options.read_only = true;
    ASSIGN_OR_RETURN(stores, OpenStoreSet(path, &clock, options));
    processes = stores->processes.get();
    return Status::Ok();
  }

  /// The compiled process, or nullopt when the store does not hold it.
  Result<std::optional<ContractingProcess>> Load(const std::string& ocid) {
    if (!processes) return std::optional<ContractingProcess>();
    ASSIGN_OR_RETURN(std::optional<std::string> json, processes->ProcessJson(ocid));
    if (!json) return std::optional<ContractingProcess>();
    ContractingProcess process;
    std::vector<InputIssue> field_errors;
    RETURN_IF_ERROR(reader.ParseRelease(*json, "store:" + ocid, 1, &process, &field_errors));
    return std::optional<ContractingProcess>(std::move(process));
  }
};

Result<ProcessAssessment> AssessOnDemand(const ScreeningContext& context, const ContractingProcess& process,
                                         const std::string& as_of) {
  LoadedInputs none;
  ASSIGN_OR_RETURN(EvidenceSources sources, context.SourcesFor(process, none));
  ProcessEvidence evidence = BuildEvidence(process, sources);
  AssessOptions options;
  options.as_of = as_of;
  return context.assessor().Assess(evidence, options);
}

/// OUT with `suffix` before its extension: "r.csv" + "parties" -> "r.parties.csv".
std::string WithSuffix(const std::string& out, const std::string& suffix) {
  fs::path p(out);
  return (p.parent_path() / (p.stem().string() + "." + suffix + p.extension().string())).string();
}

int Fail(const std::string& message) {
  fmt::print(stderr, "clearbid report: {}\n", message);
  return kExitFailure;
}

int RunContractSummary(const GlobalOptions& global, const ReportFlags& flags, const ReportOptions& options,
                       const std::string& as_of) {
  StoreHandle store;
  if (Status s = store.Open(global.db); !s.ok()) return Fail(s.message());
  Result<std::optional<ContractingProcess>> process = store.Load(flags.ocid);
  if (!process.ok()) return Fail(process.status().message());

  ProcessAssessment assessment;
  bool have = false;
  if (!flags.scan.empty()) {
    fs::path stored = fs::path(flags.scan) / "processes" / (FileSafeName(flags.ocid) + ".json");
    std::error_code ec;
    if (fs::is_regular_file(stored, ec)) {
      Result<std::string> text = ReadText(stored);
      if (!text.ok()) return Fail(text.status().message());
      Result<std::shared_ptr<const RuleCatalogue>> catalogue = ReadScanRuleCatalogue(flags.scan);
      if (!catalogue.ok()) return Fail(catalogue.status().message());
      if (Status s = ReadAssessmentJson(*text, stored.string(), catalogue->get(), &assessment); !s.ok())
        return Fail(s.message());
      have = true;
    }
  }
  if (!have) {
    if (!*process) {
      return Fail(
          fmt::format("{}: no such process in {} (ingest it first, or give --scan with its assessment)",
                      flags.ocid, PrintableDbName(global.db)));
    }
    ScreeningContext context;
    if (Status s = context.Open(global.db, ResolveRulesDir(flags.rules), "", as_of); !s.ok()) {
      return Fail(s.message());
    }
    Result<ProcessAssessment> assessed = AssessOnDemand(context, **process, as_of);
    if (!assessed.ok()) return Fail(assessed.status().message());
    assessment = std::move(assessed).value();
  }
  ContractSummary summary = BuildContractSummary(assessment, *process ? &**process : nullptr, options);
  std::string out = flags.out;
  const std::string& format = flags.format;
  if (format == "html" || format == "json") {
    std::string text = format == "html" ? ContractSummaryHtml(summary) : ContractSummaryJson(summary) + "\n";
    if (Status s = WriteText(out, text); !s.ok()) return Fail(s.message());
  } else if (format == "csv") {
    if (out.empty()) out = FileSafeName(flags.ocid) + ".csv";
    for (const Table& t : ContractSummaryTables(summary)) {
      std::string path = WithSuffix(out, t.name);
      if (Status s = WriteText(path, TableToCsv(t)); !s.ok()) return Fail(s.message());
      fmt::print("{}\n", path);
    }
  } else if (format == "xlsx") {
    if (out.empty()) out = FileSafeName(flags.ocid) + ".xlsx";
    if (Status s = WriteXlsx(out, ContractSummaryTables(summary), options.NowSeconds()); !s.ok()) {
      return Fail(s.message());
    }
    fmt::print("{}\n", out);
  } else if (format == "pdf") {
    if (out.empty()) out = FileSafeName(flags.ocid) + ".pdf";
    if (Status s = PrintHtmlToPdf(ContractSummaryHtml(summary), out); !s.ok()) return Fail(s.message());
    fmt::print("{}\n", out);
  } else {
    fmt::print(stderr, "clearbid report: unknown --format {}\n", format);
    return kExitUsage;
  }
  return kExitOk;
}

int RunPortfolio(const GlobalOptions& global, const ReportFlags& flags, ReportOptions options,
                 const std::string& as_of) {
  if (flags.format == "pdf")
    return Fail("the portfolio is written as html, json, csv or xlsx (print the HTML)");
  fs::path out_dir = flags.out.empty() ? fs::path(".") : fs::path(flags.out);
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) return Fail(fmt::format("{}: {}", out_dir.string(), ec.message()));
  StoreHandle store;
  if (Status s = store.Open(global.db); !s.ok()) return Fail(s.message());
  PortfolioBuilder builder;
  int64_t problems = 0;
  if (!flags.scan.empty()) {
    fs::path folder = fs::path(flags.scan) / "processes";
    if (!fs::is_directory(folder, ec))
      return Fail(fmt::format("{}: not a scan folder (no processes/)", flags.scan));
    std::vector<fs::path> files;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() == ".json") files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    Result<std::shared_ptr<const RuleCatalogue>> catalogue = ReadScanRuleCatalogue(flags.scan);
    if (!catalogue.ok()) return Fail(catalogue.status().message());
    fs::path rel = fs::relative(fs::absolute(folder), fs::absolute(out_dir), ec);
    options.process_link_prefix = ec ? "processes/" : rel.generic_string() + "/";
    if (flags.summaries) {
      fs::create_directories(out_dir / "processes", ec);
      options.process_link_prefix = "processes/";
    }
    for (const fs::path& f : files) {
      ProcessAssessment a;
      Result<std::string> text = ReadText(f);
      Status s = text.ok() ? ReadAssessmentJson(*text, f.string(), catalogue->get(), &a) : text.status();
      if (!s.ok()) {
        fmt::print(stderr, "warning: {}\n", s.message());
        ++problems;
        continue;
      }
      Result<std::optional<ContractingProcess>> process = store.Load(a.ocid);
      const ContractingProcess* known = process.ok() && *process ? &**process : nullptr;
      builder.Add(a, known);
      if (flags.summaries) {
        std::string path = (out_dir / "processes" / (FileSafeName(a.ocid) + ".html")).string();
        if (Status ws = WriteText(path, ContractSummaryHtml(BuildContractSummary(a, known, options)));
            !ws.ok()) {
          return Fail(ws.message());
        }
      }
    }
  } else {
    if (!store.processes)
      return Fail(fmt::format("{}: no store (ingest first, or give --scan DIR)", PrintableDbName(global.db)));
    ScreeningContext context;
    if (Status s = context.Open(global.db, ResolveRulesDir(flags.rules), "", as_of); !s.ok()) {
      return Fail(s.message());
    }
    Result<std::vector<std::string>> ocids = store.processes->Ocids();
    if (!ocids.ok()) return Fail(ocids.status().message());
    if (flags.summaries) fs::create_directories(out_dir / "processes", ec);
    options.process_link_prefix = "processes/";
    for (const std::string& ocid : *ocids) {
      Result<std::optional<ContractingProcess>> process = store.Load(ocid);
      if (!process.ok() || !*process) {
        fmt::print(stderr, "warning: {}: {}\n", ocid,
                   process.ok() ? "not found" : process.status().message());
        ++problems;
        continue;
      }
      Result<ProcessAssessment> assessed = AssessOnDemand(context, **process, as_of);
      if (!assessed.ok()) return Fail(fmt::format("{}: {}", ocid, assessed.status().message()));
      const ProcessAssessment& a = *assessed;
      builder.Add(a, &**process);
      if (flags.summaries) {
        ContractSummary summary = BuildContractSummary(a, &**process, options);
        std::string path = (out_dir / "processes" / (FileSafeName(ocid) + ".html")).string();
        if (Status s = WriteText(path, ContractSummaryHtml(summary)); !s.ok()) return Fail(s.message());
      }
    }
  }
  Portfolio portfolio = builder.Finish(options);
  Status s;
  if (flags.format == "html") {
    std::string path = (out_dir / "portfolio.html").string();
    s = WriteText(path, PortfolioHtml(portfolio));
    if (s.ok()) fmt::print("{}\n", path);
  } else if (flags.format == "json") {
    std::string path = (out_dir / "portfolio.json").string();
    s = WriteText(path, PortfolioJson(portfolio) + "\n");
    if (s.ok()) fmt::print("{}\n", path);
  } else if (flags.format == "csv") {
    for (const Table& t : PortfolioTables(portfolio)) {
      std::string path = (out_dir / ("portfolio." + t.name + ".csv")).string();
      s = WriteText(path, TableToCsv(t));
      if (!s.ok()) break;
      fmt::print("{}\n", path);
    }
  } else if (flags.format == "xlsx") {
    std::string path = (out_dir / "portfolio.xlsx").string();
    s = WriteXlsx(path, PortfolioTables(portfolio), options.NowSeconds());
    if (s.ok()) fmt::print("{}\n", path);
  } else {
    fmt::print(stderr, "clearbid report: unknown --format {}\n", flags.format);
    return kExitUsage;
  }
  if (!s.ok()) return Fail(s.message());
  return problems ? kExitRejected : kExitOk;
}

int RunDelta(const ReportFlags& flags, const ReportOptions& options) {
  if (flags.format != "html" && flags.format != "json") return Fail("the delta is written as html or json");
  ScanIndex a, b;
  if (Status s = ReadScan(flags.delta[0], &a); !s.ok()) return Fail(s.message());
  if (Status s = ReadScan(flags.delta[1], &b); !s.ok()) return Fail(s.message());
  Delta delta = CompareScans(a, b);
  std::error_code ec;
  fs::path base =
      flags.out.empty() || flags.out == "-" ? fs::current_path(ec) : fs::absolute(flags.out).parent_path();
  auto prefix = [&base](const std::string& scan) {
    std::error_code rel_ec;
    fs::path rel = fs::relative(fs::absolute(fs::path(scan) / "processes"), base, rel_ec);
    return rel_ec || rel.empty() ? fs::absolute(fs::path(scan) / "processes").generic_string() + "/"
                                 : rel.generic_string() + "/";
  };
  DeltaLinks links{prefix(flags.delta[0]), prefix(flags.delta[1])};
  std::string text =
      flags.format == "html" ? DeltaHtml(delta, links, options) : DeltaJson(delta, links, options) + "\n";
  if (Status s = WriteText(flags.out, text); !s.ok()) return Fail(s.message());
  for (const std::string& issue : delta.issues) fmt::print(stderr, "warning: {}\n", issue);
  return delta.issues.empty() ? kExitOk : kExitRejected;
}

int RunReport(const GlobalOptions& global, const ReportFlags& flags) {
  int modes = !flags.ocid.empty() + flags.portfolio + !flags.delta.empty();
  if (modes != 1) {
    fmt::print(stderr, "clearbid report: give exactly one of OCID, --portfolio or --delta SCAN_A SCAN_B\n");
    return kExitUsage;
  }
  std::string as_of = ResolveAsOf(flags.as_of);
  if (as_of.empty()) {
    fmt::print(stderr, "clearbid report: --as-of must be YYYY-MM-DD\n");
    return kExitUsage;
  }
  std::unique_ptr<Clock> clock = MakeClock();
  ReportOptions options;
  options.clock = clock.get();
  options.generator = std::string(kGenerator);
  options.attribution = std::string(kOcdsAttribution);
  if (!flags.delta.empty()) return RunDelta(flags, options);
  if (flags.portfolio) return RunPortfolio(global, flags, options, as_of);
  return RunContractSummary(global, flags, options, as_of);
}

}  // namespace

void AddReportCommand(CLI::App& app, GlobalOptions& global, Action& action) {
  auto flags = std::make_shared<ReportFlags>();
  CLI::App* sub =
      app.add_subcommand("report", "Write a contract summary, a portfolio report or a delta between scans");
  sub->add_option("ocid", flags->ocid, "The contracting process to summarise");
  sub->add_flag("--portfolio", flags->portfolio,
                "Portfolio report over every process of the store (or of --scan)");
  sub->add_option("--delta", flags->delta, "Delta report between two scan folders: SCAN_A SCAN_B")
      ->expected(2);
  sub->add_option("--format", flags->format, "html, json, csv, xlsx or pdf (contract summary only)")
      ->check(CLI::IsMember({"html", "json", "csv", "xlsx", "pdf"}))
      ->capture_default_str();
  sub->add_option(
      "--out", flags->out,
      "Output file (contract summary, delta; default standard output for html/json) or folder (portfolio)");
  sub->add_option("--db", global.db, "SQLite store file or postgresql:// URL")->capture_default_str();
  sub->add_option("--rules", flags->rules, "Rule pack folder (default: rules/core)");
  sub->add_option("--as-of", flags->as_of,
                  "Assessment date YYYY-MM-DD for on-demand assessment (default: today)");
  sub->add_option("--scan", flags->scan, "Scan folder to read stored assessments from");
  sub->add_flag("--summaries", flags->summaries,
                "With --portfolio: also write OUT/processes/<file-safe ocid>.html contract summaries (the "
                "links' targets)");
  sub->callback(
      [&global, &action, flags] { action = [&global, flags] { return RunReport(global, *flags); }; });
}

}  // namespace clearbid::cli
