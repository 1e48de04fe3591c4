#pragma once
// File names for contracting processes in report and scan folders.
//
// A scan folder holds processes/<FileSafeName(ocid)>.json (the assessment)
// and processes/<FileSafeName(ocid)>.html (the contract summary); the delta
// and portfolio reports link to them by the same function, so the scan and
// the reports must both use it.
//
// Encoding: every byte outside [A-Za-z0-9._-] becomes %XX (two upper-case hex
// digits), and so does a leading '.' (no hidden files, never "." or "..").
// The result is reversible (OcidFromFileSafeName) and collision-free on a
// case-sensitive file system. An empty ocid becomes "%" (which no other ocid
// gives). Names longer than kMaxFileSafeName bytes (file systems allow 255)
// are cut to their first 160 bytes plus "~" and 32 hex digits of the SHA-256
// of the ocid: still collision-free in practice but no longer reversible
// ('~' is itself always encoded, so such names are recognisable).
// Note: ocids differing only in letter case collide on case-insensitive file
// systems (macOS, Windows defaults); OCDS ocids in practice use one case.

#include <optional>
#include <string>
#include <string_view>

namespace clearbid::reports {

inline constexpr size_t kMaxFileSafeName = 200;

/// The rule catalogue of a scan folder (beside processes/): it completes the
/// folder's compact assessments (reports/assessment_reader.h).
inline constexpr std::string_view kRuleCatalogueFile = "rules.json";

std::string FileSafeName(std::string_view ocid);

/// The ocid a FileSafeName came from; nullopt for a malformed or hashed name.
std::optional<std::string> OcidFromFileSafeName(std::string_view name);

/// Whether `name` (a file name, without its folder) has the form of a
/// process's assessment file in processes/, FileSafeName(ocid) + ".json":
/// not hidden (FileSafeName encodes a leading '.'), not a temporary name.
bool IsProcessFileName(std::string_view name);

}  // namespace clearbid::reports
