// Party roles: OCDS role codes parsed case-insensitively (ASCII only), with
// "factory" as a site and anything else, longer codes included, as other.

#include "engine/model/organization.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace clearbid {
namespace {

TEST(PartyRoleTest, EveryCodeInAnyAsciiCaseAndNothingElse) {
  struct Case {
    std::string code;
    PartyRole role;
  };
  const std::vector<Case> cases = {
      {"buyer", PartyRole::kBuyer},
      {"procuringEntity", PartyRole::kProcuringEntity},
      {"procuringentity", PartyRole::kProcuringEntity},
      {"SUPPLIER", PartyRole::kSupplier},
      {"Tenderer", PartyRole::kTenderer},
      {"funder", PartyRole::kFunder},
      {"enquirer", PartyRole::kEnquirer},
      {"payer", PartyRole::kPayer},
      {"payee", PartyRole::kPayee},
      {"reviewBody", PartyRole::kReviewBody},
      {"interestedParty", PartyRole::kInterestedParty},
      {"subcontractor", PartyRole::kSubcontractor},
      {"recruitmentAgency", PartyRole::kRecruitmentAgency},
      {"RECRUITMENTAGENCY", PartyRole::kRecruitmentAgency},
      {"site", PartyRole::kSite},
      {"Factory", PartyRole::kSite},
      {"consortiumMember", PartyRole::kConsortiumMember},
      {"", PartyRole::kOther},
      {"supplierX", PartyRole::kOther},
      {"recruitmentAgencyX", PartyRole::kOther},  // one byte longer than the longest code
      {"recruitmentAgency and more", PartyRole::kOther},
      {"suppl", PartyRole::kOther},
      {"SUPPL\xC4\xB0" "ER", PartyRole::kOther},  // a dotted capital I is not an ASCII I
      {std::string("site\0", 5), PartyRole::kOther},
      {"agent", PartyRole::kOther},
  };
  for (const Case& c : cases) EXPECT_EQ(ParsePartyRole(c.code), c.role) << c.code;
  // Each role's own code parses back to it.
  for (int r = 0; r <= static_cast<int>(PartyRole::kConsortiumMember); ++r) {
    const PartyRole role = static_cast<PartyRole>(r);
    EXPECT_EQ(ParsePartyRole(PartyRoleCode(role)), role) << PartyRoleCode(role);
  }
}

}  // namespace
}  // namespace clearbid
