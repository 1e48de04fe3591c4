#pragma once
// A deterministic generator of realistic synthetic OCDS 1.1 data, for
// benchmarks and demonstrations: JSON Lines, one compiled-style release per
// contracting process (tender, bids, awards, contracts, parties), with public
// buyers in 15 OSCE-region countries, CPV and UNSPSC item codes, supplier
// names in several scripts with legal forms, transliteration variants and
// typos, repeat suppliers, and supply-chain parties (subcontractors,
// recruitment agencies, factory sites) under custom roles.
//
// Deterministic: the bytes depend only on the options (seed and process
// count), never on the clock, the machine or the standard library. The
// supplier pool grows with the process count, so a run of N processes is not
// a prefix of a run of 2N: compare runs of equal size.

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

#include "engine/base/result.h"
#include "engine/base/status.h"

namespace clearbid::synthetic {

struct GeneratorOptions {
  /// Contracting processes to write (one release each); 0 to 100,000,000.
  int64_t processes = 1000;
  uint64_t seed = 1;
};

struct GeneratorSummary {
  std::string path;  // the file written, when writing to a path
  int64_t processes = 0;
  int64_t releases = 0;
  uint64_t bytes = 0;
};

/// Largest accepted GeneratorOptions::processes.
constexpr int64_t kMaxGeneratedProcesses = 100'000'000;

/// Builds releases one by one. Construction builds the shared supplier pool
/// (about processes / 5 organisations, at most 750,000). AppendRelease reads
/// only immutable state: it may be called in any order and from several
/// threads at once.
class OcdsGenerator {
 public:
  explicit OcdsGenerator(const GeneratorOptions& options);
  ~OcdsGenerator();
  OcdsGenerator(const OcdsGenerator&) = delete;
  OcdsGenerator& operator=(const OcdsGenerator&) = delete;

  /// Appends the release of process `index` (0-based) as one line of JSON,
  /// newline included. Depends only on the options and `index`.
  void AppendRelease(int64_t index, std::string* out) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Writes options.processes releases as JSON Lines to `out`.
/// Fails with InvalidArgument on a bad process count, IoError on a write error.
Status GenerateOcds(const GeneratorOptions& options, std::ostream& out, GeneratorSummary* summary);

/// The file GenerateOcdsFile writes for `out`: `out` itself when it ends in
/// .jsonl or .json, else `out`/ocds-generated.jsonl (a directory).
std::string GeneratorOutputPath(const std::string& out);

/// Writes to GeneratorOutputPath(out), creating the directory when needed.
Result<GeneratorSummary> GenerateOcdsFile(const GeneratorOptions& options, const std::string& out);

}  // namespace clearbid::synthetic
