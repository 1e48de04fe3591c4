#include "engine/model/contracting_process.h"

namespace clearbid {

const Party* ContractingProcess::FindParty(const std::string& id) const {
  for (const Party& p : parties) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

Party* ContractingProcess::FindParty(const std::string& id) {
  for (Party& p : parties) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

}  // namespace clearbid
