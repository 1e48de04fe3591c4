#pragma once
// The names in a folder, read with readdir(3): a scan folder's processes/
// holds a million names, and std::filesystem::directory_iterator makes a
// path object (two allocations) for each, which at the end of an incremental
// scan, when its files are counted with nothing else left to run, cost about
// half a second.

#include <filesystem>
#include <functional>
#include <string_view>

#include "engine/base/status.h"

namespace clearbid {

/// Calls `each` with every entry name of `folder` but "." and "..", in the
/// folder's own order (valid during the call only). IoError naming the
/// folder when it cannot be opened or read.
Status ForEachFolderName(const std::filesystem::path& folder, const std::function<void(std::string_view)>& each);

}  // namespace clearbid
