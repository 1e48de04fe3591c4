#include "engine/rules/rule_catalogue.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "engine/rules/facts.h"

namespace clearbid {
namespace {

using Json = nlohmann::ordered_json;

// Inverse of an enum's code function over its `count` values.
template <typename E>
bool ParseCode(std::string_view code, std::string_view (*code_of)(E), int count, E* out) {
  for (int i = 0; i < count; ++i) {
    if (code_of(static_cast<E>(i)) == code) {
      *out = static_cast<E>(i);
      return true;
    }
  }
  return false;
}

}  // namespace

std::shared_ptr<const RuleCatalogue> RuleCatalogue::FromPack(const RulePack& pack) {
  std::shared_ptr<RuleCatalogue> c(new RuleCatalogue());
  c->pack_id_ = pack.id;
  c->pack_version_ = pack.version;
  c->entries_.reserve(pack.rules.size());
  for (const Rule& r : pack.rules) {
    Entry e;
    e.rule_id = r.id;
    e.category = r.category;
    e.severity = r.severity;
    e.zero_tolerance = r.zero_tolerance;
    e.action = r.action;
    e.checked = std::make_shared<const RuleTexts>(RuleTexts{r.title, r.when.text(), {}, {}});
    e.called_for = std::make_shared<const RuleTexts>(RuleTexts{r.title, r.when.text(), r.action_text, r.legal_basis});
    c->entries_.push_back(std::move(e));
  }
  c->Index();
  return c;
}

void RuleCatalogue::Index() {
  by_id_.clear();
  for (size_t i = 0; i < entries_.size(); ++i) by_id_.emplace(entries_[i].rule_id, i);
}

const RuleCatalogue::Entry* RuleCatalogue::Find(std::string_view rule_id) const {
  auto it = by_id_.find(rule_id);
  return it == by_id_.end() ? nullptr : &entries_[it->second];
}

std::string RuleCatalogue::ToJson() const {
  Json rules = Json::array();
  for (const Entry& e : entries_) {
    const RuleTexts& t = *e.called_for;
    Json lbs = Json::array();
    for (const LegalBasis& lb : t.legal_basis) {
      Json j = Json::object();
      if (!lb.seed.empty()) {
        j["seed"] = lb.seed;
        j["lines"] = lb.lines;
      }
      if (!lb.standard.empty()) {
        j["standard"] = lb.standard;
        if (!lb.article.empty()) j["article"] = lb.article;
      }
      if (!lb.quote.empty()) j["quote"] = lb.quote;
      j["citation"] = lb.Citation();
      lbs.push_back(std::move(j));
    }
    rules.push_back({{"rule", e.rule_id},
                     {"title", t.title},
                     {"category", RuleCategoryCode(e.category)},
                     {"severity", SeverityCode(e.severity)},
                     {"zero_tolerance", e.zero_tolerance},
                     {"action", ActionCode(e.action)},
                     {"action_text", t.action_text},
                     {"condition", t.condition},
                     {"legal_basis", std::move(lbs)}});
  }
  Json doc = {{"schema", kRuleCatalogueSchema},
              {"rule_pack", pack_id_},
              {"rule_pack_version", pack_version_},
              {"rules", std::move(rules)}};
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Result<std::shared_ptr<const RuleCatalogue>> RuleCatalogue::FromJson(std::string_view json, std::string_view source) {
  // Bounded like an assessment: a catalogue of a few hundred rules is well under 1 MB.
  constexpr size_t kMaxCatalogueBytes = 16u << 20;
  if (json.size() > kMaxCatalogueBytes) {
    return Status::InvalidArgument(fmt::format("{}: rule catalogue of {} bytes exceeds the limit of {}", source,
                                               json.size(), kMaxCatalogueBytes));
  }
  Json doc;
  try {
    doc = Json::parse(json.begin(), json.end());
  } catch (const nlohmann::json::exception& e) {
    return Status::ParseError(fmt::format("{}: not valid JSON: {}", source, e.what()));
  }
  auto fail = [&](const std::string& path, const std::string& reason) {
    return Status::ParseError(fmt::format("{}: {}: {}", source, path, reason));
  };
  auto string_at = [&](const Json& obj, const std::string& path, const char* key, std::string* out) -> Status {
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_string()) return fail(path + "." + key, "expected a string");
    *out = it->get<std::string>();
    return Status::Ok();
  };
  if (!doc.is_object()) return fail("$", "expected an object");
  std::string schema;
  RETURN_IF_ERROR(string_at(doc, "$", "schema", &schema));
  if (schema != kRuleCatalogueSchema) {
    return fail("$.schema", fmt::format("unsupported schema \"{}\" (this build reads {})", schema,
                                        kRuleCatalogueSchema));
  }
  std::shared_ptr<RuleCatalogue> c(new RuleCatalogue());
  RETURN_IF_ERROR(string_at(doc, "$", "rule_pack", &c->pack_id_));
  RETURN_IF_ERROR(string_at(doc, "$", "rule_pack_version", &c->pack_version_));
  auto rules = doc.find("rules");
  if (rules == doc.end() || !rules->is_array()) return fail("$.rules", "expected an array");
  for (size_t i = 0; i < rules->size(); ++i) {
    const Json& r = (*rules)[i];
    const std::string p = fmt::format("$.rules[{}]", i);
    if (!r.is_object()) return fail(p, "expected an object");
    Entry e;
    RuleTexts t;
    std::string category, severity, action;
    RETURN_IF_ERROR(string_at(r, p, "rule", &e.rule_id));
    RETURN_IF_ERROR(string_at(r, p, "title", &t.title));
    RETURN_IF_ERROR(string_at(r, p, "category", &category));
    RETURN_IF_ERROR(string_at(r, p, "severity", &severity));
    RETURN_IF_ERROR(string_at(r, p, "action", &action));
    RETURN_IF_ERROR(string_at(r, p, "action_text", &t.action_text));
    RETURN_IF_ERROR(string_at(r, p, "condition", &t.condition));
    if (!ParseCode<RuleCategory>(category, RuleCategoryCode, 5, &e.category))
      return fail(p + ".category", fmt::format("unknown value \"{}\"", category));
    if (!ParseCode<Severity>(severity, SeverityCode, 5, &e.severity))
      return fail(p + ".severity", fmt::format("unknown value \"{}\"", severity));
    if (!ParseCode<Action>(action, ActionCode, 5, &e.action))
      return fail(p + ".action", fmt::format("unknown value \"{}\"", action));
    auto zt = r.find("zero_tolerance");
    if (zt == r.end() || !zt->is_boolean()) return fail(p + ".zero_tolerance", "expected true or false");
    e.zero_tolerance = zt->get<bool>();
    auto lbs = r.find("legal_basis");
    if (lbs == r.end() || !lbs->is_array()) return fail(p + ".legal_basis", "expected an array");
    for (size_t k = 0; k < lbs->size(); ++k) {
      const Json& l = (*lbs)[k];
      const std::string lp = fmt::format("{}.legal_basis[{}]", p, k);
      if (!l.is_object()) return fail(lp, "expected an object");
      LegalBasis lb;
      for (auto [key, field] : {std::pair{"seed", &lb.seed}, std::pair{"lines", &lb.lines},
                                std::pair{"standard", &lb.standard}, std::pair{"article", &lb.article},
                                std::pair{"quote", &lb.quote}}) {
        if (l.contains(key)) RETURN_IF_ERROR(string_at(l, lp, key, field));
      }
      t.legal_basis.push_back(std::move(lb));
    }
    if (c->by_id_.count(e.rule_id)) return fail(p + ".rule", fmt::format("rule {} appears twice", e.rule_id));
    e.checked = std::make_shared<const RuleTexts>(RuleTexts{t.title, t.condition, {}, {}});
    e.called_for = std::make_shared<const RuleTexts>(std::move(t));
    c->entries_.push_back(std::move(e));
    c->by_id_.emplace(c->entries_.back().rule_id, c->entries_.size() - 1);
  }
  return std::shared_ptr<const RuleCatalogue>(std::move(c));
}

Status CompleteFinding(const RuleCatalogue& catalogue, Finding* f) {
  const RuleCatalogue::Entry* e = catalogue.Find(f->rule_id);
  if (!e) {
    return Status::NotFound(fmt::format("rule {} is not in the catalogue of rule pack {}", f->rule_id,
                                        catalogue.PackKey()));
  }
  for (const MissingEvidence& m : f->missing) {
    if (!FindFact(m.fact)) return Status::NotFound(fmt::format("rule {}: unknown fact {}", f->rule_id, m.fact));
  }
  f->category = e->category;
  f->severity = e->severity;
  f->zero_tolerance = e->zero_tolerance;
  f->action = e->action;
  f->texts = e->TextsFor(f->status);
  for (MissingEvidence& m : f->missing) m.supplied_by = std::string(GetFactInfo(*FindFact(m.fact)).source);
  return Status::Ok();
}

}  // namespace clearbid
