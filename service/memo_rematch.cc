#include "service/memo_rematch.h"

#include <algorithm>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "engine/screening/list_match_json.h"

namespace clearbid {

namespace {

// Screenings handled per round: read, re-matched on the threads, written.
constexpr size_t kChunk = 20'000;

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
                                         const ListDeltaRematcher& rematcher, unsigned jobs) {
  MemoRematch out;
  jobs = std::max(1u, jobs);
  std::vector<Row> chunk;
  auto flush = [&]() -> Status {
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < jobs; ++t) {
      threads.emplace_back([&, t] {
        for (size_t i = t; i < chunk.size(); i += jobs) {
          Row& r = chunk[i];
          Result<StoredScreening> s = ScreeningFromJson(r.json, "screening memo " + r.key);
          if (!s.ok()) {
            r.status = s.status();
            continue;
          }
          if (!s->query) {
            r.has_query = false;
            continue;
          }
          r.outcome = rematcher.Rematch(*s->query, s->matches);
          if (!r.outcome.rescreen) {
            r.written = ScreeningToJson(*s->query, r.outcome.matches);
            // Unchanged in every byte (no match cites a list with a new
            // version): nothing to write.
            if (r.written == r.json) r.written.clear();
          }
        }
      });
    }
    for (std::thread& t : threads) t.join();
    std::vector<std::pair<std::string, std::string>> rows;
    std::vector<std::string> dropped;
    for (Row& r : chunk) {
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
    chunk.clear();
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
  RETURN_IF_ERROR(scans->ForEachScreening(from, [&](const std::string& key, const std::string& json) -> Status {
    if (!out.complete) return Status::Ok();  // nothing more to do: the caller re-assesses everything
    if (!adds && json.starts_with(kQuery) && json.ends_with(kNoMatches)) {
      ++out.screenings;
      return Status::Ok();
    }
    chunk.push_back(Row{key, json, Status::Ok(), true, {}, {}});
    if (chunk.size() >= kChunk) return flush();
    return Status::Ok();
  }));
  if (out.complete && !chunk.empty()) RETURN_IF_ERROR(flush());
  if (!out.complete) {
    RETURN_IF_ERROR(scans->DropScreeningsExcept(to));
    return out;
  }
  RETURN_IF_ERROR(scans->MoveScreenings(from, to));
  return out;
}

}  // namespace clearbid
