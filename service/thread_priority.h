#pragma once
// The priority of a scan's threads that work beside the file carrier.

#include "engine/base/thread_priority.h"

namespace clearbid {

/// Lowers the calling thread's priority by five nice steps when `carrying`
/// (LowerThreadPriority). Threads that work beside the file carrier call it,
/// so that the links, the scan's critical path, get a core of their own.
inline void YieldToCarrier(bool carrying) {
  if (carrying) LowerThreadPriority(5);
}

}  // namespace clearbid
