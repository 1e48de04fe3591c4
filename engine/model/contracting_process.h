#pragma once
// A contracting process as clearbid sees it: the compiled state of one OCDS
// ocid (tender, bids, awards, contracts, parties), independent of the OCDS
// version or package form it came in.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/organization.h"

namespace clearbid {

struct Value {
  std::optional<double> amount;
  std::string currency;
};

struct Classification {
  std::string scheme;  // "CPV", "UNSPSC", …, as published (upper-cased)
  std::string id;
  std::string description;
};

struct Item {
  std::string id;
  std::string description;
  Classification classification;
  std::vector<Classification> additional_classifications;
  std::optional<double> quantity;
  std::string unit;
  /// ISO 3166-1 alpha-2 of the delivery address, when published.
  std::string delivery_country;
};

struct Tender {
  std::string id;
  std::string title;
  std::string status;
  std::string procurement_method;
  std::string procurement_method_details;
  std::string main_procurement_category;
  std::string award_criteria;
  std::string award_criteria_details;
  Value value;
  std::vector<Item> items;
  std::vector<PartyRef> tenderers;
  PartyRef procuring_entity;
  std::optional<int64_t> number_of_tenderers;
};

struct Bid {
  std::string id;
  std::string status;
  std::string date;
  Value value;
  std::vector<PartyRef> tenderers;
};

struct Award {
  std::string id;
  std::string status;
  std::string date;
  Value value;
  std::vector<PartyRef> suppliers;
  std::vector<Item> items;
};

struct Contract {
  std::string id;
  std::string award_id;
  std::string status;
  std::string date_signed;
  Value value;
  std::vector<Item> items;
};

struct ContractingProcess {
  std::string ocid;
  /// Date of the latest release compiled into this state (ISO 8601 as published).
  std::string date;
  std::string language;
  /// "1.0" or "1.1"
  std::string ocds_version;
  PartyRef buyer;
  Tender tender;
  std::vector<Bid> bids;
  std::vector<Award> awards;
  std::vector<Contract> contracts;
  std::vector<Party> parties;

  /// The party with this id, or nullptr.
  const Party* FindParty(const std::string& id) const;
  Party* FindParty(const std::string& id);
};

}  // namespace clearbid
