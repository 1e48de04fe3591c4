#include "reports/delta.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "reports/assessment_reader.h"
#include "reports/brief_reader.h"
#include "reports/file_names.h"
#include "reports/html_page.h"
#include "reports/text_safety.h"

namespace clearbid::reports {
namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

double Round2(double v) { return std::round(v * 100) / 100; }
std::string E(std::string_view s) { return HtmlEscape(s); }

bool FlagKeyLess(const FlagBrief& a, const FlagBrief& b) {
  if (a.subject_id != b.subject_id) return a.subject_id < b.subject_id;
  return a.rule_id < b.rule_id;
}

bool ChangeBefore(const FlagChange& a, const FlagChange& b) {
  if (a.flag.zero_tolerance != b.flag.zero_tolerance) return a.flag.zero_tolerance;
  if (a.flag.severity != b.flag.severity) return a.flag.severity > b.flag.severity;
  if (a.ocid != b.ocid) return a.ocid < b.ocid;
  return FlagKeyLess(a.flag, b.flag);
}

/// Flags of `x` whose (subject, rule) is not among `y`'s (both sorted).
std::vector<const FlagBrief*> Minus(const std::vector<FlagBrief>& x, const std::vector<FlagBrief>& y) {
  std::vector<const FlagBrief*> out;
  size_t j = 0;
  for (const FlagBrief& f : x) {
    while (j < y.size() && FlagKeyLess(y[j], f)) ++j;
    if (j < y.size() && !FlagKeyLess(f, y[j])) continue;
    out.push_back(&f);
  }
  return out;
}

std::string LinkTo(const std::string& prefix, const std::string& ocid) {
  return prefix + FileSafeName(ocid) + ".html";
}

std::string FlagTableHtml(const std::vector<FlagChange>& changes, const std::string& prefix, bool show_new) {
  if (changes.empty()) return "<p>None.</p>\n";
  std::string out =
      "<table>\n<thead><tr><th>Process</th><th>Subject</th><th>Rule</th><th>Severity</th><th>Process "
      "band</th>"
      "</tr></thead>\n<tbody>\n";
  for (const FlagChange& c : changes) {
    std::string note;
    if (show_new && c.new_process) note = " <span class=\"muted small\">(new process)</span>";
    if (!show_new && c.removed_process) note = " <span class=\"muted small\">(process removed)</span>";
    out += fmt::format(
        "<tr><td><a href=\"{}\"><code>{}</code></a>{}</td><td>{} <code class=\"muted\">{}</code></td>"
        "<td><code>{}</code> {}</td><td>{}{}</td><td>{}</td></tr>\n",
        E(LinkTo(prefix, c.ocid)), E(c.ocid), note, E(c.flag.subject_name), E(c.flag.subject_id),
        E(c.flag.rule_id), E(c.flag.title), E(SeverityCode(c.flag.severity)),
        c.flag.zero_tolerance ? " · zero tolerance" : "", BandBadge(c.band));
  }
  out += "</tbody>\n</table>\n";
  return out;
}

Json FlagChangesJson(const std::vector<FlagChange>& changes, const std::string& prefix,
                     const char* process_flag, bool new_side) {
  Json out = Json::array();
  for (const FlagChange& c : changes) {
    out.push_back({{"ocid", c.ocid},
                   {"subject", c.flag.subject_id},
                   {"subject_name", c.flag.subject_name},
                   {"rule", c.flag.rule_id},
                   {"title", c.flag.title},
                   {"severity", SeverityCode(c.flag.severity)},
                   {"zero_tolerance", c.flag.zero_tolerance},
                   {"band", BandCode(c.band)},
                   {process_flag, new_side ? c.new_process : c.removed_process},
                   {"link", LinkTo(prefix, c.ocid)}});
  }
  return out;
}

}  // namespace

ProcessBrief BriefOf(const ProcessAssessment& a) {
  ProcessBrief b{a.ocid, a.band, a.score, {}};
  auto add = [&b](const std::string& id, const std::string& name, const std::vector<Finding>& fs) {
    for (const Finding& f : fs) {
      if (f.status == RuleStatus::kFlagged)
        b.flags.push_back({id, name, f.rule_id, f.title(), f.severity, f.zero_tolerance});
    }
  };
  for (const PartyAssessment& p : a.parties) add(p.party_id, p.name, p.findings);
  add("process", "the contracting process", a.process_findings);
  return NormalisedBrief(std::move(b));
}

ProcessBrief NormalisedBrief(ProcessBrief b) {
  // Stable: of two flags of one subject and rule, the first is kept.
  std::stable_sort(b.flags.begin(), b.flags.end(), FlagKeyLess);
  b.flags.erase(std::unique(b.flags.begin(), b.flags.end(),
                            [](const FlagBrief& x, const FlagBrief& y) {
                              return !FlagKeyLess(x, y) && !FlagKeyLess(y, x);
                            }),
                b.flags.end());
  return b;
}

Status ReadScan(const std::string& dir, ScanIndex* out) {
  out->dir = dir;
  out->processes.clear();
  out->issues.clear();
  fs::path folder = fs::path(dir) / "processes";
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    return Status::NotFound(fmt::format("{}: not a scan folder (no processes/ folder)", dir));
  }
  // Compact assessments are completed with the folder's rule catalogue.
  ASSIGN_OR_RETURN(std::shared_ptr<const RuleCatalogue> catalogue, ReadScanRuleCatalogue(dir));
  std::vector<fs::path> files;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".json" && it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec) return Status::IoError(fmt::format("{}: {}", folder.string(), ec.message()));
  std::sort(files.begin(), files.end());
  BriefReader briefs;
  for (const fs::path& path : files) {
    std::string name = path.string();
    uintmax_t size = fs::file_size(path, ec);
    if (ec || size > kMaxAssessmentJsonBytes) {
      out->issues.push_back(
          fmt::format("{}: {}", name, ec ? ec.message() : "file larger than the assessment limit"));
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof()) {
      out->issues.push_back(fmt::format("{}: cannot read", name));
      continue;
    }
    Result<ProcessBrief> brief = briefs.Read(text.str(), name, catalogue.get());
    if (!brief.ok()) {
      out->issues.push_back(brief.status().message());
      continue;
    }
    const std::string ocid = brief->ocid;
    std::string expected = FileSafeName(ocid) + ".json";
    if (path.filename().string() != expected) {
      out->issues.push_back(
          fmt::format("{}: holds ocid {} (expected file name {}); read anyway", name, ocid, expected));
    }
    if (out->processes.count(ocid)) {
      out->issues.push_back(fmt::format("{}: ocid {} appears twice; the first file is kept", name, ocid));
      continue;
    }
    out->processes.emplace(ocid, std::move(*brief));
  }
  return Status::Ok();
}

namespace {

bool BandChangeBefore(const BandChange& x, const BandChange& y) {
  const bool xw = x.to > x.from, yw = y.to > y.from;
  if (xw != yw) return xw;
  if (x.to != y.to) return x.to > y.to;
  return x.ocid < y.ocid;
}

bool OcidBefore(const ProcessBrief& x, const ProcessBrief& y) { return x.ocid < y.ocid; }

// Keeps the first `limit` of `v` in `before`'s order (a total order on a
// delta's entries: no two compare equal), sorted when `final`; otherwise
// only once `v` holds more than twice `limit`, so that trimming costs
// little per entry.
template <typename T, typename Less>
void KeepFirst(std::vector<T>* v, size_t limit, bool final, Less before) {
  const size_t slack = limit > std::numeric_limits<size_t>::max() / 2 ? limit : 2 * limit;
  if (!final && v->size() <= slack) return;
  if (v->size() > limit) {
    std::nth_element(v->begin(), v->begin() + static_cast<std::ptrdiff_t>(limit), v->end(), before);
    v->resize(limit);
  }
  if (final) std::sort(v->begin(), v->end(), before);
}

}  // namespace

bool Delta::truncated() const {
  return static_cast<int64_t>(new_flags.size()) < counts.new_flags ||
         static_cast<int64_t>(resolved_flags.size()) < counts.resolved_flags ||
         static_cast<int64_t>(band_changes.size()) < counts.band_changes ||
         static_cast<int64_t>(new_processes.size()) < counts.new_processes ||
         static_cast<int64_t>(removed_processes.size()) < counts.removed_processes;
}

DeltaBuilder::DeltaBuilder(std::string scan_a, std::string scan_b, size_t listed) {
  d_.scan_a = std::move(scan_a);
  d_.scan_b = std::move(scan_b);
  d_.listed_at_most = listed;
}

void DeltaBuilder::Add(const ProcessBrief* pa, const ProcessBrief* pb) {
  static const std::vector<FlagBrief> kNone;
  if (pb) {
    if (!pa) {
      ++d_.counts.new_processes;
      d_.new_processes.push_back(*pb);
    }
    for (const FlagBrief* f : Minus(pb->flags, pa ? pa->flags : kNone)) {
      ++d_.counts.new_flags;
      if (f->zero_tolerance) {
        ++d_.new_zero_tolerance_flags;
      } else {
        ++d_.new_flags_by_severity[static_cast<size_t>(f->severity)];
      }
      d_.new_flags.push_back({pb->ocid, *f, pb->band, pa == nullptr, false});
    }
    if (pa) {
      for (const FlagBrief* f : Minus(pa->flags, pb->flags)) {
        ++d_.counts.resolved_flags;
        d_.resolved_flags.push_back({pb->ocid, *f, pb->band, false, false});
      }
      if (pa->band != pb->band) {
        ++d_.counts.band_changes;
        d_.band_changes.push_back({pb->ocid, pa->band, pb->band, pa->score, pb->score});
      }
    }
  } else if (pa) {
    ++d_.counts.removed_processes;
    d_.removed_processes.push_back(*pa);
    for (const FlagBrief& f : pa->flags) {
      ++d_.counts.resolved_flags;
      d_.resolved_flags.push_back({pa->ocid, f, pa->band, false, true});
    }
  }
  Trim(/*final=*/false);
}

void DeltaBuilder::AddIssueA(std::string issue) {
  if (static_cast<size_t>(issues_a_count_++) < d_.listed_at_most) d_.issues.push_back("A: " + issue);
}

void DeltaBuilder::AddIssueB(std::string issue) {
  if (static_cast<size_t>(issues_b_count_++) < d_.listed_at_most) issues_b_.push_back("B: " + issue);
}

void DeltaBuilder::Trim(bool final) {
  const size_t n = d_.listed_at_most;
  KeepFirst(&d_.new_flags, n, final, ChangeBefore);
  KeepFirst(&d_.resolved_flags, n, final, ChangeBefore);
  KeepFirst(&d_.band_changes, n, final, BandChangeBefore);
  KeepFirst(&d_.new_processes, n, final, OcidBefore);
  KeepFirst(&d_.removed_processes, n, final, OcidBefore);
}

Delta DeltaBuilder::Finish() {
  Trim(/*final=*/true);
  const int64_t omitted_a = issues_a_count_ - static_cast<int64_t>(d_.issues.size());
  if (omitted_a > 0) d_.issues.push_back(fmt::format("A: {} more files that could not be read", omitted_a));
  for (std::string& i : issues_b_) d_.issues.push_back(std::move(i));
  const int64_t omitted_b = issues_b_count_ - static_cast<int64_t>(issues_b_.size());
  if (omitted_b > 0) d_.issues.push_back(fmt::format("B: {} more files that could not be read", omitted_b));
  issues_b_.clear();
  return std::move(d_);
}

Delta CompareScans(const ScanIndex& a, const ScanIndex& b) {
  DeltaBuilder builder(a.dir, b.dir);
  for (const std::string& i : a.issues) builder.AddIssueA(i);
  for (const std::string& i : b.issues) builder.AddIssueB(i);
  for (const auto& [ocid, pb] : b.processes) {
    auto it = a.processes.find(ocid);
    builder.Add(it == a.processes.end() ? nullptr : &it->second, &pb);
  }
  for (const auto& [ocid, pa] : a.processes) {
    if (!b.processes.count(ocid)) builder.Add(&pa, nullptr);
  }
  Delta d = builder.Finish();
  d.processes_a = static_cast<int64_t>(a.processes.size());
  d.processes_b = static_cast<int64_t>(b.processes.size());
  return d;
}

int64_t CountNewFlagsAtLeast(const Delta& delta, Severity severity) {
  int64_t n = delta.new_zero_tolerance_flags;
  for (size_t s = static_cast<size_t>(severity); s < delta.new_flags_by_severity.size(); ++s)
    n += delta.new_flags_by_severity[s];
  return n;
}

std::string DeltaJson(const Delta& d, const DeltaLinks& links, const ReportOptions& options, int indent) {
  Json bands = Json::array();
  for (const BandChange& c : d.band_changes) {
    bands.push_back({{"ocid", c.ocid},
                     {"from", BandCode(c.from)},
                     {"to", BandCode(c.to)},
                     {"score_from", Round2(c.score_from)},
                     {"score_to", Round2(c.score_to)},
                     {"direction", c.to > c.from ? "worse" : "better"},
                     {"link", LinkTo(links.b, c.ocid)}});
  }
  auto processes = [](const std::vector<ProcessBrief>& ps, const std::string& prefix) {
    Json out = Json::array();
    for (const ProcessBrief& p : ps) {
      out.push_back({{"ocid", p.ocid},
                     {"band", BandCode(p.band)},
                     {"score", Round2(p.score)},
                     {"flags", static_cast<int64_t>(p.flags.size())},
                     {"link", LinkTo(prefix, p.ocid)}});
    }
    return out;
  };
  Json j = {{"schema", kDeltaSchema},
            {"generated_at", options.GeneratedAt()},
            {"generator", options.generator},
            {"scan_a", {{"path", d.scan_a}, {"processes", d.processes_a}}},
            {"scan_b", {{"path", d.scan_b}, {"processes", d.processes_b}}},
            {"counts",
             {{"new_flags", d.counts.new_flags},
              {"resolved_flags", d.counts.resolved_flags},
              {"band_changes", d.counts.band_changes},
              {"new_processes", d.counts.new_processes},
              {"removed_processes", d.counts.removed_processes}}}};
  // Only when a list is cut short: what a full list would have.
  if (d.truncated()) j["listed_at_most"] = static_cast<int64_t>(d.listed_at_most);
  j.update(Json{{"new_flags", FlagChangesJson(d.new_flags, links.b, "new_process", true)},
            {"resolved_flags", FlagChangesJson(d.resolved_flags, links.b, "removed_process", false)},
            {"band_changes", std::move(bands)},
            {"new_processes", processes(d.new_processes, links.b)},
            {"removed_processes", processes(d.removed_processes, links.a)},
            {"issues", d.issues}});
  // Resolved flags of removed processes link into scan A.
  Json& resolved = j["resolved_flags"];
  for (size_t i = 0; i < d.resolved_flags.size(); ++i) {
    if (d.resolved_flags[i].removed_process) resolved[i]["link"] = LinkTo(links.a, d.resolved_flags[i].ocid);
  }
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string DeltaHtml(const Delta& d, const DeltaLinks& links, const ReportOptions& options) {
  std::string body =
      "<header>\n<div class=\"muted small\">Scan delta · labour-exploitation screening</div>\n";
  body += fmt::format("<h1>{} new flags, {} resolved, {} band changes</h1>\n", d.counts.new_flags,
                      d.counts.resolved_flags, d.counts.band_changes);
  body += fmt::format(
      "<div class=\"small\">From <code>{}</code> ({} processes) to <code>{}</code> ({} processes) · {} new, "
      "{} removed "
      "processes · generated {}</div>\n</header>\n",
      E(d.scan_a), d.processes_a, E(d.scan_b), d.processes_b, d.counts.new_processes,
      d.counts.removed_processes, E(options.GeneratedAt()));
  // A list cut short says so under its heading.
  auto listed = [](size_t shown, int64_t count) {
    if (static_cast<int64_t>(shown) >= count) return std::string();
    return fmt::format("<p class=\"muted small\">The first {} of {} are listed (every process's assessment is in "
                       "its file).</p>\n",
                       shown, count);
  };
  body += "<h2 id=\"new-flags\">New flags</h2>\n" + listed(d.new_flags.size(), d.counts.new_flags) +
          FlagTableHtml(d.new_flags, links.b, true);
  // Resolved flags of removed processes are linked into scan A.
  std::vector<FlagChange> kept, gone;
  for (const FlagChange& c : d.resolved_flags) (c.removed_process ? gone : kept).push_back(c);
  body += "<h2 id=\"resolved-flags\">Resolved flags</h2>\n" +
          listed(d.resolved_flags.size(), d.counts.resolved_flags) + FlagTableHtml(kept, links.b, false);
  if (!gone.empty())
    body += "<h3>Of processes no longer in the scan</h3>\n" + FlagTableHtml(gone, links.a, false);
  body += "<h2 id=\"band-changes\">Changed bands</h2>\n" + listed(d.band_changes.size(), d.counts.band_changes);
  if (d.band_changes.empty()) {
    body += "<p>None.</p>\n";
  } else {
    body +=
        "<table>\n<thead><tr><th>Process</th><th>Before</th><th>After</th><th class=\"num\">Score before</th>"
        "<th class=\"num\">Score after</th></tr></thead>\n<tbody>\n";
    for (const BandChange& c : d.band_changes) {
      body += fmt::format(
          "<tr><td><a href=\"{}\"><code>{}</code></a> {}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>"
          "<td class=\"num\">{}</td></tr>\n",
          E(LinkTo(links.b, c.ocid)), E(c.ocid), c.to > c.from ? "▲ worse" : "▼ better", BandBadge(c.from),
          BandBadge(c.to), FormatNumber(c.score_from), FormatNumber(c.score_to));
    }
    body += "</tbody>\n</table>\n";
  }
  auto process_list = [](const std::vector<ProcessBrief>& ps, const std::string& prefix) {
    if (ps.empty()) return std::string("<p>None.</p>\n");
    std::string out = "<ul>\n";
    for (const ProcessBrief& p : ps) {
      out += fmt::format("<li><a href=\"{}\"><code>{}</code></a> {} score {}, {} flags</li>\n",
                         E(LinkTo(prefix, p.ocid)), E(p.ocid), BandBadge(p.band), FormatNumber(p.score),
                         p.flags.size());
    }
    return out + "</ul>\n";
  };
  body += "<h2 id=\"new-processes\">New processes</h2>\n" + listed(d.new_processes.size(), d.counts.new_processes) +
          process_list(d.new_processes, links.b);
  body += "<h2 id=\"removed-processes\">Removed processes</h2>\n" +
          listed(d.removed_processes.size(), d.counts.removed_processes) +
          process_list(d.removed_processes, links.a);
  if (!d.issues.empty()) {
    body += "<h2 id=\"issues\">Files that could not be read</h2>\n<ul>\n";
    for (const std::string& i : d.issues) body += "<li><code>" + E(i) + "</code></li>\n";
    body += "</ul>\n";
  }
  body += "<footer>Generated " + E(options.GeneratedAt()) + " by " + E(options.generator) + ".";
  if (!options.attribution.empty()) body += "<br>" + E(options.attribution);
  body += "</footer>\n";
  return HtmlDocument("Scan delta", body);
}

}  // namespace clearbid::reports
