#pragma once
// The JSON form of a screening's list matches (ListMatchEvidence), for the
// persisted screening memo of scans: an array of objects, one per match, keys
// in a fixed order; "[]" for a name that matched nothing (most names).

#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "engine/rules/evidence.h"

namespace clearbid {

std::string ListMatchesToJson(const std::vector<ListMatchEvidence>& matches);
/// Reads ListMatchesToJson's form back; ParseError naming `source` and the field.
Result<std::vector<ListMatchEvidence>> ListMatchesFromJson(std::string_view json, std::string_view source);

}  // namespace clearbid
