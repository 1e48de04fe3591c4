#pragma once
// Options every report takes. The generation time comes from the injected
// clock only, so the same inputs and clock give the same bytes.

#include <string>

#include "engine/base/clock.h"

namespace clearbid::reports {

struct ReportOptions {
  /// Not owned; null means the epoch (tests and golden files pass a FixedClock).
  const Clock* clock = nullptr;
  /// Named in provenance, e.g. "clearbid 0.1.0".
  std::string generator = "clearbid";
  /// Attribution of third-party data the report quotes (publisher licences),
  /// printed in the footer; empty for none.
  std::string attribution;
  /// How the portfolio links to contract summaries ("processes/" in a scan folder).
  std::string process_link_prefix = "processes/";

  int64_t NowSeconds() const { return clock ? clock->NowSeconds() : 0; }
  std::string GeneratedAt() const { return FormatUtc(NowSeconds()); }
};

}  // namespace clearbid::reports
