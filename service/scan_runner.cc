#include "service/scan_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>
#include <span>
#include <thread>
#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "connectors/ingest/ingester.h"
#include "connectors/json/document_stream.h"
#include "connectors/ocds/ocds_reader.h"
#include "engine/base/digest.h"
#include "engine/rules/assessment_json.h"
#include "engine/rules/rule_catalogue.h"
#include "engine/screening/caching_list_screener.h"
#include "engine/screening/delta_list_screener.h"
#include "engine/screening/lazy_list_screener.h"
#include "engine/screening/list_delta.h"
#include "engine/screening/list_match_json.h"
#include "engine/screening/list_screener.h"
#include "engine/store/evidence_store.h"
#include "engine/store/flag_store.h"
#include "engine/store/process_store.h"
#include "engine/store/review_store.h"
#include "engine/store/scan_store.h"
#include "reports/assessment_reader.h"
#include "reports/brief_reader.h"
#include "reports/assessment_writer.h"
#include "reports/contract_summary.h"
#include "reports/delta.h"
#include "reports/portfolio.h"
#include "reports/file_names.h"
#include "service/carry_ahead.h"
#include "service/file_carrier.h"
#include "service/folder_briefs.h"
#include "service/folder_names.h"
#include "service/list_index.h"
#include "service/memo_rematch.h"
#include "service/screening_context.h"
#include "service/store_set.h"
#include "service/stored_match_decisions.h"
#include "service/thread_priority.h"

namespace clearbid {
namespace fs = std::filesystem;

namespace {

// Writes `text` to `path` atomically: a temporary file in the same folder,
// named with `tag` (unique to the writing process, so that two participants
// writing the same file, e.g. after a lease expired, never share a temporary
// file), then renamed over the target. Not flushed here: the caller flushes
// the whole folder once per batch (SyncFolder) before recording the batch as
// done, which costs one sync instead of one per file.
Status WriteFileAtomically(const fs::path& path, std::string_view text, const std::string& tag) {
  fs::path tmp = path;
  tmp += "." + tag + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return Status::IoError(fmt::format("{}: cannot write", tmp.string()));
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok &= std::fclose(f) == 0;
  if (!ok) return Status::IoError(fmt::format("{}: write failed", tmp.string()));
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Status::IoError(fmt::format("{}: {}", path.string(), ec.message()));
  return Status::Ok();
}

// Writes `text` to `path` in a folder that held no file when this scan
// created it: straight under its name, as a file that is only recorded done
// after SyncFolder; a file a crash left half-written is rewritten by the
// resumed run (WriteFileAtomically, as the resumed folder is not fresh). A
// target already there was written by another participant of this scan: it
// is replaced atomically, as WriteFileAtomically does.
Status WriteFileInFreshFolder(const fs::path& path, std::string_view text, const std::string& tag) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno == EEXIST) return WriteFileAtomically(path, text, tag);
    return Status::IoError(fmt::format("{}: cannot write: {}", path.string(), std::strerror(errno)));
  }
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return Status::IoError(fmt::format("{}: write failed", path.string()));
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) return Status::IoError(fmt::format("{}: write failed", path.string()));
  return Status::Ok();
}

// Flushes every file written under `folder` to disk (syncfs of its file
// system), so that the files of a batch are durable before the store says so.
Status SyncFolder(const fs::path& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return Status::IoError(fmt::format("{}: cannot open to sync", folder.string()));
  int rc = ::syncfs(fd);
  ::close(fd);
  if (rc != 0) return Status::IoError(fmt::format("{}: sync failed", folder.string()));
  return Status::Ok();
}

// Fault injection for the crash-safety tests: CLEARBID_SCAN_KILL_AT="<point>:<n>"
// sends SIGKILL to this process at the n-th time it passes <point>
// ("carried" = a file carried over while the scan is being created, not yet
// recorded; "created"; "files" = batch files written but not committed,
// "committed"). A real
// kill -9, at a chosen place instead of a random one.
void MaybeKill(std::string_view point) {
  static const char* spec = std::getenv("CLEARBID_SCAN_KILL_AT");
  static std::atomic<int> count{0};  // "carried" is passed on the carrier's thread
  if (!spec) return;
  std::string_view sv(spec);
  size_t colon = sv.find(':');
  if (colon == std::string_view::npos || sv.substr(0, colon) != point) return;
  if (++count == std::atoi(spec + colon + 1)) ::kill(::getpid(), SIGKILL);
}

// One assessing thread's own connection and context.
struct Worker {
  std::unique_ptr<StoreSet> stores;  // processes and evidence
  ScreeningContext context;
  OcdsReader reader;
  reports::PortfolioBuilder portfolio;  // what this thread assessed, when the scan counts as it goes
};

// This process on this host: "host:pid". The default name of its claims.
std::string HostAndPid() {
  char host[256] = {0};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = 0;
  return fmt::format("{}:{}", host[0] ? host : "localhost", static_cast<long>(::getpid()));
}

// A tag for this process's temporary files: host and pid, file-name safe.
std::string TempFileTag() {
  std::string tag = HostAndPid();
  for (char& c : tag) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (!std::isalnum(u) && c != '-' && c != '.') c = '_';
  }
  return tag;
}

// Gives the claims of a participant that stops early (an error) back at once
// instead of after the lease.
class ClaimsGuard {
 public:
  ClaimsGuard(ScanStore* scans, std::string scan_id, std::string worker)
      : scans_(scans), scan_id_(std::move(scan_id)), worker_(std::move(worker)) {}
  ~ClaimsGuard() {
    if (scans_) (void)scans_->ReleaseClaims(scan_id_, worker_);
  }
  ClaimsGuard(const ClaimsGuard&) = delete;
  ClaimsGuard& operator=(const ClaimsGuard&) = delete;

 private:
  ScanStore* scans_;
  std::string scan_id_, worker_;
};

// Passes screenings through to `inner`, noting each one's memo key: the
// screenings an assessment used (StoredAssessment::screening_keys), so that a
// new list version re-assesses only the processes whose answers it changes.
class KeyRecordingScreener final : public ListScreener {
 public:
  explicit KeyRecordingScreener(const ListScreener* inner) : inner_(inner) {}
  void Screen(const std::string& name, const std::string& country, const Identifier& identifier,
              const std::string& subject, std::vector<ListMatchEvidence>* out) const override {
    keys_.push_back(CachingListScreener::Key(name, country, identifier, subject));
    inner_->Screen(name, country, identifier, subject, out);
  }
  std::vector<std::string> ListVersions() const override { return inner_->ListVersions(); }
  std::string Fingerprint() const override { return inner_->Fingerprint(); }
  /// The keys noted, sorted, distinct, space-separated.
  std::string Keys() const {
    std::sort(keys_.begin(), keys_.end());
    keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
    std::string out;
    for (const std::string& k : keys_) {
      if (!out.empty()) out += ' ';
      out += k;
    }
    return out;
  }

 private:
  const ListScreener* inner_;
  mutable std::vector<std::string> keys_;
};

// "3 12": list version ids, ascending (ScanRecord::list_versions).
std::string VersionIds(const std::vector<ListVersion>& versions) {
  std::vector<int64_t> ids;
  for (const ListVersion& v : versions) ids.push_back(v.id);
  std::sort(ids.begin(), ids.end());
  std::string out;
  for (int64_t id : ids) out += (out.empty() ? "" : " ") + std::to_string(id);
  return out;
}

std::vector<int64_t> ParseVersionIds(const std::string& text) {
  std::vector<int64_t> ids;
  std::istringstream in(text);
  for (int64_t id; in >> id;) ids.push_back(id);
  return ids;
}

struct Done {
  std::string ocid;
  std::string fingerprint;
  std::string json;
  Band band = Band::kLow;
  double score = 0;
  bool reused = false;
  std::string screening_keys;
  Status status;
  std::vector<PartyFlag> flags;  // for the review queue
  // What the delta compares, as the file reads back (numbers rounded); only
  // when the delta is built as the scan goes (running_delta).
  std::optional<reports::ProcessBrief> brief;
};

Band BandOf(const std::string& code) { return ParseBand(code).value_or(Band::kLow); }

// The band recorded in an assessment file, or nullopt. Reads only the head of
// the file: "band" is the third member of every assessment (schema, ocid, band).
std::optional<Band> BandInFile(const fs::path& file) {
  FILE* f = std::fopen(file.c_str(), "rb");
  if (!f) return std::nullopt;
  char buf[4096];
  size_t n = std::fread(buf, 1, sizeof buf, f);
  std::fclose(f);
  std::string_view head(buf, n);
  size_t key = head.find("\"band\"");
  if (key == std::string_view::npos) return std::nullopt;
  size_t open = head.find('"', key + 6);
  size_t close = open == std::string_view::npos ? open : head.find('"', open + 1);
  if (close == std::string_view::npos) return std::nullopt;
  return ParseBand(head.substr(open + 1, close - open - 1));
}

// Removes `files`; one already gone is not an error.
Status RemoveFiles(const std::vector<fs::path>& files) {
  for (const fs::path& f : files) {
    std::error_code ec;
    fs::remove(f, ec);
    if (ec) return Status::IoError(fmt::format("{}: cannot remove: {}", f.string(), ec.message()));
  }
  return Status::Ok();
}

// Midnight UTC of an ISO date (YYYY-MM-DD, checked by the caller), in Unix seconds.
int64_t MidnightUtc(const std::string& date) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(date.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return 0;
  const std::chrono::sys_days days{std::chrono::year{y} / m / d};
  return std::chrono::duration_cast<std::chrono::seconds>(days.time_since_epoch()).count();
}

// The assessment of `ocid` in `folder` and its process from the store (null when absent).
Status LoadScanned(const fs::path& folder, const std::string& ocid, const RuleCatalogue& catalogue,
                   ProcessStore* processes, OcdsReader* reader, ProcessAssessment* a,
                   std::optional<ContractingProcess>* process) {
  const fs::path file = folder / "processes" / (reports::FileSafeName(ocid) + ".json");
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::NotFound(fmt::format("{}: cannot read", file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  RETURN_IF_ERROR(reports::ReadAssessmentJson(text.str(), file.string(), &catalogue, a));
  process->reset();
  ASSIGN_OR_RETURN(std::optional<std::string> json, processes->ProcessJson(a->ocid));
  if (!json) return Status::Ok();
  std::string padded = *json + std::string(kJsonPadding, ' ');
  ContractingProcess p;
  std::vector<InputIssue> ignored;
  RETURN_IF_ERROR(reader->ParseRelease(std::string_view(padded.data(), json->size()), "store", 0, &p, &ignored));
  *process = std::move(p);
  return Status::Ok();
}

// Counts every process file of `folder` into `portfolio` (in name order).
Status PortfolioFromFiles(const fs::path& folder, const RuleCatalogue& catalogue, ProcessStore* processes,
                          OcdsReader* reader, reports::PortfolioBuilder* portfolio) {
  std::vector<std::string> ocids;
  std::error_code ec;
  for (fs::directory_iterator it(folder / "processes", ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!reports::IsProcessFileName(name)) continue;
    std::optional<std::string> ocid = reports::OcidFromFileSafeName(name.substr(0, name.size() - 5));
    if (!ocid) return Status::Internal(fmt::format("{}: not a process file name", name));
    ocids.push_back(*ocid);
  }
  if (ec) return Status::IoError(fmt::format("{}: {}", folder.string(), ec.message()));
  std::sort(ocids.begin(), ocids.end());
  for (const std::string& ocid : ocids) {
    ProcessAssessment a;
    std::optional<ContractingProcess> process;
    RETURN_IF_ERROR(LoadScanned(folder, ocid, catalogue, processes, reader, &a, &process));
    portfolio->Add(a, process ? &*process : nullptr);
  }
  return Status::Ok();
}

// Writes portfolio.html and portfolio.json into `folder`, and the contract
// summary (processes/<name>.html) of every process they link to; dated with
// the scan's as-of date, so that the same scan gives the same bytes.
Status WritePortfolio(const reports::PortfolioBuilder& builder, const fs::path& folder,
                      const RuleCatalogue& catalogue, ProcessStore* processes, OcdsReader* reader,
                      const std::string& as_of, const std::string& temp_tag) {
  FixedClock dated(MidnightUtc(as_of));
  reports::ReportOptions report;
  report.clock = &dated;
  report.process_link_prefix = "processes/";
  report.generator = std::string(reports::kGenerator);
  report.attribution = std::string(reports::kOcdsAttribution);
  const reports::Portfolio portfolio = builder.Finish(report);
  RETURN_IF_ERROR(WriteFileAtomically(folder / "portfolio.html", reports::PortfolioHtml(portfolio), temp_tag));
  RETURN_IF_ERROR(
      WriteFileAtomically(folder / "portfolio.json", reports::PortfolioJson(portfolio) + "\n", temp_tag));
  std::set<std::string> linked;
  for (const reports::ProcessRow& r : portfolio.riskiest_processes) linked.insert(r.ocid);
  for (const reports::SupplierRow& r : portfolio.riskiest_suppliers) {
    if (!r.worst_ocid.empty()) linked.insert(r.worst_ocid);
  }
  for (const std::string& ocid : linked) {
    ProcessAssessment a;
    std::optional<ContractingProcess> process;
    RETURN_IF_ERROR(LoadScanned(folder, ocid, catalogue, processes, reader, &a, &process));
    const fs::path page = folder / "processes" / (reports::FileSafeName(ocid) + ".html");
    RETURN_IF_ERROR(WriteFileAtomically(
        page, reports::ContractSummaryHtml(reports::BuildContractSummary(a, process ? &*process : nullptr, report)),
        temp_tag));
  }
  return Status::Ok();
}

// Processes compared per slice by CompareFolders, and the entries each list
// of the delta report holds at most: the report of a scan that changed a
// million processes lists the first of them (its counts have them all, and
// each process's file is in the folder) instead of holding a million briefs
// and writing a report no one reads to its end.
constexpr size_t kDeltaSlice = 8192;
constexpr size_t kDeltaListed = 10'000;

// The delta's builder for this scan against the previous one; when the
// previous scan's folder is gone, every assessed process counts as new, which
// is said once, not per file.
reports::DeltaBuilder NewDeltaBuilder(const fs::path& previous_folder, const fs::path& folder,
                                      bool* previous_there) {
  reports::DeltaBuilder builder(previous_folder.string(), folder.string(), kDeltaListed);
  std::error_code exists_error;
  *previous_there = fs::is_directory(previous_folder / "processes", exists_error);
  if (!*previous_there) {
    builder.AddIssueA(
        fmt::format("{}: the previous scan's folder is missing", (previous_folder / "processes").string()));
  }
  return builder;
}

// Adds to `builder` the processes this scan assessed (`assessed`, in any
// order), their briefs read from both folders, kDeltaSlice at a time (a
// resumed scan, or one with other participants: the briefs of processes
// assessed by an earlier run or elsewhere are only in the files).
// `carrying`: links still go on, so the reading threads yield to them.
Status CompareFolders(const fs::path& previous_folder, const fs::path& folder, bool previous_there,
                      const std::vector<std::string>& assessed, bool carrying, reports::DeltaBuilder* builder) {
  FolderBriefs previous_briefs(previous_folder, carrying), these_briefs(folder, carrying);
  std::map<std::string, reports::ProcessBrief> a, b;
  std::vector<std::string> issues_a, issues_b;
  for (size_t begin = 0; begin < assessed.size(); begin += kDeltaSlice) {
    const std::span<const std::string> slice =
        std::span<const std::string>(assessed).subspan(begin, std::min(kDeltaSlice, assessed.size() - begin));
    a.clear();
    b.clear();
    issues_a.clear();
    issues_b.clear();
    if (previous_there) RETURN_IF_ERROR(previous_briefs.Read(slice, &a, &issues_a));
    RETURN_IF_ERROR(these_briefs.Read(slice, &b, &issues_b));
    for (std::string& i : issues_a) builder->AddIssueA(std::move(i));
    for (std::string& i : issues_b) builder->AddIssueB(std::move(i));
    for (const std::string& ocid : slice) {
      auto pa = a.find(ocid), pb = b.find(ocid);
      builder->Add(pa == a.end() ? nullptr : &pa->second, pb == b.end() ? nullptr : &pb->second);
    }
  }
  return Status::Ok();
}

// Writes delta.json and delta.html into `folder` from `builder` (every
// process this scan assessed added); dated with the scan's as-of date, so
// that the same scan gives the same bytes.
Status WriteDelta(reports::DeltaBuilder builder, const ScanRecord& previous, const fs::path& previous_folder,
                  const fs::path& folder, int64_t total, const std::string& as_of, const std::string& temp_tag) {
  reports::Delta delta = builder.Finish();
  delta.processes_a = previous.assessed + previous.reused;
  delta.processes_b = total;
  FixedClock dated(MidnightUtc(as_of));
  reports::ReportOptions report;
  report.clock = &dated;
  report.generator = std::string(reports::kGenerator);
  std::error_code ec;
  fs::path rel = fs::relative(fs::absolute(previous_folder / "processes"), fs::absolute(folder), ec);
  reports::DeltaLinks links{ec || rel.empty() ? fs::absolute(previous_folder / "processes").generic_string() + "/"
                                              : rel.generic_string() + "/",
                            "processes/"};
  RETURN_IF_ERROR(WriteFileAtomically(folder / "delta.json", reports::DeltaJson(delta, links, report) + "\n", temp_tag));
  RETURN_IF_ERROR(WriteFileAtomically(folder / "delta.html", reports::DeltaHtml(delta, links, report), temp_tag));
  return Status::Ok();
}

// Joins a thread, when it runs, as the scope ends (an early return
// included): the thread uses the scope's variables.
struct JoinOnExit {
  std::thread& thread;
  ~JoinOnExit() {
    if (thread.joinable()) thread.join();
  }
};

// What a change of the lists since the `previous` scan means for an
// incremental scan: either `assess_all` (the change cannot be narrowed down:
// the previous scan's list versions are not known or no longer stored, there
// were no lists before or are none now, or the goods table or the matcher
// changed too), or the screening memo is brought forward to the latest lists
// (RematchScreeningMemo: each name re-matched against the changed entries
// only) and `rescreened` gets the processes whose screenings changed.
// `carrying`: links made ahead go on meanwhile (the re-match yields to them).
Status PlanListChange(const ScanRecord& previous, const std::vector<ListVersion>& versions, const std::string& as_of,
                      const std::string& goods_digest, const ListScreener* lists, ListStore* list_store,
                      ScanStore* scans, unsigned jobs, bool carrying, const std::string& analyses_file,
                      const std::function<void(const std::string&)>& event, bool* assess_all,
                      std::unordered_set<std::string>* rescreened, std::thread* keep_analyses,
                      Status* analyses_saved) {
  *assess_all = true;
  auto everything = [&](std::string_view why) {
    event(fmt::format(R"("event":"lists_changed","assess":"all","reason":"{}")", why));
    return Status::Ok();
  };
  const std::vector<int64_t> before_ids = ParseVersionIds(previous.list_versions);
  if (!lists || lists->Fingerprint().empty()) return everything("no lists now");
  if (before_ids.empty()) return everything("the previous scan's list versions are not known");
  // The previous scan's screener fingerprint (that of its memo), from its
  // versions as of its date. With today's goods table and matcher it gives
  // the previous scan's lists fingerprint, unless one of those changed.
  ASSIGN_OR_RETURN(std::vector<ListVersion> all, list_store->Versions());
  std::vector<ListVersion> before;
  for (int64_t id : before_ids) {
    auto v = std::find_if(all.begin(), all.end(), [id](const ListVersion& x) { return x.id == id; });
    if (v == all.end()) return everything("a list version of the previous scan is no longer stored");
    before.push_back(*v);
  }
  ASSIGN_OR_RETURN(const auto active, MatcherListScreener::ActiveCounts(list_store, before, previous.as_of));
  const std::string before_fingerprint = MatcherListScreener::FingerprintOf(before, active);
  if (ContentHash(before_fingerprint + "|" + goods_digest) != previous.lists_fingerprint) {
    return everything("the goods table or the matcher changed");
  }
  ASSIGN_OR_RETURN(ListDelta delta, ComputeListDelta(list_store, before_ids, previous.as_of, versions, as_of));
  const size_t added = delta.added.size(), gone = delta.gone.size(), twins = delta.twins.size();
  const int64_t unchanged = delta.unchanged;
  ListDeltaRematcher rematcher(std::move(delta), versions);
  // The memo's names, each screened against the added entries, analysed as
  // the last re-match kept them (NameAnalysisCache), and kept for the next.
  std::unique_ptr<NameAnalysisCache> analyses;
  if (!analyses_file.empty() && rematcher.adds_entries()) {
    analyses = NameAnalysisCache::Load(analyses_file);
    rematcher.UseNameAnalyses(analyses.get());
  }
  ASSIGN_OR_RETURN(MemoRematch memo,
                   RematchScreeningMemo(scans, before_fingerprint, lists->Fingerprint(), rematcher, jobs,
                                        kMemoRematchChunkRows, carrying));
  if (analyses && memo.complete) {
    // Written while the scan goes on (the caller joins the thread; its
    // result is in the log). A cache only: a file not written costs the next
    // re-match the analyses; one read meanwhile is the previous, whole one.
    event(fmt::format(R"("event":"name_analyses","found":{},"made":{})", analyses->found(), analyses->recorded()));
    *keep_analyses = std::thread([cache = std::move(analyses), &analyses_file, analyses_saved] {
      *analyses_saved = cache->Save(analyses_file);
    });
  }
  if (!memo.complete) return everything("the screening memo predates the queries it now keeps");
  ASSIGN_OR_RETURN(std::vector<std::string> ocids, scans->AssessmentsUsing(memo.changed_keys));
  rescreened->insert(ocids.begin(), ocids.end());
  *assess_all = false;
  event(fmt::format(
      R"("event":"lists_changed","assess":"changed","entries_added":{},"entries_gone":{},"entries_reissued":{},)"
      R"("entries_unchanged":{},"screenings":{},"screenings_changed":{},"rescreen":{},"screenings_rewritten":{},)"
      R"("processes":{})",
      added, gone, twins, unchanged, memo.screenings, memo.changed, memo.rescreen, memo.rewritten, ocids.size()));
  return Status::Ok();
}

}  // namespace

Status RunScan(const ScanOptions& options, ScanOutcome* outcome) {
  const bool shared = IsPostgresUrl(options.db);
  if (options.worker && !shared) {
    return Status::InvalidArgument(
        "scan workers split a scan through a PostgreSQL store (--db postgresql://...); on a SQLite store one "
        "'clearbid scan' uses every core (--jobs)");
  }
  if (options.lease_seconds < 1 || options.lease_seconds > kMaxLeaseSeconds) {
    return Status::InvalidArgument(fmt::format("--lease must be 1..{} seconds", kMaxLeaseSeconds));
  }
  SystemClock system_clock;
  const Clock* clock = options.clock ? options.clock : &system_clock;
  StoreSetOptions open;
  open.kinds = kProcessStore | kEvidenceStore | kScanStore | kFlagStore | kReviewStore | kListStore;
  ASSIGN_OR_RETURN(std::unique_ptr<StoreSet> stores, OpenStoreSet(options.db, clock, open));
  ScanStore* scans = stores->scans.get();
  auto event = [&](const std::string& body) {
    if (options.on_event) options.on_event(body);
  };
  // Where a run spends its time, in the log (not in any file of the scan).
  const auto started = std::chrono::steady_clock::now();
  auto phase = [&](std::string_view name) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    event(fmt::format(R"("event":"phase","phase":"{}","seconds":{:.3f})", name, seconds));
  };

  // An incremental scan on SQLite links the previous scan's files ahead,
  // while it ingests (see CarryAhead): when no scan is running (a resumed one
  // has its folder), not --full, and the rule pack is the previous scan's
  // (a new pack assesses every process again: nothing would be carried).
  std::unique_ptr<CarryAhead> ahead;
  if (!shared && !options.worker && !options.full && options.carry_ahead) {
    ASSIGN_OR_RETURN(std::optional<ScanRecord> running_before, scans->RunningScan());
    ASSIGN_OR_RETURN(std::optional<ScanRecord> last, scans->LatestCompleteScan());
    if (!running_before && last) {
      std::vector<PackIssue> pack_issues;
      Result<RulePack> pack = LoadRulePack(options.rules_dir, &pack_issues);
      if (pack.ok() && pack->id + "@" + pack->version == last->pack_version) {
        ahead = CarryAhead::Start(options.out, last->scan_id, fs::path(last->out_dir) / "processes",
                                  [] { MaybeKill("carried"); });
      }
    }
  }

  if (!options.ingest.empty() && !options.worker) {
    IngestSummary summary;
    // The ingest's reader and parsers keep the scan's priority: here they
    // share the cores with the links made ahead (which the scan favours), and
    // at a lower priority they would wait behind them while the whole scan
    // waits for the ingest.
    IngestOptions ingest_options;
    ingest_options.helper_niceness = 0;
    RETURN_IF_ERROR(Ingest(options.ingest, stores->transactions.get(), stores->processes.get(),
                           stores->evidence.get(), ingest_options, &summary));
    event(fmt::format(R"("event":"ingested","releases_new":{},"releases_updated":{},"evidence_changed":{},"rejected":{})",
                      summary.releases_new, summary.releases_updated, summary.evidence_changed, summary.rejected));
    phase("ingested");
  }

  ASSIGN_OR_RETURN(std::optional<ScanRecord> running, scans->RunningScan());
  if (options.worker && !running) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.wait_seconds);
    while (!running && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      ASSIGN_OR_RETURN(running, scans->RunningScan());
    }
    if (!running) {
      outcome->nothing_to_join = true;
      event(R"("event":"no_scan_to_join")");
      return Status::Ok();
    }
  }
  // A resumed (or joined) scan keeps its own date; the lists are read as of that date.
  const std::string as_of = running ? running->as_of : options.as_of;
  // The pack and the reference data decide the fingerprint too: a new pack
  // version or list version re-evaluates everything. One list index serves
  // every thread.
  // The index of the lists is built when a name first needs it: names an
  // earlier scan screened against the same lists come from the persisted
  // screening memo, and a scan that meets no new name never builds it.
  std::shared_ptr<LazyListScreener> lazy_lists;
  std::shared_ptr<const ListScreener> store_lists;
  // The analyses of the names this scan screens against the index
  // (NameAnalysisCache): read back when the index is first needed, and kept
  // with those made after the assessments, for the next list version's
  // re-match of the memo (and the next scans).
  const std::string analyses_file = NameAnalysesFile(options.db);
  auto scan_analyses = std::make_shared<std::unique_ptr<NameAnalysisCache>>();
  // The memo's names' analyses, written while the scan goes on after a list
  // version's re-match (PlanListChange), before the scan's own are read.
  std::thread keep_memo_analyses;
  Status memo_analyses_saved;
  const JoinOnExit join_memo_analyses{keep_memo_analyses};
  ASSIGN_OR_RETURN(const std::vector<ListVersion> versions, stores->lists->LatestVersions());
  {
    ASSIGN_OR_RETURN(const auto active, MatcherListScreener::ActiveCounts(stores->lists.get(), versions, as_of));
    int64_t active_total = 0;
    for (const auto& [id, n] : active) active_total += n;
    if (active_total > 0) {
      lazy_lists = std::make_shared<LazyListScreener>(
          // On SQLite the index is kept beside the store: a later scan that
          // needs it again, against the same lists, reads it; an incremental
          // one against lists changed since, little, reads it and corrects
          // it by the list delta. A --full scan (what resets whatever the
          // deltas left) screens against an index of these lists.
          // (Called once: the screener it makes keeps the analyses' address.)
          [db = options.db, clock, as_of, full = options.full, analyses_file, scan_analyses, &keep_memo_analyses] {
            if (keep_memo_analyses.joinable()) keep_memo_analyses.join();
            if (!analyses_file.empty()) *scan_analyses = NameAnalysisCache::Load(analyses_file);
            return OpenScanListScreener(db, clock, as_of, /*allow_delta=*/!full, scan_analyses->get());
          },
          MatcherListScreener::FingerprintOf(versions, active), MatcherListScreener::VersionLines(versions));
      store_lists = lazy_lists;
    }
  }
  ScreeningContext probe;
  RETURN_IF_ERROR(probe.Open("", options.rules_dir, options.goods_list, as_of, store_lists));
  const std::string pack_version = probe.pack().id + "@" + probe.pack().version;
  // Scan files and stored assessments are compact: their rule texts are in
  // the catalogue, written once into the folder (rules.json) and the store.
  const std::shared_ptr<const RuleCatalogue> catalogue = probe.assessor().catalogue();
  const std::string catalogue_json = catalogue->ToJson();
  const std::string lists_fingerprint = probe.ListsFingerprint();
  // Joining or resuming a scan with other inputs would mix two packs or two
  // list versions in one folder: refused, for workers and starters alike.
  if (running && (running->pack_version != pack_version || running->lists_fingerprint != lists_fingerprint)) {
    return Status::InvalidArgument(fmt::format(
        "scan {} runs rule pack {} with lists/goods {}; this {} has {} with {}: finish the scan with the same "
        "--rules, --goods and lists it was started with",
        running->scan_id, running->pack_version, running->lists_fingerprint.substr(0, 12),
        options.worker ? "worker" : "run", pack_version, lists_fingerprint.substr(0, 12)));
  }
  if (shared && options.batch > kMaxClaimItems) {
    return Status::InvalidArgument(fmt::format("--batch must be at most {} on PostgreSQL", kMaxClaimItems));
  }
  // Reviewers' match decisions, read once: every thread applies the same ones,
  // and a process's fingerprint covers the decisions about its parties.
  ASSIGN_OR_RETURN(std::shared_ptr<const MatchDecisionSnapshot> decisions,
                   MatchDecisionSnapshot::Load(stores->review.get()));

  // Which parties have disclosures or audits, and their digests, read once:
  // part of each fingerprint, and the assessing threads ask the store only
  // about these parties.
  using DigestMap = std::unordered_map<std::string, std::string>;
  ASSIGN_OR_RETURN(DigestMap evidence_digests, stores->evidence->DigestsByParty());
  std::unordered_set<std::string> parties_with_evidence;
  for (const auto& [key, digest] : evidence_digests) parties_with_evidence.insert(key);

  phase("inputs_read");
  const unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  ASSIGN_OR_RETURN(std::optional<ScanRecord> previous, scans->LatestCompleteScan());
  const std::string temp_tag = TempFileTag();
  ScanRecord scan;
  bool fresh_folder = false;  // this process created the scan, in an empty folder
  // One list index for every thread, behind one memo: an organisation in many
  // processes is screened once per scan (per participant). On SQLite the
  // memo in memory is a window (its screenings are in the store, asked for
  // again by key when they have left it): a million processes make about
  // two million screenings, a quarter of a gigabyte held for nothing.
  constexpr size_t kMemoInMemory = 262'144, kMemoInMemoryShared = 2'000'000;
  std::shared_ptr<CachingListScreener> memo;
  if (probe.lists()) {
    memo = std::make_shared<CachingListScreener>(probe.lists(), shared ? kMemoInMemoryShared : kMemoInMemory);
  }
  std::shared_ptr<const ListScreener> shared_lists = memo;
  // The assessing threads' stores and contexts (a context compiles the rule
  // pack and reads the goods table: about 0.2 CPU-s each). A new scan opens
  // them on a thread of their own once its items are known, while its record
  // is committed (the disk's wait, at the end of an incremental scan's
  // serial part); a resumed one, or a worker, when it starts assessing.
  auto open_workers = [&](std::string as_of_of_scan) -> Result<std::vector<std::unique_ptr<Worker>>> {
    std::vector<std::unique_ptr<Worker>> opened;
    for (unsigned i = 0; i < jobs; ++i) {
      auto w = std::make_unique<Worker>();
      StoreSetOptions reader;
      reader.kinds = kProcessStore | kEvidenceStore;
      reader.read_only = !shared;
      ASSIGN_OR_RETURN(w->stores, OpenStoreSet(options.db, clock, reader));
      RETURN_IF_ERROR(w->context.Open("", options.rules_dir, options.goods_list, as_of_of_scan, shared_lists));
      opened.push_back(std::move(w));
    }
    return opened;
  };
  // Waited for when it goes out of scope, on every path (std::async's future).
  std::future<Result<std::vector<std::unique_ptr<Worker>>>> workers_opening;
  // Links the files of carried-over processes while the scan runs (waited
  // for before the files are counted).
  std::optional<FileCarrier> carrier;
  if (running) {
    ahead.reset();  // a scan started meanwhile: its folder is its own
    scan = *running;
    outcome->resumed = !options.worker;
    event(fmt::format(R"("event":"{}","scan":"{}")", options.worker ? "scan_joined" : "scan_resumed",
                      scan.scan_id));
  } else {
    ScanRecord spec;
    spec.as_of = options.as_of;
    spec.mode = options.full || !previous ? "full" : "incremental";
    spec.pack_version = pack_version;
    spec.lists_fingerprint = lists_fingerprint;
    spec.list_versions = store_lists ? VersionIds(versions) : "";
    // Every participant writes into the folder recorded here: on PostgreSQL
    // an absolute path, the same on every host (a shared file system).
    spec.out_dir = shared ? fs::absolute(options.out).lexically_normal().string() : options.out;
    ASSIGN_OR_RETURN(std::unique_ptr<StoreTransaction> tx, stores->transactions->Begin());
    // Another starter may have begun a scan since the check above (SQLite's
    // write lock makes this re-check exact; on PostgreSQL it narrows the
    // window to this transaction): then run again to join it.
    ASSIGN_OR_RETURN(std::optional<ScanRecord> raced, scans->RunningScan());
    if (raced) {
      return Status::AlreadyExists(
          fmt::format("scan {} was started by another process meanwhile: run again to resume or join it",
                      raced->scan_id));
    }
    ASSIGN_OR_RETURN(scan, scans->CreateScan(spec));
    RETURN_IF_ERROR(scans->PutRuleCatalogue(pack_version, catalogue_json));
    // Processes an incremental scan assesses again although their own inputs
    // did not change: those whose screenings a change of the lists changes.
    // `assess_all` when that cannot be narrowed down (the goods table or the
    // matcher changed, the previous scan's lists are not known, a list
    // appeared where there was none).
    bool assess_all = false;
    std::unordered_set<std::string> rescreened;
    const bool lists_changed =
        scan.mode == "incremental" && previous && previous->lists_fingerprint != lists_fingerprint;
    auto plan_lists = [&]() -> Status {
      if (lists_changed) {
        RETURN_IF_ERROR(PlanListChange(*previous, versions, as_of, probe.GoodsDigest(), store_lists.get(),
                                       stores->lists.get(), scans, jobs, ahead != nullptr, analyses_file,
                                       event, &assess_all, &rescreened, &keep_memo_analyses,
                                       &memo_analyses_saved));
      }
      // The memo of other lists (or other active entries) will not serve again.
      if (store_lists) RETURN_IF_ERROR(scans->DropScreeningsExcept(store_lists->Fingerprint()));
      return Status::Ok();
    };
    {
      // The folder exists before any worker can see the scan.
      std::error_code mkdir;
      // The files linked ahead become this scan's folder, when it is an
      // incremental scan after that previous scan and its folder is new
      // (empty). They are links to the previous scan's files: from here on,
      // this scan's own files replace them by a rename (never in place).
      if (ahead && scan.mode == "incremental" && previous && previous->scan_id == ahead->previous_scan()) {
        fs::create_directories(scan.out_dir, mkdir);
        if (mkdir) return Status::IoError(fmt::format("{}: {}", scan.out_dir, mkdir.message()));
        Status moved = ahead->MoveTo(fs::path(scan.out_dir) / "processes");
        event(fmt::format(R"("event":"carry_ahead","previous":"{}","moved":{},"linked":{})", ahead->previous_scan(),
                          moved.ok() ? "true" : "false", ahead->linked()));
        if (!moved.ok()) ahead.reset();
      } else {
        ahead.reset();
      }
      MaybeKill("carried_ahead");
      fs::create_directories(fs::path(scan.out_dir) / "processes", mkdir);
      if (mkdir) return Status::IoError(fmt::format("{}: {}", scan.out_dir, mkdir.message()));
      // A new scan's folder is normally new: then this process may write its
      // files under their own names (no temporary name, no rename), since no
      // stale file can be there. Files left by a store that was deleted are
      // replaced the careful way.
      fresh_folder = !ahead && fs::is_empty(fs::path(scan.out_dir) / "processes", mkdir) && !mkdir;
    }
    // When the files linked ahead became this scan's folder, the pass over
    // the store's processes below goes before the lists' re-match, so that it
    // runs while the links still do (on two cores, the re-match would
    // otherwise end with the links and leave the pass a core to itself): it
    // counts as carried every process whose own inputs did not change, and
    // those of them whose screenings the lists change (all of them when the
    // change cannot be narrowed down) become items after it. Safe only there:
    // every file of that folder is a link, which an item's file replaces by a
    // rename.
    const bool pass_first = lists_changed && ahead;
    std::vector<std::string> carried_ocids;  // pass_first: in ocid order
    std::vector<uint8_t> carried_bands;
    if (!pass_first) RETURN_IF_ERROR(plan_lists());
    // An incremental scan carries over every process whose inputs have the
    // fingerprint of its stored assessment: the previous scan's file is
    // linked into this folder, counted by band, and no item is made for it;
    // only the changed processes become items.
    // - In a fresh folder the links go on, on the carrier's thread, while
    //   the scan runs (a million links take about ten seconds: the items'
    //   assessment overlaps them); carried processes and items never share a
    //   name. The scan waits for them before it counts its files. After a
    //   crash, the resumed scan links again the previous files missing here
    //   (see below).
    // - In a folder that holds files already (a crash before the scan was
    //   recorded, or a store that was deleted), the links replace what is
    //   there the careful way, and are made and synced before the
    //   transaction that records the scan commits.
    // A file that cannot be linked (the previous folder is gone) is written
    // from the stored assessment instead.
    const fs::path carry_from =
        scan.mode == "incremental" && previous ? fs::path(previous->out_dir) / "processes" : fs::path();
    const bool carry_later = fresh_folder;
    if (!carry_from.empty() && !ahead) {
      carrier.emplace(carry_from, fs::path(scan.out_dir) / "processes", fresh_folder, temp_tag,
                      [] { MaybeKill("carried"); }, /*bounded=*/!carry_later);
    }
    std::array<int64_t, 4> carried{0, 0, 0, 0};
    std::vector<ScanItem> items;
    // Items go to the store 10,000 at a time (the rest after the pass).
    auto add_item = [&](ScanItem item) -> Status {
      items.push_back(std::move(item));
      if (items.size() < 10000) return Status::Ok();
      RETURN_IF_ERROR(scans->AddItems(scan.scan_id, items));
      items.clear();
      return Status::Ok();
    };
    int64_t total = 0;
    // The processes come in ocid order: their stored fingerprints are read in
    // the same order.
    ASSIGN_OR_RETURN(std::unique_ptr<FingerprintWalk> fingerprints, scans->WalkFingerprints());
    RETURN_IF_ERROR(stores->processes->ForEachProcess([&](const std::string& ocid, const std::string& digest,
                                                          const std::vector<std::string>& keys) -> Status {
      // The lists are not part of it: a new list version re-assesses the
      // processes whose screenings it changes (`rescreened`), no others.
      std::string material = digest + "|" + pack_version + "|goods:" + probe.GoodsDigest();
      for (const std::string& k : keys) {
        auto it = evidence_digests.find(k);
        if (it != evidence_digests.end()) material += "|" + k + "=" + it->second;
        if (std::string d = decisions->DigestFor(k); !d.empty()) material += "|review:" + k + "=" + d;
      }
      ++total;
      ScanItem item{ocid, ContentHash(material), ItemState::kPending};
      if (scan.mode == "incremental" && !assess_all && !rescreened.count(ocid)) {
        ASSIGN_OR_RETURN(std::optional<StoredFingerprint> stored, fingerprints->Find(ocid));
        if (stored && stored->fingerprint == item.fingerprint) {
          const std::optional<Band> band = ParseBand(stored->band);
          if (band && (carrier || ahead)) {
            ++carried[static_cast<size_t>(*band)];
            if (pass_first) {
              carried_ocids.push_back(ocid);
              carried_bands.push_back(static_cast<uint8_t>(*band));
            }
            // Linked ahead already (or on its way).
            if (carrier) carrier->Carry({reports::FileSafeName(ocid) + ".json", static_cast<int>(*band)});
            return Status::Ok();
          }
          // Before the lists are re-matched, the stored assessment may not
          // hold: assessed again (the same bytes when it does).
          if (!pass_first) item.state = ItemState::kReuse;
        }
      }
      return add_item(std::move(item));
    }));
    fingerprints.reset();  // its statement is not left open
    if (carrier && !carry_later) {
      // A file that could not be carried becomes an item that writes the stored assessment.
      for (FileCarrier::Job& failed : carrier->Finish()) {
        --carried[static_cast<size_t>(failed.band)];
        const std::optional<std::string> ocid =
            reports::OcidFromFileSafeName(std::string_view(failed.name).substr(0, failed.name.size() - 5));
        if (!ocid) return Status::Internal(fmt::format("{}: not a process file name", failed.name));
        ASSIGN_OR_RETURN(std::optional<StoredFingerprint> stored, scans->AssessmentFingerprint(*ocid));
        if (!stored) return Status::Internal(fmt::format("{}: no stored assessment", *ocid));
        items.push_back({*ocid, stored->fingerprint, ItemState::kReuse});
      }
      carrier.reset();
    }
    if (carrier) carrier->Flush();  // the links go on while the scan runs
    if (pass_first) {
      RETURN_IF_ERROR(plan_lists());
      // A process counted as carried whose screenings changed is assessed.
      auto assess = [&](size_t k) -> Status {
        const std::string& ocid = carried_ocids[k];
        ASSIGN_OR_RETURN(std::optional<StoredFingerprint> stored, scans->AssessmentFingerprint(ocid));
        if (!stored) return Status::Internal(fmt::format("{}: no stored assessment", ocid));
        --carried[carried_bands[k]];
        return add_item({ocid, stored->fingerprint, ItemState::kPending});
      };
      if (assess_all) {
        for (size_t k = 0; k < carried_ocids.size(); ++k) RETURN_IF_ERROR(assess(k));
      } else {
        std::vector<std::string> changed(rescreened.begin(), rescreened.end());
        std::sort(changed.begin(), changed.end());
        for (const std::string& ocid : changed) {
          auto it = std::lower_bound(carried_ocids.begin(), carried_ocids.end(), ocid);
          if (it != carried_ocids.end() && *it == ocid) RETURN_IF_ERROR(assess(it - carried_ocids.begin()));
        }
      }
      carried_ocids = {};
      carried_bands = {};
    }
    workers_opening = std::async(std::launch::async, open_workers, scan.as_of);
    RETURN_IF_ERROR(scans->AddItems(scan.scan_id, items));
    RETURN_IF_ERROR(scans->RecordCarriedOver(scan.scan_id, carried));
    scan.carried_over = carried;
    const int64_t carried_count = std::accumulate(carried.begin(), carried.end(), int64_t{0});
    if (carried_count > 0 && !carrier && !ahead) RETURN_IF_ERROR(SyncFolder(fs::path(scan.out_dir) / "processes"));
    RETURN_IF_ERROR(tx->Commit());
    MaybeKill("created");
    phase("created");
    event(fmt::format(R"("event":"scan_started","scan":"{}","mode":"{}","processes":{},"carried_over":{})",
                      scan.scan_id, scan.mode, total, carried_count));
  }
  outcome->scan_id = scan.scan_id;
  outcome->folder = scan.out_dir;
  if (previous) outcome->previous_scan = previous->out_dir;
  const fs::path folder = scan.out_dir;
  std::error_code ec;
  if (options.worker) {
    // A worker never creates the folder: one it cannot see means the shared
    // file system is not mounted here, and its files would be lost.
    if (!fs::is_directory(folder / "processes", ec)) {
      return Status::NotFound(fmt::format(
          "scan folder {} is not visible on this host: mount the folder the scan writes to at the same path",
          folder.string()));
    }
  } else {
    fs::create_directories(folder / "processes", ec);
    if (ec) return Status::IoError(fmt::format("{}: {}", folder.string(), ec.message()));
  }
  if (!options.worker) {
    // The catalogue that completes the folder's compact assessments (the
    // same bytes again on a resume).
    RETURN_IF_ERROR(WriteFileAtomically(folder / std::string(reports::kRuleCatalogueFile), catalogue_json, temp_tag));
  }

  // The scan's processes: its items and those it carried over.
  const int64_t carried_total = std::accumulate(scan.carried_over.begin(), scan.carried_over.end(), int64_t{0});
  ASSIGN_OR_RETURN(const int64_t items_total, scans->CountItems(scan.scan_id, std::nullopt));
  ASSIGN_OR_RETURN(int64_t items_done_before, scans->CountItems(scan.scan_id, ItemState::kDone));
  const int64_t total = items_total + carried_total;
  const int64_t done_before = items_done_before + carried_total;
  if (running && !options.worker && carried_total > 0 && previous && previous->scan_id != scan.scan_id) {
    // A resumed incremental scan: links of carried-over files a crash cut
    // short are made again. Every previous file whose name is missing here
    // is linked (never over a file that is here): a carried process's, or
    // an item's not done yet (which the item then replaces).
    std::unordered_set<std::string> here;
    std::error_code list_error;
    for (fs::directory_iterator it(folder / "processes", list_error), end; !list_error && it != end;
         it.increment(list_error)) {
      here.insert(it->path().filename().string());
    }
    if (list_error) return Status::IoError(fmt::format("{}: {}", folder.string(), list_error.message()));
    const fs::path previous_processes = fs::path(previous->out_dir) / "processes";
    carrier.emplace(previous_processes, folder / "processes", /*fresh=*/true, temp_tag,
                    [] { MaybeKill("carried"); }, /*bounded=*/false);
    int64_t missing = 0;
    for (fs::directory_iterator it(previous_processes, list_error), end; !list_error && it != end;
         it.increment(list_error)) {
      std::string name = it->path().filename().string();
      if (!reports::IsProcessFileName(name) || here.count(name)) continue;
      ++missing;
      carrier->Carry({std::move(name), -1});
    }
    if (list_error) return Status::IoError(fmt::format("{}: {}", previous_processes.string(), list_error.message()));
    carrier->Flush();
    event(fmt::format(R"("event":"carry_resumed","scan":"{}","files":{})", scan.scan_id, missing));
  }
  outcome->processes = total;

  // The screenings of earlier scans against the same lists. On SQLite they
  // are asked for name by name, through a connection of their own, when a
  // name is not in this run's memo: an incremental scan needs the screenings
  // of a few thousand names out of millions, and reading them all would cost
  // more than the scan. On PostgreSQL (a round trip per name) they are read
  // at once.
  const std::string memo_fingerprint = memo ? memo->Fingerprint() : "";
  std::atomic<int64_t> memo_loaded{0};
  // A memo row a list change left as it was cites, in its matches of
  // unchanged entries, the versions it was screened against: read, it cites
  // the versions this scan screens against (CiteListVersions).
  std::unordered_map<std::string, int64_t> version_of;
  for (const ListVersion& v : versions) version_of[v.name] = v.id;
  std::unique_ptr<StoreSet> memo_reader;
  std::mutex memo_mu;  // guards memo_reader and memo_status
  Status memo_status;  // the first error of the backing lookups: voids the batch
  if (!memo_fingerprint.empty() && !shared) {
    StoreSetOptions scans_only;
    scans_only.kinds = kScanStore;
    scans_only.read_only = true;
    ASSIGN_OR_RETURN(memo_reader, OpenStoreSet(options.db, clock, scans_only));
    memo->SetBacking([&](const std::string& key) -> std::optional<std::vector<ListMatchEvidence>> {
      std::lock_guard lock(memo_mu);
      if (!memo_status.ok()) return std::nullopt;
      Result<std::optional<std::string>> stored = memo_reader->scans->GetScreening(memo_fingerprint, key);
      if (!stored.ok()) {
        memo_status = stored.status();
        return std::nullopt;
      }
      if (!stored->has_value()) return std::nullopt;
      Result<StoredScreening> m = ScreeningFromJson(**stored, "screening memo " + key);
      if (!m.ok()) {
        memo_status = m.status();
        return std::nullopt;
      }
      ++memo_loaded;
      CiteListVersions(version_of, &m->matches);
      return std::move(m->matches);
    });
  } else if (!memo_fingerprint.empty()) {
    RETURN_IF_ERROR(scans->ForEachScreening(memo_fingerprint, [&](const std::string& key, const std::string& matches) {
      ASSIGN_OR_RETURN(StoredScreening m, ScreeningFromJson(matches, "screening memo " + key));
      CiteListVersions(version_of, &m.matches);
      memo->Preload(key, std::move(m.matches));
      ++memo_loaded;
      return Status::Ok();
    }));
  }
  ASSIGN_OR_RETURN(std::vector<std::unique_ptr<Worker>> workers,
                   workers_opening.valid() ? workers_opening.get() : open_workers(scan.as_of));
  AssessOptions assess;
  assess.as_of = scan.as_of;
  // The portfolio: a full scan counts each process as it assesses it, when
  // this process assesses all of them (not resumed, no other participant);
  // otherwise it is read from the folder's files at the end.
  const bool want_portfolio = !options.worker && (scan.mode == "full" || options.portfolio);
  // The delta against the previous scan is built as batches are done when
  // this run assesses every item (not resumed, no other participant): each
  // batch's previous briefs are read while it is assessed, and compared with
  // the briefs its workers made, so no file is read again after the
  // assessment. Otherwise it is built from both folders' files at the end.
  const bool running_delta = previous && previous->scan_id != scan.scan_id && !options.worker && !shared &&
                             items_done_before == 0;
  const bool count_portfolio = want_portfolio && scan.mode == "full" && done_before == 0 && !shared;

  auto assess_one = [&](Worker& w, const ScanItem& item, Done* out) {
    out->ocid = item.ocid;
    out->fingerprint = item.fingerprint;
    if (item.state == ItemState::kReuse) {
      out->reused = true;  // read by the writing thread: the scan store is not thread-safe
      return;
    }
    Result<std::optional<std::string>> json = w.stores->processes->ProcessJson(item.ocid);
    if (!json.ok() || !json->has_value()) {
      out->status = json.ok() ? Status::NotFound(item.ocid) : json.status();
      return;
    }
    std::string padded = **json + std::string(kJsonPadding, ' ');
    ContractingProcess process;
    std::vector<InputIssue> ignored;
    Status s = w.reader.ParseRelease(std::string_view(padded.data(), (*json)->size()), "store", 0, &process, &ignored);
    if (!s.ok()) {
      out->status = s;
      return;
    }
    LoadedInputs none;
    Result<EvidenceSources> gathered =
        w.context.SourcesFor(process, none, w.stores->evidence.get(), &parties_with_evidence);
    if (!gathered.ok()) {
      out->status = gathered.status();
      return;
    }
    EvidenceSources& sources = *gathered;
    sources.decisions = decisions.get();
    std::optional<KeyRecordingScreener> recorder;
    if (sources.lists) sources.lists = &recorder.emplace(sources.lists);
    ProcessEvidence ev = BuildEvidence(process, sources);
    if (recorder) out->screening_keys = recorder->Keys();
    ProcessAssessment a = w.context.assessor().Assess(ev, assess);
    // One line, compact (a tenth of the full form's size; rules.json completes it).
    out->json = reports::CompactAssessmentJson(a, *catalogue, -1);
    out->json += "\n";
    out->band = a.band;
    out->score = a.score;
    if (count_portfolio) {
      // As the file reads back (numbers rounded): the same portfolio as one read from the files.
      reports::RoundAsWritten(&a);
      w.portfolio.Add(a, &process);
    }
    out->flags = PartyFlagsOf(a, process, "scan " + scan.scan_id);
    if (running_delta) {
      reports::RoundAsWritten(&a);  // idempotent: already rounded when counted
      out->brief = reports::BriefOf(a);
    }
  };

  // The next batch of work: on SQLite the items not done, in ocid order (one
  // process runs the scan); on PostgreSQL a claim, waiting while other
  // participants hold the rest, until every item is done.
  const std::string worker_name = options.worker_name.empty() ? HostAndPid() : options.worker_name;
  std::optional<ClaimsGuard> claims;
  if (shared) claims.emplace(scans, scan.scan_id, worker_name);
  std::string after;
  // `wait` = false: one claim attempt only, for the batch claimed ahead while
  // this participant still holds one not done (waiting then for every item
  // to be done would wait for itself).
  auto next_batch = [&](bool wait) -> Result<std::vector<ScanItem>> {
    if (!shared) {
      ASSIGN_OR_RETURN(std::vector<ScanItem> batch, scans->PendingItems(scan.scan_id, after, options.batch));
      if (!batch.empty()) after = batch.back().ocid;
      return batch;
    }
    for (;;) {
      ASSIGN_OR_RETURN(std::vector<ScanItem> batch, scans->ClaimItems(scan.scan_id, worker_name, options.batch,
                                                                      clock->NowSeconds(), options.lease_seconds));
      if (!batch.empty() || !wait) return batch;
      ASSIGN_OR_RETURN(int64_t done, scans->CountItems(scan.scan_id, ItemState::kDone));
      if (done >= items_total) return batch;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  };

  const fs::path previous_folder =
      previous && previous->scan_id != scan.scan_id ? fs::path(previous->out_dir) : fs::path();
  FolderHandle previous_processes(previous_folder.empty() ? fs::path() : previous_folder / "processes");
  FolderHandle this_processes(folder / "processes");
  int64_t progressed = done_before;
  int64_t mine_assessed = 0, mine_reused = 0;
  // Links go on beside the assessment (made ahead or by the carrier): the
  // assessing threads yield to them.
  const bool carrying = carrier.has_value() || ahead != nullptr;
  bool previous_there = false;
  std::optional<reports::DeltaBuilder> delta_builder;  // when running_delta
  std::optional<FolderBriefs> previous_briefs;         // when running_delta and the previous folder is there
  if (running_delta) {
    delta_builder.emplace(NewDeltaBuilder(previous_folder, folder, &previous_there));
    if (previous_there) previous_briefs.emplace(previous_folder, carrying);
  }
  // The assessing threads work on the next batch while this thread writes
  // and commits the one before (its files, the sync, the transaction), so
  // the cores are not idle while a batch is written. Batches are still
  // written and committed one after the other, in order.
  struct InFlight {
    std::vector<ScanItem> batch;
    std::vector<Done> results;
    std::vector<std::thread> threads;
    // The previous scan's briefs of the batch's assessed items, read
    // meanwhile (running_delta).
    std::unique_ptr<FolderBriefs::Pending> previous_briefs;
    void Join() {
      for (std::thread& t : threads) t.join();
      threads.clear();
    }
    ~InFlight() { Join(); }  // also when this scan stops early
  };
  auto launch = [&](std::vector<ScanItem> batch) {
    auto f = std::make_unique<InFlight>();
    f->batch = std::move(batch);
    f->results.resize(f->batch.size());
    if (previous_briefs) {
      std::vector<std::string> assessing;
      for (const ScanItem& item : f->batch) {
        if (item.state != ItemState::kReuse) assessing.push_back(item.ocid);
      }
      f->previous_briefs = previous_briefs->ReadAhead(std::move(assessing));
    }
    InFlight* p = f.get();
    for (unsigned t = 0; t < jobs; ++t) {
      p->threads.emplace_back([&, p, t] {
        YieldToCarrier(carrying);
        for (size_t i = t; i < p->batch.size(); i += jobs) assess_one(*workers[t], p->batch[i], &p->results[i]);
      });
    }
    return f;
  };
  std::unique_ptr<InFlight> current;
  {
    ASSIGN_OR_RETURN(std::vector<ScanItem> first, next_batch(/*wait=*/true));
    if (!first.empty()) current = launch(std::move(first));
  }
  while (current) {
    current->Join();
    // A list index that could not be built screened nothing: the batch is
    // void. A memo that could not be read is a failing store: stop too.
    if (lazy_lists) RETURN_IF_ERROR(lazy_lists->status());
    {
      std::lock_guard lock(memo_mu);
      RETURN_IF_ERROR(memo_status);
    }
    std::unique_ptr<InFlight> following;
    {
      ASSIGN_OR_RETURN(std::vector<ScanItem> next, next_batch(/*wait=*/false));
      if (!next.empty()) following = launch(std::move(next));
    }
    const std::vector<ScanItem>& batch = current->batch;
    std::vector<Done>& results = current->results;
    // Files first, then the store: a crash in between only redoes the batch.
    for (Done& d : results) {
      const fs::path target = folder / "processes" / (reports::FileSafeName(d.ocid) + ".json");
      // The previous scan wrote this very assessment: link its file.
      if (d.reused && LinkPrevious(previous_processes, this_processes, target.filename().string(), fresh_folder,
                                   temp_tag)) {
        continue;
      }
      if (d.reused) {
        ASSIGN_OR_RETURN(std::optional<StoredAssessment> stored, scans->GetAssessment(d.ocid));
        if (!stored) return Status::Internal(fmt::format("{}: no stored assessment to reuse", d.ocid));
        d.json = stored->json;
        d.band = BandOf(stored->band);
        d.score = stored->score;
      }
      if (!d.status.ok()) return Status::Internal(fmt::format("{}: {}", d.ocid, d.status.message()));
      RETURN_IF_ERROR(fresh_folder ? WriteFileInFreshFolder(target, d.json, temp_tag)
                                   : WriteFileAtomically(target, d.json, temp_tag));
    }
    RETURN_IF_ERROR(SyncFolder(folder / "processes"));
    MaybeKill("files");
    ASSIGN_OR_RETURN(std::unique_ptr<StoreTransaction> tx, stores->transactions->Begin());
    if (memo) {
      std::vector<std::pair<std::string, std::string>> screened;
      for (auto& n : memo->TakeNew()) screened.emplace_back(std::move(n.key), ScreeningToJson(n.query, n.matches));
      RETURN_IF_ERROR(scans->PutScreenings(memo_fingerprint, screened));
      outcome->names_screened += static_cast<int64_t>(screened.size());
    }
    for (Done& d : results) {
      if (!d.reused) {
        RETURN_IF_ERROR(scans->PutAssessment(
            {d.ocid, d.fingerprint, scan.scan_id, std::string(BandCode(d.band)), d.score, d.json, d.screening_keys}));
        RETURN_IF_ERROR(stores->flags->Put(d.ocid, d.flags));
        ++mine_assessed;
      } else {
        ++mine_reused;
      }
      RETURN_IF_ERROR(scans->MarkDone(scan.scan_id, d.ocid, d.reused ? -1 : static_cast<int>(d.band)));
    }
    RETURN_IF_ERROR(tx->Commit());
    MaybeKill("committed");
    if (delta_builder) {
      // The batch against the previous scan (its files read while it was
      // assessed); in batch order, as CompareFolders would add it.
      std::map<std::string, reports::ProcessBrief> before;
      std::vector<std::string> issues;
      if (current->previous_briefs) RETURN_IF_ERROR(current->previous_briefs->Wait(&before, &issues));
      for (std::string& i : issues) delta_builder->AddIssueA(std::move(i));
      for (Done& d : results) {
        if (d.reused) continue;
        auto pa = before.find(d.ocid);
        delta_builder->Add(pa == before.end() ? nullptr : &pa->second, d.brief ? &*d.brief : nullptr);
      }
    }
    if (shared) {
      ASSIGN_OR_RETURN(progressed, scans->CountItems(scan.scan_id, ItemState::kDone));
      progressed += carried_total;
    } else {
      progressed += static_cast<int64_t>(batch.size());
    }
    if (options.on_progress) options.on_progress(progressed, total);
    event(fmt::format(R"("event":"batch","scan":"{}","done":{},"total":{})", scan.scan_id, progressed, total));
    if (!following) {
      // Nothing was claimable ahead: now that this batch is done, wait for
      // more (other participants' expired claims) or for the end.
      ASSIGN_OR_RETURN(std::vector<ScanItem> next, next_batch(/*wait=*/true));
      if (!next.empty()) following = launch(std::move(next));
    }
    current = std::move(following);
  }

  phase("assessed");
  // No name is screened any more: the analyses made are kept, while the
  // delta and the summary are written (a cache: not written, it costs the
  // next re-match the analyses, nothing else).
  std::thread keep_analyses;
  Status analyses_saved;
  if (*scan_analyses && (*scan_analyses)->recorded() > 0) {
    keep_analyses = std::thread(
        [&analyses_saved, &analyses_file, cache = scan_analyses->get()] {
          analyses_saved = cache->Save(analyses_file, /*keep_unused=*/true);
        });
  }
  const JoinOnExit join_keep_analyses{keep_analyses};
  outcome->screenings_from_memo = memo_loaded.load();
  outcome->list_index_built = lazy_lists && lazy_lists->built();
  // A kept index corrected by the list delta: how many names it could not
  // answer (screened against the full index, built for them).
  const DeltaListScreener* delta_lists = lazy_lists ? lazy_lists->delta() : nullptr;
  event(fmt::format(R"("event":"screening","memo":{},"screened":{},"index_built":{},"index_from_snapshot":{},)"
                    R"("index_corrected_by_delta":{},"delta_rescreened":{}{})",
                    outcome->screenings_from_memo, outcome->names_screened,
                    outcome->list_index_built ? "true" : "false",
                    lazy_lists && lazy_lists->from_snapshot() ? "true" : "false", delta_lists ? "true" : "false",
                    delta_lists ? delta_lists->rescreened() : 0,
                    outcome->list_index_built
                        ? R"(,"index_built_for":)" + nlohmann::json(lazy_lists->built_for()).dump(
                                                         -1, ' ', false, nlohmann::json::error_handler_t::replace)
                        : std::string()));
  if (options.worker) {
    outcome->assessed = mine_assessed;
    outcome->reused = mine_reused;
    event(fmt::format(R"("event":"worker_done","scan":"{}","worker":{},"assessed":{},"reused":{})", scan.scan_id,
                      nlohmann::json(worker_name).dump(), mine_assessed, mine_reused));
    return Status::Ok();
  }

  // Summary (also right after a resume): bands from the store (each item's
  // band, or its reused assessment's, and the carried-over counts), without
  // opening a million files; the
  // folder is listed, not read, to check that every process has its file.
  using BandCounts = std::array<int64_t, 5>;
  ASSIGN_OR_RETURN(BandCounts bands, scans->BandCounts(scan.scan_id));
  if (bands[4] != 0) {
    return Status::Internal(fmt::format("scan {}: {} items without a band or a stored assessment", scan.scan_id,
                                        bands[4]));
  }
  for (int b = 0; b < 4; ++b) {
    outcome->bands[b] = bands[static_cast<size_t>(b)] + scan.carried_over[static_cast<size_t>(b)];
  }
  if (options.fail_on) {
    // Only processes this scan assessed can have moved up; a reused one kept its band.
    ASSIGN_OR_RETURN(std::vector<std::string> high,
                     scans->ItemsAtOrAbove(scan.scan_id, static_cast<int>(*options.fail_on)));
    for (const std::string& ocid : high) {
      std::optional<Band> before;
      if (!previous_folder.empty()) {
        before = BandInFile(previous_folder / "processes" / (reports::FileSafeName(ocid) + ".json"));
      }
      if (!before || *before < *options.fail_on) ++outcome->new_at_or_above;
    }
  }
  // The delta against the previous scan. Only the processes this scan
  // assessed can differ from it (a reused process has the previous file), so
  // only their files are read, in both folders (while carried-over files
  // may still be linked).
  // The processes this scan assessed: its items done with a band of their
  // own (stable across resumes and workers); the others it reused.
  // When this run did every item (not resumed, no other participant), its
  // own count is theirs, and the delta was built as it went.
  std::vector<std::string> assessed_ocids;
  int64_t assessed_count = mine_assessed;
  if (shared || items_done_before != 0 || (!delta_builder && !previous_folder.empty())) {
    ASSIGN_OR_RETURN(assessed_ocids, scans->ItemsAtOrAbove(scan.scan_id, 0));
    assessed_count = static_cast<int64_t>(assessed_ocids.size());
  }
  // Written on a thread of its own while the carried-over files are
  // finished and counted below (it reads the assessed processes' files
  // only, and writes beside `processes`, not in it).
  std::thread delta_writer;
  Status delta_written;
  if (!previous_folder.empty()) {
    delta_writer = std::thread([&, linking = carrier.has_value() || ahead != nullptr] {
      if (!delta_builder) {
        delta_builder.emplace(NewDeltaBuilder(previous_folder, folder, &previous_there));
        delta_written =
            CompareFolders(previous_folder, folder, previous_there, assessed_ocids, linking, &*delta_builder);
        if (!delta_written.ok()) return;
      }
      delta_written =
          WriteDelta(std::move(*delta_builder), *previous, previous_folder, folder, total, scan.as_of, temp_tag);
    });
  }
  const JoinOnExit join_delta_writer{delta_writer};
  if (carrier || ahead) {
    // The carried-over files, before they are counted: every link made, or
    // the stored assessment written where a file could not be linked. (The
    // links made ahead are of every previous file: one that failed may be an
    // item's, written meanwhile.)
    std::vector<FileCarrier::Job> failed = carrier ? carrier->Finish() : ahead->Finish();
    if (ahead && !ahead->complete()) {
      return Status::IoError(fmt::format("{}: the previous scan's folder could not be read to its end: run again",
                                         previous_folder.string()));
    }
    carrier.reset();
    ahead.reset();
    for (const FileCarrier::Job& f : failed) {
      const fs::path target = folder / "processes" / f.name;
      std::error_code exists_error;
      if (fs::exists(target, exists_error)) continue;  // an item's, written meanwhile
      const std::optional<std::string> ocid =
          reports::OcidFromFileSafeName(std::string_view(f.name).substr(0, f.name.size() - 5));
      if (!ocid) return Status::Internal(fmt::format("{}: not a process file name", f.name));
      ASSIGN_OR_RETURN(std::optional<StoredAssessment> stored, scans->GetAssessment(*ocid));
      if (!stored) return Status::Internal(fmt::format("{}: no stored assessment to carry over", *ocid));
      RETURN_IF_ERROR(fresh_folder ? WriteFileInFreshFolder(target, stored->json, temp_tag)
                                   : WriteFileAtomically(target, stored->json, temp_tag));
    }
    phase("carried");
  }
  int64_t files = 0;
  {
    // Temporary files a killed run left (a file being written, or linked,
    // under a temporary name when the kill came: its final name was written
    // again since) are removed, so the folder ends as an uninterrupted
    // scan's. Every item is done: no participant writes here any more.
    std::vector<fs::path> stale;
    const fs::path processes = folder / "processes";
    RETURN_IF_ERROR(ForEachFolderName(processes, [&](std::string_view name) {
      if (reports::IsProcessFileName(name)) ++files;
      if (name.ends_with(".tmp")) stale.push_back(processes / name);
    }));
    RETURN_IF_ERROR(RemoveFiles(stale));
  }
  if (delta_writer.joinable()) {
    delta_writer.join();
    RETURN_IF_ERROR(delta_written);
    phase("delta");
  }
  // Every item done must have its file here: a participant writing elsewhere
  // (a shared folder not mounted) or a stale directory listing must not end
  // as a complete scan with files missing.
  if (files != total) {
    return Status::IoError(fmt::format(
        "scan folder {} holds {} process files for {} processes: the scan stays running (check that every "
        "participant writes to this folder, then run again)",
        folder.string(), files, total));
  }
  phase("counted");
  if (want_portfolio) {
    reports::PortfolioBuilder portfolio;
    if (count_portfolio) {
      // Into the first thread's builder, each other one freed once merged:
      // the counts of a million processes are not held twice.
      portfolio = std::move(workers.front()->portfolio);
      for (size_t i = 1; i < workers.size(); ++i) {
        portfolio.Merge(workers[i]->portfolio);
        workers[i]->portfolio = reports::PortfolioBuilder();
      }
    } else {
      RETURN_IF_ERROR(PortfolioFromFiles(folder, *catalogue, workers.front()->stores->processes.get(),
                                         &workers.front()->reader, &portfolio));
    }
    RETURN_IF_ERROR(WritePortfolio(portfolio, folder, *catalogue, workers.front()->stores->processes.get(),
                                   &workers.front()->reader, scan.as_of, temp_tag));
  }
  outcome->assessed = assessed_count;
  outcome->reused = total - outcome->assessed;
  nlohmann::ordered_json summary = {
      {"schema", "clearbid.scan-summary/1.0"},
      {"scan", scan.scan_id},
      {"as_of", scan.as_of},
      {"mode", scan.mode},
      {"rule_pack", scan.pack_version},
      {"lists", scan.lists_fingerprint},
      {"processes", total},
      {"assessed", outcome->assessed},
      {"reused", outcome->reused},
      {"bands",
       {{"low", outcome->bands[0]}, {"medium", outcome->bands[1]}, {"high", outcome->bands[2]},
        {"critical", outcome->bands[3]}}},
      {"previous_scan", previous && previous->scan_id != scan.scan_id ? previous->scan_id : ""},
  };
  if (options.fail_on) {
    summary["fail_on"] = BandCode(*options.fail_on);
    summary["new_at_or_above"] = outcome->new_at_or_above;
  }
  RETURN_IF_ERROR(WriteFileAtomically(folder / "summary.json", summary.dump(2) + "\n", temp_tag));
  {
    std::vector<fs::path> stale;  // as in processes/ above
    std::error_code list_error;
    for (fs::directory_iterator it(folder, list_error), end; !list_error && it != end; it.increment(list_error)) {
      if (it->path().extension() == ".tmp") stale.push_back(it->path());
    }
    if (list_error) return Status::IoError(fmt::format("{}: {}", folder.string(), list_error.message()));
    RETURN_IF_ERROR(RemoveFiles(stale));
  }
  RETURN_IF_ERROR(SyncFolder(folder));
  RETURN_IF_ERROR(scans->FinishScan(scan.scan_id, outcome->assessed, outcome->reused));
  if (keep_memo_analyses.joinable()) {
    keep_memo_analyses.join();
    if (!memo_analyses_saved.ok()) {
      event(fmt::format(R"("event":"name_analyses","saved":{})", nlohmann::json(memo_analyses_saved.ToString()).dump()));
    }
  }
  if (keep_analyses.joinable()) {
    keep_analyses.join();
    event(fmt::format(R"("event":"name_analyses","found":{},"made":{},"saved":{})", (*scan_analyses)->found(),
                      (*scan_analyses)->recorded(),
                      analyses_saved.ok() ? "true" : nlohmann::json(analyses_saved.ToString()).dump()));
  }
  phase("finished");
  event(fmt::format(R"("event":"scan_complete","scan":"{}","processes":{},"assessed":{},"reused":{})", scan.scan_id,
                    total, outcome->assessed, outcome->reused));
  return Status::Ok();
}

}  // namespace clearbid
