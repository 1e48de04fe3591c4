#pragma once
// The delta report between two scans. A scan folder DIR holds
//   DIR/processes/<FileSafeName(ocid)>.json   one assessment (AssessmentToJson)
//   DIR/processes/<FileSafeName(ocid)>.html   its contract summary (optional)
//   DIR/summary.json                          the scan's summary (not read here)
// The delta lists new flags (a rule flagged for a subject in B and not in A,
// including those of processes new in B), resolved flags, changed bands, and
// new and removed processes, each linked to its contract summary. HTML and
// JSON ("clearbid.delta/1.1", docs/schemas/delta.schema.json).

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "engine/base/status.h"
#include "engine/rules/assessment.h"
#include "reports/report_options.h"

namespace clearbid::reports {

inline constexpr std::string_view kDeltaSchema = "clearbid.delta/1.1";

/// A flagged finding, reduced to what a delta compares and shows.
struct FlagBrief {
  std::string subject_id;  // party id or "process"
  std::string subject_name;
  std::string rule_id;
  std::string title;
  Severity severity = Severity::kMedium;
  bool zero_tolerance = false;
};

struct ProcessBrief {
  std::string ocid;
  Band band = Band::kLow;
  double score = 0;
  std::vector<FlagBrief> flags;  // sorted by (subject, rule)
};

/// What one scan folder holds, reduced to briefs (one per process).
struct ScanIndex {
  std::string dir;
  std::map<std::string, ProcessBrief> processes;  // by ocid
  /// One line per file that could not be read ("path: reason"); the rest is read.
  std::vector<std::string> issues;
};

ProcessBrief BriefOf(const ProcessAssessment& assessment);
/// `brief` with its flags sorted by (subject, rule), repeats dropped: BriefOf's form.
ProcessBrief NormalisedBrief(ProcessBrief brief);

/// Reads DIR/processes/*.json. Fails only when DIR/processes is missing;
/// a bad file is recorded in `issues` and skipped. Files are read in name order.
Status ReadScan(const std::string& dir, ScanIndex* out);

struct FlagChange {
  std::string ocid;
  FlagBrief flag;
  Band band = Band::kLow;  // the process's band in the scan where the flag is
  bool new_process = false;
  bool removed_process = false;
};

struct BandChange {
  std::string ocid;
  Band from = Band::kLow, to = Band::kLow;
  double score_from = 0, score_to = 0;
};

/// How many changes of each kind there are, listed or not.
struct DeltaCounts {
  int64_t new_flags = 0, resolved_flags = 0, band_changes = 0, new_processes = 0, removed_processes = 0;
};

struct Delta {
  std::string scan_a, scan_b;
  int64_t processes_a = 0, processes_b = 0;
  std::vector<FlagChange> new_flags;                           // most severe first, then ocid, subject, rule
  std::vector<FlagChange> resolved_flags;                      // same order
  std::vector<BandChange> band_changes;                        // worsened first, then ocid
  std::vector<ProcessBrief> new_processes, removed_processes;  // ocid order
  std::vector<std::string> issues;                             // both scans' read issues (A's first)
  /// Every change counted; each list above holds the first `listed_at_most`
  /// of its kind in its order (all of them unless a DeltaBuilder was given a
  /// limit).
  DeltaCounts counts;
  size_t listed_at_most = std::numeric_limits<size_t>::max();
  /// New flags that are not zero-tolerance, by Severity, and the
  /// zero-tolerance ones (CountNewFlagsAtLeast, listed or not).
  std::array<int64_t, 5> new_flags_by_severity{};
  int64_t new_zero_tolerance_flags = 0;

  /// True when a list holds fewer entries than its count.
  bool truncated() const;
};

/// Builds a Delta one process at a time, so that two scans of a million
/// processes need not be held in memory together: the caller reads the
/// briefs of a slice of processes from both scans, hands them over and drops
/// them. The changes are counted in full; each list keeps at most `listed`
/// entries, the first in the order the Delta gives (kept bounded as they
/// come: at most twice `listed` are held), so that the result does not depend
/// on the order in which processes are added (CompareScans with no limit
/// gives the same lists). Issues are kept in the order they come, A's before
/// B's, at most `listed` of each.
class DeltaBuilder {
 public:
  DeltaBuilder(std::string scan_a, std::string scan_b,
               size_t listed = std::numeric_limits<size_t>::max());
  /// One process, by its brief in scan A and in scan B (either may be null).
  void Add(const ProcessBrief* a, const ProcessBrief* b);
  void AddIssueA(std::string issue);
  void AddIssueB(std::string issue);
  Delta Finish();

 private:
  void Trim(bool final);
  Delta d_;
  std::vector<std::string> issues_b_;
  int64_t issues_a_count_ = 0, issues_b_count_ = 0;
};

/// Every process of A and B (DeltaBuilder with no limit).
Delta CompareScans(const ScanIndex& a, const ScanIndex& b);

struct DeltaLinks {
  /// Prefixes to a contract summary in scan A and in scan B, relative to the
  /// delta report's own location (e.g. "../2026-11-24/processes/", "processes/").
  std::string a = "processes/";
  std::string b = "processes/";
};

std::string DeltaHtml(const Delta& delta, const DeltaLinks& links, const ReportOptions& options);
std::string DeltaJson(const Delta& delta, const DeltaLinks& links, const ReportOptions& options,
                      int indent = 2);

/// The number of new flags of at least `severity` (a zero-tolerance flag
/// always counts), listed or not.
int64_t CountNewFlagsAtLeast(const Delta& delta, Severity severity);

}  // namespace clearbid::reports
