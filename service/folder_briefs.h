#pragma once
// Reads the briefs (reports::ProcessBrief: band, score, flags) of processes
// from a scan folder, DIR/processes/<FileSafeName(ocid)>.json, for a scan's
// delta against the previous scan. The files are read by several threads: a
// night after it was written, most of the previous scan's files are on disk,
// not in the page cache, and one reader would wait for each in turn.

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "engine/base/status.h"
#include "engine/rules/rule_catalogue.h"
#include "reports/delta.h"

namespace clearbid {

class FolderBriefs {
 public:
  /// `carrying`: the reading threads yield to the links (YieldToCarrier).
  FolderBriefs(std::filesystem::path dir, bool carrying) : dir_(std::move(dir)), carrying_(carrying) {}

  /// Adds to `briefs` the brief of each of `ocids` it does not hold already
  /// (a process not in the folder is skipped); a file that cannot be read is
  /// recorded in `issues`, in `ocids` order, as reports::ReadScan does. An
  /// error only when the folder's rule catalogue cannot be read. Safe to call
  /// from several threads at once.
  Status Read(std::span<const std::string> ocids, std::map<std::string, reports::ProcessBrief>* briefs,
              std::vector<std::string>* issues);

  /// A Read going on on a thread of its own (ReadAhead).
  class Pending {
   public:
    ~Pending();  // waits for the read
    Pending(const Pending&) = delete;
    Pending& operator=(const Pending&) = delete;
    /// Waits for the read, then gives what Read would have given, once.
    Status Wait(std::map<std::string, reports::ProcessBrief>* briefs, std::vector<std::string>* issues);

   private:
    friend class FolderBriefs;
    Pending() = default;
    std::vector<std::string> ocids_;
    std::map<std::string, reports::ProcessBrief> briefs_;
    std::vector<std::string> issues_;
    Status status_;
    std::thread thread_;
  };
  /// Starts reading the briefs of `ocids` while the caller goes on (a batch
  /// about to be assessed: its previous briefs are read meanwhile). This
  /// object must outlive the Pending.
  std::unique_ptr<Pending> ReadAhead(std::vector<std::string> ocids);

 private:
  Result<std::shared_ptr<const RuleCatalogue>> Catalogue();

  std::filesystem::path dir_;
  bool carrying_;
  std::mutex catalogue_mu_;
  std::shared_ptr<const RuleCatalogue> catalogue_;  // read when first needed
};

}  // namespace clearbid
