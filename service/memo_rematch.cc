#include "service/memo_rematch.h"

#include <utility>  // before Boost.Asio (GCC 12: std::exchange)

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string_view>
#include <vector>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "engine/screening/list_match_json.h"
#include "service/thread_priority.h"

namespace clearbid {

namespace {

struct Row {
  std::string key, json;
  // Filled by the threads:
  Status status;
  bool has_query = true;
  ListDeltaRematcher::Outcome outcome;
  std::string written;  // the new row, unless rescreen
};

}  // namespace

Result<MemoRematch> RematchScreeningMemo(ScanStore* scans, const std::string& from, const std::string& to,
                                         const ListDeltaRematcher& rematcher, unsigned jobs, size_t chunk_rows,
                                         bool carrying) {
  MemoRematch out;
  jobs = std::max(1u, jobs);
  chunk_rows = std::max<size_t>(1, chunk_rows);
  // Each row's re-match, on a worker thread.
  auto rematch = [&rematcher](Row& r) {
    Result<StoredScreening> s = ScreeningFromJson(r.json, "screening memo " + r.key);
    if (!s.ok()) {
      r.status = s.status();
      return;
    }
    if (!s->query) {
      r.has_query = false;
      return;
    }
    r.outcome = rematcher.Rematch(*s->query, s->matches);
    if (r.outcome.rescreen) return;
    // An answer that did not change as evidence keeps its row: a name that
    // matched nothing and still matches nothing (most of a memo's names), or
    // one whose matches only cite a later version of their list now, which a
    // reader of the memo under the later lists cites (CiteListVersions).
    // Rewriting those (23,000 of 1.3 million rows in the benchmark's memo,
    // spread over all its pages) wrote the whole table again.
    if (!r.outcome.changed) return;
    r.written = ScreeningToJson(*s->query, r.outcome.matches);
    if (r.written == r.json) r.written.clear();
  };
  // The rows read and the rows being re-matched: the walk reads the next
  // chunk while the workers re-match the one before (the store is read on
  // this thread only, and written on it only once the workers are done).
  std::vector<Row> chunk, running;
  // One pool of threads for the whole walk, declared after what its tasks
  // use (destroyed, and joined, first). Its threads keep what they made for
  // earlier chunks: the matcher's thread-local caches (the one-edit keys of
  // the words met before, the transliterators, the buffers), which threads
  // started for each chunk made again 66 times for a million-name memo.
  // They take the rows of a chunk 64 at a time, so that neither waits long
  // for the other at the chunk's end.
  constexpr size_t kRowsPerTake = 64;
  std::atomic<size_t> next_row{0};
  bool chunk_running = false;  // this thread's view: a chunk was started and not waited for
  std::mutex done_mu;
  std::condition_variable done_cv;
  unsigned busy = 0;  // under done_mu: the tasks of the running chunk not finished
  boost::asio::thread_pool pool(jobs);
  auto start = [&]() {
    running.swap(chunk);
    chunk.clear();
    next_row.store(0);
    {
      std::lock_guard lock(done_mu);
      busy = jobs;  // no task of an earlier chunk is left (waited for)
    }
    chunk_running = true;
    for (unsigned t = 0; t < jobs; ++t) {
      boost::asio::post(pool, [&] {
        // Once per thread (the pool's threads end with the walk).
        thread_local bool yielded = false;
        if (!yielded) YieldToCarrier(carrying);
        yielded = true;
        for (size_t first; (first = next_row.fetch_add(kRowsPerTake)) < running.size();) {
          const size_t last = std::min(running.size(), first + kRowsPerTake);
          for (size_t i = first; i < last; ++i) rematch(running[i]);
        }
        std::lock_guard lock(done_mu);
        if (--busy == 0) done_cv.notify_one();
      });
    }
  };
  auto wait = [&]() {
    if (!chunk_running) return;
    std::unique_lock lock(done_mu);
    done_cv.wait(lock, [&] { return busy == 0; });
    chunk_running = false;
  };
  // Waits for the running chunk and writes what it changed.
  auto finish = [&]() -> Status {
    wait();
    std::vector<std::pair<std::string, std::string>> rows;
    std::vector<std::string> dropped;
    for (Row& r : running) {
      RETURN_IF_ERROR(r.status);
      if (!r.has_query) {
        out.complete = false;
        return Status::Ok();
      }
      ++out.screenings;
      if (r.outcome.changed) {
        ++out.changed;
        out.changed_keys.insert(r.key);
      }
      if (r.outcome.rescreen) {
        ++out.rescreen;
        dropped.push_back(std::move(r.key));
        continue;
      }
      if (!r.written.empty()) rows.emplace_back(std::move(r.key), std::move(r.written));
    }
    running.clear();
    // In place, under `from`: ForEachScreening() has no statement open while
    // its callback runs, and these keys are behind the walk.
    out.rewritten += static_cast<int64_t>(rows.size());
    RETURN_IF_ERROR(scans->PutScreenings(from, rows));
    return scans->DropScreenings(from, dropped);
  };
  // A screening with no match, in ScreeningToJson's form (the query, then
  // an empty matches array; a quote inside a string is escaped, so the end
  // cannot be part of the query): when the delta adds no entry it stays as
  // it is, and is neither parsed nor re-matched (most of a memo's names
  // match nothing).
  constexpr std::string_view kQuery = R"({"query":[)", kNoMatches = R"(],"matches":[]})";
  const bool adds = rematcher.adds_entries();
  Status walked = scans->ForEachScreening(from, [&](const std::string& key, const std::string& json) -> Status {
    if (!out.complete) return Status::Ok();  // nothing more to do: the caller re-assesses everything
    if (!adds && json.starts_with(kQuery) && json.ends_with(kNoMatches)) {
      ++out.screenings;
      return Status::Ok();
    }
    chunk.push_back(Row{key, json, Status::Ok(), true, {}, {}});
    if (chunk.size() < chunk_rows) return Status::Ok();
    if (chunk_running) RETURN_IF_ERROR(finish());
    if (out.complete) start();
    return Status::Ok();
  });
  if (!walked.ok()) {
    wait();  // never left running; their rows are not written
    return walked;
  }
  if (chunk_running) RETURN_IF_ERROR(finish());
  if (out.complete && !chunk.empty()) {
    start();
    RETURN_IF_ERROR(finish());
  }
  if (!out.complete) {
    RETURN_IF_ERROR(scans->DropScreeningsExcept(to));
    return out;
  }
  RETURN_IF_ERROR(scans->MoveScreenings(from, to));
  return out;
}

}  // namespace clearbid
