#include "engine/base/thread_priority.h"

#if defined(__linux__)
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#endif

namespace clearbid {

void LowerThreadPriority(int niceness) {
#if defined(__linux__)
  if (niceness <= 0) return;
  const pid_t tid = ::gettid();
  errno = 0;
  const int current = ::getpriority(PRIO_PROCESS, static_cast<id_t>(tid));
  if (errno != 0) return;
  (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(tid), std::min(current + niceness, 19));
#else
  (void)niceness;
#endif
}

}  // namespace clearbid
