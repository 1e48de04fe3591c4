#include "service/list_index.h"

#include "service/store_set.h"

namespace clearbid {

std::string MatchIndexFolder(const std::string& db) { return db + ".match-index"; }

Result<std::unique_ptr<MatcherListScreener>> OpenListScreener(const std::string& db, ListStore* lists,
                                                              std::string_view as_of) {
  if (IsPostgresUrl(db)) return MatcherListScreener::Open(lists, as_of);
  return MatcherListScreener::OpenWithSnapshot(lists, as_of, MatchIndexFolder(db));
}

}  // namespace clearbid
