#include "reports/html_page.h"

#include <fmt/format.h>

#include <cmath>

#include "reports/text_safety.h"

namespace clearbid::reports {
namespace {

// Colours are paired with the band's name everywhere, so the report also reads
// in black and white and for colour-blind readers.
constexpr std::string_view kCss = R"css(
:root{--low:#2e7d32;--medium:#b58100;--high:#d35400;--critical:#b71c1c;--line:#d0d4d9;--muted:#5f6b7a}
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;font-size:14px;line-height:1.45;color:#1d2733;margin:0 auto;max-width:1100px;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:14px 0 4px}
.muted{color:var(--muted)}.small{font-size:12px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f1f3f5}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.band{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-weight:bold;font-size:12px;text-transform:uppercase}
.band-low{background:var(--low)}.band-medium{background:var(--medium)}.band-high{background:var(--high)}.band-critical{background:var(--critical)}
.headline{display:flex;gap:24px;align-items:center;flex-wrap:wrap;border:1px solid var(--line);padding:12px;border-radius:6px}
.headline .score{font-size:28px;font-weight:bold}
.finding{border:1px solid var(--line);border-left:6px solid var(--line);padding:8px 10px;margin:8px 0;break-inside:avoid;page-break-inside:avoid}
.finding.sev-critical{border-left-color:var(--critical)}.finding.sev-high{border-left-color:var(--high)}
.finding.sev-medium{border-left-color:var(--medium)}.finding.sev-low,.finding.sev-info{border-left-color:var(--low)}
.finding ul{margin:4px 0 4px 18px;padding:0}
.kind{font-size:11px;text-transform:uppercase;color:var(--muted);letter-spacing:.03em}
.snippet{background:#fff8d6;padding:0 2px}
code{font-family:"DejaVu Sans Mono",monospace;font-size:12px;overflow-wrap:anywhere}
svg{max-width:100%;height:auto}
svg text{font-family:"DejaVu Sans",Arial,sans-serif}
footer{margin-top:32px;font-size:12px;color:var(--muted);border-top:1px solid var(--line);padding-top:8px}
a{color:#0b57d0}
@media print{
 body{max-width:none;padding:0;font-size:11px}
 @page{size:A4;margin:14mm}
 h2{break-after:avoid;page-break-after:avoid}
 tr,.finding,svg{break-inside:avoid;page-break-inside:avoid}
 a{color:inherit;text-decoration:none}
 .band{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 .noprint{display:none}
}
)css";

}  // namespace

std::string HtmlDocument(std::string_view title, std::string_view body) {
  std::string out;
  out.reserve(body.size() + kCss.size() + 512);
  out.append(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "img-src data:\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
  AppendHtmlEscaped(&out, title);
  out.append("</title>\n<style>");
  out.append(kCss);
  out.append("</style>\n</head>\n<body>\n");
  out.append(body);
  out.append("</body>\n</html>\n");
  return out;
}

std::string BandBadge(Band band) {
  return fmt::format("<span class=\"band band-{0}\">{0}</span>", BandCode(band));
}

std::string_view BandColor(Band band) {
  switch (band) {
    case Band::kLow:
      return "#2e7d32";
    case Band::kMedium:
      return "#b58100";
    case Band::kHigh:
      return "#d35400";
    case Band::kCritical:
      return "#b71c1c";
  }
  return "#888888";
}

std::string FormatNumber(double v) {
  double rounded = std::round(v * 100) / 100;
  if (rounded == 0) rounded = 0;  // no "-0"
  std::string s = fmt::format("{:.2f}", rounded);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

}  // namespace clearbid::reports
