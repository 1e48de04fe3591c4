// Link-order micro-benchmark (issue 6): links every file of a scan's
// processes/ folder into a new, empty folder, one linkat() each on one thread,
// as a scan carries a night's unchanged files, in the order asked for:
//   readdir  the folder's own order (ext4: hash order; what CarryAhead uses)
//   inode    by inode number (about the order the files were written in)
//   sorted   by name (what the store pass's ocid order gives)
// Prints the time of the listing and of the links. Figures: docs/benchmarks.md.
//
//   build/bench/link_order_bench FROM_FOLDER NEW_FOLDER readdir|inode|sorted
//
// NEW_FOLDER must not exist (it is created; remove it before the next run).
// Bench-only code: system calls straight, no store or engine.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

int main(int argc, char** argv) {
  const std::string mode = argc == 4 ? argv[3] : "";
  if (mode != "readdir" && mode != "inode" && mode != "sorted") {
    std::fprintf(stderr, "usage: link_order_bench FROM_FOLDER NEW_FOLDER readdir|inode|sorted\n");
    return 2;
  }
  const int from = ::open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (from < 0 || ::mkdir(argv[2], 0755) != 0) {
    std::fprintf(stderr, "link_order_bench: cannot open %s or create %s (it must not exist)\n", argv[1], argv[2]);
    return 1;
  }
  const int to = ::open(argv[2], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::pair<ino_t, std::string>> names;
  DIR* dir = ::fdopendir(::dup(from));
  while (const dirent* e = dir ? ::readdir(dir) : nullptr) {
    if (e->d_name[0] != '.') names.emplace_back(e->d_ino, e->d_name);
  }
  if (dir) ::closedir(dir);
  if (mode == "inode") std::sort(names.begin(), names.end());
  if (mode == "sorted") {
    std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  }
  const auto t1 = std::chrono::steady_clock::now();
  size_t failed = 0;
  for (const auto& [inode, name] : names) failed += ::linkat(from, name.c_str(), to, name.c_str(), 0) != 0;
  const auto t2 = std::chrono::steady_clock::now();
  const double list_s = std::chrono::duration<double>(t1 - t0).count();
  const double link_s = std::chrono::duration<double>(t2 - t1).count();
  std::printf("%s: %zu names, list %.2f s, link %.2f s (%.2f us each), failed %zu\n", mode.c_str(), names.size(), list_s,
              link_s, names.empty() ? 0.0 : link_s * 1e6 / static_cast<double>(names.size()), failed);
  return failed == 0 ? 0 : 1;
}
