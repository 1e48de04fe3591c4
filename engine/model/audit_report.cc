#include "engine/model/audit_report.h"

#include <array>
#include <cstdio>
#include <utility>

namespace clearbid {
namespace {

constexpr std::array<std::string_view, kIloIndicatorCount> kIloCodes = {
    "abuse_of_vulnerability",
    "deception",
    "restriction_of_movement",
    "isolation",
    "physical_and_sexual_violence",
    "intimidation_and_threats",
    "retention_of_identity_documents",
    "withholding_of_wages",
    "debt_bondage",
    "abusive_working_and_living_conditions",
    "excessive_overtime",
};

constexpr std::array<std::string_view, 5> kSeverityCodes = {"observation", "minor", "major", "critical",
                                                            "zero_tolerance"};

constexpr std::array<std::string_view, 13> kCategoryCodes = {
    "forced_labour", "child_labour",  "recruitment_fees",       "identity_documents", "wages",
    "working_hours", "health_safety", "housing",                "freedom_of_association",
    "discrimination", "subcontracting", "management_systems", "other",
};

template <typename E, size_t N>
std::optional<E> Find(const std::array<std::string_view, N>& codes, std::string_view code) {
  for (size_t i = 0; i < N; ++i) {
    if (codes[i] == code) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view IloIndicatorCode(IloIndicator i) { return kIloCodes[static_cast<size_t>(i)]; }

std::string IloIndicatorNumber(IloIndicator i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "ILO-FL-%02d", static_cast<int>(i) + 1);
  return buf;
}

std::optional<IloIndicator> ParseIloIndicator(std::string_view code) {
  if (auto i = Find<IloIndicator>(kIloCodes, code)) return i;
  for (int n = 0; n < kIloIndicatorCount; ++n) {
    if (IloIndicatorNumber(static_cast<IloIndicator>(n)) == code) return static_cast<IloIndicator>(n);
  }
  return std::nullopt;
}

std::string_view FindingSeverityCode(FindingSeverity s) { return kSeverityCodes[static_cast<size_t>(s)]; }
std::optional<FindingSeverity> ParseFindingSeverity(std::string_view code) {
  return Find<FindingSeverity>(kSeverityCodes, code);
}

std::string_view FindingCategoryCode(FindingCategory c) { return kCategoryCodes[static_cast<size_t>(c)]; }
std::optional<FindingCategory> ParseFindingCategory(std::string_view code) {
  return Find<FindingCategory>(kCategoryCodes, code);
}

std::optional<FindingSeverity> AuditReport::MaxOpenSeverity() const {
  std::optional<FindingSeverity> max;
  for (const auto& f : findings) {
    if (f.status == CapStatus::kClosed) continue;
    if (!max || f.severity > *max) max = f.severity;
  }
  return max;
}

int64_t AuditReport::OpenFindingCount() const {
  int64_t n = 0;
  for (const auto& f : findings) n += f.status != CapStatus::kClosed;
  return n;
}

}  // namespace clearbid
