#pragma once
// The JSON form of a screening's list matches (ListMatchEvidence), for the
// persisted screening memo of scans: an array of objects, one per match, keys
// in a fixed order; "[]" for a name that matched nothing (most names).

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/base/result.h"
#include "engine/rules/evidence.h"

namespace clearbid {

std::string ListMatchesToJson(const std::vector<ListMatchEvidence>& matches);
/// Reads ListMatchesToJson's form back; ParseError naming `source` and the field.
Result<std::vector<ListMatchEvidence>> ListMatchesFromJson(std::string_view json, std::string_view source);

/// What was screened: the inputs of ListScreener::Screen() (the identifier's
/// scheme and id; its legal name plays no part).
struct ScreeningQuery {
  std::string name, country, scheme, id, subject;
  bool operator==(const ScreeningQuery&) const = default;
};

/// A persisted screening: its query (absent in rows written before queries
/// were kept) and its matches.
struct StoredScreening {
  std::optional<ScreeningQuery> query;
  std::vector<ListMatchEvidence> matches;
};

/// The form a screening memo row keeps: {"query":[name, country, scheme, id,
/// subject], "matches": ListMatchesToJson}. The query lets a new list
/// version re-match the name against its changed entries only
/// (engine/screening/list_delta.h).
std::string ScreeningToJson(const ScreeningQuery& query, const std::vector<ListMatchEvidence>& matches);
/// Reads ScreeningToJson's form, or an earlier row's bare matches array (no
/// query); ParseError naming `source` and the field.
Result<StoredScreening> ScreeningFromJson(std::string_view json, std::string_view source);

/// Each match cites the version `version_of` gives its list (by list name;
/// a list not there keeps its citation). A memo row whose answer a new list
/// version does not change is left as it was (RematchScreeningMemo): its
/// matches of entries that did not change still cite the version they were
/// screened against. Read under the memo of the later lists, they cite that
/// version of each list, as a screening against them would.
void CiteListVersions(const std::unordered_map<std::string, int64_t>& version_of,
                      std::vector<ListMatchEvidence>* matches);

}  // namespace clearbid
