#pragma once
// PDF output through headless Chromium's print (the HTML report's @media
// print styles apply). Chromium is optional: without it PrintHtmlToPdf fails
// with a clear message and the HTML can be printed from any browser.

#include <string>

#include "engine/base/status.h"

namespace clearbid::reports {

struct PdfOptions {
  std::string chromium = "/usr/bin/chromium";
  /// Chromium is killed after this many seconds.
  int timeout_seconds = 120;
};

/// Whether `options.chromium` exists and is executable.
bool ChromiumAvailable(const PdfOptions& options = {});

/// Writes `html` to a fresh temporary folder and prints it to `pdf_path` with
/// Chromium (no sandbox, no network services, a fresh profile, no header or
/// footer). The report is self-contained, so Chromium makes no request.
/// Runs Chromium directly (no shell). Not thread-safe with respect to the
/// child's signals only; concurrent calls use separate folders.
Status PrintHtmlToPdf(const std::string& html, const std::string& pdf_path, const PdfOptions& options = {});

}  // namespace clearbid::reports
