#include "engine/model/contracting_process.h"

namespace clearbid {
namespace {

// a == b, testing the last bytes before the rest: the party ids of one
// release often share a prefix and a length (a register's scheme and
// numbers), so most differ there and need no memcmp (an ingest looks up
// every organisation reference of every release here).
bool SameId(const std::string& a, const std::string& b) {
  return a.size() == b.size() && (a.empty() || a.back() == b.back()) && a == b;
}

}  // namespace

const Party* ContractingProcess::FindParty(const std::string& id) const {
  for (const Party& p : parties) {
    if (SameId(p.id, id)) return &p;
  }
  return nullptr;
}

Party* ContractingProcess::FindParty(const std::string& id) {
  for (Party& p : parties) {
    if (SameId(p.id, id)) return &p;
  }
  return nullptr;
}

}  // namespace clearbid
