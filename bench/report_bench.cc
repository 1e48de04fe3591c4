// Report benchmark (issue 5): contract summaries, HTML and JSON, for N
// generated assessments, on T threads; prints processes/s. Target: 100,000
// processes in under 60 s on 2 cores.
//
// The assessments are generated deterministically (a pool of distinct ones,
// each rendered under its own ocid): 3 to 5 parties with 35 findings each
// (flagged, insufficient_data with missing evidence, clear, not applicable;
// evidence, legal bases), 5 process findings, and an OCDS process with items,
// close to what the core rule pack produces for a real bid.
//
// usage: report_bench [--processes N] [--threads T] [--indent I] [--only html|json|assessment] [--out DIR]
//   --indent I  JSON indentation (default -1: one line, as machines read it; the
//               CLI's --format json pretty-prints with 2)
//   --out DIR   writes DIR/<file-safe ocid>.{html,json} (else only bytes are counted)

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/base/clock.h"
#include "engine/model/contracting_process.h"
#include "engine/rules/assessment.h"
#include "engine/rules/assessment_json.h"
#include "reports/contract_summary.h"
#include "reports/file_names.h"

namespace clearbid {
namespace {

constexpr size_t kPool = 256;

Finding MakeFinding(uint64_t seed, int k) {
  Finding f;
  f.rule_id = "R-" + std::to_string(k);
  RuleTexts texts;
  texts.title = "Rule number " + std::to_string(k) + " about recruitment fees and identity documents";
  f.category = static_cast<RuleCategory>(k % 5);
  f.severity = static_cast<Severity>((seed + k) % 5);
  uint64_t s = (seed * 31 + k * 7) % 10;
  f.status = s < 2   ? RuleStatus::kFlagged
             : s < 6 ? RuleStatus::kInsufficientData
             : s < 9 ? RuleStatus::kClear
                     : RuleStatus::kNotApplicable;
  f.zero_tolerance = k % 11 == 0;
  f.contribution = f.status == RuleStatus::kFlagged ? 5.0 + k % 20 : 0;
  f.action = static_cast<Action>(k % 5);
  texts.action_text = "Require a corrective action plan with dates and third-party verification.";
  texts.condition = "audit.open_critical > 0";
  LegalBasis lb;
  lb.standard = "ILO C29 (Forced Labour Convention, 1930)";
  lb.article = "Art. 2(1)";
  LegalBasis seedref;
  seedref.seed = "001_f5fb0d52df27a55c.txt";
  seedref.lines = std::to_string(1300 + k);
  texts.legal_basis = {seedref, lb};
  f.texts = std::make_shared<const RuleTexts>(std::move(texts));
  if (f.status == RuleStatus::kFlagged) {
    f.evidence = {
        {"fact", "audit.open_critical = 2", "", -1, -1},
        {"audit_finding", "audit AUD-2026-0417 at site 3: finding NC-01 [critical] open: wages withheld",
         "AUD-2026-0417/NC-01", -1, -1},
        {"narrative", "passports kept by the employer", "AUD-2026-0417", 120, 150}};
  }
  if (f.status == RuleStatus::kInsufficientData) {
    f.missing = {{"audit.open_critical", "audit report findings (status, severity)"}};
  }
  return f;
}

ProcessAssessment MakeAssessment(uint64_t seed) {
  ProcessAssessment a;
  a.ocid = "ocds-bench-" + std::to_string(seed);
  a.as_of = "2026-11-25";
  a.pack_id = "core";
  a.pack_version = "1.0.0";
  a.engine_version = "clearbid-rules/1.0";
  a.band = static_cast<Band>(seed % 4);
  a.score = static_cast<double>(seed % 100);
  a.band_reason = "score " + std::to_string(seed % 100) + ": highest party contribution plus process rules";
  a.list_versions = {"eu-sanctions v3 sha256:0123456789abcdef"};
  a.input_digests = {"file sha256:00112233445566778899aabbccddeeff"};
  int parties = 3 + static_cast<int>(seed % 3);
  for (int p = 0; p < parties; ++p) {
    PartyAssessment pa;
    pa.party_id = "PT-NIPPC-50567" + std::to_string(seed % 1000 + p);
    pa.name = "Têxteis Atlântico " + std::to_string(seed % 5000 + p) + ", Lda.";
    pa.identifier = "PT-NIPPC/" + pa.party_id.substr(9);
    pa.roles = {p == 0 ? "supplier" : "subcontractor"};
    pa.tier = 1 + p;
    pa.country = p % 2 ? "MD" : "PT";
    pa.band = static_cast<Band>((seed + p) % 4);
    pa.score = 25.0 * static_cast<double>(pa.band);
    pa.band_reason = "score from flagged rules";
    for (int k = 0; k < 35; ++k) {
      Finding f = MakeFinding(seed + p, k);
      switch (f.status) {
        case RuleStatus::kFlagged:
          ++pa.flagged;
          break;
        case RuleStatus::kInsufficientData:
          ++pa.insufficient;
          break;
        case RuleStatus::kClear:
          ++pa.clear;
          break;
        case RuleStatus::kNotApplicable:
          ++pa.not_applicable;
          break;
      }
      pa.findings.push_back(std::move(f));
    }
    a.contributions.push_back({pa.party_id, pa.score, 1.0, pa.score, pa.name});
    a.parties.push_back(std::move(pa));
  }
  for (int k = 100; k < 105; ++k) a.process_findings.push_back(MakeFinding(seed, k));
  return a;
}

ContractingProcess MakeProcess(uint64_t seed) {
  ContractingProcess p;
  p.ocid = "ocds-bench-" + std::to_string(seed);
  p.buyer = {"BUYER-" + std::to_string(seed % 50), "Município de Exemplo " + std::to_string(seed % 50)};
  p.tender.title = "Fornecimento de fardamento, lote " + std::to_string(seed);
  p.tender.value.amount = 1000.0 * static_cast<double>(seed % 997);
  p.tender.value.currency = "EUR";
  for (int i = 0; i < 3; ++i) {
    Item item;
    item.id = std::to_string(i);
    item.description = "Vestuário de trabalho " + std::to_string(i);
    item.classification = {"CPV", std::to_string(18100000 + 10000 * i) + "-3", "Vestuário"};
    p.tender.items.push_back(std::move(item));
  }
  return p;
}

}  // namespace
}  // namespace clearbid

int main(int argc, char** argv) {
  using namespace clearbid;
  int64_t n = 100000;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::string out;
  int indent = -1;
  std::string only;  // "html", "json" or "assessment" (the engine's AssessmentToJson alone) to time one part
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--processes" && i + 1 < argc)
      n = std::atoll(argv[++i]);
    else if (arg == "--threads" && i + 1 < argc)
      threads = static_cast<unsigned>(std::max(1, std::atoi(argv[++i])));
    else if (arg == "--out" && i + 1 < argc)
      out = argv[++i];
    else if (arg == "--indent" && i + 1 < argc)
      indent = std::atoi(argv[++i]);
    else if (arg == "--only" && i + 1 < argc)
      only = argv[++i];
    else {
      std::fprintf(stderr,
                   "usage: report_bench [--processes N] [--threads T] [--indent I] [--only "
                   "html|json|assessment] [--out DIR]\n");
      return 2;
    }
  }
  if (!out.empty()) std::filesystem::create_directories(out);
  std::vector<ProcessAssessment> pool;
  std::vector<ContractingProcess> processes;
  for (uint64_t s = 0; s < kPool; ++s) {
    pool.push_back(MakeAssessment(s));
    processes.push_back(MakeProcess(s));
  }
  FixedClock clock(1795000000);
  reports::ReportOptions options;
  options.clock = &clock;
  options.generator = "clearbid report_bench";
  std::atomic<int64_t> next{0}, html_bytes{0}, json_bytes{0};
  std::atomic<bool> failed{false};
  auto start = std::chrono::steady_clock::now();
  auto work = [&] {
    std::vector<ProcessAssessment> mine = pool;  // per-thread copies: the ocid changes per process
    std::vector<ContractingProcess> mine_p = processes;
    int64_t h = 0, j = 0;
    for (int64_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) {
      ProcessAssessment& a = mine[static_cast<size_t>(i) % kPool];
      ContractingProcess& p = mine_p[static_cast<size_t>(i) % kPool];
      a.ocid = p.ocid = "ocds-bench/" + std::to_string(i);
      reports::ContractSummary summary = reports::BuildContractSummary(a, &p, options);
      std::string html = only != "json" ? reports::ContractSummaryHtml(summary) : std::string();
      std::string json = only == "assessment" ? AssessmentToJson(a, indent)
                         : only != "html"     ? reports::ContractSummaryJson(summary, indent)
                                              : std::string();
      h += static_cast<int64_t>(html.size());
      j += static_cast<int64_t>(json.size());
      if (!out.empty()) {
        std::string base = out + "/" + reports::FileSafeName(a.ocid);
        std::ofstream(base + ".html", std::ios::binary) << html;
        std::ofstream(base + ".json", std::ios::binary) << json;
        if (!std::filesystem::exists(base + ".json")) failed = true;
      }
    }
    html_bytes += h;
    json_bytes += j;
  };
  std::vector<std::thread> pool_threads;
  for (unsigned t = 0; t < threads; ++t) pool_threads.emplace_back(work);
  for (std::thread& t : pool_threads) t.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
               static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  std::printf(
      "report_bench: %lld contract summaries (HTML + JSON) on %u threads in %.2f s: %.0f processes/s; "
      "%.1f KB HTML + %.1f KB JSON per process%s\n",
      static_cast<long long>(n), threads, seconds, static_cast<double>(n) / seconds,
      static_cast<double>(html_bytes.load()) / static_cast<double>(n) / 1024,
      static_cast<double>(json_bytes.load()) / static_cast<double>(n) / 1024,
      out.empty() ? "" : (", written to " + out).c_str());
  // On a shared machine wall time depends on the load; CPU time (including the
  // pool generation, a few ms) divided by the threads is what the same run
  // would take on that many idle cores.
  std::printf(
      "CPU %.2f s (%.3f ms per process); projected for 100000 processes: %.1f s wall at this load, "
      "%.1f s on %u idle cores\n",
      cpu, cpu * 1000 / static_cast<double>(n), seconds / static_cast<double>(n) * 100000,
      cpu / static_cast<double>(n) * 100000 / threads, threads);
  return failed ? 1 : 0;
}
