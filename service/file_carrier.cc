#include "service/file_carrier.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace clearbid {
namespace {

// Files per hand-over between the threads, and hand-overs queued at most.
constexpr size_t kBatch = 1024;
constexpr size_t kMaxQueued = 64;

}  // namespace

FolderHandle::FolderHandle(const std::filesystem::path& folder)
    : fd_(folder.empty() ? -1 : ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {}

FolderHandle::~FolderHandle() {
  if (fd_ >= 0) ::close(fd_);
}

bool LinkPrevious(const FolderHandle& from, const FolderHandle& to, const std::string& name, bool fresh,
                  const std::string& temp_tag) {
  if (from.fd() < 0 || to.fd() < 0) return false;
  if (fresh) return ::linkat(from.fd(), name.c_str(), to.fd(), name.c_str(), 0) == 0 || errno == EEXIST;
  const std::string tmp = name + "." + temp_tag + ".tmp";
  ::unlinkat(to.fd(), tmp.c_str(), 0);
  if (::linkat(from.fd(), name.c_str(), to.fd(), tmp.c_str(), 0) != 0) return false;
  const bool renamed = ::renameat(to.fd(), tmp.c_str(), to.fd(), name.c_str()) == 0;
  // A target that already is a link to the same file (an earlier, killed run
  // linked it) leaves the rename nothing to do, and the temporary name in
  // place: removed here in every case.
  ::unlinkat(to.fd(), tmp.c_str(), 0);
  return renamed;
}

FileCarrier::FileCarrier(const std::filesystem::path& from, const std::filesystem::path& to, bool fresh,
                         std::string temp_tag, std::function<void()> on_linked, bool bounded)
    : from_(from),
      to_(to),
      fresh_(fresh),
      temp_tag_(std::move(temp_tag)),
      on_linked_(std::move(on_linked)),
      bounded_(bounded) {
  thread_ = std::thread([this] { Run(); });
}

FileCarrier::~FileCarrier() { (void)Finish(); }

void FileCarrier::Carry(Job job) {
  pending_.push_back(std::move(job));
  if (pending_.size() >= kBatch) {
    Push(std::move(pending_));
    pending_.clear();
  }
}

void FileCarrier::Push(std::vector<Job> batch) {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return !bounded_ || queue_.size() < kMaxQueued; });
  queue_.push_back(std::move(batch));
  changed_.notify_all();
}

void FileCarrier::Flush() {
  if (pending_.empty()) return;
  Push(std::move(pending_));
  pending_.clear();
}

std::vector<FileCarrier::Job> FileCarrier::Finish() {
  Flush();
  {
    std::lock_guard lock(mu_);
    closing_ = true;
    changed_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mu_);
  return std::move(failed_);
}

void FileCarrier::Run() {
  for (;;) {
    std::vector<Job> batch;
    {
      std::unique_lock lock(mu_);
      changed_.wait(lock, [&] { return !queue_.empty() || closing_; });
      if (queue_.empty()) return;  // closing, and nothing left
      batch = std::move(queue_.front());
      queue_.pop_front();
      changed_.notify_all();
    }
    std::vector<Job> failed;
    for (Job& job : batch) {
      if (LinkPrevious(from_, to_, job.name, fresh_, temp_tag_)) {
        if (on_linked_) on_linked_();
      } else {
        failed.push_back(std::move(job));
      }
    }
    if (!failed.empty()) {
      std::lock_guard lock(mu_);
      for (Job& job : failed) failed_.push_back(std::move(job));
    }
  }
}

}  // namespace clearbid
