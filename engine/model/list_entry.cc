#include "engine/model/list_entry.h"

#include "engine/base/digest.h"

namespace clearbid {

namespace {
struct SchemaName {
  EntitySchema schema;
  std::string_view name;
};
constexpr SchemaName kSchemaNames[] = {
    {EntitySchema::kUnknown, "unknown"},   {EntitySchema::kOrganization, "organization"},
    {EntitySchema::kCompany, "company"},   {EntitySchema::kPerson, "person"},
    {EntitySchema::kVessel, "vessel"},     {EntitySchema::kAircraft, "aircraft"},
};
}  // namespace

std::string_view EntitySchemaName(EntitySchema schema) {
  for (const SchemaName& s : kSchemaNames)
    if (s.schema == schema) return s.name;
  return "unknown";
}

EntitySchema ParseEntitySchema(std::string_view name) {
  for (const SchemaName& s : kSchemaNames)
    if (s.name == name) return s.schema;
  return EntitySchema::kUnknown;
}

}  // namespace clearbid

namespace clearbid {
namespace {

// Length-prefixed fields, so that no two different entries serialise alike.
void Field(std::string* out, std::string_view value) {
  out->append(std::to_string(value.size()));
  out->push_back(':');
  out->append(value);
}

}  // namespace

namespace {

// What an entry says of whom it names and where (source, schema, names,
// aliases, countries, birth dates, identifiers, addresses): the part of both
// digests below that every screening of a name against the entry reads.
void NamesAndPlaces(std::string* s, const ListEntry& e) {
  Field(s, e.source);
  Field(s, EntitySchemaName(e.schema));
  Field(s, e.name);
  for (const auto* list : {&e.aliases, &e.weak_aliases, &e.countries, &e.birth_dates}) {
    Field(s, std::to_string(list->size()));
    for (const std::string& v : *list) Field(s, v);
  }
  Field(s, std::to_string(e.identifiers.size()));
  for (const Identifier& id : e.identifiers) {
    Field(s, id.scheme);
    Field(s, id.id);
    Field(s, id.legal_name);
  }
  Field(s, std::to_string(e.addresses.size()));
  for (const Address& a : e.addresses) {
    for (const std::string* v :
         {&a.street_address, &a.locality, &a.region, &a.postal_code, &a.country_name, &a.country})
      Field(s, *v);
  }
}

}  // namespace

std::string ListEntryMatchDigest(const ListEntry& e) {
  std::string s;
  s.reserve(256);
  NamesAndPlaces(&s, e);
  Field(&s, e.active ? "1" : "0");
  return ContentHash(s);
}

std::string ListEntryDigest(const ListEntry& e) {
  std::string s;
  s.reserve(256);
  Field(&s, e.entry_id);
  NamesAndPlaces(&s, e);
  Field(&s, e.listed_from);
  Field(&s, e.listed_until);
  Field(&s, e.active ? "1" : "0");
  Field(&s, e.reason);
  Field(&s, e.notes);
  return ContentHash(s);
}

}  // namespace clearbid
