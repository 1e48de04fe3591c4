#include "engine/screening/list_screener.h"

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "engine/base/digest.h"
#include "engine/matching/name_scorer.h"
#include "engine/store/list_store.h"

namespace clearbid {
namespace {

/// The first line of a kept index's ".lists" file.
constexpr const char* kKeptListsHeader = "clearbid kept index lists 1";

/// Writes "<fingerprint>.lists" beside the kept index: what it holds (an
/// index without it is never corrected, only used for its own lists), the
/// date, then the version ids. Written whole or not at all (a temporary
/// file renamed); a failure only costs a later run the build.
void DescribeKeptIndex(const std::string& folder, const std::string& fingerprint, std::string_view as_of,
                       const std::vector<ListVersion>& versions) {
  namespace fs = std::filesystem;
  std::string lists = fmt::format("{}\n{}\n", kKeptListsHeader, as_of);
  for (size_t i = 0; i < versions.size(); ++i) lists += (i ? " " : "") + std::to_string(versions[i].id);
  lists += "\n";
  const fs::path described = fs::path(folder) / (fingerprint + ".lists");
  const fs::path temp = described.string() + ".tmp";
  std::error_code ec;
  if (std::FILE* f = std::fopen(temp.c_str(), "wb")) {
    const bool written = std::fwrite(lists.data(), 1, lists.size(), f) == lists.size();
    if (std::fclose(f) == 0 && written) fs::rename(temp, described, ec);
    if (ec || !written) fs::remove(temp, ec);
  }
}

std::string UpperAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string VersionLine(const ListVersion& v) {
  return fmt::format("{} v{} sha256:{}", v.name, v.id, v.file_sha256);
}

/// A parsed date or year range: years [from, to], month and day 0 when absent.
struct DateSpan {
  int from = 0, to = 0, month = 0, day = 0;
};

bool ParseInt(std::string_view s, int* out) {
  if (s.empty() || s.size() > 4) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

bool ParseDate(std::string_view s, DateSpan* d) {
  size_t slash = s.find('/');
  if (slash != std::string_view::npos) {
    if (!ParseInt(s.substr(0, slash), &d->from) || !ParseInt(s.substr(slash + 1), &d->to)) return false;
    return d->from > 0 && d->from <= d->to;
  }
  if (s.size() < 4 || !ParseInt(s.substr(0, 4), &d->from) || d->from == 0) return false;
  d->to = d->from;
  if (s.size() >= 7 && s[4] == '-' && !ParseInt(s.substr(5, 2), &d->month)) return false;
  if (s.size() >= 10 && s[7] == '-' && !ParseInt(s.substr(8, 2), &d->day)) return false;
  return true;
}

bool Compatible(const DateSpan& a, const DateSpan& b) {
  if (a.to < b.from || b.to < a.from) return false;
  if (a.month && b.month && a.month != b.month) return false;
  if (a.day && b.day && a.month && b.month && a.day != b.day) return false;
  return true;
}

}  // namespace

bool BirthDatesDisagree(const std::vector<std::string>& query_dates, const std::vector<std::string>& entry_dates) {
  std::vector<DateSpan> q, e;
  for (const std::string& s : query_dates)
    if (DateSpan d; ParseDate(s, &d)) q.push_back(d);
  for (const std::string& s : entry_dates)
    if (DateSpan d; ParseDate(s, &d)) e.push_back(d);
  if (q.empty() || e.empty()) return false;
  for (const DateSpan& a : q)
    for (const DateSpan& b : e)
      if (Compatible(a, b)) return false;
  return true;
}

void ApplyBirthDates(const std::vector<std::string>& query_dates, const ListEntry& entry, MatchHit* hit) {
  if (!BirthDatesDisagree(query_dates, entry.birth_dates)) return;
  std::string listed;
  for (const std::string& d : entry.birth_dates) listed += (listed.empty() ? "" : ",") + d;
  hit->features.push_back({"birth_date_mismatch", -kBirthDateMismatch, "born " + listed});
  hit->score = std::max(0.0, hit->score - kBirthDateMismatch);
}

bool IdentifierMatches(const std::vector<Identifier>& query_ids, const ListEntry& entry) {
  for (const Identifier& qid : query_ids) {
    std::string q = NormaliseIdentifier(qid.id);
    if (q.size() < 4) continue;
    for (const Identifier& id : entry.identifiers) {
      if (NormaliseIdentifier(id.id) != q) continue;
      if (!qid.scheme.empty() && !id.scheme.empty() && UpperAscii(qid.scheme) != UpperAscii(id.scheme)) continue;
      return true;
    }
  }
  return false;
}

std::string ExplainHit(const MatchHit& hit) {
  const MatchScore& m = hit.name_match;
  std::string out;
  if (!m.query_name.empty() || !m.list_name.empty()) {
    out = fmt::format("\"{}\" ~ \"{}\" [{} | {}]", m.query_name, m.list_name, m.query_form, m.list_form);
    if (!m.alignment.empty()) out += " align: " + m.alignment;
    out += ";";
  }
  // Name-level adjustments (numbers, legal forms, caps), then entity-level features.
  for (const FeatureContribution& f : m.features) {
    if (f.feature == "name_similarity") continue;  // its detail is the alignment above
    out += fmt::format(" {} {:+.3f}", f.feature, f.value);
    if (!f.detail.empty()) out += " (" + f.detail + ")";
    out += ";";
  }
  for (const FeatureContribution& f : hit.features) {
    out += fmt::format(" {} {:+.3f}", f.feature, f.value);
    if (f.feature != "name_match" && !f.detail.empty()) out += " (" + f.detail + ")";
    out += ";";
  }
  out += fmt::format(" score {:.3f}; algorithm {}", hit.score, hit.algorithm);
  // One line: names as published may hold line breaks.
  for (char& c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (!out.empty() && out.front() == ' ') out.erase(0, 1);
  return out;
}

MatcherListScreener::MatcherListScreener(MatchIndex index, std::vector<ListVersion> versions,
                                         ListScreenerOptions options)
    : index_(std::move(index)), versions_(std::move(versions)), options_(options) {
  std::sort(versions_.begin(), versions_.end(), [](const ListVersion& a, const ListVersion& b) {
    return a.name != b.name ? a.name < b.name : a.id < b.id;
  });
  version_lines_ = VersionLines(versions_);
  std::unordered_map<int64_t, int64_t> active;
  for (size_t i = 0; i < index_.size(); ++i) ++active[index_.entry(static_cast<uint32_t>(i)).list_version];
  fingerprint_ = FingerprintOf(versions_, active);
}

std::vector<std::string> MatcherListScreener::VersionLines(const std::vector<ListVersion>& versions) {
  std::vector<std::string> lines;
  for (const ListVersion& v : versions) lines.push_back(VersionLine(v));
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::string MatcherListScreener::FingerprintOf(const std::vector<ListVersion>& versions,
                                               const std::unordered_map<int64_t, int64_t>& active_counts) {
  if (versions.empty()) return "";
  std::vector<std::string> lines;
  for (const ListVersion& v : versions) {
    auto it = active_counts.find(v.id);
    lines.push_back(fmt::format("{} active {}", VersionLine(v), it == active_counts.end() ? 0 : it->second));
  }
  std::sort(lines.begin(), lines.end());
  std::string text(kMatchAlgorithmVersion);
  for (const std::string& line : lines) text += "\n" + line;
  return ContentHash(text);
}

Result<std::unique_ptr<MatcherListScreener>> MatcherListScreener::Open(Database* db, std::string_view as_of,
                                                                       ListScreenerOptions options) {
  ASSIGN_OR_RETURN(std::unique_ptr<ListStore> store, ListStore::Open(db));
  return Open(store.get(), as_of, options);
}

Result<std::unique_ptr<MatcherListScreener>> MatcherListScreener::Open(ListStore* store, std::string_view as_of,
                                                                       ListScreenerOptions options) {
  ASSIGN_OR_RETURN(std::vector<ListVersion> versions, store->LatestVersions());
  ASSIGN_OR_RETURN(std::vector<ListEntry> entries, store->LoadActiveEntries(as_of));
  return FromEntries(std::move(entries), std::move(versions), options);
}

Result<std::unordered_map<int64_t, int64_t>> MatcherListScreener::ActiveCounts(ListStore* store,
                                                                               const std::vector<ListVersion>& versions,
                                                                               std::string_view as_of) {
  std::unordered_map<int64_t, int64_t> active;
  for (const ListVersion& v : versions) {
    ASSIGN_OR_RETURN(active[v.id], store->ActiveCount(v.id, as_of));
  }
  return active;
}

Result<std::unique_ptr<MatcherListScreener>> MatcherListScreener::OpenWithSnapshot(ListStore* store,
                                                                                 std::string_view as_of,
                                                                                 const std::string& folder,
                                                                                 ListScreenerOptions options) {
  // The lists' fingerprint from the store's counts (cheap): it names the
  // entries exactly (a version's entries never change; as of a date they
  // only drop out, so equal active counts mean equal sets), so a snapshot
  // under it holds these very entries and they are not read from the store.
  ASSIGN_OR_RETURN(std::vector<ListVersion> versions, store->LatestVersions());
  ASSIGN_OR_RETURN(const auto active, ActiveCounts(store, versions, as_of));
  const std::string fingerprint = FingerprintOf(versions, active);
  if (fingerprint.empty()) return Open(store, as_of, options);
  namespace fs = std::filesystem;
  const fs::path file = fs::path(folder) / (fingerprint + ".idx");
  Result<MatchIndex> loaded = MatchIndex::Load(file.string(), fingerprint, options.index);
  if (loaded.ok()) {
    std::unique_ptr<MatcherListScreener> screener(
        new MatcherListScreener(std::move(loaded).value(), versions, options));
    screener->from_snapshot_ = true;
    if (screener->Fingerprint() == fingerprint) {
      // An index kept by an earlier version has no description yet.
      std::error_code ec;
      if (!fs::exists(fs::path(folder) / (fingerprint + ".lists"), ec)) {
        DescribeKeptIndex(folder, fingerprint, as_of, versions);
      }
      return screener;
    }  // else built again below
  }
  ASSIGN_OR_RETURN(std::vector<ListEntry> entries, store->LoadActiveEntries(as_of));
  entries.erase(std::remove_if(entries.begin(), entries.end(), [](const ListEntry& e) { return !e.active; }),
                entries.end());
  if (entries.empty()) return FromEntries(std::move(entries), std::move(versions), options);
  MatchIndex index = MatchIndex::Build(std::move(entries), options.index);
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (!ec && index.Save(file.string(), fingerprint).ok()) {
    // Older lists' indexes are replaced by this one (a later run corrects
    // this one by its list delta: FindKeptIndex).
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path& p = it->path();
      if ((p.extension() == ".idx" || p.extension() == ".lists") && p.stem() != file.stem()) {
        std::error_code ignored;
        fs::remove(p, ignored);
      }
    }
    DescribeKeptIndex(folder, fingerprint, as_of, versions);
  }
  return std::unique_ptr<MatcherListScreener>(new MatcherListScreener(std::move(index), std::move(versions), options));
}

std::optional<MatcherListScreener::KeptIndex> MatcherListScreener::FindKeptIndex(
    ListStore* store, const std::string& folder, const std::string& current_fingerprint) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::optional<fs::path> described;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".lists" && it->path().stem() != current_fingerprint) {
      // One kept index at a time (OpenWithSnapshot removes the others); the
      // least name if a crash left two.
      if (!described || it->path() < *described) described = it->path();
    }
  }
  if (!described) return std::nullopt;
  KeptIndex kept;
  kept.fingerprint = described->stem().string();
  // A small file: three lines, the last a version id per list.
  std::string text;
  if (std::FILE* f = std::fopen(described->c_str(), "rb")) {
    char buf[4096];
    size_t n = std::fread(buf, 1, sizeof buf, f);
    std::fclose(f);
    if (n == sizeof buf) return std::nullopt;  // not what OpenWithSnapshot writes
    text.assign(buf, n);
  }
  std::vector<std::string> lines;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) return std::nullopt;  // cut short
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  if (lines.size() != 3 || lines[0] != kKeptListsHeader) return std::nullopt;
  kept.as_of = lines[1];
  for (size_t start = 0; start < lines[2].size();) {
    size_t end = lines[2].find(' ', start);
    if (end == std::string::npos) end = lines[2].size();
    int64_t id = 0;
    auto [ptr, err] = std::from_chars(lines[2].data() + start, lines[2].data() + end, id);
    if (err != std::errc() || ptr != lines[2].data() + end) return std::nullopt;
    kept.version_ids.push_back(id);
    start = end + 1;
  }
  if (kept.version_ids.empty()) return std::nullopt;
  Result<std::vector<ListVersion>> all = store->Versions();
  if (!all.ok()) return std::nullopt;
  for (int64_t id : kept.version_ids) {
    auto v = std::find_if(all->begin(), all->end(), [id](const ListVersion& x) { return x.id == id; });
    if (v == all->end()) return std::nullopt;
    kept.versions.push_back(*v);
  }
  return kept;
}

bool MatcherListScreener::LoadKeptIndex(const std::string& folder, KeptIndex* kept, ListScreenerOptions options) {
  const std::filesystem::path file = std::filesystem::path(folder) / (kept->fingerprint + ".idx");
  Result<MatchIndex> loaded = MatchIndex::Load(file.string(), kept->fingerprint, options.index);
  if (!loaded.ok()) return false;
  std::unique_ptr<MatcherListScreener> screener(
      new MatcherListScreener(std::move(loaded).value(), kept->versions, options));
  screener->from_snapshot_ = true;
  // The entries it holds, counted per version, must give the name it has.
  if (screener->Fingerprint() != kept->fingerprint) return false;
  kept->screener = std::move(screener);
  return true;
}

std::unique_ptr<MatcherListScreener> MatcherListScreener::FromEntries(std::vector<ListEntry> entries,
                                                                      std::vector<ListVersion> versions,
                                                                      ListScreenerOptions options) {
  entries.erase(std::remove_if(entries.begin(), entries.end(), [](const ListEntry& e) { return !e.active; }),
                entries.end());
  MatchIndex index = MatchIndex::Build(std::move(entries), options.index);
  return std::unique_ptr<MatcherListScreener>(
      new MatcherListScreener(std::move(index), std::move(versions), options));
}

ListMatchEvidence MatcherListScreener::ToEvidence(const MatchHit& hit, const MatchQuery& query,
                                                  const std::string& subject) const {
  const ListEntry& entry = index_.entry(hit.entry_index);
  ListMatchEvidence ev;
  ev.list = entry.source;
  for (const ListVersion& v : versions_)
    if (v.id == entry.list_version) ev.list = v.name;
  ev.list_version = entry.list_version;
  ev.entry_id = entry.entry_id;
  ev.entry_name = entry.name;
  ev.query_name = hit.name_match.query_name.empty() ? query.name : hit.name_match.query_name;
  ev.subject = subject;
  ev.score = hit.score;
  ev.is_match = hit.is_match();
  ev.identifier_match = IdentifierMatches(query.identifiers, entry);
  ev.entry_active = entry.active;
  ev.entry_digest = ListEntryDigest(entry);
  ev.explanation = ExplainHit(hit);
  return ev;
}

std::vector<ListMatchEvidence> MatcherListScreener::Candidates(const MatchQuery& query, size_t top_k,
                                                               const std::vector<std::string>& birth_dates) const {
  std::vector<ListMatchEvidence> out;
  if (index_.size() == 0) return out;
  std::vector<MatchHit> hits = index_.Query(query, top_k);
  if (!birth_dates.empty()) {
    for (MatchHit& hit : hits) ApplyBirthDates(birth_dates, index_.entry(hit.entry_index), &hit);
    std::stable_sort(hits.begin(), hits.end(), [](const MatchHit& a, const MatchHit& b) { return a.score > b.score; });
  }
  for (const MatchHit& hit : hits) out.push_back(ToEvidence(hit, query, "party"));
  return out;
}

void MatcherListScreener::Screen(const std::string& name, const std::string& country, const Identifier& identifier,
                                 const std::string& subject, std::vector<ListMatchEvidence>* out) const {
  if (index_.size() == 0) return;
  MatchQuery query;
  query.name = name;
  if (!country.empty()) query.countries.push_back(country);
  if (!identifier.id.empty()) query.identifiers.push_back(identifier);
  if (query.name.empty() && query.identifiers.empty()) return;
  // Only alerts and hits on the identifier are kept (the matcher's
  // identifier match is IdentifierMatches() for the one identifier a screen
  // has): the others need neither scoring nor explaining.
  query.min_score = kMatchThreshold;
  query.analyses = analyses_;
  for (const MatchHit& hit : index_.Query(query, options_.top_k)) {
    ListMatchEvidence ev = ToEvidence(hit, query, subject);
    if (ev.is_match || ev.identifier_match) out->push_back(std::move(ev));
  }
}

std::vector<std::string> MatcherListScreener::ListVersions() const { return version_lines_; }

std::string MatcherListScreener::Fingerprint() const { return fingerprint_; }

}  // namespace clearbid
