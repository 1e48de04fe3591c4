#include "engine/store/list_store.h"

namespace clearbid {

Status StampWholeEntries(ListStore* store, int64_t version_id, const std::vector<std::string>& entry_ids,
                         const std::function<Status(const ListEntryStamp&)>& fn) {
  if (entry_ids.empty()) return Status::Ok();
  ASSIGN_OR_RETURN(std::vector<ListEntry> entries, store->LoadVersionEntriesById(version_id, entry_ids));
  ListEntryStamp stamp;
  for (const ListEntry& e : entries) {
    stamp.entry_id = e.entry_id;
    stamp.digest = ListEntryDigest(e);
    stamp.active = e.active;
    stamp.listed_until = e.listed_until;
    RETURN_IF_ERROR(fn(stamp));
  }
  return Status::Ok();
}

}  // namespace clearbid
