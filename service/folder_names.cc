#include "service/folder_names.h"

#include <dirent.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace clearbid {

Status ForEachFolderName(const std::filesystem::path& folder, const std::function<void(std::string_view)>& each) {
  DIR* dir = ::opendir(folder.c_str());
  if (!dir) return Status::IoError(fmt::format("{}: {}", folder.string(), std::strerror(errno)));
  int error = 0;
  while (true) {
    errno = 0;
    const dirent* entry = ::readdir(dir);
    if (!entry) {
      error = errno;
      break;
    }
    const std::string_view name(entry->d_name);
    if (name == "." || name == "..") continue;
    each(name);
  }
  ::closedir(dir);
  if (error != 0) return Status::IoError(fmt::format("{}: {}", folder.string(), std::strerror(error)));
  return Status::Ok();
}

}  // namespace clearbid
