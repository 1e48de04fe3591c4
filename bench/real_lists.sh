# Sourced by the bench scripts: import_real_lists BIN DB imports the real
# World Bank, EBRD, UN and OFAC lists of ../shared/data/lists into DB (a
# SQLite file or a PostgreSQL URL); returns 1 (importing nothing) when the
# shared data folder is absent. Run from the repository root.
import_real_lists() {
  local bin=$1 db=$2 lists=../shared/data/lists
  [ -d "$lists" ] || return 1
  "$bin" lists import --db "$db" --format worldbank "$lists/worldbank_ineligible_firms.csv" >/dev/null
  "$bin" lists import --db "$db" --format ebrd "$lists/ebrd_ineligible_firms.csv" >/dev/null
  "$bin" lists import --db "$db" --format un-xml "$lists/un_sc_consolidated.xml" >/dev/null
  "$bin" lists import --db "$db" --format ofac-csv "$lists/ofac_sdn_legacy_csv" >/dev/null
}
