#pragma once
// Parties of a contracting process: organisations (and people) with their
// roles, identifiers, names in any script, addresses and supply-chain tier.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clearbid {

/// An identifier issued by a registration scheme ("PT-NIPPC", "UA-EDR", "GB-COH", …).
struct Identifier {
  std::string scheme;
  std::string id;
  std::string legal_name;
  bool empty() const { return scheme.empty() && id.empty(); }
};

struct Address {
  std::string street_address;
  std::string locality;
  std::string region;
  std::string postal_code;
  std::string country_name;
  /// ISO 3166-1 alpha-2, upper case; empty when it could not be determined.
  std::string country;
};

/// Roles a party plays. OCDS codes plus the supply-chain roles clearbid adds.
/// Roles not in this list are kept as raw strings in Party::roles.
enum class PartyRole : uint8_t {
  kBuyer,
  kProcuringEntity,
  kSupplier,
  kTenderer,
  kFunder,
  kEnquirer,
  kPayer,
  kPayee,
  kReviewBody,
  kInterestedParty,
  kSubcontractor,
  kRecruitmentAgency,
  kSite,
  kConsortiumMember,
  kOther,
};

/// Maps an OCDS role code (case-insensitive, also "procuringentity") to a role;
/// kOther for anything unknown.
PartyRole ParsePartyRole(std::string_view code);
std::string_view PartyRoleCode(PartyRole role);

struct Party {
  /// The party's id within its process (OCDS parties[].id), or one clearbid
  /// derived for OCDS 1.0 inline organisations ("<scheme>-<id>" or the name).
  std::string id;
  std::string name;
  Identifier identifier;
  std::vector<Identifier> additional_identifiers;
  Address address;
  /// Role codes as published (unknown roles kept raw), in first-seen order, unique.
  std::vector<std::string> roles;
  /// Supply-chain tier: 0 = the buyer side, 1 = a direct supplier or tenderer,
  /// 2+ = subcontractors, sites and agencies further down. -1 when unknown.
  int tier = -1;

  bool HasRole(PartyRole role) const;
  void AddRole(std::string_view code);
  /// Key that identifies the same organisation across processes: the primary
  /// identifier when present ("scheme/id"), else "name:<folded name>|<country>".
  std::string GlobalKey() const;
};

/// A reference from a bid, award or the tender to a party by id.
struct PartyRef {
  std::string id;
  std::string name;
};

}  // namespace clearbid
