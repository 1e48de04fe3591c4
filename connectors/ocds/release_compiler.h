#pragma once
// Compiles the releases of one contracting process into its current state,
// following OCDS merge rules (https://standard.open-contracting.org/1.1/en/schema/merging/):
// objects merge field by field; arrays of objects that all carry an "id" merge
// element by id; other arrays and scalars are replaced; null removes a field.
// Deviations: the per-field "wholeListMerge"/"omitWhenMerged" schema hints are
// not read (no schema is consulted); the versioned release is not produced.

#include <string>
#include <vector>

#include "engine/base/result.h"

namespace clearbid {

/// `releases` are JSON texts of releases of one ocid, already in merge order
/// (date, then release id). Returns the compiled release as minified JSON with
/// "tag": ["compiled"] and "id": "<ocid>-<date>". Fails on invalid JSON.
Result<std::string> CompileReleases(const std::vector<std::string>& releases);

}  // namespace clearbid
