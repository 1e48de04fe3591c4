#include "connectors/ingest/ingester.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include "connectors/evidence/audit_reader.h"
#include "connectors/evidence/disclosure_reader.h"
#include "connectors/evidence/evidence_format.h"
#include "connectors/evidence/evidence_writer.h"
#include "connectors/ocds/release_compiler.h"
#include "engine/base/digest.h"
#include "engine/base/thread_priority.h"

namespace clearbid {
namespace fs = std::filesystem;

namespace {

std::string LowerExtension(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

bool IsJsonExtension(const fs::path& p) {
  std::string ext = LowerExtension(p);
  return ext == ".json" || ext == ".jsonl" || ext == ".ndjson";
}

// A CSV file is an input only when it is a supplier disclosure (its header says so).
bool IsDisclosureCsv(const fs::path& p) {
  if (LowerExtension(p) != ".csv") return false;
  FILE* f = std::fopen(p.c_str(), "rb");
  if (!f) return false;
  char buf[256];
  size_t n = std::fread(buf, 1, sizeof buf, f);
  std::fclose(f);
  std::string_view head(buf, n);
  size_t eol = head.find_first_of("\r\n");
  return IsDisclosureCsvHeader(head.substr(0, eol == std::string_view::npos ? head.size() : eol));
}

bool IsInputFile(const fs::path& p) { return IsJsonExtension(p) || IsDisclosureCsv(p); }

// A disclosure or audit report read from the input, ready for the evidence store.
struct EvidenceDoc {
  EvidenceKind kind = EvidenceKind::kNone;
  SupplierDisclosure disclosure;
  AuditReport audit;
  std::string json;  // canonical
  std::string file;
  int64_t line = 0;
};

// A unit of work: one batch of documents of one file, or the end of a file.
struct Work {
  uint64_t order = 0;
  DocumentBatch batch;
  std::string csv_path;  // a disclosure CSV file, read whole by the parser
  bool end_of_file = false;
  std::string file;
  DocumentStreamSummary file_summary;
  Status read_status;
};

struct Parsed {
  uint64_t order = 0;
  bool end_of_file = false;
  std::string file;
  DocumentStreamSummary file_summary;
  Status read_status;
  uint64_t batch_bytes = 0;
  uint64_t documents = 0;
  OcdsReadResult ocds;
  // For each of ocds.releases, prepared by the parser so that the writer only
  // binds: the digest of its JSON and the rows of its process (whose model
  // is freed there too).
  std::vector<std::string> digests;
  std::vector<ProcessRows> rows;
  std::vector<InputIssue> framing;
  std::vector<EvidenceDoc> evidence;
  std::vector<InputIssue> evidence_errors;
  uint64_t evidence_rejected = 0;
};

// A bounded, ordered hand-off between the reader, the parsers and the writer.
class Pipeline {
 public:
  explicit Pipeline(size_t capacity) : capacity_(capacity) {}

  void PushWork(Work w) {
    std::unique_lock lock(mu_);
    space_.wait(lock, [&] { return work_.size() + done_.size() + in_flight_ < capacity_; });
    work_.push_back(std::move(w));
    work_ready_.notify_one();
  }
  void CloseWork() {
    std::lock_guard lock(mu_);
    closed_ = true;
    work_ready_.notify_all();
    done_ready_.notify_all();
  }
  std::optional<Work> PopWork() {
    std::unique_lock lock(mu_);
    work_ready_.wait(lock, [&] { return !work_.empty() || closed_; });
    if (work_.empty()) return std::nullopt;
    Work w = std::move(work_.front());
    work_.pop_front();
    ++in_flight_;
    return w;
  }
  void PushDone(Parsed p) {
    std::lock_guard lock(mu_);
    --in_flight_;
    done_.emplace(p.order, std::move(p));
    done_ready_.notify_all();
  }
  // The next result in order, or nullopt when everything has been delivered.
  std::optional<Parsed> PopDone(uint64_t order) {
    std::unique_lock lock(mu_);
    done_ready_.wait(lock, [&] { return done_.count(order) || (closed_ && produced_ == order); });
    auto it = done_.find(order);
    if (it == done_.end()) return std::nullopt;
    Parsed p = std::move(it->second);
    done_.erase(it);
    space_.notify_all();
    return p;
  }
  void CountProduced() {
    std::lock_guard lock(mu_);
    ++produced_;
  }

 private:
  size_t capacity_;
  std::mutex mu_;
  std::condition_variable space_, work_ready_, done_ready_;
  std::deque<Work> work_;
  std::map<uint64_t, Parsed> done_;
  size_t in_flight_ = 0;
  uint64_t produced_ = 0;
  bool closed_ = false;
};

Parsed ParseWork(Work&& w, OcdsReader& reader) {
  Parsed p;
  p.order = w.order;
  p.end_of_file = w.end_of_file;
  p.file = std::move(w.file);
  p.file_summary = std::move(w.file_summary);
  p.read_status = std::move(w.read_status);
  if (w.end_of_file) return p;
  if (!w.csv_path.empty()) {
    EvidenceDoc doc;
    doc.kind = EvidenceKind::kDisclosure;
    doc.file = w.csv_path;
    doc.line = 1;
    p.documents = 1;
    if (ReadDisclosureCsvFile(w.csv_path, &doc.disclosure, &p.evidence_errors).ok()) {
      doc.json = DisclosureToJson(doc.disclosure);
      p.evidence.push_back(std::move(doc));
    } else {
      ++p.evidence_rejected;
    }
    return p;
  }
  DocumentBatch& b = w.batch;
  p.framing = std::move(b.issues);
  p.documents = b.documents.size();
  // Most documents of a batch are one release each (JSON Lines): growing
  // the vector would move every release model already read.
  p.ocds.releases.reserve(b.documents.size());
  p.digests.reserve(b.documents.size());
  p.rows.reserve(b.documents.size());
  for (const DocumentSpan& d : b.documents) {
    p.batch_bytes += d.length;
    std::string_view text = b.Text(d);
    EvidenceKind kind = DetectEvidence(text);
    if (kind == EvidenceKind::kNone) {
      reader.Read(text, b.file, d.line, &p.ocds, d.minified);
      // The releases this document added, digested and made into rows at
      // once, while their JSON and model are still in the core's cache (a
      // pass over the whole batch afterwards read them back from memory:
      // the digest alone took 0.25 CPU-s per GB that way).
      for (size_t i = p.rows.size(); i < p.ocds.releases.size(); ++i) {
        ReleaseInput& in = p.ocds.releases[i];
        p.digests.push_back(ContentHash(in.json));
        p.rows.push_back(ProcessRowsOf(std::move(in.process)));
        in.process = ContractingProcess();
      }
      continue;
    }
    EvidenceDoc doc;
    doc.kind = kind;
    doc.file = b.file;
    doc.line = d.line;
    Status st = kind == EvidenceKind::kDisclosure
                    ? ReadDisclosureJson(text, b.file, d.line, &doc.disclosure, &p.evidence_errors)
                    : ReadAuditJson(text, b.file, d.line, &doc.audit, &p.evidence_errors);
    if (!st.ok()) {
      ++p.evidence_rejected;
      continue;
    }
    doc.json = kind == EvidenceKind::kDisclosure ? DisclosureToJson(doc.disclosure) : AuditToJson(doc.audit);
    p.evidence.push_back(std::move(doc));
  }
  return p;
}

// What the writer is done with (parsed batches, a transaction's rows),
// destroyed on the parser threads instead: freeing the release models' texts
// and rows took about 6 % of the writer's time, and the writer is the
// pipeline's bottleneck. Thread-safe.
class Disposal {
 public:
  template <typename T>
  void Add(T&& value) {
    auto held = std::make_unique<Held<std::decay_t<T>>>(std::forward<T>(value));
    std::lock_guard lock(mu_);
    items_.push_back(std::move(held));
  }
  // Destroys, on the calling thread, everything added so far.
  void Empty() {
    std::vector<std::unique_ptr<Item>> items;
    {
      std::lock_guard lock(mu_);
      items.swap(items_);
    }
  }

 private:
  struct Item {
    virtual ~Item() = default;
  };
  template <typename T>
  struct Held final : Item {
    explicit Held(T&& v) : value(std::move(v)) {}
    T value;
  };
  std::mutex mu_;
  std::vector<std::unique_ptr<Item>> items_;
};

// Writes parsed releases, compiling processes touched by more than one release.
class Writer {
 public:
  // `disposal` (optional) receives what a commit is done with.
  Writer(TransactionSource* transactions, ProcessStore* store, EvidenceStore* evidence, const IngestOptions& options,
         IngestSummary* summary, Disposal* disposal)
      : transactions_(transactions),
        store_(store),
        evidence_(evidence),
        options_(options),
        summary_(summary),
        disposal_(disposal) {}

  Status Add(Parsed& p) {
    for (InputIssue& i : p.framing) {
      summary_->errors.push_back(std::move(i));
      ++summary_->rejected;
    }
    for (InputIssue& i : p.ocds.errors) summary_->errors.push_back(std::move(i));
    for (InputIssue& i : p.ocds.warnings) summary_->warnings.push_back(std::move(i));
    summary_->rejected += static_cast<uint64_t>(p.ocds.rejected);
    for (InputIssue& i : p.evidence_errors) summary_->errors.push_back(std::move(i));
    summary_->rejected += p.evidence_rejected;
    summary_->documents += p.documents;
    for (EvidenceDoc& doc : p.evidence) {
      if (!evidence_) {
        summary_->errors.push_back({doc.file, doc.line, "supplier evidence cannot be stored here (no evidence store)"});
        ++summary_->rejected;
        continue;
      }
      RETURN_IF_ERROR(Begin());
      if (doc.kind == EvidenceKind::kDisclosure) {
        ++summary_->disclosures;
        ASSIGN_OR_RETURN(EvidenceChange c, evidence_->PutDisclosure(doc.disclosure, doc.json, doc.file, doc.line));
        summary_->evidence_changed += c != EvidenceChange::kUnchanged;
      } else {
        ++summary_->audits;
        ASSIGN_OR_RETURN(EvidenceChange c, evidence_->PutAudit(doc.audit, doc.json, doc.file, doc.line));
        summary_->evidence_changed += c != EvidenceChange::kUnchanged;
      }
    }
    if (p.end_of_file) {
      ++summary_->files;
      if (!p.read_status.ok()) {
        summary_->errors.push_back({p.file, 0, p.read_status.message()});
        ++summary_->rejected;
        return Status::Ok();
      }
      summary_->bytes += p.file_summary.bytes;
      if (p.file_summary.sha256.empty()) return Status::Ok();
      RETURN_IF_ERROR(Begin());
      return store_->RecordSourceFile(p.file_summary.sha256, p.file, static_cast<int64_t>(p.file_summary.bytes));
    }
    for (size_t i = 0; i < p.ocds.releases.size(); ++i) {
      ReleaseInput& in = p.ocds.releases[i];
      RETURN_IF_ERROR(Begin());
      ++summary_->releases;
      StoredRelease r;
      r.ocid = std::move(in.ocid);
      r.release_id = std::move(in.release_id);
      r.date = std::move(in.date);
      r.compiled = in.compiled;
      r.digest = std::move(p.digests[i]);
      r.json = std::move(in.json);
      r.source_file = std::move(in.file);
      r.source_line = in.line;
      int64_t before = 0;
      ASSIGN_OR_RETURN(ReleaseChange change, store_->PutRelease(r, &before));
      // The texts the store has copied go back to the batch, freed with it
      // on another thread (Disposal).
      in.json = std::move(r.json);
      in.release_id = std::move(r.release_id);
      in.date = std::move(r.date);
      in.file = std::move(r.source_file);
      if (change == ReleaseChange::kUnchanged) {
        ++summary_->releases_unchanged;
        continue;
      }
      ++(change == ReleaseChange::kInserted ? summary_->releases_new : summary_->releases_updated);
      auto found = dirty_index_.find(r.ocid);
      Dirty* d;
      if (found == dirty_index_.end()) {
        d = &dirty_.emplace_back();
        d->ocid = std::move(r.ocid);
        d->releases_before = before;
        dirty_index_.emplace(d->ocid, d);
      } else {
        d = found->second;
      }
      d->last = std::move(p.rows[i]);
      d->last_digest = std::move(r.digest);
      ++d->count;
      if (++pending_ >= options_.transaction_releases) RETURN_IF_ERROR(Commit());
    }
    return Status::Ok();
  }

  Status Commit() {
    if (!tx_) return Status::Ok();
    // Processes are written in the order they were first touched (the first
    // `parties` row of an organisation is kept, so the order matters), a
    // chunk at a time: the releases of the chunk's processes with more than
    // one release are read, compiled on every core (compiling is most of the
    // cost of an update), then every process of the chunk is written.
    std::vector<ProcessStore::NewProcess> fresh;  // processes of one release, written together
    auto put_fresh = [&]() -> Status {
      RETURN_IF_ERROR(store_->PutNewProcesses(fresh));
      summary_->processes_changed += fresh.size();
      fresh.clear();
      return Status::Ok();
    };
    for (size_t from = 0; from < dirty_.size(); from += kCompileChunk) {
      const size_t to = std::min(dirty_.size(), from + kCompileChunk);
      std::vector<CompileJob> jobs;
      for (size_t i = from; i < to; ++i) {
        const Dirty& d = dirty_[i];
        if (d.releases_before + d.count == 1) continue;
        CompileJob& job = jobs.emplace_back();
        ASSIGN_OR_RETURN(job.releases, store_->ReleasesOf(d.ocid));
      }
      CompileAll(jobs);
      size_t next_job = 0;
      for (size_t i = from; i < to; ++i) {
        Dirty& d = dirty_[i];
        const std::string& ocid = d.ocid;
        const int64_t n = d.releases_before + d.count;
        if (n == 1) {
          // One release (and none before this transaction: the process is
          // new): its JSON is the process state. Written with the chunk's
          // other such processes, before the next process of several.
          MarkKnownParties(&d.last);
          fresh.push_back({&d.last, d.last_digest});
          continue;
        }
        RETURN_IF_ERROR(put_fresh());
        CompileJob& job = jobs[next_job++];
        static const StoredRelease kNoRelease;
        const StoredRelease& last = job.releases.empty() ? kNoRelease : job.releases.back();
        if (!job.compiled.ok()) {
          summary_->errors.push_back(
              {last.source_file, last.source_line, fmt::format("process {}: {}", ocid, job.compiled.status().message())});
          ++summary_->rejected;
          continue;
        }
        if (!job.parsed.ok()) {
          summary_->errors.push_back({last.source_file, last.source_line, job.parsed.message()});
          ++summary_->rejected;
          continue;
        }
        ASSIGN_OR_RETURN(bool changed, store_->PutProcessRows(job.rows, job.digest, n, &*job.compiled));
        summary_->processes_changed += changed;
      }
      RETURN_IF_ERROR(put_fresh());
    }
    dirty_index_.clear();
    if (disposal_) disposal_->Add(std::move(dirty_));
    dirty_.clear();
    pending_ = 0;
    Status s = tx_->Commit();
    tx_.reset();
    // Rolled back: the keys this transaction wrote are not stored.
    if (!s.ok() || known_parties_.size() > kMaxKnownParties) known_parties_.Clear();
    return s;
  }

 private:
  // A process compiled from its stored releases (in merge order): the
  // compiled JSON, or why not; then its model, as rows, and their digest.
  struct CompileJob {
    std::vector<StoredRelease> releases;
    Result<std::string> compiled = Status::Internal("not compiled");
    Status parsed;
    ProcessRows rows;
    std::string digest;
  };
  // Processes read, compiled, then written at a time (bounds the releases
  // held in memory).
  static constexpr size_t kCompileChunk = 256;

  // Compiles every job, on up to IngestOptions::jobs threads (this one
  // included). Each job depends on its releases alone.
  void CompileAll(std::vector<CompileJob>& jobs) {
    const unsigned wanted = options_.jobs ? options_.jobs : std::max(1u, std::thread::hardware_concurrency());
    const size_t threads = std::min<size_t>(wanted, jobs.size());
    while (compile_readers_.size() < threads) compile_readers_.push_back(std::make_unique<OcdsReader>());
    std::atomic<size_t> next{0};
    auto work = [&](OcdsReader& reader) {
      for (size_t j; (j = next.fetch_add(1)) < jobs.size();) Compile(jobs[j], reader);
    };
    std::vector<std::thread> helpers;
    for (size_t t = 1; t < threads; ++t) helpers.emplace_back(work, std::ref(*compile_readers_[t]));
    if (threads > 0) work(*compile_readers_[0]);
    for (std::thread& t : helpers) t.join();
  }

  static void Compile(CompileJob& job, OcdsReader& reader) {
    std::vector<std::string> texts;
    texts.reserve(job.releases.size());
    for (StoredRelease& r : job.releases) texts.push_back(std::move(r.json));
    job.compiled = CompileReleases(texts);  // fails when there is no release
    if (!job.compiled.ok()) return;
    ContractingProcess proc;
    std::vector<InputIssue> ignored;  // already reported for each release
    const StoredRelease& last = job.releases.back();
    job.parsed = reader.ParseRelease(*job.compiled, last.source_file, last.source_line, &proc, &ignored);
    if (!job.parsed.ok()) return;
    job.rows = ProcessRowsOf(std::move(proc));
    job.digest = ContentHash(*job.compiled);
  }

  struct Dirty {
    std::string ocid;
    ProcessRows last;
    std::string last_digest;
    int64_t count = 0;            // releases stored by this transaction
    int64_t releases_before = 0;  // releases the ocid had before it
  };
  // Marks the parties whose row this run has stored already (committed, or
  // written by the open transaction): the store skips them (a `parties` row
  // is never replaced, so writing it again would change nothing).
  void MarkKnownParties(ProcessRows* rows) {
    for (ProcessRows::PartyRow& party : rows->parties) party.known = !known_parties_.Insert(party.key_hash);
  }
  Status Begin() {
    if (tx_) return Status::Ok();
    ASSIGN_OR_RETURN(tx_, transactions_->Begin());
    return Status::Ok();
  }
  TransactionSource* transactions_;
  ProcessStore* store_;
  EvidenceStore* evidence_;
  const IngestOptions& options_;
  IngestSummary* summary_;
  Disposal* disposal_;
  std::unique_ptr<StoreTransaction> tx_;
  // The processes this transaction touched, in the order they were first
  // touched (a deque: their addresses stay, the index points into them).
  std::deque<Dirty> dirty_;
  std::unordered_map<std::string_view, Dirty*> dirty_index_;
  size_t pending_ = 0;
  std::vector<std::unique_ptr<OcdsReader>> compile_readers_;  // one per compiling thread
  // Party keys whose row is stored: by committed transactions of this run,
  // and by the open one. Only a cache: cleared after a commit when it has
  // grown past the bound, and when a commit fails (what the transaction
  // wrote is not stored).
  static constexpr size_t kMaxKnownParties = 1'000'000;
  // By key hash (made on the parser threads): no key is copied or hashed here.
  PartyKeyHashSet known_parties_;
};

}  // namespace

Status ListInputFiles(const std::vector<std::string>& paths, std::vector<std::string>* files, uint64_t* ignored) {
  for (const std::string& path : paths) {
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) return Status::NotFound(fmt::format("{}: no such file or directory", path));
    if (fs::is_directory(st)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        if (IsInputFile(it->path())) found.push_back(it->path().string());
        else ++*ignored;
      }
      if (ec) return Status::IoError(fmt::format("{}: {}", path, ec.message()));
      std::sort(found.begin(), found.end());
      files->insert(files->end(), found.begin(), found.end());
    } else {
      files->push_back(path);
    }
  }
  return Status::Ok();
}

Status Ingest(const std::vector<std::string>& paths, TransactionSource* transactions, ProcessStore* store, EvidenceStore* evidence,
              const IngestOptions& options, IngestSummary* summary) {
  std::vector<std::string> files;
  RETURN_IF_ERROR(ListInputFiles(paths, &files, &summary->files_ignored));
  IngestProgress progress;
  progress.files_total = files.size();
  for (const std::string& f : files) {
    std::error_code ec;
    uintmax_t size = fs::file_size(f, ec);
    if (!ec) progress.bytes_total += size;
  }

  // A bulk load: the store may keep new parties aside until the end
  // (ProcessStore::BeginBulkLoad), first adding any an earlier one left.
  {
    ASSIGN_OR_RETURN(std::unique_ptr<StoreTransaction> tx, transactions->Begin());
    RETURN_IF_ERROR(store->BeginBulkLoad());
    RETURN_IF_ERROR(tx->Commit());
  }

  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  Disposal disposal;  // outlives the threads; what is left in it is freed here at the end
  Pipeline pipe(4 + 2 * jobs);
  uint64_t next_order = 0;

  std::thread reader_thread([&] {
    LowerThreadPriority(options.helper_niceness);
    for (const std::string& file : files) {
      DocumentStreamSummary fsum;
      Status s;
      if (IsDisclosureCsv(file)) {
        Work w;
        w.order = next_order++;
        w.csv_path = file;
        pipe.CountProduced();
        pipe.PushWork(std::move(w));
        std::error_code ec;
        fsum.bytes = fs::file_size(file, ec);
        fsum.sha256 = "";  // recorded by the evidence store's own digest
      } else s = ReadDocuments(file, options.stream, [&](DocumentBatch&& b) {
        Work w;
        w.order = next_order++;
        w.batch = std::move(b);
        pipe.CountProduced();
        pipe.PushWork(std::move(w));
      }, &fsum);
      Work end;
      end.order = next_order++;
      end.end_of_file = true;
      end.file = file;
      end.file_summary = std::move(fsum);
      end.read_status = s;
      pipe.CountProduced();
      pipe.PushWork(std::move(end));
    }
    pipe.CloseWork();
  });

  std::vector<std::thread> workers;
  for (unsigned i = 0; i < jobs; ++i) {
    workers.emplace_back([&] {
      LowerThreadPriority(options.helper_niceness);
      // Releases read here become process rows only (ParseWork).
      OcdsReaderOptions reader_options = options.reader;
      reader_options.row_fields_only = true;
      OcdsReader reader(reader_options);
      while (std::optional<Work> w = pipe.PopWork()) {
        pipe.PushDone(ParseWork(std::move(*w), reader));
        disposal.Empty();
      }
    });
  }

  Writer writer(transactions, store, evidence, options, summary, &disposal);
  Status status;
  uint64_t order = 0;
  while (std::optional<Parsed> p = pipe.PopDone(order)) {
    ++order;
    if (status.ok()) status = writer.Add(*p);
    disposal.Add(std::move(*p));
    if (p->end_of_file) ++progress.files_done;
    progress.bytes_done += p->batch_bytes;
    if (options.on_progress) options.on_progress(progress);
  }
  reader_thread.join();
  for (std::thread& t : workers) t.join();
  if (status.ok()) status = writer.Commit();
  RETURN_IF_ERROR(status);
  {
    ASSIGN_OR_RETURN(std::unique_ptr<StoreTransaction> tx, transactions->Begin());
    RETURN_IF_ERROR(store->EndBulkLoad());
    RETURN_IF_ERROR(tx->Commit());
  }
  ASSIGN_OR_RETURN(summary->store, store->Counts());
  return Status::Ok();
}

}  // namespace clearbid
