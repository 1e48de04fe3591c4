#pragma once
// Carries the files of unchanged processes from the previous scan's folder
// into a new scan's folder: hard links (the same bytes, no copy), made on a
// thread of its own, so that linking a million files (a system call each,
// about 10 µs on ext4, serialised per folder by the kernel) overlaps the
// store's pass over the processes that decides which files to carry.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace clearbid {

// A folder opened for the *at() calls (closed with the object); fd() is -1
// when it could not be opened (or `folder` is empty).
class FolderHandle {
 public:
  explicit FolderHandle(const std::filesystem::path& folder);
  ~FolderHandle();
  FolderHandle(const FolderHandle&) = delete;
  FolderHandle& operator=(const FolderHandle&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

// Links file `name` of folder `from` into folder `to` (names relative to the
// open folders, so no path is walked twice per file). In a fresh folder
// straight under its name (a target already there was written by this scan:
// the same bytes); otherwise under a temporary name (`name.<temp_tag>.tmp`)
// renamed over the target, so that a target is replaced, never removed
// first. False when it cannot (the previous file is gone, another file
// system): the caller writes the file another way.
bool LinkPrevious(const FolderHandle& from, const FolderHandle& to, const std::string& name, bool fresh,
                  const std::string& temp_tag);

class FileCarrier {
 public:
  /// Links from folder `from` into folder `to` as LinkPrevious() does.
  /// `on_linked` (may be empty) is called on the carrier's thread after each
  /// file linked (fault injection in tests). `bounded`: Carry() waits while
  /// the carrier is far behind (memory bounded by the queue); unbounded, the
  /// producer never waits and the queue holds every file not yet linked
  /// (about 80 bytes each), for links that go on while other work is done.
  FileCarrier(const std::filesystem::path& from, const std::filesystem::path& to, bool fresh, std::string temp_tag,
              std::function<void()> on_linked = {}, bool bounded = true);
  /// Waits for the files queued (as Finish() does, dropping its answer).
  ~FileCarrier();
  FileCarrier(const FileCarrier&) = delete;
  FileCarrier& operator=(const FileCarrier&) = delete;

  /// A file to carry, and what the caller needs back when it cannot be.
  struct Job {
    std::string name;  // the file's name in both folders
    int band = 0;      // of its assessment
  };
  /// Queues `job`. Blocks while a bounded carrier is far behind. Not after
  /// Finish().
  void Carry(Job job);
  /// Hands the files queued so far to the carrier's thread (Carry() does in
  /// batches), without waiting for them.
  void Flush();
  /// Waits until every queued file is linked or failed; the jobs that could
  /// not be linked, in the order they were queued.
  std::vector<Job> Finish();

 private:
  void Push(std::vector<Job> batch);
  void Run();

  FolderHandle from_, to_;
  const bool fresh_;
  const std::string temp_tag_;
  const std::function<void()> on_linked_;
  const bool bounded_;
  std::vector<Job> pending_;  // the producer's batch, not yet queued

  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<std::vector<Job>> queue_;
  std::vector<Job> failed_;
  bool closing_ = false;
  std::thread thread_;
};

}  // namespace clearbid
