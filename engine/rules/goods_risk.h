#pragma once
// Goods × country labour-risk context: the US DOL ILAB List of Goods Produced
// by Child Labor or Forced Labor (rows read by connectors/risk/) joined to
// item classification codes through clearbid's own mapping table
// (data/goods_cpv_map.tsv: good -> CPV and UNSPSC code prefixes). Fills
// ProcessEvidence::goods_risk so the rule engine's context.dol_* facts are
// known. Immutable after Build; thread-safe.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "engine/rules/evidence.h"

namespace clearbid {

/// One row of a goods list: a good produced in a country with child and/or
/// forced labour.
struct GoodsListRow {
  std::string country_name;  // as the list spells it
  std::string country;       // ISO 3166-1 alpha-2 (engine/model/country.h)
  std::string good;          // as the list spells it
  bool child_labour = false;
  bool forced_labour = false;
  int64_t line = 0;          // line in the source file, for evidence
};

/// One line of the mapping table: a good and the item-code prefixes it covers.
struct GoodsCodeMapping {
  std::string good;
  std::vector<std::string> cpv_prefixes;     // digits only, e.g. "03115110", "181"
  std::vector<std::string> unspsc_prefixes;  // digits only, e.g. "5310"
  std::string note;
  int64_t line = 0;
};

/// Parses the mapping table (TSV with header "good\tcpv\tunspsc\tnote";
/// '#' lines are comments). Bad lines are reported in `problems` as
/// "name:line: reason" and skipped; the result fails only when nothing usable
/// is left or the header is missing.
Result<std::vector<GoodsCodeMapping>> ParseGoodsCodeMap(std::string_view text, std::string_view name,
                                                        std::vector<std::string>* problems);
/// Reads and parses a mapping file (at most 4 MiB).
Result<std::vector<GoodsCodeMapping>> LoadGoodsCodeMap(const std::string& path, std::vector<std::string>* problems);

/// Lower-cased, trimmed, inner whitespace collapsed: the key goods are matched by.
std::string NormalizeGoodName(std::string_view good);

class GoodsRiskTable {
 public:
  /// Joins list rows (rows without an ISO country are skipped) with the mapping.
  /// `unmapped` (optional) receives the goods of the list the mapping does not
  /// name at all, sorted and unique.
  static GoodsRiskTable Build(const std::vector<GoodsListRow>& rows, const std::vector<GoodsCodeMapping>& mapping,
                              std::vector<std::string>* unmapped = nullptr);

  /// Goods an item code ("CPV:18100000-0", "UNSPSC:53101502") maps to that the
  /// list marks for `country` (ISO alpha-2); appended to `out`.
  void Lookup(std::string_view item_code, std::string_view country, std::vector<GoodsRisk>* out) const;

  /// Sets evidence->goods_table_loaded and fills evidence->goods_risk, one
  /// vector per process party: the process items' codes (tender, awards,
  /// contracts; main and additional classifications) × the party's country and
  /// the countries of the sites in its disclosure's supply-chain map. Sorted
  /// and unique, so the result does not depend on input order.
  void Fill(ProcessEvidence* evidence) const;

  /// Number of (good, country) list entries that have item codes.
  size_t size() const { return entries_; }

 private:
  struct Mark {
    std::string good;
    bool child_labour = false;
    bool forced_labour = false;
  };
  struct CodeGoods {
    std::string prefix;
    std::string good_key;
  };
  // "CPV" / "UNSPSC" -> prefixes and the goods they map to.
  std::map<std::string, std::vector<CodeGoods>> prefixes_;
  // good key -> country -> marks.
  std::map<std::string, std::map<std::string, Mark>> marks_;
  size_t entries_ = 0;
};

}  // namespace clearbid
