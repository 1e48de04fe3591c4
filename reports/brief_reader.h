#pragma once
// The brief of an assessment file (reports/delta.h: band, score and flagged
// findings), read fast.
//
// A delta after a --full scan of a million processes reads two million
// assessment files, and reading each whole (ReadAssessmentJson: every
// finding, contribution and text, with nlohmann's DOM) took about 150
// microseconds of CPU, most of the delta's five minutes. A compact
// assessment (a scan folder's file, completed by its rule catalogue) is
// read here with simdjson's DOM and only what a brief holds is taken: its
// ocid, band and score, and each flagged finding's rule with the severity,
// zero-tolerance mark and title of the catalogue. Anything else (the full
// schema, a finding that carries its own texts or severity, a rule the
// catalogue lacks, another pack's file, a field of an unexpected type) is
// read the whole way instead, which gives the same brief or names the
// error. For every file ReadAssessmentJson reads, the brief is
// BriefOf(ReadAssessmentJson(...)) (tested on every file of test scans); the
// fast way checks only what a brief holds, so a file that one rejects for
// another field (an unknown fact name, a bad contribution) may still give a
// brief here.

#include <memory>
#include <string_view>

#include "engine/base/result.h"
#include "engine/rules/rule_catalogue.h"
#include "reports/delta.h"

namespace clearbid::reports {

/// Not thread-safe: one per thread (it keeps simdjson's parser buffers).
class BriefReader {
 public:
  BriefReader();
  ~BriefReader();
  BriefReader(const BriefReader&) = delete;
  BriefReader& operator=(const BriefReader&) = delete;

  /// The brief of the assessment `json` (errors name `source`, as
  /// ReadAssessmentJson's do); `catalogue` completes compact assessments
  /// (may be null: then only full ones can be read).
  Result<ProcessBrief> Read(std::string_view json, std::string_view source, const RuleCatalogue* catalogue);

  /// How many briefs were read the fast way (for tests).
  int64_t fast_reads() const { return fast_reads_; }

 private:
  struct Parser;
  std::unique_ptr<Parser> parser_;
  int64_t fast_reads_ = 0;
};

}  // namespace clearbid::reports
