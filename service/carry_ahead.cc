#include "service/carry_ahead.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "reports/file_names.h"

namespace clearbid {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kStagingPrefix = ".carry-";

}  // namespace

std::unique_ptr<CarryAhead> CarryAhead::Start(const fs::path& out, const std::string& previous_scan,
                                              const fs::path& previous_processes, std::function<void()> on_linked) {
  // A scan id is a date with an optional "-N": nothing that could leave the folder.
  if (previous_scan.empty() || previous_scan.find_first_of("/\\") != std::string::npos || previous_scan[0] == '.') {
    return nullptr;
  }
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) return nullptr;
  std::unique_ptr<CarryAhead> ahead(new CarryAhead());
  ahead->lock_fd_ = ::open((out / ".carry.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (ahead->lock_fd_ < 0 || ::flock(ahead->lock_fd_, LOCK_EX | LOCK_NB) != 0) return nullptr;
  ahead->previous_scan_ = previous_scan;
  ahead->staging_ = out / (std::string(kStagingPrefix) + previous_scan);
  // Staging folders of other previous scans (killed runs') hold links to
  // files this scan does not carry: removed (links only: the files they name
  // stay in their scans' folders).
  for (fs::directory_iterator it(out, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.starts_with(kStagingPrefix) && it->path() != ahead->staging_) {
      std::error_code remove_error;
      fs::remove_all(it->path(), remove_error);
    }
  }
  fs::create_directories(ahead->staging_, ec);
  if (ec) return nullptr;
  ahead->from_ = std::make_unique<FolderHandle>(previous_processes);
  ahead->to_ = std::make_unique<FolderHandle>(ahead->staging_);
  if (ahead->from_->fd() < 0 || ahead->to_->fd() < 0) return nullptr;
  // The previous folder is read with readdir on a descriptor of its own (the
  // one linkat uses stays untouched).
  const int list_fd = ::openat(ahead->from_->fd(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ahead->listing_ = list_fd >= 0 ? ::fdopendir(list_fd) : nullptr;
  if (!ahead->listing_) {
    if (list_fd >= 0) ::close(list_fd);
    return nullptr;
  }
  CarryAhead* self = ahead.get();
  ahead->thread_ = std::thread([self, on_linked = std::move(on_linked)] { self->Run(on_linked); });
  return ahead;
}

CarryAhead::~CarryAhead() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (listing_) ::closedir(listing_);
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
}

void CarryAhead::Run(std::function<void()> on_linked) {
  // Names come in the order of the previous folder's own index, the order
  // in which the new folder, on the same file system, indexes them too.
  std::vector<FileCarrier::Job> failed;
  bool complete = false;
  while (!stop_.load(std::memory_order_relaxed)) {
    errno = 0;
    const dirent* entry = ::readdir(listing_);
    if (!entry) {
      complete = errno == 0;
      break;
    }
    const std::string_view name(entry->d_name);
    if (!reports::IsProcessFileName(name)) continue;
    const std::string file(name);
    if (LinkPrevious(*from_, *to_, file, /*fresh=*/true, "")) {
      ++linked_;
      if (on_linked) on_linked();
    } else {
      failed.push_back({file, -1});
    }
  }
  // The links leave the file system a few hundred megabytes of metadata to
  // write (a million inodes' link counts, the new folder's entries), which
  // the scan's first sync would otherwise wait for once the re-match is
  // done: written back here, on this thread, while the scan still re-matches
  // or assesses (Finish() waits for it). Best effort: the scan syncs its
  // folder again before it records anything done.
  if (complete) (void)::syncfs(to_->fd());
  std::lock_guard lock(mu_);
  complete_ = complete;
  for (FileCarrier::Job& job : failed) failed_.push_back(std::move(job));
}

Status CarryAhead::MoveTo(const fs::path& processes) {
  if (::rename(staging_.c_str(), processes.c_str()) != 0) {
    return Status::IoError(
        fmt::format("cannot move {} to {}: {}", staging_.string(), processes.string(), std::strerror(errno)));
  }
  staging_ = processes;
  return Status::Ok();
}

std::vector<FileCarrier::Job> CarryAhead::Finish() {
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mu_);
  return std::move(failed_);
}

}  // namespace clearbid
