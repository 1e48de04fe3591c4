// UN Security Council consolidated list (XML): CONSOLIDATED_LIST with
// INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY records. Parsed with pugixml as
// one DOM (the published list is a few MB); pugixml never throws here.

#include <fmt/format.h>

#include <pugixml.hpp>

#include <algorithm>
#include <fstream>
#include <unordered_set>

#include "connectors/lists/list_reader.h"
#include "connectors/lists/list_util.h"
#include "engine/model/country.h"

namespace clearbid {

namespace {

using lists::CleanText;

/// 1-based line of a byte offset, from the sorted offsets of '\n'.
int64_t LineOf(const std::vector<size_t>& newlines, ptrdiff_t offset) {
  if (offset < 0) return 0;
  return static_cast<int64_t>(std::upper_bound(newlines.begin(), newlines.end(), static_cast<size_t>(offset)) -
                              newlines.begin()) +
         1;
}

std::string Text(const pugi::xml_node& node, const char* child) { return CleanText(node.child(child).text().get()); }

std::string DocumentScheme(std::string_view type) {
  std::string lower = lists::AsciiLower(CleanText(type));
  if (lower.find("pass") != std::string::npos || lower.find("pasaporte") != std::string::npos) return "passport";
  if (lower.find("national identification") != std::string::npos) return "national-id";
  return lower.empty() ? "id" : lower;
}

void AddCountry(std::string_view name, ListEntry* e) {
  std::string v = CleanText(name);
  if (v.empty() || lists::AsciiLower(v) == "na") return;  // the UN writes "na" for "not available"
  lists::AddUnique(CountryCode(v), &e->countries);
}

/// Reads one INDIVIDUAL or ENTITY; returns an error reason when it cannot be used.
std::string ReadRecord(const pugi::xml_node& node, bool person, const std::string& source, size_t max_field,
                       ListEntry* e) {
  e->source = source;
  e->schema = person ? EntitySchema::kPerson : EntitySchema::kOrganization;
  e->entry_id = Text(node, "DATAID");
  if (e->entry_id.empty()) return "record without DATAID";
  std::string name;
  for (const char* part : {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"}) {
    std::string p = Text(node, part);
    if (p.empty()) continue;
    if (!name.empty()) name.push_back(' ');
    name += p;
  }
  if (name.empty()) return fmt::format("record {} has no name", e->entry_id);
  if (name.size() > max_field) return fmt::format("record {}: name longer than {} bytes", e->entry_id, max_field);
  e->name = std::move(name);
  const char* alias_tag = person ? "INDIVIDUAL_ALIAS" : "ENTITY_ALIAS";
  for (pugi::xml_node alias : node.children(alias_tag)) {
    std::string alias_name = Text(alias, "ALIAS_NAME");
    if (alias_name.empty() || alias_name.size() > max_field) continue;
    bool weak = lists::AsciiLower(Text(alias, "QUALITY")) == "low";
    lists::AddUnique(std::move(alias_name), weak ? &e->weak_aliases : &e->aliases);
  }
  std::string original = Text(node, "NAME_ORIGINAL_SCRIPT");
  if (!original.empty() && original.size() <= max_field) lists::AddUnique(std::move(original), &e->aliases);
  for (pugi::xml_node value : node.child("NATIONALITY").children("VALUE")) AddCountry(value.text().get(), e);
  const char* address_tag = person ? "INDIVIDUAL_ADDRESS" : "ENTITY_ADDRESS";
  for (pugi::xml_node addr : node.children(address_tag)) {
    Address a;
    a.street_address = Text(addr, "STREET");
    a.locality = Text(addr, "CITY");
    a.region = Text(addr, "STATE_PROVINCE");
    a.postal_code = Text(addr, "ZIP_CODE");
    a.country_name = Text(addr, "COUNTRY");
    if (lists::AsciiLower(a.country_name) != "na") a.country = CountryCode(a.country_name);
    AddCountry(a.country_name, e);
    if (!a.street_address.empty() || !a.locality.empty() || !a.region.empty() || !a.country_name.empty()) {
      e->addresses.push_back(std::move(a));
    }
  }
  for (pugi::xml_node dob : node.children("INDIVIDUAL_DATE_OF_BIRTH")) {
    std::string date = Text(dob, "DATE");
    std::string year = Text(dob, "YEAR");
    std::string from = Text(dob, "FROM_YEAR");
    std::string to = Text(dob, "TO_YEAR");
    if (!date.empty()) {
      lists::AddUnique(date.substr(0, 10), &e->birth_dates);
    } else if (!year.empty()) {
      lists::AddUnique(year, &e->birth_dates);
    } else if (!from.empty() && !to.empty()) {
      lists::AddUnique(from + "/" + to, &e->birth_dates);
    }
  }
  for (pugi::xml_node doc : node.children("INDIVIDUAL_DOCUMENT")) {
    std::string number = Text(doc, "NUMBER");
    if (number.empty() || number.size() > max_field) continue;
    e->identifiers.push_back({DocumentScheme(Text(doc, "TYPE_OF_DOCUMENT")), number, ""});
  }
  std::string reference = Text(node, "REFERENCE_NUMBER");
  if (!reference.empty()) e->identifiers.push_back({"UN-SC", reference, ""});
  Result<std::string> listed = lists::NormalizeListDate(Text(node, "LISTED_ON"));
  if (listed.ok()) e->listed_from = *listed;
  e->reason = Text(node, "UN_LIST_TYPE");
  e->notes = Text(node, "COMMENTS1");
  if (e->notes.size() > max_field) e->notes.resize(max_field);
  e->active = true;  // the consolidated list publishes no end dates: delisted entries are removed
  return "";
}

}  // namespace

Result<ListReadResult> ReadUnXmlList(const std::string& path, const ListReadOptions& options) {
  const std::string source = options.source.empty() ? "un-sc" : options.source;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(fmt::format("{}: cannot open for reading", path));
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  if (size < 0) return Status::IoError(fmt::format("{}: cannot read", path));
  if (static_cast<size_t>(size) > options.max_xml_bytes) {
    return Status::ResourceExhausted(
        fmt::format("{}: {} bytes, more than the {} accepted for an XML list", path, size, options.max_xml_bytes));
  }
  in.seekg(0);
  std::string bytes(static_cast<size_t>(size), '\0');
  in.read(bytes.data(), size);
  if (in.gcount() != size) return Status::IoError(fmt::format("{}: read error", path));

  std::vector<size_t> newlines;
  for (size_t i = 0; i < bytes.size(); ++i)
    if (bytes[i] == '\n') newlines.push_back(i);

  ListReadResult out;
  out.files = {path};
  ASSIGN_OR_RETURN(out.sha256, lists::FilesSha256(out.files));

  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return Status::ParseError(
        fmt::format("{}:{}: invalid XML: {}", path, LineOf(newlines, parsed.offset), parsed.description()));
  }
  pugi::xml_node root = doc.child("CONSOLIDATED_LIST");
  if (!root) {
    return Status::ParseError(fmt::format("{}: root element is <{}>, not <CONSOLIDATED_LIST> "
                                          "(is this the UN Security Council consolidated list?)",
                                          path, doc.document_element().name()));
  }
  std::unordered_set<std::string> seen;
  auto read_group = [&](const char* group, const char* tag, bool person) {
    for (pugi::xml_node node : root.child(group).children()) {
      if (node.type() != pugi::node_element) continue;
      int64_t line = LineOf(newlines, node.offset_debug());
      if (std::string_view(node.name()) != tag) {
        ++out.ignored;
        continue;
      }
      ListEntry e;
      e.source_line = line;
      std::string problem = ReadRecord(node, person, source, options.max_field_bytes, &e);
      if (problem.empty() && !seen.insert(e.entry_id).second) problem = fmt::format("duplicate DATAID {}", e.entry_id);
      if (!problem.empty()) {
        ++out.skipped;
        out.AddError(fmt::format("{}:{}: {}", path, line, problem), options.max_errors);
        continue;
      }
      out.entries.push_back(std::move(e));
    }
  };
  read_group("INDIVIDUALS", "INDIVIDUAL", true);
  read_group("ENTITIES", "ENTITY", false);
  return out;
}

}  // namespace clearbid
