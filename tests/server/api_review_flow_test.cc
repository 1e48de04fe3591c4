// Screening through the API, a dismissed false positive that later screens
// honour, the audit trail, the review queue and bad requests.

#include <set>

#include <nlohmann/json.hpp>

#include "tests/server/server_fixture.h"

namespace clearbid::testing {
namespace {

using nlohmann::json;

std::string Bid() { return ReadFile(std::string(CLEARBID_SOURCE_DIR) + "/data/examples/ocds/bid-example.json"); }

class ApiReviewFlowTest : public ServerFixture {
 protected:
  json Screen(Role role, const std::string& query = "") {
    Reply r = Send(port(), "POST", "/api/v1/screen" + query, Bid(), As(role));
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }
  // The list match of the example's supplier, if raised.
  static std::optional<json> ListedMatch(const json& screen) {
    for (const json& m : screen["matches"])
      if (m["entry_id"] == "ND-17") return m;
    return std::nullopt;
  }
  static bool FlaggedBy(const json& screen, const std::string& rule_prefix) {
    for (const json& a : screen["assessments"])
      for (const json& p : a["parties"])
        for (const json& f : p["findings"])
          if (f["status"] == "flagged" && f["rule"].get<std::string>().rfind(rule_prefix, 0) == 0 &&
              p["id"] == "PT-NIPPC-505678901")
            return true;
    return false;
  }
};

TEST_F(ApiReviewFlowTest, ADismissedFalsePositiveIsNotRaisedAgain) {
  json first = Screen(Role::kOfficer);
  std::optional<json> match = ListedMatch(first);
  ASSERT_TRUE(match) << first["matches"].dump();
  EXPECT_EQ((*match)["subject_key"], "PT-NIPPC/505678901");
  EXPECT_EQ((*match)["decision"], "");
  EXPECT_TRUE(FlaggedBy(first, "BL-")) << "the list match should flag a blacklist rule";
  // Each evidence item appears once in a finding, even when two of the rule's
  // facts rest on it (the list match explains several list facts).
  for (const json& p : first["assessments"][0]["parties"]) {
    for (const json& f : p["findings"]) {
      std::set<std::string> seen;
      for (const json& e : f["evidence"])
        EXPECT_TRUE(seen.insert(e["kind"].get<std::string>() + "|" + e["text"].get<std::string>()).second)
            << f["rule"] << ": " << e["text"];
    }
  }
  const std::string band_before = first["assessments"][0]["band"];

  // An officer may not decide; an auditor may, and a dismissal needs a reason.
  json decision = {{"kind", "match"},
                   {"key", (*match)["subject_key"].get<std::string>() + "|" + (*match)["list"].get<std::string>() +
                               "|ND-17"},
                   {"subject_key", (*match)["subject_key"]},
                   {"entry_digest", (*match)["entry_digest"]},
                   {"action", "dismiss"}};
  EXPECT_EQ(Send(port(), "POST", "/api/v1/decisions", decision.dump(), As(Role::kOfficer)).status, 403);
  Reply no_reason = Send(port(), "POST", "/api/v1/decisions", decision.dump(), As(Role::kAuditor));
  EXPECT_EQ(no_reason.status, 422) << no_reason.body;
  decision["reason"] = "Different company: the listed firm is a trading house, NIPC differs";
  Reply dismissed = Send(port(), "POST", "/api/v1/decisions", decision.dump(), As(Role::kAuditor));
  ASSERT_EQ(dismissed.status, 201) << dismissed.body;
  json entry = json::parse(dismissed.body);
  EXPECT_EQ(entry["actor"], "auditor1");
  EXPECT_EQ(entry["old_state"], "open");
  EXPECT_EQ(entry["new_state"], "dismissed");

  json again = Screen(Role::kOfficer);
  std::optional<json> after = ListedMatch(again);
  ASSERT_TRUE(after);
  EXPECT_EQ((*after)["decision"], "dismissed");
  EXPECT_FALSE(FlaggedBy(again, "BL-")) << again["assessments"][0].dump();
  EXPECT_NE(again["assessments"][0]["band"], "critical");
  (void)band_before;

  // The audit trail holds the decision, and its chain verifies.
  Reply trail = Send(port(), "GET", "/api/v1/audit", "", As(Role::kCompliance));
  ASSERT_EQ(trail.status, 200);
  json items = json::parse(trail.body)["items"];
  bool found = false;
  for (const json& e : items)
    found |= e["action"] == "dismiss" && e["actor"] == "auditor1" && e["reason"] == decision["reason"];
  EXPECT_TRUE(found) << items.dump();
  Reply verify = Send(port(), "GET", "/api/v1/audit/verify", "", As(Role::kAuditor));
  EXPECT_EQ(json::parse(verify.body)["ok"], true) << verify.body;
}

TEST_F(ApiReviewFlowTest, StoredScreensFeedTheQueueAndTheProcessAndSupplierPages) {
  json screened = Screen(Role::kCompliance, "?store=1&bid=1");
  EXPECT_EQ(screened["stored"], true);
  const std::string ocid = screened["assessments"][0]["ocid"];
  Reply process = Send(port(), "GET", "/api/v1/processes/" + ocid, "", As(Role::kOfficer));
  ASSERT_EQ(process.status, 200) << process.body;
  EXPECT_EQ(json::parse(process.body)["assessment"]["ocid"], ocid);
  Reply queue = Send(port(), "GET", "/api/v1/flagged?band=low&limit=10", "", As(Role::kAuditor));
  ASSERT_EQ(queue.status, 200) << queue.body;
  json q = json::parse(queue.body);
  ASSERT_GE(q["total"].get<int>(), 1);
  bool supplier = false;
  for (const json& item : q["items"]) supplier |= item["party_key"] == "PT-NIPPC/505678901";
  EXPECT_TRUE(supplier) << q.dump();
  Reply page = Send(port(), "GET", "/api/v1/suppliers/PT-NIPPC%2F505678901", "", As(Role::kOfficer));
  ASSERT_EQ(page.status, 200) << page.body;
  json s = json::parse(page.body);
  EXPECT_EQ(s["review_state"], "open");
  ASSERT_FALSE(s["matches"].empty());
  EXPECT_EQ(s["matches"][0]["entry_id"], "ND-17");
  // An officer may screen but not store.
  EXPECT_EQ(Send(port(), "POST", "/api/v1/screen?store=1", Bid(), As(Role::kOfficer)).status, 403);
  // Pagination limits are enforced, bad values refused.
  EXPECT_EQ(Send(port(), "GET", "/api/v1/flagged?limit=-1", "", As(Role::kAuditor)).status, 400);
  EXPECT_EQ(Send(port(), "GET", "/api/v1/flagged?band=severe", "", As(Role::kAuditor)).status, 400);
}

TEST_F(ApiReviewFlowTest, BadRequestsGetClearErrors) {
  Reply not_json = Send(port(), "POST", "/api/v1/screen", "this is not JSON", As(Role::kOfficer));
  EXPECT_EQ(not_json.status, 422) << not_json.body;
  EXPECT_FALSE(json::parse(not_json.body)["errors"].empty());
  Reply wrong_type = Send(port(), "POST", "/api/v1/screen", Bid(),
                          {{"Authorization", "Bearer " + tokens_[Role::kOfficer]}, {"Content-Type", "text/plain"}});
  EXPECT_EQ(wrong_type.status, 415);
  Reply bad_date = Send(port(), "POST", "/api/v1/screen?as_of=yesterday", Bid(), As(Role::kOfficer));
  EXPECT_EQ(bad_date.status, 400);
  Reply huge = Send(port(), "POST", "/api/v1/screen", std::string(2 << 20, ' '), As(Role::kOfficer));
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(Send(port(), "GET", "/api/v1/nothing-here", "", As(Role::kAdmin)).status, 404);
  EXPECT_EQ(Send(port(), "PUT", "/api/v1/screen", "{}", As(Role::kAdmin)).status, 405);
  Reply bad_decision = Send(port(), "POST", "/api/v1/decisions", R"({"kind":"verdict","key":"x","action":"confirm"})",
                            As(Role::kAuditor));
  EXPECT_EQ(bad_decision.status, 422) << bad_decision.body;
  Reply bad_action = Send(port(), "POST", "/api/v1/decisions", R"({"kind":"party","key":"x","action":"shred"})",
                          As(Role::kAuditor));
  EXPECT_EQ(bad_action.status, 422);
  Reply missing = Send(port(), "GET", "/api/v1/processes/ocds-none", "", As(Role::kOfficer));
  EXPECT_EQ(missing.status, 404);
  // The server is still up and healthy after all that.
  EXPECT_EQ(Send(port(), "GET", "/healthz").status, 200);
}

TEST_F(ApiReviewFlowTest, MetricsCountRequestsAndScreens) {
  Screen(Role::kOfficer);
  Reply m = Send(port(), "GET", "/metrics", "", As(Role::kAdmin));
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("clearbid_http_requests_total{route=\"POST /api/v1/screen\",code=\"2xx\"} 1"),
            std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("process_resident_memory_bytes "), std::string::npos);
  EXPECT_EQ(m.headers["content-type"].rfind("text/plain; version=0.0.4", 0), 0u);
}

}  // namespace
}  // namespace clearbid::testing
