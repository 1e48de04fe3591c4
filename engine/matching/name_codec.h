#pragma once
// The compact byte encoding of an AnalysedName (all of it but its original
// text) that the match index keeps its listed names in (MatchIndex's name
// arena, and its snapshot on disk) and that NameAnalysisCache keeps query
// names in: a varint-and-bytes layout of the name's schema, legal classes,
// numbers and forms, each form's label written as an index into a table of
// labels the caller keeps.
//
// DecodeAnalysedName() trusts its input: callers decode only what they
// encoded, or bytes read back under a checksum that matched.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/matching/name_analysis.h"

namespace clearbid {

/// LEB128.
void PutVarint(std::vector<uint8_t>& out, size_t v);
size_t GetVarint(const uint8_t*& p);
/// A varint length, then the bytes.
void PutBytes(std::vector<uint8_t>& out, std::string_view s);
void GetBytes(const uint8_t*& p, std::string& s);

/// Appends `name` to `out`: the schema, legal classes, numbers, then per
/// form its label's index into `labels` (a label not there is appended; the
/// offset of each index written goes to `label_at` unless null, for a caller
/// that renumbers labels), its syllabic flag and its tokens (kind, legal
/// class, text, skeleton: 0 when equal to the text, else its length + 1 and
/// its bytes).
void EncodeAnalysedName(const AnalysedName& name, std::vector<uint8_t>& out, std::vector<std::string_view>& labels,
                        std::vector<uint64_t>* label_at = nullptr);

/// Reads what EncodeAnalysedName() wrote at `p` into `out` (reusing its
/// buffers; out.original is left as it is), `labels` being the table the
/// label indices refer to; `p` ends after it.
void DecodeAnalysedName(const uint8_t*& p, const std::vector<std::string_view>& labels, AnalysedName& out);

}  // namespace clearbid
