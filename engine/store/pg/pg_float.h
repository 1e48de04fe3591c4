#pragma once
// Doubles through PgConnection, which carries values as text: the shortest
// text that reads back as the same double, and the reading of a DOUBLE
// PRECISION cell (PostgreSQL 12 and later print the shortest exact text too),
// so a score stored and read back is bit for bit the one stored.

#include <cstddef>

#include "engine/base/result.h"
#include "engine/store/pg/pg_connection.h"

namespace clearbid {

/// `value` as a statement parameter ("0.1", "1e-05", "inf", "nan").
PgParam PgFloatParam(double value);

/// The cell (row, col) as a double; Corruption when it is not a number (or
/// NULL).
Result<double> PgFloatCell(const PgRows& rows, size_t row, int col);

}  // namespace clearbid
