#include "engine/rules/text_patterns.h"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>
#include <re2/re2.h>
#include <re2/set.h>

namespace clearbid {

struct PatternScanner::Impl {
  std::vector<TextPattern> patterns;
  std::vector<std::unique_ptr<RE2>> regexes;
  std::unique_ptr<RE2::Set> set;
};

PatternScanner::PatternScanner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PatternScanner::~PatternScanner() = default;

Result<std::unique_ptr<PatternScanner>> PatternScanner::Build(const std::vector<TextPattern>& patterns) {
  auto impl = std::make_unique<Impl>();
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_encoding(RE2::Options::EncodingUTF8);
  impl->set = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
  for (const TextPattern& p : patterns) {
    auto re = std::make_unique<RE2>(p.regex, opts);
    if (!re->ok()) return Status::InvalidArgument(fmt::format("{}:{}: pattern {}: {}", p.file, p.line, p.id, re->error()));
    std::string err;
    if (impl->set->Add(p.regex, &err) < 0)
      return Status::InvalidArgument(fmt::format("{}:{}: pattern {}: {}", p.file, p.line, p.id, err));
    impl->regexes.push_back(std::move(re));
    impl->patterns.push_back(p);
  }
  if (!patterns.empty() && !impl->set->Compile()) return Status::ResourceExhausted("text pattern set too large to compile");
  return std::unique_ptr<PatternScanner>(new PatternScanner(std::move(impl)));
}

namespace {

// Moves a byte offset back (or forward) to the start of a UTF-8 character.
size_t CharStart(const std::string& s, size_t i) {
  while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}
size_t CharEnd(const std::string& s, size_t i) {
  while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  return i;
}

}  // namespace

void PatternScanner::Scan(const AuditReport& audit, std::vector<NarrativeHit>* hits) const {
  if (impl_->patterns.empty() || audit.narrative.empty()) return;
  std::vector<int> matched;
  if (!impl_->set->Match(audit.narrative, &matched)) return;
  std::sort(matched.begin(), matched.end());
  std::vector<NarrativeHit> found;
  const std::string& text = audit.narrative;
  for (int idx : matched) {
    const RE2& re = *impl_->regexes[idx];
    re2::StringPiece input(text);
    re2::StringPiece m;
    size_t pos = 0;
    while (pos <= text.size() && found.size() < kMaxHitsPerAudit) {
      if (!re.Match(input, pos, text.size(), RE2::UNANCHORED, &m, 1)) break;
      size_t begin = static_cast<size_t>(m.data() - text.data());
      size_t end = begin + m.size();
      size_t from = CharStart(text, begin > kSnippetContext ? begin - kSnippetContext : 0);
      size_t to = CharEnd(text, std::min(text.size(), end + kSnippetContext));
      found.push_back({audit.audit_id, impl_->patterns[idx].indicator, impl_->patterns[idx].id, begin, end,
                       text.substr(from, to - from)});
      pos = end > begin ? end : CharEnd(text, begin + 1);
    }
  }
  std::sort(found.begin(), found.end(), [](const NarrativeHit& a, const NarrativeHit& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.pattern_id < b.pattern_id;
  });
  hits->insert(hits->end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
}

}  // namespace clearbid
