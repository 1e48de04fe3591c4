#include "engine/model/list_entry.h"

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
