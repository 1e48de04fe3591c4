#pragma once
// Compression of stored documents: zstd frames (the one adapter of libzstd).
// Assessments are JSON of a few kilobytes: zstd's fastest level makes them
// four to six times smaller, so that a million of them fit the page cache
// beside the rest of a store.

#include <cstddef>
#include <string>
#include <string_view>

#include "engine/base/result.h"

namespace clearbid {

/// A zstd frame of `bytes` (level 1), which records the original size.
std::string Compress(std::string_view bytes);

/// True when `bytes` begin like a zstd frame (its magic number); JSON text never does.
bool IsCompressed(std::string_view bytes);

/// The bytes of a frame Compress() made. Corruption when `frame` is not a
/// whole, valid frame, or when its content is larger than `max_size` (a
/// bound on what a stored document may be, so that a damaged size field
/// cannot exhaust memory).
Result<std::string> Decompress(std::string_view frame, size_t max_size);

}  // namespace clearbid
