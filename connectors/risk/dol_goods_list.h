#pragma once
// Reader for the US DOL ILAB "List of Goods Produced by Child Labor or Forced
// Labor" as CSV (columns Country, Good, Child Labor, Forced Labor; an "X"
// marks the kind of labour). US government work, public domain; the file is
// read where it lies (e.g. ../shared/data/risk/child_labor.csv), never
// copied into the repository. Rows feed engine/rules/goods_risk.h.

#include <string>
#include <vector>

#include "engine/base/result.h"
#include "engine/rules/goods_risk.h"

namespace clearbid {

struct DolGoodsListStats {
  int64_t rows = 0;             // data rows read (repeated header rows excluded)
  int64_t skipped = 0;          // rows not returned (malformed, no good, no mark)
  int64_t unknown_country = 0;  // rows returned with an empty ISO code
};

/// Reads the list. Each bad row is reported in `problems` ("file:line:
/// reason") and skipped; a row whose country has no ISO code is kept with an
/// empty `country` (GoodsRiskTable ignores it) and reported. Fails when the
/// file cannot be read or lacks the four columns.
Result<std::vector<GoodsListRow>> ReadDolGoodsList(const std::string& path, std::vector<std::string>* problems,
                                                   DolGoodsListStats* stats = nullptr);

}  // namespace clearbid
