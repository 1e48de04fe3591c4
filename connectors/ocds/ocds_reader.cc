#include "connectors/ocds/ocds_reader.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include <fmt/format.h>

#include "connectors/json/json_types.h"
#include "engine/model/country.h"

namespace clearbid {
namespace {

namespace dom = simdjson::dom;
namespace od = simdjson::ondemand;

// The path of a field ("parties[2].identifier.id") for messages about it,
// made into text only when one is reported: reading a release visits
// hundreds of fields. A path made by `+` or Index() refers to the path it
// extends (and to the text it was given), which must outlive it: a child
// lives within the call it is made for.
class FieldPath {
 public:
  FieldPath(const char* root) : text_(root) {}         // NOLINT: implicit, as the text it stands for
  FieldPath(std::string_view root) : text_(root) {}    // NOLINT
  FieldPath(const std::string& root) : text_(root) {}  // NOLINT
  FieldPath operator+(std::string_view suffix) const { return FieldPath(this, suffix, kNoIndex); }
  FieldPath Index(size_t i) const { return FieldPath(this, {}, i); }
  std::string str() const {
    std::string out;
    Append(&out);
    return out;
  }

 private:
  static constexpr size_t kNoIndex = static_cast<size_t>(-1);
  FieldPath(const FieldPath* parent, std::string_view text, size_t index)
      : parent_(parent), text_(text), index_(index) {}
  void Append(std::string* out) const {
    if (parent_) parent_->Append(out);
    out->append(text_);
    if (index_ != kNoIndex) out->append(1, '[').append(std::to_string(index_)).append(1, ']');
  }
  const FieldPath* parent_ = nullptr;
  std::string_view text_;
  size_t index_ = kNoIndex;
};

// Collects field-level problems of one release; the release itself is kept.
struct FieldContext {
  std::string_view file;
  int64_t line;
  const OcdsReaderOptions& options;
  std::vector<InputIssue>* errors;
  std::string_view prefix;  // "releases[3]." inside a package read as one document
  // Whether ReadText and ReadNumber keep what they read; when not, they
  // check it all the same (the same problems reported).
  bool keep = true;

  // This context for a field the model keeps only when every field is read
  // (OcdsReaderOptions::row_fields_only): the process rows do not use it.
  FieldContext Unkept() const {
    FieldContext c = *this;
    c.keep = !options.row_fields_only;
    return c;
  }

  void Error(const FieldPath& path, std::string_view reason) const {
    if (errors) errors->push_back({std::string(file), line, fmt::format("{}{}: {}", prefix, path.str(), reason)});
  }
};

std::string_view TypeName(dom::element_type t) { return JsonTypeName(t); }

// Reads a string field. Numbers are accepted and kept as their JSON text:
// OCDS 1.0 publishers often write ids as numbers. null means absent.
// Unless ctx.keep, `out` is left as it is.
void ReadText(const FieldContext& ctx, dom::element e, const FieldPath& path, std::string* out) {
  switch (e.type()) {
    case dom::element_type::STRING: {
      std::string_view s = e.get_string().value_unsafe();
      if (s.size() > ctx.options.max_field_bytes) {
        ctx.Error(path, fmt::format("string of {} bytes exceeds the limit of {}; dropped", s.size(),
                                    ctx.options.max_field_bytes));
        return;
      }
      if (ctx.keep) out->assign(s);
      return;
    }
    case dom::element_type::INT64:
      if (ctx.keep) *out = std::to_string(e.get_int64().value_unsafe());
      return;
    case dom::element_type::UINT64:
      if (ctx.keep) *out = std::to_string(e.get_uint64().value_unsafe());
      return;
    case dom::element_type::DOUBLE:
      if (ctx.keep) *out = fmt::format("{}", e.get_double().value_unsafe());
      return;
    case dom::element_type::NULL_VALUE: return;
    default: ctx.Error(path, fmt::format("expected a string, got {}; dropped", TypeName(e.type())));
  }
}

// Reads a number; numeric strings ("1200.50") are accepted. Unless
// ctx.keep, `out` is left as it is.
void ReadNumber(const FieldContext& ctx, dom::element e, const FieldPath& path, std::optional<double>* out) {
  switch (e.type()) {
    case dom::element_type::INT64:
      if (ctx.keep) *out = static_cast<double>(e.get_int64().value_unsafe());
      return;
    case dom::element_type::UINT64:
      if (ctx.keep) *out = static_cast<double>(e.get_uint64().value_unsafe());
      return;
    case dom::element_type::DOUBLE:
      if (ctx.keep) *out = e.get_double().value_unsafe();
      return;
    case dom::element_type::NULL_VALUE: return;
    case dom::element_type::STRING: {
      std::string s(e.get_string().value_unsafe());
      if (s.empty()) return;  // "" is how some publishers write an unknown amount
      char* end = nullptr;
      double v = std::strtod(s.c_str(), &end);
      if (!s.empty() && end == s.c_str() + s.size() && std::isfinite(v)) {
        if (ctx.keep) *out = v;
      } else {
        ctx.Error(path, fmt::format("expected a number, got the string \"{}\"; dropped", s.substr(0, 40)));
      }
      return;
    }
    default: ctx.Error(path, fmt::format("expected a number, got {}; dropped", TypeName(e.type())));
  }
}

bool AsObject(const FieldContext& ctx, dom::element e, const FieldPath& path, dom::object* out) {
  if (e.type() == dom::element_type::OBJECT) {
    *out = e.get_object().value_unsafe();
    return true;
  }
  if (e.type() != dom::element_type::NULL_VALUE)
    ctx.Error(path, fmt::format("expected an object, got {}; dropped", TypeName(e.type())));
  return false;
}

bool AsArray(const FieldContext& ctx, dom::element e, const FieldPath& path, dom::array* out) {
  if (e.type() == dom::element_type::ARRAY) {
    *out = e.get_array().value_unsafe();
    return true;
  }
  if (e.type() != dom::element_type::NULL_VALUE)
    ctx.Error(path, fmt::format("expected an array, got {}; dropped", TypeName(e.type())));
  return false;
}

// Calls fn(element, path) for each element of an array field, within limits.
template <typename Fn>
void ForEach(const FieldContext& ctx, dom::element e, const FieldPath& path, Fn fn) {
  // Tolerated: a lone object where a list of objects belongs (some publishers
  // write "awards": {...}); it is read as a list of one.
  if (e.type() == dom::element_type::OBJECT) {
    fn(e, path + "[0]");
    return;
  }
  dom::array arr;
  if (!AsArray(ctx, e, path, &arr)) return;
  size_t i = 0;
  for (dom::element el : arr) {
    if (i >= ctx.options.max_array_elements) {
      ctx.Error(path, fmt::format("more than {} elements; the rest dropped", ctx.options.max_array_elements));
      return;
    }
    fn(el, path.Index(i));
    ++i;
  }
}

void ReadValue(const FieldContext& ctx, dom::element e, const FieldPath& path, Value* v) {
  dom::object o;
  if (!AsObject(ctx, e, path, &o)) return;
  for (auto [key, val] : o) {
    if (key == "amount") ReadNumber(ctx, val, path + ".amount", &v->amount);
    else if (key == "currency") ReadText(ctx, val, path + ".currency", &v->currency);
  }
}

void ReadIdentifier(const FieldContext& ctx, dom::element e, const FieldPath& path, Identifier* id) {
  dom::object o;
  if (!AsObject(ctx, e, path, &o)) return;
  for (auto [key, val] : o) {
    if (key == "scheme") ReadText(ctx, val, path + ".scheme", &id->scheme);
    else if (key == "id") ReadText(ctx, val, path + ".id", &id->id);
    else if (key == "legalName") ReadText(ctx.Unkept(), val, path + ".legalName", &id->legal_name);
  }
}

// Country names repeat across millions of releases; CountryCode normalises
// with ICU, so remember the answers (per thread, bounded).
std::string CachedCountryCode(const std::string& name) {
  thread_local std::unordered_map<std::string, std::string> cache;
  if (name.empty()) return {};
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  if (cache.size() > 4096) cache.clear();
  std::string code = CountryCode(name);
  cache.emplace(name, code);
  return code;
}

void ReadAddress(const FieldContext& ctx, dom::element e, const FieldPath& path, Address* a) {
  dom::object o;
  if (!AsObject(ctx, e, path, &o)) return;
  for (auto [key, val] : o) {
    if (key == "streetAddress") ReadText(ctx.Unkept(), val, path + ".streetAddress", &a->street_address);
    else if (key == "locality") ReadText(ctx.Unkept(), val, path + ".locality", &a->locality);
    else if (key == "region") ReadText(ctx.Unkept(), val, path + ".region", &a->region);
    else if (key == "postalCode") ReadText(ctx.Unkept(), val, path + ".postalCode", &a->postal_code);
    else if (key == "countryName") ReadText(ctx, val, path + ".countryName", &a->country_name);
    else if (key == "country") ReadText(ctx, val, path + ".country", &a->country);  // some extensions
  }
  a->country = CachedCountryCode(a->country.empty() ? a->country_name : a->country);
}

// Reads an organisation: a 1.1 party, a 1.1 reference {id,name}, or a 1.0
// inline organisation (name, identifier, address). Returns false when absent.
bool ReadOrganization(const FieldContext& ctx, dom::element e, const FieldPath& path, Party* p) {
  dom::object o;
  if (!AsObject(ctx, e, path, &o)) return false;
  for (auto [key, val] : o) {
    if (key == "id") ReadText(ctx, val, path + ".id", &p->id);
    else if (key == "name") ReadText(ctx, val, path + ".name", &p->name);
    else if (key == "identifier") ReadIdentifier(ctx, val, path + ".identifier", &p->identifier);
    else if (key == "additionalIdentifiers") {
      ForEach(ctx, val, path + ".additionalIdentifiers", [&](dom::element el, const FieldPath& sub) {
        Identifier id;
        ReadIdentifier(ctx.Unkept(), el, sub, &id);
        if (!id.empty()) p->additional_identifiers.push_back(std::move(id));
      });
    } else if (key == "address") ReadAddress(ctx, val, path + ".address", &p->address);
    else if (key == "roles") {
      ForEach(ctx, val, path + ".roles", [&](dom::element el, const FieldPath& sub) {
        std::string role;
        ReadText(ctx, el, sub, &role);
        p->AddRole(role);
      });
    }
  }
  return true;
}

// An id for an OCDS 1.0 inline organisation (which has none).
std::string DerivedPartyId(const Party& p) {
  if (!p.identifier.id.empty()) return p.identifier.scheme + "-" + p.identifier.id;
  return p.name;
}

// Links an organisation met in the tender, bids or awards to the parties list
// (adding it when the release has none, as in OCDS 1.0), gives it `role`, and
// returns the party (null when the organisation has no id, identifier or
// name), valid until the next party is added.
Party* AttachParty(ContractingProcess* proc, Party org, std::string_view role) {
  if (org.id.empty()) org.id = DerivedPartyId(org);
  if (org.id.empty()) return nullptr;
  Party* existing = proc->FindParty(org.id);
  if (!existing) {
    org.roles.clear();
    proc->parties.push_back(std::move(org));
    existing = &proc->parties.back();
  } else {
    // A 1.1 reference carries only id and name: fill what the party lacks.
    if (existing->name.empty()) existing->name = org.name;
    if (existing->identifier.empty()) existing->identifier = org.identifier;
    if (existing->address.country.empty() && !org.address.country.empty()) existing->address = org.address;
  }
  existing->AddRole(role);
  return existing;
}

// AttachParty, returning the reference (empty when there is no party).
PartyRef Attach(ContractingProcess* proc, Party org, std::string_view role) {
  const Party* party = AttachParty(proc, std::move(org), role);
  return party ? PartyRef{party->id, party->name} : PartyRef{};
}

// Reads a list of organisation references (tenderers, suppliers) into the
// parties (Attach) and, unless only the row fields are kept (the rows have
// the parties and their roles, not these lists), into `out`.
void ReadOrgRefs(const FieldContext& ctx, ContractingProcess* proc, dom::element e, const FieldPath& path,
                 std::string_view role, std::vector<PartyRef>* out) {
  const bool keep = !ctx.options.row_fields_only;
  ForEach(ctx, e, path, [&](dom::element el, const FieldPath& sub) {
    Party org;
    if (!ReadOrganization(ctx, el, sub, &org)) return;
    if (!keep) {
      AttachParty(proc, std::move(org), role);
      return;
    }
    PartyRef ref = Attach(proc, std::move(org), role);
    if (!ref.id.empty()) out->push_back(std::move(ref));
  });
}

void ReadClassification(const FieldContext& ctx, dom::element e, const FieldPath& path, Classification* c) {
  dom::object o;
  if (!AsObject(ctx, e, path, &o)) return;
  for (auto [key, val] : o) {
    if (key == "scheme") ReadText(ctx, val, path + ".scheme", &c->scheme);
    else if (key == "id") ReadText(ctx, val, path + ".id", &c->id);
    else if (key == "description") ReadText(ctx, val, path + ".description", &c->description);
  }
  for (char& ch : c->scheme) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
}

void ReadItems(const FieldContext& ctx, dom::element e, const FieldPath& path, std::vector<Item>* items) {
  ForEach(ctx, e, path, [&](dom::element el, const FieldPath& sub) {
    dom::object o;
    if (!AsObject(ctx, el, sub, &o)) return;
    Item item;
    for (auto [key, val] : o) {
      if (key == "id") ReadText(ctx.Unkept(), val, sub + ".id", &item.id);
      else if (key == "description") ReadText(ctx, val, sub + ".description", &item.description);
      else if (key == "classification") ReadClassification(ctx, val, sub + ".classification", &item.classification);
      else if (key == "additionalClassifications") {
        ForEach(ctx, val, sub + ".additionalClassifications", [&](dom::element c, const FieldPath& csub) {
          Classification cl;
          ReadClassification(ctx.Unkept(), c, csub, &cl);
          if (!cl.id.empty()) item.additional_classifications.push_back(std::move(cl));
        });
      } else if (key == "quantity") ReadNumber(ctx.Unkept(), val, sub + ".quantity", &item.quantity);
      else if (key == "unit") {
        dom::object u;
        if (AsObject(ctx, val, sub + ".unit", &u)) {
          dom::element name;
          if (!u["name"].get(name)) ReadText(ctx.Unkept(), name, sub + ".unit.name", &item.unit);
        }
      } else if (key == "deliveryAddress") {
        Address a;
        ReadAddress(ctx.Unkept(), val, sub + ".deliveryAddress", &a);
        item.delivery_country = a.country;
      }
    }
    items->push_back(std::move(item));
  });
}

void ReadTender(const FieldContext& ctx, ContractingProcess* proc, dom::element e) {
  dom::object o;
  if (!AsObject(ctx, e, "tender", &o)) return;
  Tender& t = proc->tender;
  for (auto [key, val] : o) {
    if (key == "id") ReadText(ctx.Unkept(), val, "tender.id", &t.id);
    else if (key == "title") ReadText(ctx.Unkept(), val, "tender.title", &t.title);
    else if (key == "status") ReadText(ctx.Unkept(), val, "tender.status", &t.status);
    else if (key == "procurementMethod") ReadText(ctx, val, "tender.procurementMethod", &t.procurement_method);
    else if (key == "procurementMethodDetails")
      ReadText(ctx.Unkept(), val, "tender.procurementMethodDetails", &t.procurement_method_details);
    else if (key == "mainProcurementCategory")
      ReadText(ctx, val, "tender.mainProcurementCategory", &t.main_procurement_category);
    else if (key == "awardCriteria") ReadText(ctx.Unkept(), val, "tender.awardCriteria", &t.award_criteria);
    else if (key == "awardCriteriaDetails")
      ReadText(ctx.Unkept(), val, "tender.awardCriteriaDetails", &t.award_criteria_details);
    else if (key == "value") ReadValue(ctx, val, "tender.value", &t.value);
    else if (key == "items") ReadItems(ctx, val, "tender.items", &t.items);
    else if (key == "tenderers") ReadOrgRefs(ctx, proc, val, "tender.tenderers", "tenderer", &t.tenderers);
    else if (key == "numberOfTenderers") {
      std::optional<double> n;
      ReadNumber(ctx.Unkept(), val, "tender.numberOfTenderers", &n);
      if (n) t.number_of_tenderers = static_cast<int64_t>(*n);
    } else if (key == "procuringEntity") {
      Party org;
      if (ReadOrganization(ctx, val, "tender.procuringEntity", &org))
        t.procuring_entity = Attach(proc, std::move(org), "procuringEntity");
    }
  }
}

void ReadBid(const FieldContext& ctx, ContractingProcess* proc, dom::element el, const FieldPath& path) {
  dom::object o;
  if (!AsObject(ctx, el, path, &o)) return;
  Bid bid;
  for (auto [key, val] : o) {
    if (key == "id") ReadText(ctx.Unkept(), val, path + ".id", &bid.id);
    else if (key == "status") ReadText(ctx.Unkept(), val, path + ".status", &bid.status);
    else if (key == "date") ReadText(ctx.Unkept(), val, path + ".date", &bid.date);
    else if (key == "value") ReadValue(ctx.Unkept(), val, path + ".value", &bid.value);
    else if (key == "tenderers") ReadOrgRefs(ctx, proc, val, path + ".tenderers", "tenderer", &bid.tenderers);
  }
  proc->bids.push_back(std::move(bid));
}

void ReadBids(const FieldContext& ctx, ContractingProcess* proc, dom::element e) {
  // The bids extension: {"details": [...]}; some publishers write the array directly.
  if (e.type() == dom::element_type::ARRAY) {
    ForEach(ctx, e, "bids", [&](dom::element el, const FieldPath& sub) { ReadBid(ctx, proc, el, sub); });
    return;
  }
  dom::object o;
  if (!AsObject(ctx, e, "bids", &o)) return;
  dom::element details;
  if (!o["details"].get(details)) {
    ForEach(ctx, details, "bids.details",
            [&](dom::element el, const FieldPath& sub) { ReadBid(ctx, proc, el, sub); });
  }
}

void ReadAwards(const FieldContext& ctx, ContractingProcess* proc, dom::element e) {
  ForEach(ctx, e, "awards", [&](dom::element el, const FieldPath& path) {
    dom::object o;
    if (!AsObject(ctx, el, path, &o)) return;
    Award a;
    for (auto [key, val] : o) {
      if (key == "id") ReadText(ctx.Unkept(), val, path + ".id", &a.id);
      else if (key == "status") ReadText(ctx.Unkept(), val, path + ".status", &a.status);
      else if (key == "date") ReadText(ctx.Unkept(), val, path + ".date", &a.date);
      else if (key == "value") ReadValue(ctx.Unkept(), val, path + ".value", &a.value);
      else if (key == "suppliers") ReadOrgRefs(ctx, proc, val, path + ".suppliers", "supplier", &a.suppliers);
      else if (key == "items") ReadItems(ctx, val, path + ".items", &a.items);
    }
    proc->awards.push_back(std::move(a));
  });
}

void ReadContracts(const FieldContext& ctx, ContractingProcess* proc, dom::element e) {
  ForEach(ctx, e, "contracts", [&](dom::element el, const FieldPath& path) {
    dom::object o;
    if (!AsObject(ctx, el, path, &o)) return;
    Contract c;
    for (auto [key, val] : o) {
      if (key == "id") ReadText(ctx.Unkept(), val, path + ".id", &c.id);
      else if (key == "awardID") ReadText(ctx.Unkept(), val, path + ".awardID", &c.award_id);
      else if (key == "status") ReadText(ctx.Unkept(), val, path + ".status", &c.status);
      else if (key == "dateSigned") ReadText(ctx.Unkept(), val, path + ".dateSigned", &c.date_signed);
      else if (key == "value") ReadValue(ctx.Unkept(), val, path + ".value", &c.value);
      else if (key == "items") ReadItems(ctx, val, path + ".items", &c.items);
    }
    proc->contracts.push_back(std::move(c));
  });
}

// Supply-chain tier from the roles: buyers 0, direct suppliers/tenderers 1,
// everything below them 2 (a disclosure may refine it).
int TierOf(const Party& p) {
  int tier = -1;
  for (const std::string& r : p.roles) {
    int t = -1;
    switch (ParsePartyRole(r)) {
      case PartyRole::kBuyer:
      case PartyRole::kProcuringEntity:
      case PartyRole::kFunder:
      case PartyRole::kPayer:
      case PartyRole::kReviewBody: t = 0; break;
      case PartyRole::kSupplier:
      case PartyRole::kTenderer:
      case PartyRole::kPayee:
      case PartyRole::kConsortiumMember: t = 1; break;
      case PartyRole::kSubcontractor:
      case PartyRole::kRecruitmentAgency:
      case PartyRole::kSite: t = 2; break;
      default: break;
    }
    if (t >= 0 && (tier < 0 || t > tier)) tier = t;
  }
  return tier;
}

std::string_view DetectVersion(dom::object release) {
  dom::element parties;
  if (!release["parties"].get(parties)) return "1.1";
  dom::element buyer;
  if (!release["buyer"].get(buyer) && buyer.type() == dom::element_type::OBJECT) {
    dom::element id;
    if (buyer["id"].get(id)) return "1.0";  // 1.0 buyers are inline organisations
  }
  return "1.1";
}

}  // namespace

struct OcdsReader::Impl {
  OcdsReaderOptions options;
  od::parser framing;           // large documents: walked on demand
  dom::parser document_parser;  // documents up to options.dom_document_limit
  dom::parser release_parser;   // one release at a time
};

OcdsReader::OcdsReader(OcdsReaderOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}
OcdsReader::~OcdsReader() = default;

Status OcdsReader::ParseRelease(std::string_view json, std::string_view file, int64_t line,
                                ContractingProcess* proc, std::vector<InputIssue>* field_errors,
                                std::string* release_id) {
  dom::element root;
  auto err = impl_->release_parser.parse(json.data(), json.size(), true).get(root);
  if (err) return Status::ParseError(fmt::format("{}:{}: invalid JSON: {}", file, line, simdjson::error_message(err)));
  return ParseReleaseElement(&root, file, line, "", proc, field_errors, release_id);
}

Status OcdsReader::ParseReleaseElement(const void* element, std::string_view file, int64_t line,
                                       std::string_view prefix, ContractingProcess* proc,
                                       std::vector<InputIssue>* field_errors, std::string* release_id) {
  const dom::element& root = *static_cast<const dom::element*>(element);
  if (root.type() != dom::element_type::OBJECT)
    return Status::ParseError(fmt::format("{}:{}: {}a release must be a JSON object", file, line, prefix));
  dom::object obj = root.get_object().value_unsafe();
  FieldContext ctx{file, line, impl_->options, field_errors, prefix};

  dom::element ocid_el;
  if (obj["ocid"].get(ocid_el) || ocid_el.type() != dom::element_type::STRING ||
      ocid_el.get_string().value_unsafe().empty())
    return Status::ParseError(
        fmt::format("{}:{}: {}release has no ocid (a non-empty string is required)", file, line, prefix));
  std::string_view ocid = ocid_el.get_string().value_unsafe();
  if (ocid.size() > 512)
    return Status::ParseError(fmt::format("{}:{}: {}ocid longer than 512 bytes", file, line, prefix));
  *proc = ContractingProcess{};
  proc->ocid.assign(ocid);
  proc->ocds_version = DetectVersion(obj);

  // Parties first so that references in the tender, bids and awards resolve.
  dom::element parties;
  if (!obj["parties"].get(parties)) {
    // Each party is read in its place at the end of the list (a Party moved
    // into the list would copy each of its short strings), the list sized
    // once.
    if (parties.type() == dom::element_type::ARRAY) {
      proc->parties.reserve(std::min<size_t>(parties.get_array().value_unsafe().size(), ctx.options.max_array_elements));
    }
    ForEach(ctx, parties, "parties", [&](dom::element el, const FieldPath& path) {
      Party& p = proc->parties.emplace_back();
      if (!ReadOrganization(ctx, el, path, &p)) {
        proc->parties.pop_back();
        return;
      }
      if (p.id.empty()) p.id = DerivedPartyId(p);
      if (p.id.empty()) {
        ctx.Error(path, "party without id, identifier or name; dropped");
        proc->parties.pop_back();
        return;
      }
      // A party id met before: its roles join the first party of that id
      // (FindParty finds `p` itself, the last, when there is none).
      Party* first = proc->FindParty(p.id);
      if (first != &p) {
        for (const std::string& r : p.roles) first->AddRole(r);
        proc->parties.pop_back();
        return;
      }
    });
  }
  for (auto [key, val] : obj) {
    if (key == "date") ReadText(ctx, val, "date", &proc->date);
    else if (key == "id" && release_id) ReadText(ctx, val, "id", release_id);
    else if (key == "language") ReadText(ctx.Unkept(), val, "language", &proc->language);
    else if (key == "buyer") {
      Party org;
      if (ReadOrganization(ctx, val, "buyer", &org)) proc->buyer = Attach(proc, std::move(org), "buyer");
    } else if (key == "tender") ReadTender(ctx, proc, val);
    else if (key == "bids") ReadBids(ctx, proc, val);
    else if (key == "awards") ReadAwards(ctx, proc, val);
    else if (key == "contracts") ReadContracts(ctx, proc, val);
  }
  for (Party& p : proc->parties) p.tier = TierOf(p);
  return Status::Ok();
}

namespace {

// Minified copy of a JSON text (the stored form; formatting changes are not changes).
std::string Minify(std::string_view text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  if (simdjson::minify(text.data(), text.size(), out.data(), len) != simdjson::SUCCESS) return std::string(text);
  out.resize(len);
  return out;
}

// Fills a parsed release's identity from its model. A record's
// compiledRelease often repeats the id of its last release: "compiled:<id>"
// keeps the two apart so that neither overwrites the other.
// In place: a ReleaseInput holds a whole process model, which moving copies
// field by field.
void FinishRelease(ReleaseInput& in) {
  in.ocid = in.process.ocid;
  in.date = in.process.date;
  if (in.compiled) in.release_id = in.release_id.empty() ? "compiled" : "compiled:" + in.release_id;
  else if (in.release_id.empty()) in.release_id = in.date;
}

// ISO-8859-1 to UTF-8: every byte is a valid Latin-1 character.
std::string Latin1ToUtf8(std::string_view in) {
  std::string out;
  out.reserve(in.size() + in.size() / 8);
  for (unsigned char c : in) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

}  // namespace

bool OcdsReader::ReadWithDom(std::string_view text, std::string_view file, int64_t line, OcdsReadResult* out,
                             bool minified) {
  if (text.size() > impl_->options.dom_document_limit) return false;
  dom::element root;
  auto err = impl_->document_parser.parse(text.data(), text.size(), false).get(root);
  if (err) {
    out->errors.push_back({std::string(file), line, fmt::format("invalid JSON: {}", simdjson::error_message(err))});
    ++out->rejected;
    return true;
  }
  // `raw` is the release's own text when it is the whole document (JSON Lines):
  // minifying the text is faster than printing the DOM back.
  auto add_release = [&](const dom::element& rel, const std::string& prefix, bool compiled,
                         std::string_view raw = {}) {
    ReleaseInput& in = out->releases.emplace_back();
    in.file.assign(file);
    in.line = line;
    in.compiled = compiled;
    std::vector<InputIssue> field_errors;
    Status s = ParseReleaseElement(&rel, file, line, prefix, &in.process, &field_errors, &in.release_id);
    if (!s.ok()) {
      out->releases.pop_back();
      out->errors.push_back({std::string(file), line, s.message().substr(s.message().find(": ") + 2)});
      ++out->rejected;
      return;
    }
    for (InputIssue& fe : field_errors) out->errors.push_back(std::move(fe));
    in.json = raw.empty() ? simdjson::minify(rel) : minified ? std::string(raw) : Minify(raw);
    FinishRelease(in);
  };
  auto read_record = [&](dom::object rec, const std::string& prefix) {
    dom::element compiled;
    if (!rec["compiledRelease"].get(compiled)) {
      add_release(compiled, prefix + "compiledRelease.", true);
      return;
    }
    dom::array rels;
    size_t embedded = 0, linked = 0, i = 0;
    if (!rec["releases"].get_array().get(rels)) {
      for (dom::element r : rels) {
        dom::element ocid;
        if (r.type() == dom::element_type::OBJECT && !r["ocid"].get(ocid)) {
          add_release(r, fmt::format("{}releases[{}].", prefix, i), false);
          ++embedded;
        } else {
          ++linked;
        }
        ++i;
      }
    }
    if (embedded) return;
    if (linked) {
      out->warnings.push_back({std::string(file), line,
                               prefix + "record has only linked releases and no compiledRelease: nothing to read "
                                        "here (ingest the linked releases themselves)"});
    } else {
      out->errors.push_back({std::string(file), line, prefix + "record has neither compiledRelease nor releases"});
      ++out->rejected;
    }
  };
  auto read_object = [&](const dom::element& el, const std::string& prefix, DocumentKind* kind) {
    dom::object obj = el.get_object().value_unsafe();
    dom::element x;
    const bool has_ocid = !obj["ocid"].get(x);
    const bool has_releases = !obj["releases"].get(x);
    const bool is_record = !obj["compiledRelease"].get(x) || !obj["versionedRelease"].get(x) ||
                           (has_ocid && has_releases);
    if (has_ocid && !is_record) {
      *kind = DocumentKind::kRelease;
      // Versioned release: its scalar fields are lists of {releaseID, releaseDate, value}.
      bool versioned = false;
      for (const char* key : {"initiationType", "language", "date"}) {
        dom::element v;
        versioned |= !obj[key].get(v) && v.type() == dom::element_type::ARRAY;
      }
      if (versioned) {
        // It repeats what the releases or the compiled release say; not read.
        out->warnings.push_back({std::string(file), line,
                                 "versioned release skipped: ingest the releases or a record's compiledRelease"});
        return;
      }
      add_release(el, prefix, false, prefix.empty() ? text : std::string_view());
    } else if (is_record) {
      *kind = DocumentKind::kRecord;
      read_record(obj, prefix);
    } else if (dom::array recs; !obj["records"].get_array().get(recs)) {
      *kind = DocumentKind::kRecordPackage;
      size_t i = 0;
      for (dom::element r : recs) {
        std::string p = fmt::format("{}records[{}].", prefix, i++);
        if (r.type() != dom::element_type::OBJECT) {
          out->errors.push_back({std::string(file), line, p + " a record must be an object"});
          ++out->rejected;
          continue;
        }
        read_record(r.get_object().value_unsafe(), p);
      }
    } else if (dom::array rels; !obj["releases"].get_array().get(rels)) {
      *kind = DocumentKind::kReleasePackage;
      size_t i = 0;
      for (dom::element r : rels) add_release(r, fmt::format("{}releases[{}].", prefix, i++), false);
    } else {
      *kind = DocumentKind::kOther;
      out->errors.push_back({std::string(file), line,
                             prefix + "not an OCDS document: no releases, records or ocid at the top level"});
      ++out->rejected;
    }
  };
  if (root.type() == dom::element_type::OBJECT) {
    read_object(root, "", &out->kind);
  } else if (root.type() == dom::element_type::ARRAY) {
    out->kind = DocumentKind::kArray;
    size_t i = 0;
    dom::array top;
    if (root.get_array().get(top)) return true;  // cannot happen: the type was checked
    for (dom::element el : top) {
      std::string p = fmt::format("[{}].", i++);
      DocumentKind k;
      if (el.type() == dom::element_type::OBJECT) {
        read_object(el, p, &k);
      } else {
        out->errors.push_back({std::string(file), line, p + " not an OCDS document"});
        ++out->rejected;
      }
    }
  } else {
    out->errors.push_back({std::string(file), line,
                           "not an OCDS document: the top level is neither an object nor an array"});
    ++out->rejected;
  }
  return true;
}

void OcdsReader::Read(std::string_view text, std::string_view file, int64_t line, OcdsReadResult* out,
                      bool minified) {
  // Validate encoding first: a Latin-1 document is transcoded (documented in
  // docs/formats/ocds-input.md) rather than rejected.
  std::string transcoded;
  if (!simdjson::validate_utf8(text.data(), text.size())) {
    transcoded = Latin1ToUtf8(text);
    transcoded.append(kJsonPadding, ' ');
    text = std::string_view(transcoded.data(), transcoded.size() - kJsonPadding);
    out->warnings.push_back({std::string(file), line, "invalid UTF-8: read as ISO-8859-1 (Latin-1) and transcoded"});
  }

  // Transcoding changes no whitespace: `minified` still holds.
  if (ReadWithDom(text, file, line, out, minified)) return;

  auto reject = [&](int64_t at, std::string reason) {
    out->errors.push_back({std::string(file), at, std::move(reason)});
    ++out->rejected;
  };

  // Line of a position inside `text` (the document starts at `line`).
  auto line_at = [&](const char* p) {
    return line + static_cast<int64_t>(std::count(text.data(), p, '\n'));
  };

  auto add_release = [&](std::string_view raw, int64_t at, bool compiled) {
    ReleaseInput& in = out->releases.emplace_back();
    in.file.assign(file);
    in.line = at;
    in.compiled = compiled;
    std::vector<InputIssue> field_errors;
    Status s = ParseRelease(raw, file, at, &in.process, &field_errors, &in.release_id);
    if (!s.ok()) {
      out->releases.pop_back();
      out->errors.push_back({std::string(file), at, s.message().substr(s.message().find(": ") + 2)});
      ++out->rejected;
      return;
    }
    for (InputIssue& fe : field_errors) out->errors.push_back(std::move(fe));
    in.json = Minify(raw);
    FinishRelease(in);
  };

  od::document doc;
  simdjson::padded_string_view view(text.data(), text.size(), text.size() + kJsonPadding);
  auto err = impl_->framing.iterate(view).get(doc);
  if (err) {
    reject(line, fmt::format("invalid JSON: {}", simdjson::error_message(err)));
    return;
  }
  od::json_type type;
  if ((err = doc.type().get(type))) {
    reject(line, fmt::format("invalid JSON: {}", simdjson::error_message(err)));
    return;
  }

  // Releases from an array field of a package ("releases", or a record's "releases").
  auto releases_of = [&](od::array arr, bool compiled) -> simdjson::error_code {
    for (auto el : arr) {
      od::object rel;
      if (auto e = el.get_object().get(rel)) return e;
      std::string_view raw;
      if (auto e = rel.raw_json().get(raw)) return e;
      add_release(raw, line_at(raw.data()), compiled);
    }
    return simdjson::SUCCESS;
  };

  auto read_record = [&](od::object rec) -> simdjson::error_code {
    // Prefer the publisher's compiledRelease; else the embedded releases
    // (linked releases, with only a url, cannot be compiled here).
    std::string_view compiled_raw;
    bool has_compiled = false;
    std::vector<std::string_view> embedded;
    size_t linked = 0;
    for (auto field : rec) {
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return e;
      if (key == "compiledRelease") {
        od::object c;
        if (auto e = field.value().get_object().get(c)) return e;
        if (auto e = c.raw_json().get(compiled_raw)) return e;
        has_compiled = true;
      } else if (key == "releases") {
        od::array arr;
        if (auto e = field.value().get_array().get(arr)) return e;
        for (auto el : arr) {
          od::object r;
          if (auto e = el.get_object().get(r)) return e;
          std::string_view raw;
          if (auto e = r.raw_json().get(raw)) return e;
          if (raw.find("\"ocid\"") != std::string_view::npos) embedded.push_back(raw);
          else ++linked;
        }
      }
    }
    if (has_compiled) {
      add_release(compiled_raw, line_at(compiled_raw.data()), true);
    } else if (!embedded.empty()) {
      for (std::string_view raw : embedded) add_release(raw, line_at(raw.data()), false);
    } else if (linked) {
      // Not an error: the record only points at releases published elsewhere.
      out->warnings.push_back({std::string(file), line,
                               "record has only linked releases and no compiledRelease: nothing to read here "
                               "(ingest the linked releases themselves)"});
    } else {
      reject(line, "record has neither compiledRelease nor releases");
    }
    return simdjson::SUCCESS;
  };

  auto read_package_object = [&](od::object obj, DocumentKind* kind) -> simdjson::error_code {
    // Decide by the keys present: releases (package), records (package), ocid (bare release/record).
    bool has_releases = false, has_records = false, has_ocid = false, has_compiled = false, has_versioned = false;
    for (auto field : obj) {
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return e;
      if (key == "releases") has_releases = true;
      else if (key == "records") has_records = true;
      else if (key == "ocid") has_ocid = true;
      else if (key == "compiledRelease") has_compiled = true;
      else if (key == "versionedRelease") has_versioned = true;
    }
    if (auto e = obj.reset().error()) return e;
    const bool is_record = has_compiled || has_versioned || (has_ocid && has_releases);
    if (has_ocid && !is_record) {
      *kind = DocumentKind::kRelease;
      std::string_view raw;
      if (auto e = obj.raw_json().get(raw)) return e;
      if (raw.find("\"releaseID\"") != std::string_view::npos && raw.find("\"releaseDate\"") != std::string_view::npos) {
        // A versioned release (every field a list of versions) repeats what the
        // releases or the compiled release say; it is not read.
        out->warnings.push_back({std::string(file), line,
                                 "versioned release skipped: ingest the releases or a record's compiledRelease"});
        return simdjson::SUCCESS;
      }
      add_release(raw, line_at(raw.data()), false);
      return simdjson::SUCCESS;
    }
    if (is_record) {  // a bare record (some publishers add a publisher but no ocid)
      *kind = DocumentKind::kRecord;
      return read_record(obj);
    }
    if (has_records) {
      *kind = DocumentKind::kRecordPackage;
      od::array recs;
      if (auto e = obj["records"].get_array().get(recs)) return e;
      for (auto el : recs) {
        od::object rec;
        if (auto e = el.get_object().get(rec)) return e;
        if (auto e = read_record(rec)) return e;
      }
      return simdjson::SUCCESS;
    }
    if (has_releases) {
      *kind = DocumentKind::kReleasePackage;
      od::array rels;
      if (auto e = obj["releases"].get_array().get(rels)) return e;
      return releases_of(rels, false);
    }
    *kind = DocumentKind::kOther;
    reject(line, "not an OCDS document: no releases, records or ocid at the top level");
    return simdjson::SUCCESS;
  };

  simdjson::error_code e = simdjson::SUCCESS;
  size_t before = out->releases.size();
  if (type == od::json_type::object) {
    od::object obj;
    e = doc.get_object().get(obj);
    if (!e) e = read_package_object(obj, &out->kind);
  } else if (type == od::json_type::array) {
    out->kind = DocumentKind::kArray;
    od::array arr;
    e = doc.get_array().get(arr);
    if (!e) {
      for (auto el : arr) {
        od::object obj;
        if ((e = el.get_object().get(obj))) break;
        DocumentKind k;
        if ((e = read_package_object(obj, &k))) break;
      }
    }
  } else {
    reject(line, "not an OCDS document: the top level is neither an object nor an array");
    return;
  }
  if (e) {
    // The framing failed part-way: what was read before is structurally
    // sound only if each release parsed on its own (they did).
    reject(line, fmt::format("invalid JSON: {}{}", simdjson::error_message(e),
                             out->releases.size() > before ? " (releases before the error were kept)" : ""));
  }
}

}  // namespace clearbid
