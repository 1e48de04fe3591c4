#pragma once
// Options every report takes. The generation time comes from the injected
// clock only, so the same inputs and clock give the same bytes.

#include <string>
#include <string_view>

#include "engine/base/clock.h"

namespace clearbid::reports {

/// The generator reports name in their provenance (and `clearbid --version`).
inline constexpr std::string_view kGenerator = "clearbid 0.1.0";
/// The attribution of reports over OCDS data.
inline constexpr std::string_view kOcdsAttribution =
    "Contracting data: OCDS releases as published by the contracting authorities, reused under each publisher's "
    "licence (see the input files' publisher and licence fields).";

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
