#pragma once
// Thread priorities of a scan's helper threads.

namespace clearbid {

/// Lowers the calling thread's scheduling priority by five nice steps (Linux:
/// nice is per thread) when `carrying`. Threads that work beside the file
/// carrier call it, so that the links, the scan's critical path, get a core
/// of their own; a thread can always lower its own priority (raising it back
/// needs privileges, so only short-lived threads call it). Best effort: a
/// failure changes nothing.
void YieldToCarrier(bool carrying);

}  // namespace clearbid
