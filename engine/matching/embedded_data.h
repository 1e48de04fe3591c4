#pragma once
// Reference tables from data/ compiled into the engine at build time
// (engine/CMakeLists.txt generates the definition), so the `clearbid` binary
// works from any directory.

#include <string_view>

namespace clearbid {

/// Content of data/<file_name> as embedded at build time ("legal_forms.tsv",
/// "name_words.tsv", "countries.tsv"); empty when no such file was embedded.
std::string_view EmbeddedDataFile(std::string_view file_name);

}  // namespace clearbid
