#include "server/router.h"

namespace clearbid {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool MatchPattern(std::string_view pattern, std::string_view path, std::map<std::string, std::string>* params) {
  std::vector<std::string_view> want = Segments(pattern), got = Segments(path);
  if (want.size() != got.size()) return false;
  params->clear();
  for (size_t i = 0; i < want.size(); ++i) {
    const std::string_view w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      if (got[i].empty()) return false;
      std::string value = PercentDecode(got[i], false);
      if (value.find('\0') != std::string::npos) return false;  // '/' may come encoded (%2F)
      (*params)[std::string(w.substr(1, w.size() - 2))] = std::move(value);
    } else if (w != got[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  Match m;
  std::map<std::string, std::string> params;
  for (const Route& r : routes_) {
    if (!MatchPattern(r.pattern, path, &params)) continue;
    if (r.method == method) {
      m.route = &r;
      m.params = std::move(params);
      return m;
    }
    m.path_known = true;
  }
  return m;
}

}  // namespace clearbid
