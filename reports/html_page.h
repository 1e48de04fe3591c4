#pragma once
// The skeleton every HTML report shares: one self-contained document (inline
// CSS, no script, no external request: a Content-Security-Policy forbids
// them), readable on screen and printed (@media print), and small helpers for
// escaped fragments.

#include <string>
#include <string_view>

#include "engine/rules/assessment.h"

namespace clearbid::reports {

/// A complete document. `title` is escaped here; `body` must already be
/// safe HTML (built with HtmlEscape for every data string).
std::string HtmlDocument(std::string_view title, std::string_view body);

/// <span class="band band-high">high</span>
std::string BandBadge(Band band);

/// Fill colour of a band (charts).
std::string_view BandColor(Band band);

/// Numbers as reports print them: two decimals at most, no trailing zeros.
std::string FormatNumber(double v);

}  // namespace clearbid::reports
