#pragma once
// Text indicators: RE2 pattern sets over audit narratives, one pattern per
// phrasing of an ILO forced-labour indicator in a language. Each hit carries
// its snippet and byte offsets so an auditor sees exactly what was read.

#include <memory>
#include <vector>

#include "engine/base/result.h"
#include "engine/rules/facts.h"
#include "engine/rules/rule_pack.h"

namespace clearbid {

class PatternScanner final : public NarrativeScanner {
 public:
  /// Compiles the patterns (validated already by the pack loader).
  static Result<std::unique_ptr<PatternScanner>> Build(const std::vector<TextPattern>& patterns);
  ~PatternScanner() override;

  /// Thread-safe. Appends every hit (at most kMaxHitsPerAudit per audit), in
  /// order of offset then pattern id.
  void Scan(const AuditReport& audit, std::vector<NarrativeHit>* hits) const override;

  static constexpr size_t kMaxHitsPerAudit = 50;
  static constexpr size_t kSnippetContext = 60;

 private:
  struct Impl;
  explicit PatternScanner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace clearbid
