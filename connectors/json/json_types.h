#pragma once
// Names of simdjson DOM value types as error messages print them
// ("expected a string, got array"), shared by every JSON reader.

#include <simdjson.h>

#include <string_view>

namespace clearbid {

/// "array", "object", "number", "string", "boolean" or "null".
std::string_view JsonTypeName(simdjson::dom::element_type type);

}  // namespace clearbid
