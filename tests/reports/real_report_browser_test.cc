// Renders the contract summary of a real published process (Ukraine
// ProZorro, Cyrillic names; ../shared/data/ocds/real/sample-data-real-examples,
// open-contracting/sample-data) in headless Chromium: the page must load
// without console errors or blocked requests and produce a PNG. Skips when
// the shared data or /usr/bin/chromium is absent.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engine/base/clock.h"
#include "reports/contract_summary.h"
#include "reports/pdf_printer.h"
#include "reports/portfolio.h"
#include "tests/reports/engine_fixture.h"
#include "tests/test_util.h"

namespace clearbid::reports {
namespace {

namespace fs = std::filesystem;

constexpr const char* kChromium = "/usr/bin/chromium";

std::string ChromiumFlags(const std::string& profile) {
  return std::string(kChromium) +
         " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
         "--disable-background-networking "
         "--disable-component-update --disable-sync --enable-logging=stderr --v=0 --user-data-dir='" +
         profile + "'";
}

/// Lines of Chromium's log that report a page problem.
std::vector<std::string> PageErrors(const std::string& log) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < log.size()) {
    size_t end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    std::string line = log.substr(start, end - start);
    for (const char* marker :
         {"Uncaught", "CONSOLE", "Console", "Refused to", "net::ERR", "Content-Security-Policy"}) {
      if (line.find(marker) != std::string::npos) {
        out.push_back(line);
        break;
      }
    }
    start = end + 1;
  }
  return out;
}

class RealReportBrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_SHARED_DATA();
    if (!fs::exists(kChromium)) {
      GTEST_SKIP() << kChromium
                   << " is not installed (apt-get install chromium fonts-dejavu-core): browser test skipped";
    }
  }
};

TEST_F(RealReportBrowserTest, UkrainianProcessRendersWithoutConsoleErrors) {
  std::string file =
      clearbid::testing::SharedDataDir() +
      "/ocds/real/sample-data-real-examples/ukraine/sample/records/ocds-be6bcu-UA-2017-01-20-000582-a.json";
  ASSERT_TRUE(fs::exists(file)) << file;
  clearbid::testing::AssessedInputs in;
  clearbid::testing::AssessPaths({file}, &in);
  ASSERT_EQ(in.assessments.size(), 1u);
  const ContractingProcess& process = in.inputs.processes[0];
  FixedClock clock(1795000000);
  ReportOptions o;
  o.clock = &clock;
  o.attribution = "Contracting data: ProZorro (Ukraine) via open-contracting/sample-data.";
  std::string html = ContractSummaryHtml(BuildContractSummary(in.assessments[0], &process, o));
  // The real title and buyer are in the page (Cyrillic text survives).
  ASSERT_FALSE(process.tender.title.empty());
  EXPECT_NE(html.find(process.tender.title.substr(0, 20)), std::string::npos);

  std::string dir = clearbid::testing::TempDir("browser");
  std::string page = dir + "/summary.html";
  std::ofstream(page, std::ios::binary) << html;
  std::string png = dir + "/summary.png";
  std::string log_path = dir + "/chromium.log";
  std::string ignored;
  int rc = clearbid::testing::RunCommand(ChromiumFlags(dir + "/profile") +
                                             " --window-size=1200,1600 --screenshot='" + png + "' 'file://" +
                                             page + "' 2>'" + log_path + "'",
                                         &ignored);
  std::string log = clearbid::testing::ReadFile(log_path);
  ASSERT_EQ(rc, 0) << log;
  ASSERT_TRUE(fs::exists(png)) << log;
  std::string bytes = clearbid::testing::ReadFile(png);
  ASSERT_GT(bytes.size(), 1000u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  std::vector<std::string> errors = PageErrors(log);
  EXPECT_TRUE(errors.empty()) << "first: " << errors.front();

  // The DOM Chromium built has every section (the page parsed as intended).
  std::string dom;
  rc = clearbid::testing::RunCommand(
      ChromiumFlags(dir + "/profile2") + " --dump-dom 'file://" + page + "' 2>/dev/null", &dom);
  ASSERT_EQ(rc, 0);
  for (const char* id :
       {"id=\"drivers\"", "id=\"parties\"", "id=\"data-gaps\"", "id=\"actions\"", "id=\"provenance\""}) {
    EXPECT_NE(dom.find(id), std::string::npos) << id;
  }
  EXPECT_EQ(dom.find("<script"), std::string::npos);
}

TEST_F(RealReportBrowserTest, PdfPrintsThroughChromium) {
  clearbid::testing::AssessedInputs in;
  clearbid::testing::AssessPaths(
      {clearbid::testing::SharedDataDir() +
       "/ocds/real/sample-data-real-examples/moldova/sample/records/ocds-ngfbwp-19752128.json"},
      &in);
  ASSERT_EQ(in.assessments.size(), 1u);
  FixedClock clock(1795000000);
  ReportOptions o;
  o.clock = &clock;
  std::string html = ContractSummaryHtml(BuildContractSummary(in.assessments[0], &in.inputs.processes[0], o));
  std::string pdf = clearbid::testing::TempDir("pdf") + "/summary.pdf";
  Status s = PrintHtmlToPdf(html, pdf);
  ASSERT_TRUE(s.ok()) << s.message();
  std::string bytes = clearbid::testing::ReadFile(pdf);
  EXPECT_EQ(bytes.substr(0, 5), "%PDF-");
}

TEST(PdfPrinterTest, MissingChromiumIsAClearError) {
  PdfOptions options;
  options.chromium = "/nonexistent/chromium";
  Status s = PrintHtmlToPdf("<p>x</p>", clearbid::testing::TempDir("nopdf") + "/x.pdf", options);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("needs Chromium"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace clearbid::reports
