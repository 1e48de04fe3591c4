// Rule-engine throughput (issue 4): the shipped pack over N generated
// suppliers' evidence (OCDS party, supplier disclosure with supply chain and
// agencies, audit reports with findings and narratives), list matching
// excluded. Reports supplier evaluations per second on one thread and on
// every core, with explanations on (as `screen` and `scan` run) and off.
//
//   ./build/bench/rules_bench [N=1000000] [rules/core] [--explain=on|off] [--threads=K]
//   ./build/bench/rules_bench N [rules/core] --digest
//
// By default every combination of explain off/on and 1 thread/every core is
// run; --explain and --threads select one (e.g. to count instructions of one
// mode under `valgrind --tool=callgrind`). --digest times nothing: it prints
// a digest of the N assessments' JSON (explanations on), so that a change
// meant to be faster can be shown to give the same bytes.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "engine/rules/assessment_json.h"
#include "engine/rules/assessor.h"
#include "engine/rules/rule_pack.h"

namespace {

using namespace clearbid;

// splitmix64: deterministic evidence for any N.
struct Rng {
  uint64_t s;
  uint64_t Next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }
  std::optional<bool> Tri() {
    int r = Below(10);
    if (r < 2) return std::nullopt;
    return r < 7;
  }
};

const char* kCountries[] = {"PT", "UA", "MD", "KZ", "TR", "GE", "UZ", "BD", "CN", "IN"};
const char* kNarratives[] = {
    "Workers reported that their passports were held by the supervisor and that they owe a recruitment debt.",
    "No issues were found; wages are paid on time and workers keep their own documents.",
    "Рабочие сообщили, что паспорта хранятся у работодателя, а зарплата задерживается на три месяца.",
    "Overtime reached 80 hours a week during the peak season; dormitories were overcrowded."};

ProcessEvidence MakeEvidence(Rng& rng, int i) {
  ProcessEvidence ev;
  ContractingProcess& p = ev.process;
  p.ocid = "ocds-bench-" + std::to_string(i);
  p.tender.procurement_method = rng.Below(2) ? "open" : "limited";
  p.tender.value.amount = 10000.0 * (1 + rng.Below(1000));
  Item item;
  item.classification = {"CPV", rng.Below(2) ? "18100000" : "30213000", ""};
  p.tender.items.push_back(item);
  Party s;
  s.id = "S" + std::to_string(i);
  s.name = "Supplier " + std::to_string(i);
  s.identifier = {"XX-BENCH", std::to_string(i), ""};
  s.roles = {"supplier", "tenderer"};
  s.tier = 1;
  s.address.country = kCountries[rng.Below(10)];
  p.parties.push_back(s);
  PartyEvidence pe;
  pe.party_index = 0;
  pe.lists_screened = rng.Below(4) != 0;
  if (rng.Below(4) != 0) {
    SupplierDisclosure d;
    d.disclosure_id = "D" + std::to_string(i);
    d.submitted = "2026-0" + std::to_string(1 + rng.Below(9)) + "-15";
    d.policy.exists = rng.Tri();
    d.policy.covers_subcontractors = rng.Tri();
    d.policy.prohibits_worker_paid_fees = rng.Tri();
    d.policy.prohibits_document_retention = rng.Tri();
    d.due_diligence.process_exists = rng.Tri();
    d.due_diligence.risk_assessment = rng.Tri();
    d.grievance.exists = rng.Tri();
    d.supply_chain.complete = rng.Tri();
    int entries = rng.Below(4);
    for (int e = 0; e < entries; ++e) {
      SupplyChainEntry en;
      en.ref = "E" + std::to_string(e);
      en.role = e == 0 ? ChainRole::kSite : ChainRole::kSubcontractor;
      en.tier = 1 + rng.Below(3);
      en.name = "Site " + std::to_string(e);
      en.address.country = kCountries[rng.Below(10)];
      if (rng.Below(2)) en.address.locality = "Town";
      if (rng.Below(5) == 0) en.practices.recruitment_fees_paid_by = CostBearer::kWorker;
      if (rng.Below(8) == 0) en.practices.identity_documents_retained = true;
      d.supply_chain.entries.push_back(en);
    }
    d.recruitment.uses_agencies = rng.Tri();
    if (d.recruitment.uses_agencies.value_or(false) && rng.Below(3)) {
      RecruitmentAgency a;
      a.ref = "A1";
      a.name = "Agency";
      a.licensed = rng.Tri();
      a.practices.recruitment_fees_paid_by = rng.Below(3) ? CostBearer::kEmployer : CostBearer::kWorker;
      d.recruitment.agencies.push_back(a);
    }
    pe.disclosure = d;
  }
  int audits = rng.Below(3);
  for (int a = 0; a < audits; ++a) {
    AuditReport r;
    r.audit_id = "AU" + std::to_string(i) + "-" + std::to_string(a);
    r.date = "2025-0" + std::to_string(1 + rng.Below(9)) + "-01";
    r.auditor.firm = "Audit firm";
    r.auditor.independence = rng.Below(4) ? "third_party" : "first_party";
    r.scope.forced_labour_in_scope = rng.Tri();
    int findings = rng.Below(4);
    for (int f = 0; f < findings; ++f) {
      AuditFinding fi;
      fi.code = "F" + std::to_string(f);
      fi.severity = static_cast<FindingSeverity>(rng.Below(5));
      fi.status = static_cast<CapStatus>(rng.Below(3));
      if (rng.Below(3) == 0) fi.ilo_indicator = static_cast<IloIndicator>(rng.Below(11));
      r.findings.push_back(fi);
    }
    r.narrative = kNarratives[rng.Below(4)];
    pe.audits.push_back(r);
  }
  ev.parties.push_back(std::move(pe));
  return ev;
}

// Assesses `n` suppliers generated in chunks (generation is not timed, and
// memory stays bounded); returns the assessing seconds.
double Run(const Assessor& assessor, size_t n, unsigned threads, bool explain, int64_t* flagged) {
  AssessOptions options;
  options.as_of = "2026-11-25";
  options.explain = explain;
  constexpr size_t kChunk = 50000;
  Rng rng{42};
  double secs = 0;
  *flagged = 0;
  for (size_t base = 0; base < n; base += kChunk) {
    std::vector<ProcessEvidence> evidence;
    size_t count = std::min(kChunk, n - base);
    evidence.reserve(count);
    for (size_t i = 0; i < count; ++i) evidence.push_back(MakeEvidence(rng, static_cast<int>(base + i)));
    std::vector<int64_t> counts(threads, 0);
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        for (size_t i = t; i < evidence.size(); i += threads)
          counts[t] += assessor.AssessParty(evidence[i], 0, options).flagged;
      });
    }
    for (auto& th : pool) th.join();
    secs += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (int64_t c : counts) *flagged += c;
  }
  return secs;
}

// FNV-1a over every assessment's JSON, one per line, in supplier order.
uint64_t Digest(const Assessor& assessor, size_t n) {
  AssessOptions options;
  options.as_of = "2026-11-25";
  options.explain = true;
  Rng rng{42};
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; ++i) {
    std::string json = AssessmentToJson(assessor.Assess(MakeEvidence(rng, static_cast<int>(i)), options));
    json += '\n';
    for (unsigned char c : json) h = (h ^ c) * 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> positional;
  std::vector<bool> explain_modes = {false, true};
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  std::vector<unsigned> thread_counts = {1u, cores};
  bool digest = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--explain=on" || arg == "--explain=off") {
      explain_modes = {arg == "--explain=on"};
    } else if (arg.rfind("--threads=", 0) == 0) {
      unsigned long k = std::strtoul(argv[i] + 10, nullptr, 10);
      if (k == 0 || k > 256) {
        std::fprintf(stderr, "--threads: expected 1..256\n");
        return 2;
      }
      thread_counts = {static_cast<unsigned>(k)};
    } else if (arg == "--digest") {
      digest = true;
    } else if (arg.rfind("--", 0) == 0) {
      std::fprintf(stderr, "usage: rules_bench [N] [rules dir] [--explain=on|off] [--threads=K] [--digest]\n");
      return 2;
    } else {
      positional.push_back(arg);
    }
  }
  size_t n = positional.size() > 0 ? std::strtoull(positional[0].data(), nullptr, 10) : 1000000;
  std::string dir = positional.size() > 1 ? std::string(positional[1]) : std::string(CLEARBID_SOURCE_DIR) + "/rules/core";
  std::vector<PackIssue> issues;
  Result<RulePack> pack = LoadRulePack(dir, &issues);
  if (!pack.ok()) {
    std::fprintf(stderr, "%s\n", pack.status().ToString().c_str());
    return 1;
  }
  Result<std::unique_ptr<Assessor>> assessor = Assessor::Create(&*pack);
  if (!assessor.ok()) return 1;
  if (digest) {
    std::printf("%zu assessments, digest %016llx\n", n, static_cast<unsigned long long>(Digest(**assessor, n)));
    return 0;
  }
  std::printf("| suppliers | rules | threads | explain | seconds | evaluations/s | per core | flagged findings |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  for (bool explain : explain_modes) {
    for (unsigned threads : thread_counts) {
      int64_t flagged = 0;
      double secs = Run(**assessor, n, threads, explain, &flagged);
      std::printf("| %zu | %zu | %u | %s | %.2f | %.0f | %.0f | %lld |\n", n, pack->rules.size(), threads,
                  explain ? "on" : "off", secs, n / secs, n / secs / threads, static_cast<long long>(flagged));
    }
  }
  return 0;
}
