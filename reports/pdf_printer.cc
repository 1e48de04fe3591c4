#include "reports/pdf_printer.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

namespace clearbid::reports {
namespace {

namespace fs = std::filesystem;

std::string ReadTail(const fs::path& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.size() > max_bytes) text = text.substr(text.size() - max_bytes);
  return text;
}

}  // namespace

bool ChromiumAvailable(const PdfOptions& options) { return ::access(options.chromium.c_str(), X_OK) == 0; }

Status PrintHtmlToPdf(const std::string& html, const std::string& pdf_path, const PdfOptions& options) {
  if (!ChromiumAvailable(options)) {
    return Status::NotFound(
        fmt::format("PDF output needs Chromium at {} (Debian: apt-get install chromium fonts-dejavu-core); "
                    "write --format html "
                    "and print it from a browser instead",
                    options.chromium));
  }
  std::error_code ec;
  std::string tmpl = (fs::temp_directory_path(ec) / "clearbid-pdf-XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!::mkdtemp(buf.data())) return Status::IoError("cannot create a temporary folder for PDF printing");
  fs::path dir(buf.data());
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ignored;
      fs::remove_all(dir, ignored);
    }
  } cleanup{dir};
  fs::path html_path = dir / "report.html";
  {
    std::ofstream out(html_path, std::ios::binary);
    out << html;
    if (!out) return Status::IoError(fmt::format("{}: cannot write", html_path.string()));
  }
  fs::path target = fs::absolute(pdf_path, ec);
  if (ec) return Status::InvalidArgument(fmt::format("{}: {}", pdf_path, ec.message()));
  fs::path profile = dir / "profile";
  fs::path log = dir / "chromium.log";
  std::vector<std::string> args = {options.chromium,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--disable-quic",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--no-pdf-header-footer",
                                   "--user-data-dir=" + profile.string(),
                                   "--print-to-pdf=" + target.string(),
                                   "file://" + html_path.string()};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  pid_t pid = ::fork();
  if (pid < 0) {
    if (log_fd >= 0) ::close(log_fd);
    return Status::Internal("cannot start Chromium (fork failed)");
  }
  if (pid == 0) {
    ::setpgid(0, 0);  // own process group, so a timeout can end Chromium's helpers too
    if (log_fd >= 0) {
      ::dup2(log_fd, STDOUT_FILENO);
      ::dup2(log_fd, STDERR_FILENO);
    }
    int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  if (log_fd >= 0) ::close(log_fd);
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.timeout_seconds);
  while (true) {
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    if (r < 0) return Status::Internal("lost the Chromium process");
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return Status::Internal(
          fmt::format("Chromium did not finish printing within {} s", options.timeout_seconds));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  bool exited_ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!exited_ok || !fs::is_regular_file(target, ec) || fs::file_size(target, ec) == 0) {
    return Status::Internal(fmt::format("Chromium could not print {} (exit status {}): {}", pdf_path,
                                        WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadTail(log, 600)));
  }
  return Status::Ok();
}

}  // namespace clearbid::reports
