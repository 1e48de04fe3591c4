#include "engine/model/organization.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace clearbid {
namespace {

constexpr std::array<std::pair<std::string_view, PartyRole>, 14> kRoles = {{
    {"buyer", PartyRole::kBuyer},
    {"procuringentity", PartyRole::kProcuringEntity},
    {"supplier", PartyRole::kSupplier},
    {"tenderer", PartyRole::kTenderer},
    {"funder", PartyRole::kFunder},
    {"enquirer", PartyRole::kEnquirer},
    {"payer", PartyRole::kPayer},
    {"payee", PartyRole::kPayee},
    {"reviewbody", PartyRole::kReviewBody},
    {"interestedparty", PartyRole::kInterestedParty},
    {"subcontractor", PartyRole::kSubcontractor},
    {"recruitmentagency", PartyRole::kRecruitmentAgency},
    {"site", PartyRole::kSite},
    {"consortiummember", PartyRole::kConsortiumMember},
}};

constexpr std::array<std::string_view, 15> kCodes = {
    "buyer", "procuringEntity", "supplier", "tenderer", "funder", "enquirer", "payer", "payee",
    "reviewBody", "interestedParty", "subcontractor", "recruitmentAgency", "site",
    "consortiumMember", "other"};

// The longest code of kRoles and "factory": a longer one is none of them.
constexpr size_t kLongestRoleCode = [] {
  size_t n = std::string_view("factory").size();
  for (const auto& [name, role] : kRoles) n = std::max(n, name.size());
  return n;
}();

// ASCII lower case, as std::tolower in the "C" locale (clearbid sets no other).
constexpr char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

PartyRole ParsePartyRole(std::string_view code) {
  // Lowered into a buffer on the stack (called for every role of every party
  // an ingest reads, to find its tier).
  if (code.size() > kLongestRoleCode) return PartyRole::kOther;
  char buffer[kLongestRoleCode];
  for (size_t i = 0; i < code.size(); ++i) buffer[i] = LowerAscii(code[i]);
  const std::string_view lower(buffer, code.size());
  if (lower == "factory") return PartyRole::kSite;
  for (const auto& [name, role] : kRoles) {
    if (lower == name) return role;
  }
  return PartyRole::kOther;
}

std::string_view PartyRoleCode(PartyRole role) { return kCodes[static_cast<size_t>(role)]; }

bool Party::HasRole(PartyRole role) const {
  return std::any_of(roles.begin(), roles.end(),
                     [role](const std::string& r) { return ParsePartyRole(r) == role; });
}

void Party::AddRole(std::string_view code) {
  if (code.empty()) return;
  if (std::find(roles.begin(), roles.end(), code) == roles.end()) roles.emplace_back(code);
}

std::string Party::GlobalKey() const {
  if (!identifier.id.empty()) return identifier.scheme + "/" + identifier.id;
  std::string key = "name:";
  // Byte-wise ASCII folding; full Unicode folding belongs to the matcher.
  bool space = false;
  for (unsigned char c : name) {
    if (std::isspace(c)) {
      space = true;
      continue;
    }
    if (space && key.size() > 5) key.push_back(' ');
    space = false;
    key.push_back(static_cast<char>(std::tolower(c)));
  }
  key += "|" + address.country;
  return key;
}

}  // namespace clearbid
