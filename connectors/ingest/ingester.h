#pragma once
// Ingestion: walks files and folders, splits each file into JSON documents,
// parses them in parallel (OCDS releases, records and packages; supplier
// disclosures and audit reports) and writes them to the store in input order,
// so that the same inputs always give the same store.
//
// Bad input never stops the run: each rejected document or dropped field is
// reported with file, line and reason; every valid record is stored.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "connectors/json/document_stream.h"
#include "connectors/ocds/ocds_reader.h"
#include "engine/base/status.h"
#include "engine/store/evidence_store.h"
#include "engine/store/process_store.h"
#include "engine/store/store_transaction.h"

namespace clearbid {

struct IngestProgress {
  uint64_t bytes_done = 0;
  uint64_t bytes_total = 0;
  uint64_t files_done = 0;
  uint64_t files_total = 0;
};

struct IngestOptions {
  /// Parser threads, and threads compiling the processes of several
  /// releases at each commit (0: one per core).
  unsigned jobs = 0;
  /// Releases written per transaction (5,000: about 25 MB of pages, well
  /// under the WAL bound of the SQLite checkpointer, so the writer seldom
  /// waits for it).
  size_t transaction_releases = 5000;
  /// Files are read 2 MiB at a time (a batch of the pipeline), not the 8 MiB
  /// of DocumentStreamOptions: the batches parsed but not yet written when
  /// the parsers finish are the writer's work alone, on one core, and smaller
  /// batches make that backlog (up to 4 + 2 * jobs batches) smaller.
  DocumentStreamOptions stream{.chunk_bytes = size_t{2} << 20};
  OcdsReaderOptions reader;
  /// How much lower than the calling thread's the scheduling priority of
  /// the reader and parser threads is (a nice increment, per thread, capped
  /// at 19; 0 leaves them as they are). The writer, on the calling thread, is
  /// the one stage of the pipeline that cannot be spread over cores: when
  /// every core is busy, the threads that feed it should wait rather than it
  /// (they only fill the pipeline ahead of it). On 2 cores, 1 GB with
  /// `--exclusive`: the writer waited 1.7 s for a core at 0, 0.8 s at 10.
  /// The cost: beside other busy processes, the parsers get less of the
  /// machine than they would. Linux only; best effort.
  int helper_niceness = 10;
  /// Called from the writing thread after each batch; may be empty.
  std::function<void(const IngestProgress&)> on_progress;
};

struct IngestSummary {
  uint64_t files = 0;
  uint64_t files_ignored = 0;  // not JSON (by extension) in a walked folder
  uint64_t bytes = 0;
  uint64_t documents = 0;
  uint64_t releases = 0;            // releases read (including records' compiled releases)
  uint64_t releases_new = 0;
  uint64_t releases_updated = 0;
  uint64_t releases_unchanged = 0;
  uint64_t processes_changed = 0;   // processes created or updated by this run
  uint64_t rejected = 0;            // documents or releases not taken
  uint64_t disclosures = 0;       // supplier disclosures read
  uint64_t audits = 0;            // audit reports read
  uint64_t evidence_changed = 0;  // disclosures and audits new or changed in the store
  StoreCounts store;                // the store after the run
  std::vector<InputIssue> errors;   // rejected items and dropped fields
  std::vector<InputIssue> warnings; // transcoding and other notes
};

/// Lists the input files under `paths` (files as given; folders walked
/// recursively for *.json, *.jsonl, *.ndjson, and *.csv files whose header is
/// the supplier-disclosure CSV header), sorted for a stable order.
/// Counts skipped files in `ignored`. Missing paths are errors.
Status ListInputFiles(const std::vector<std::string>& paths, std::vector<std::string>* files, uint64_t* ignored);

/// Ingests `paths`: OCDS into `store`, supplier disclosures and audit reports
/// (recognised by their "format" member, or the CSV header) into `evidence`
/// (when null, they are rejected). Both stores share the connection of
/// `transactions`, through which the ingester groups its writes
/// (IngestOptions::transaction_releases releases per transaction). Fails only when a store fails; input problems go to
/// the summary.
Status Ingest(const std::vector<std::string>& paths, TransactionSource* transactions, ProcessStore* store, EvidenceStore* evidence,
              const IngestOptions& options, IngestSummary* summary);

}  // namespace clearbid
