// The one adapter around toml++: reads rule-pack TOML files into RulePack,
// turning toml++ exceptions and every validation problem into PackIssues with
// file:line.

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <re2/re2.h>
#include <toml++/toml.h>

#include "engine/rules/rule_pack.h"

namespace clearbid {
namespace fs = std::filesystem;

namespace {

// The OSCE seed documents a legal basis may cite (../shared/seeds/).
constexpr std::string_view kSeeds[] = {"000_0c9ab53e9a1d40ac.txt", "001_f5fb0d52df27a55c.txt",
                                       "002_89db30c99e0069b5.txt", "003_dd7bb0c92ee0d386.txt",
                                       "004_79626450c4101079.txt"};

constexpr std::string_view kIndicators[] = {
    "abuse_of_vulnerability",        "deception",          "restriction_of_movement",
    "isolation",                     "physical_and_sexual_violence", "intimidation_and_threats",
    "retention_of_identity_documents", "withholding_of_wages", "debt_bondage",
    "abusive_working_and_living_conditions", "excessive_overtime", "child_labour"};

class Loader {
 public:
  Loader(std::vector<PackIssue>* issues) : issues_(issues) {}

  void Issue(const std::string& file, const toml::node* node, std::string reason) {
    int64_t line = node ? static_cast<int64_t>(node->source().begin.line) : 0;
    issues_->push_back({file, line, std::move(reason)});
  }

  std::optional<std::string> Str(const std::string& file, const toml::table& t, std::string_view key, bool required) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) Issue(file, &t, fmt::format("missing required key '{}'", key));
      return std::nullopt;
    }
    if (auto v = n->value<std::string>()) {
      if (required && v->empty()) Issue(file, n, fmt::format("'{}' must not be empty", key));
      return *v;
    }
    Issue(file, n, fmt::format("'{}' must be a string", key));
    return std::nullopt;
  }

  std::optional<double> Num(const std::string& file, const toml::table& t, std::string_view key, bool required) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) Issue(file, &t, fmt::format("missing required key '{}'", key));
      return std::nullopt;
    }
    if (auto v = n->value<double>()) return *v;
    Issue(file, n, fmt::format("'{}' must be a number", key));
    return std::nullopt;
  }

  std::vector<std::string> StrList(const std::string& file, const toml::table& t, std::string_view key) {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    const toml::array* arr = n->as_array();
    if (!arr) {
      Issue(file, n, fmt::format("'{}' must be a list of strings", key));
      return out;
    }
    for (const toml::node& el : *arr) {
      if (auto v = el.value<std::string>()) out.push_back(*v);
      else Issue(file, &el, fmt::format("'{}' must hold only strings", key));
    }
    return out;
  }

  std::optional<Condition> Cond(const std::string& file, const toml::table& t, std::string_view key, bool required) {
    std::optional<std::string> text = Str(file, t, key, required);
    if (!text) return std::nullopt;
    Result<Condition> c = Condition::Parse(*text);
    if (!c.ok()) {
      Issue(file, t.get(key), fmt::format("'{}': {}", key, c.status().message()));
      return std::nullopt;
    }
    return std::move(c).value();
  }

  void CheckKeys(const std::string& file, const toml::table& t, std::initializer_list<std::string_view> allowed,
                 std::string_view where) {
    for (auto&& [k, v] : t) {
      if (std::find(allowed.begin(), allowed.end(), k.str()) == allowed.end())
        Issue(file, &v, fmt::format("unknown key '{}' in {}", k.str(), where));
    }
  }

  template <typename E, size_t N>
  std::optional<E> Enum(const std::string& file, const toml::table& t, std::string_view key,
                        const std::pair<std::string_view, E> (&values)[N], bool required) {
    std::optional<std::string> s = Str(file, t, key, required);
    if (!s) return std::nullopt;
    for (const auto& [name, v] : values) {
      if (*s == name) return v;
    }
    std::string allowed;
    for (const auto& [name, v] : values) allowed += (allowed.empty() ? "" : ", ") + std::string(name);
    Issue(file, t.get(key), fmt::format("'{}' must be one of: {} (got '{}')", key, allowed, *s));
    return std::nullopt;
  }

  void ReadLegalBasis(const std::string& file, const toml::node* n, Rule* rule) {
    const toml::array* arr = n ? n->as_array() : nullptr;
    if (!arr || arr->empty()) {
      Issue(file, n, "'legal_basis' must be a non-empty list of {seed, lines} or {standard, article} tables");
      return;
    }
    for (const toml::node& el : *arr) {
      const toml::table* t = el.as_table();
      if (!t) {
        Issue(file, &el, "each legal_basis entry must be a table");
        continue;
      }
      CheckKeys(file, *t, {"seed", "lines", "standard", "article", "quote"}, "legal_basis");
      LegalBasis lb;
      lb.seed = Str(file, *t, "seed", false).value_or("");
      lb.lines = Str(file, *t, "lines", false).value_or("");
      lb.standard = Str(file, *t, "standard", false).value_or("");
      lb.article = Str(file, *t, "article", false).value_or("");
      lb.quote = Str(file, *t, "quote", false).value_or("");
      if (!lb.seed.empty()) {
        if (std::find(std::begin(kSeeds), std::end(kSeeds), lb.seed) == std::end(kSeeds))
          Issue(file, t, fmt::format("seed '{}' is not one of the five OSCE seed documents", lb.seed));
        if (!RE2::FullMatch(lb.lines, R"(\d+(-\d+)?)"))
          Issue(file, t, "a seed citation needs 'lines' as N or N-M");
      } else if (lb.standard.empty()) {
        Issue(file, t, "a legal_basis entry needs 'seed' and 'lines', or 'standard' (and 'article')");
      }
      rule->legal_basis.push_back(std::move(lb));
    }
  }

  void ReadRule(const std::string& file, const toml::table& t, RulePack* pack, std::set<std::string>* ids) {
    CheckKeys(file, t,
              {"id", "title", "description", "category", "subject", "severity", "weight", "zero_tolerance", "when",
               "applies_when", "roles", "min_value", "item_codes", "countries", "procurement_methods", "action",
               "action_text", "legal_basis", "mitigation"},
              "a rule");
    static constexpr std::pair<std::string_view, RuleCategory> kCategories[] = {
        {"blacklist", RuleCategory::kBlacklist}, {"due-diligence", RuleCategory::kDueDiligence},
        {"labour-recruitment", RuleCategory::kLabourRecruitment}, {"context", RuleCategory::kContext},
        {"integrity", RuleCategory::kIntegrity}};
    static constexpr std::pair<std::string_view, Severity> kSeverities[] = {
        {"info", Severity::kInfo}, {"low", Severity::kLow}, {"medium", Severity::kMedium},
        {"high", Severity::kHigh}, {"critical", Severity::kCritical}};
    static constexpr std::pair<std::string_view, Action> kActions[] = {
        {"none", Action::kNone}, {"request_documents", Action::kRequestDocuments},
        {"require_cap", Action::kRequireCap}, {"escalate", Action::kEscalate}, {"exclude", Action::kExclude}};
    static constexpr std::pair<std::string_view, RuleSubject> kSubjects[] = {{"party", RuleSubject::kParty},
                                                                             {"process", RuleSubject::kProcess}};
    Rule r;
    r.file = file;
    r.line = static_cast<int64_t>(t.source().begin.line);
    r.id = Str(file, t, "id", true).value_or("");
    if (!r.id.empty() && !ids->insert(r.id).second) Issue(file, &t, fmt::format("duplicate rule id '{}'", r.id));
    r.title = Str(file, t, "title", true).value_or("");
    r.description = Str(file, t, "description", false).value_or("");
    r.category = Enum(file, t, "category", kCategories, true).value_or(RuleCategory::kDueDiligence);
    r.subject = Enum(file, t, "subject", kSubjects, false).value_or(RuleSubject::kParty);
    r.severity = Enum(file, t, "severity", kSeverities, true).value_or(Severity::kMedium);
    r.weight = Num(file, t, "weight", true).value_or(0);
    if (r.weight < 0 || r.weight > 100) Issue(file, t.get("weight"), "'weight' must be between 0 and 100");
    if (const toml::node* zt = t.get("zero_tolerance")) {
      if (auto b = zt->value<bool>()) r.zero_tolerance = *b;
      else Issue(file, zt, "'zero_tolerance' must be true or false");
    }
    std::optional<Condition> when = Cond(file, t, "when", true);
    if (when) r.when = std::move(*when);
    r.applies_when = Cond(file, t, "applies_when", false);
    r.roles = StrList(file, t, "roles");
    r.min_value = Num(file, t, "min_value", false);
    r.item_code_prefixes = StrList(file, t, "item_codes");
    r.countries = StrList(file, t, "countries");
    r.procurement_methods = StrList(file, t, "procurement_methods");
    r.action = Enum(file, t, "action", kActions, true).value_or(Action::kNone);
    r.action_text = Str(file, t, "action_text", false).value_or("");
    ReadLegalBasis(file, t.get("legal_basis"), &r);
    if (const toml::node* m = t.get("mitigation")) {
      const toml::table* mt = m->as_table();
      if (!mt) {
        Issue(file, m, "'mitigation' must be a table {when = \"...\", factor = 0.5}");
      } else {
        CheckKeys(file, *mt, {"when", "factor"}, "mitigation");
        r.mitigated_when = Cond(file, *mt, "when", true);
        r.mitigation_factor = Num(file, *mt, "factor", true).value_or(1.0);
        if (r.mitigation_factor < 0 || r.mitigation_factor > 1)
          Issue(file, mt->get("factor"), "mitigation 'factor' must be between 0 and 1");
      }
    }
    if (r.subject == RuleSubject::kProcess && !r.roles.empty())
      Issue(file, t.get("roles"), "a process rule has no roles");
    pack->rules.push_back(std::move(r));
  }

  void ReadPattern(const std::string& file, const toml::table& t, RulePack* pack, std::set<std::string>* ids) {
    CheckKeys(file, t, {"id", "indicator", "language", "regex"}, "a pattern");
    TextPattern p;
    p.file = file;
    p.line = static_cast<int64_t>(t.source().begin.line);
    p.id = Str(file, t, "id", true).value_or("");
    if (!p.id.empty() && !ids->insert(p.id).second) Issue(file, &t, fmt::format("duplicate pattern id '{}'", p.id));
    p.indicator = Str(file, t, "indicator", true).value_or("");
    if (!p.indicator.empty() &&
        std::find(std::begin(kIndicators), std::end(kIndicators), p.indicator) == std::end(kIndicators))
      Issue(file, t.get("indicator"), fmt::format("unknown indicator '{}'", p.indicator));
    p.language = Str(file, t, "language", true).value_or("");
    p.regex = Str(file, t, "regex", true).value_or("");
    if (!p.regex.empty()) {
      RE2::Options opts;
      opts.set_log_errors(false);
      RE2 re(p.regex, opts);
      if (!re.ok()) Issue(file, t.get("regex"), fmt::format("bad regular expression: {}", re.error()));
    }
    pack->patterns.push_back(std::move(p));
  }

  void ReadHeader(const std::string& file, const toml::table& root, RulePack* pack) {
    const toml::table* p = root["pack"].as_table();
    if (!p) {
      Issue(file, &root, "pack.toml needs a [pack] table with id and version");
      return;
    }
    CheckKeys(file, *p, {"id", "version", "title"}, "[pack]");
    pack->id = Str(file, *p, "id", true).value_or("");
    pack->version = Str(file, *p, "version", true).value_or("");
    pack->title = Str(file, *p, "title", false).value_or("");
    if (const toml::table* s = root["scoring"].as_table()) {
      CheckKeys(file, *s, {"band_medium", "band_high", "band_critical", "tier_factors", "insufficient_data_floor"},
                "[scoring]");
      Scoring& sc = pack->scoring;
      sc.band_medium = Num(file, *s, "band_medium", false).value_or(sc.band_medium);
      sc.band_high = Num(file, *s, "band_high", false).value_or(sc.band_high);
      sc.band_critical = Num(file, *s, "band_critical", false).value_or(sc.band_critical);
      if (!(sc.band_medium < sc.band_high && sc.band_high < sc.band_critical))
        Issue(file, s, "band thresholds must increase: band_medium < band_high < band_critical");
      if (const toml::array* tf = (*s)["tier_factors"].as_array()) {
        sc.tier_factors.clear();
        for (const toml::node& el : *tf) {
          if (auto v = el.value<double>()) sc.tier_factors.push_back(*v);
          else Issue(file, &el, "tier_factors must be numbers");
        }
        if (sc.tier_factors.empty()) Issue(file, tf, "tier_factors must not be empty");
      }
      sc.insufficient_data_floor = Str(file, *s, "insufficient_data_floor", false).value_or(sc.insufficient_data_floor);
      const std::string& floor = sc.insufficient_data_floor;
      if (floor != "low" && floor != "medium" && floor != "high")
        Issue(file, s->get("insufficient_data_floor"), "insufficient_data_floor must be low, medium or high");
    }
    if (const toml::table* c = root["context"].as_table()) {
      CheckKeys(file, *c, {"high_risk_cpv", "high_risk_unspsc"}, "[context]");
      pack->high_risk_cpv_prefixes = StrList(file, *c, "high_risk_cpv");
      pack->high_risk_unspsc_prefixes = StrList(file, *c, "high_risk_unspsc");
    }
    for (auto&& [k, v] : root) {
      if (k != "pack" && k != "scoring" && k != "context" && k != "rule" && k != "pattern")
        Issue(file, &v, fmt::format("unknown table '{}' in pack.toml", k.str()));
    }
  }

  void ReadFile(const std::string& path, bool header, RulePack* pack, std::set<std::string>* rule_ids,
                std::set<std::string>* pattern_ids) {
    toml::table root;
    try {
      root = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
      issues_->push_back({path, static_cast<int64_t>(e.source().begin.line), std::string(e.description())});
      return;
    }
    if (header) ReadHeader(path, root, pack);
    for (auto&& [k, v] : root) {
      if (k == "rule" || k == "pattern") {
        const toml::array* arr = v.as_array();
        if (!arr) {
          Issue(path, &v, fmt::format("'{}' must be written [[{}]]", k.str(), k.str()));
          continue;
        }
        for (const toml::node& el : *arr) {
          const toml::table* t = el.as_table();
          if (!t) {
            Issue(path, &el, fmt::format("each [[{}]] must be a table", k.str()));
            continue;
          }
          if (k == "rule") ReadRule(path, *t, pack, rule_ids);
          else ReadPattern(path, *t, pack, pattern_ids);
        }
      } else if (!header) {
        Issue(path, &v, fmt::format("unknown table '{}': a rule file holds [[rule]] and [[pattern]] entries", k.str()));
      }
    }
  }

 private:
  std::vector<PackIssue>* issues_;
};

}  // namespace

std::string PackIssue::ToString() const { return fmt::format("{}:{}: {}", file, line, reason); }

std::string LegalBasis::Citation() const {
  if (!seed.empty()) return fmt::format("{}:{}", seed, lines);
  return article.empty() ? standard : fmt::format("{} {}", standard, article);
}

std::string_view RuleCategoryCode(RuleCategory c) {
  switch (c) {
    case RuleCategory::kBlacklist: return "blacklist";
    case RuleCategory::kDueDiligence: return "due-diligence";
    case RuleCategory::kLabourRecruitment: return "labour-recruitment";
    case RuleCategory::kContext: return "context";
    case RuleCategory::kIntegrity: return "integrity";
  }
  return "?";
}

std::string_view SeverityCode(Severity s) {
  switch (s) {
    case Severity::kInfo: return "info";
    case Severity::kLow: return "low";
    case Severity::kMedium: return "medium";
    case Severity::kHigh: return "high";
    case Severity::kCritical: return "critical";
  }
  return "?";
}

std::string_view ActionCode(Action a) {
  switch (a) {
    case Action::kNone: return "none";
    case Action::kRequestDocuments: return "request_documents";
    case Action::kRequireCap: return "require_cap";
    case Action::kEscalate: return "escalate";
    case Action::kExclude: return "exclude";
  }
  return "?";
}

Result<RulePack> LoadRulePack(const std::string& folder, std::vector<PackIssue>* issues) {
  std::vector<PackIssue> local;
  if (!issues) issues = &local;
  size_t before = issues->size();
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return Status::NotFound(fmt::format("{}: rule pack folder not found", folder));
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(folder, ec)) {
    if (e.path().extension() == ".toml") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  const std::string header = (fs::path(folder) / "pack.toml").string();
  if (std::find(files.begin(), files.end(), header) == files.end()) {
    issues->push_back({header, 0, "missing pack.toml (the [pack] header with id and version)"});
    return Status::InvalidArgument(issues->back().ToString());
  }
  RulePack pack;
  pack.folder = folder;
  Loader loader(issues);
  std::set<std::string> rule_ids, pattern_ids;
  loader.ReadFile(header, true, &pack, &rule_ids, &pattern_ids);
  for (const std::string& f : files) {
    if (f != header) loader.ReadFile(f, false, &pack, &rule_ids, &pattern_ids);
  }
  if (pack.rules.empty() && issues->size() == before) issues->push_back({folder, 0, "the pack holds no rules"});
  if (issues->size() > before) {
    return Status::InvalidArgument(
        fmt::format("{} problem(s) in rule pack {}; first: {}", issues->size() - before, folder, (*issues)[before].ToString()));
  }
  // Stable order for reports: by rule id.
  std::sort(pack.rules.begin(), pack.rules.end(), [](const Rule& a, const Rule& b) { return a.id < b.id; });
  return pack;
}

}  // namespace clearbid
