#include "service/folder_briefs.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <optional>
#include <sstream>

#include "reports/assessment_reader.h"
#include "reports/brief_reader.h"
#include "reports/file_names.h"
#include "service/thread_priority.h"

namespace clearbid {
namespace fs = std::filesystem;

Result<std::shared_ptr<const RuleCatalogue>> FolderBriefs::Catalogue() {
  std::lock_guard lock(catalogue_mu_);
  if (!catalogue_) {
    ASSIGN_OR_RETURN(catalogue_, reports::ReadScanRuleCatalogue(dir_.string()));
  }
  return catalogue_;
}

Status FolderBriefs::Read(std::span<const std::string> ocids, std::map<std::string, reports::ProcessBrief>* briefs,
                          std::vector<std::string>* issues) {
  std::vector<const std::string*> wanted;
  for (const std::string& ocid : ocids) {
    if (!briefs->count(ocid)) wanted.push_back(&ocid);
  }
  if (wanted.empty()) return Status::Ok();  // every brief known: the folder's rule catalogue is not needed
  ASSIGN_OR_RETURN(std::shared_ptr<const RuleCatalogue> catalogue, Catalogue());
  struct Read {
    std::optional<reports::ProcessBrief> brief;
    std::string issue;
  };
  std::vector<Read> read(wanted.size());
  std::atomic<size_t> next{0};
  auto reader = [&] {
    YieldToCarrier(carrying_);
    reports::BriefReader briefs;
    for (size_t i = next++; i < wanted.size(); i = next++) {
      const fs::path file = dir_ / "processes" / (reports::FileSafeName(*wanted[i]) + ".json");
      std::ifstream in(file, std::ios::binary);
      if (!in) continue;  // not in that scan
      std::ostringstream text;
      text << in.rdbuf();
      Result<reports::ProcessBrief> brief = briefs.Read(text.str(), file.string(), catalogue.get());
      if (!brief.ok()) {
        read[i].issue = brief.status().message();
        continue;
      }
      read[i].brief = std::move(*brief);
    }
  };
  {
    constexpr size_t kReaders = 8;  // I/O-bound: more than the cores
    std::vector<std::thread> threads;
    for (size_t t = 0; t < std::min(kReaders, wanted.size()); ++t) threads.emplace_back(reader);
    for (std::thread& t : threads) t.join();
  }
  for (Read& r : read) {
    if (!r.issue.empty()) issues->push_back(std::move(r.issue));
    if (r.brief) {
      std::string ocid = r.brief->ocid;
      briefs->emplace(std::move(ocid), std::move(*r.brief));
    }
  }
  return Status::Ok();
}

FolderBriefs::Pending::~Pending() {
  if (thread_.joinable()) thread_.join();
}

Status FolderBriefs::Pending::Wait(std::map<std::string, reports::ProcessBrief>* briefs,
                                   std::vector<std::string>* issues) {
  if (thread_.joinable()) thread_.join();
  RETURN_IF_ERROR(status_);
  for (auto& [ocid, brief] : briefs_) briefs->insert_or_assign(ocid, std::move(brief));
  briefs_.clear();
  for (std::string& i : issues_) issues->push_back(std::move(i));
  issues_.clear();
  return Status::Ok();
}

std::unique_ptr<FolderBriefs::Pending> FolderBriefs::ReadAhead(std::vector<std::string> ocids) {
  std::unique_ptr<Pending> p(new Pending());
  p->ocids_ = std::move(ocids);
  p->thread_ = std::thread([this, q = p.get()] { q->status_ = Read(q->ocids_, &q->briefs_, &q->issues_); });
  return p;
}

}  // namespace clearbid
