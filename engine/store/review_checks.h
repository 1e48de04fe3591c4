#pragma once
// What every ReviewStore (SQLite, PostgreSQL) refuses before it touches its
// database, and the audit entry a decision makes: one set of rules for all
// backends, so that they cannot drift apart.

#include <string>

#include "engine/base/status.h"
#include "engine/review/review.h"

namespace clearbid {

/// InvalidArgument for an unknown kind, an empty or over-long key or actor,
/// a dismissal without a reason, a reason over 4,000 bytes, a match without
/// subject_key or entry_digest (or with over-long ones).
Status CheckReviewRequest(const ReviewRequest& request);

/// InvalidArgument for an event Record() must refuse: no actor, an action of
/// 0 or over 64 bytes or that is a decision's name, an over-long subject, a
/// detail that is not a JSON object (or over 16 KiB).
Status CheckAuditEvent(const std::string& actor, const std::string& action, const std::string& subject,
                       const std::string& detail);

/// The audit entry of a checked decision: actor, action, subject
/// ("<kind>:<key>"), new_state, reason and, for matches, detail
/// {"entry_digest": …, "subject_key": …}. The store fills in seq, at,
/// old_state, prev_hash and hash under its write lock.
AuditEntry DecisionEntry(const ReviewRequest& request);

}  // namespace clearbid
