#include "engine/store/review_checks.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace clearbid {
namespace {

constexpr size_t kMaxReason = 4000;
constexpr size_t kMaxKey = 2048;
constexpr size_t kMaxActor = 128;
constexpr size_t kMaxDigest = 128;
constexpr size_t kMaxAction = 64;
constexpr size_t kMaxDetail = 16 * 1024;

bool IsBlank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

Status CheckActor(const std::string& actor) {
  if (actor.empty()) return Status::InvalidArgument("a review needs an actor");
  if (actor.size() > kMaxActor) return Status::InvalidArgument(fmt::format("actor longer than {} bytes", kMaxActor));
  return Status::Ok();
}

}  // namespace

Status CheckReviewRequest(const ReviewRequest& r) {
  if (!IsReviewSubjectKind(r.kind)) {
    return Status::InvalidArgument(fmt::format("unknown review subject kind \"{}\" (match, finding or party)",
                                               r.kind.substr(0, 32)));
  }
  if (r.key.empty()) return Status::InvalidArgument("a review needs a subject key");
  if (r.key.size() > kMaxKey) return Status::InvalidArgument(fmt::format("subject key longer than {} bytes", kMaxKey));
  RETURN_IF_ERROR(CheckActor(r.actor));
  if (r.action == ReviewAction::kDismiss && IsBlank(r.reason)) {
    return Status::InvalidArgument("a dismissal needs a reason");
  }
  if (r.reason.size() > kMaxReason) {
    return Status::InvalidArgument(fmt::format("reason longer than {} bytes ({})", kMaxReason, r.reason.size()));
  }
  if (r.kind == "match") {
    if (r.subject_key.empty()) return Status::InvalidArgument("a match decision needs the subject_key");
    if (r.entry_digest.empty()) return Status::InvalidArgument("a match decision needs the list entry's digest");
    if (r.subject_key.size() > kMaxKey) {
      return Status::InvalidArgument(fmt::format("subject_key longer than {} bytes", kMaxKey));
    }
    if (r.entry_digest.size() > kMaxDigest) {
      return Status::InvalidArgument(fmt::format("entry_digest longer than {} bytes", kMaxDigest));
    }
  }
  return Status::Ok();
}

Status CheckAuditEvent(const std::string& actor, const std::string& action, const std::string& subject,
                       const std::string& detail) {
  RETURN_IF_ERROR(CheckActor(actor));
  if (action.empty() || action.size() > kMaxAction) {
    return Status::InvalidArgument(fmt::format("an audit event needs an action of 1 to {} bytes", kMaxAction));
  }
  if (ParseReviewAction(action)) {
    return Status::InvalidArgument(fmt::format("\"{}\" is a review decision: record it with Decide", action));
  }
  if (subject.size() > kMaxKey) return Status::InvalidArgument(fmt::format("subject longer than {} bytes", kMaxKey));
  if (detail.size() > kMaxDetail) {
    return Status::InvalidArgument(fmt::format("detail longer than {} bytes", kMaxDetail));
  }
  if (!detail.empty()) {
    nlohmann::json parsed = nlohmann::json::parse(detail, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_object()) return Status::InvalidArgument("detail must be a JSON object");
  }
  return Status::Ok();
}

AuditEntry DecisionEntry(const ReviewRequest& request) {
  AuditEntry entry;
  entry.actor = request.actor;
  entry.action = std::string(ReviewActionName(request.action));
  entry.subject = request.kind + ":" + request.key;
  entry.new_state = std::string(StateAfter(request.action));
  entry.reason = request.reason;
  if (request.kind == "match") {
    nlohmann::ordered_json detail = {{"entry_digest", request.entry_digest}, {"subject_key", request.subject_key}};
    entry.detail = detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return entry;
}

}  // namespace clearbid
