#pragma once
// The scheduling priority of helper threads (the ingest's readers and
// parsers, a scan's threads beside its file links).

namespace clearbid {

/// Lowers the calling thread's scheduling priority by `niceness` steps (at
/// most to nice 19; nothing when `niceness` <= 0). Linux keeps a nice value
/// per thread; a thread can always lower its own priority, but raising it
/// back needs privileges, so only threads that end with their work call it.
/// Best effort: elsewhere, and when the call fails, nothing changes.
void LowerThreadPriority(int niceness);

}  // namespace clearbid
