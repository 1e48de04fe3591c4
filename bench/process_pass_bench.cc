// One pass over a stored SQLite process store, as the first phase of an
// incremental scan reads it (issue 6): ProcessStore::ForEachProcess, every
// process's ocid, state digest and party keys. Prints the wall and CPU time
// of each pass, the counts streamed and a SHA-256 of the streamed values (so
// that a change meant to be faster can be shown to stream the same thing).
//
//   ./build/bench/process_pass_bench STORE.db [PASSES=3] [--content-digest]
//
// The store is opened as `clearbid scan` opens it: read-write, applying any
// pending "processes" migration first (its time is printed apart).
// --content-digest also prints the store's ContentDigest (every stored row),
// to show that two ingests (say, before and after a change) stored the same.

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/base/digest.h"
#include "engine/store/process_store.h"
#include "engine/store/sqlite_db.h"

namespace {

using namespace clearbid;

double CpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s STORE.db [PASSES=3] [--content-digest]\n", argv[0]);
    return 2;
  }
  const std::string path = argv[1];
  int passes = 3;
  bool content_digest = false;
  for (int i = 2; i < argc; ++i) {
    if (std::string(argv[i]) == "--content-digest") content_digest = true;
    else passes = std::atoi(argv[i]);
  }

  auto t0 = std::chrono::steady_clock::now();
  double c0 = CpuSeconds();
  Result<std::unique_ptr<Database>> db = Database::Open(path);
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.status().ToString().c_str());
    return 1;
  }
  Result<std::unique_ptr<ProcessStore>> store = OpenSqliteProcessStore(db->get());
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  std::printf("open (with pending migrations): %.2f s wall, %.2f CPU-s\n", Since(t0), CpuSeconds() - c0);

  for (int pass = 1; pass <= passes; ++pass) {
    Sha256 sha;
    int64_t processes = 0, keys = 0;
    t0 = std::chrono::steady_clock::now();
    c0 = CpuSeconds();
    Status s = (*store)->ForEachProcess(
        [&](const std::string& ocid, const std::string& digest, const std::vector<std::string>& party_keys) {
          ++processes;
          keys += static_cast<int64_t>(party_keys.size());
          sha.Update(ocid);
          sha.Update("\x1f");
          sha.Update(digest);
          for (const std::string& k : party_keys) {
            sha.Update("\x1f");
            sha.Update(k);
          }
          sha.Update("\x1e");
          return Status::Ok();
        });
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 1;
    }
    const double wall = Since(t0), cpu = CpuSeconds() - c0;
    std::printf("pass %d: %.2f s wall, %.2f CPU-s, %lld processes, %lld party keys, sha256 %s\n", pass, wall, cpu,
                static_cast<long long>(processes), static_cast<long long>(keys), sha.FinishHex().c_str());
  }
  if (content_digest) {
    t0 = std::chrono::steady_clock::now();
    Result<std::string> digest = (*store)->ContentDigest();
    if (!digest.ok()) {
      std::fprintf(stderr, "%s\n", digest.status().ToString().c_str());
      return 1;
    }
    std::printf("content digest: %s (%.1f s)\n", digest->c_str(), Since(t0));
  }
  return 0;
}
