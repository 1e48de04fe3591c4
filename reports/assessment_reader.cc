#include "reports/assessment_reader.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/rules/assessment_json.h"
#include "engine/rules/facts.h"
#include "reports/file_names.h"

namespace clearbid::reports {
namespace {

using Json = nlohmann::json;

// Field errors are collected as the first error only: `ok` stays false once set.
class Reader {
 public:
  Reader(std::string_view source, const RuleCatalogue* catalogue)
      : source_(source), catalogue_for_compact_(catalogue) {}

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  void Fail(const std::string& path, const std::string& reason) {
    if (error_.empty()) error_ = fmt::format("{}: {}: {}", source_, path, reason);
  }

  const Json* Field(const Json& obj, const std::string& path, const char* key, bool required) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) Fail(path, fmt::format("missing \"{}\"", key));
      return nullptr;
    }
    return &*it;
  }

  std::string String(const Json& obj, const std::string& path, const char* key, bool required = true) {
    const Json* v = Field(obj, path, key, required);
    if (!v) return {};
    if (!v->is_string()) {
      Fail(path + "." + key, "expected a string");
      return {};
    }
    return v->get<std::string>();
  }

  double Number(const Json& obj, const std::string& path, const char* key, bool required = true) {
    const Json* v = Field(obj, path, key, required);
    if (!v) return 0;
    if (!v->is_number()) {
      Fail(path + "." + key, "expected a number");
      return 0;
    }
    return v->get<double>();
  }

  int64_t Integer(const Json& obj, const std::string& path, const char* key, bool required = true) {
    const Json* v = Field(obj, path, key, required);
    if (!v) return 0;
    if (!v->is_number_integer()) {
      Fail(path + "." + key, "expected an integer");
      return 0;
    }
    return v->get<int64_t>();
  }

  bool Bool(const Json& obj, const std::string& path, const char* key) {
    const Json* v = Field(obj, path, key, true);
    if (!v) return false;
    if (!v->is_boolean()) {
      Fail(path + "." + key, "expected true or false");
      return false;
    }
    return v->get<bool>();
  }

  const Json* Array(const Json& obj, const std::string& path, const char* key, bool required = true) {
    const Json* v = Field(obj, path, key, required);
    if (!v) return nullptr;
    if (!v->is_array()) {
      Fail(path + "." + key, "expected an array");
      return nullptr;
    }
    return v;
  }

  const Json* Object(const Json& obj, const std::string& path, const char* key) {
    const Json* v = Field(obj, path, key, true);
    if (!v) return nullptr;
    if (!v->is_object()) {
      Fail(path + "." + key, "expected an object");
      return nullptr;
    }
    return v;
  }

  std::vector<std::string> Strings(const Json& obj, const std::string& path, const char* key) {
    std::vector<std::string> out;
    const Json* arr = Array(obj, path, key);
    if (!arr) return out;
    for (size_t i = 0; i < arr->size(); ++i) {
      if (!(*arr)[i].is_string()) {
        Fail(fmt::format("{}.{}[{}]", path, key, i), "expected a string");
        return out;
      }
      out.push_back((*arr)[i].get<std::string>());
    }
    return out;
  }

  /// Parses `code` with the enum's own code function (E values 0..count-1).
  template <typename E>
  E Enum(const Json& obj, const std::string& path, const char* key, std::string_view (*code_of)(E),
         int count) {
    std::string code = String(obj, path, key);
    for (int i = 0; i < count; ++i) {
      if (code_of(static_cast<E>(i)) == code) return static_cast<E>(i);
    }
    if (ok()) Fail(path + "." + key, fmt::format("unknown value \"{}\"", code));
    return static_cast<E>(0);
  }

  void ReadLegalBasis(const Json& j, const std::string& path, bool required, std::vector<LegalBasis>* out) {
    const Json* lbs = Array(j, path, "legal_basis", required);
    if (!lbs) return;
    for (size_t i = 0; i < lbs->size() && ok(); ++i) {
      const Json& l = (*lbs)[i];
      std::string p = fmt::format("{}.legal_basis[{}]", path, i);
      if (!l.is_object()) {
        Fail(p, "expected an object");
        break;
      }
      LegalBasis lb;
      lb.seed = String(l, p, "seed", false);
      lb.lines = String(l, p, "lines", false);
      lb.standard = String(l, p, "standard", false);
      lb.article = String(l, p, "article", false);
      lb.quote = String(l, p, "quote", false);
      out->push_back(std::move(lb));
    }
  }

  void ReadEvidence(const Json& j, const std::string& path, bool required, std::vector<EvidenceItem>* out) {
    const Json* ev = Array(j, path, "evidence", required);
    if (!ev) return;
    for (size_t i = 0; i < ev->size() && ok(); ++i) {
      const Json& e = (*ev)[i];
      std::string p = fmt::format("{}.evidence[{}]", path, i);
      if (!e.is_object()) {
        Fail(p, "expected an object");
        break;
      }
      EvidenceItem item;
      item.kind = String(e, p, "kind");
      item.text = String(e, p, "text");
      item.source = String(e, p, "source", false);
      if (e.contains("begin")) {
        item.begin = Integer(e, p, "begin");
        item.end = Integer(e, p, "end");
      }
      out->push_back(std::move(item));
    }
  }

  // A finding of the compact form: its rule's catalogue entry gives what the
  // finding leaves out; members present override it.
  Finding ReadCompactFinding(const Json& j, const std::string& path, const RuleCatalogue& catalogue) {
    Finding f;
    if (!j.is_object()) {
      Fail(path, "expected an object");
      return f;
    }
    f.rule_id = String(j, path, "rule");
    f.status = Enum<RuleStatus>(j, path, "status", RuleStatusCode, 4);
    if (!ok()) return f;
    const RuleCatalogue::Entry* e = catalogue.Find(f.rule_id);
    if (e) {
      f.category = e->category;
      f.severity = e->severity;
      f.zero_tolerance = e->zero_tolerance;
      f.action = e->action;
      f.texts = e->TextsFor(f.status);
    } else if (!j.contains("title") || !j.contains("category") || !j.contains("severity") ||
               !j.contains("zero_tolerance") || !j.contains("action")) {
      Fail(path + ".rule", fmt::format("rule {} is not in the catalogue of rule pack {} and the finding does not "
                                       "carry its own texts",
                                       f.rule_id, catalogue.PackKey()));
      return f;
    }
    if (j.contains("category")) f.category = Enum<RuleCategory>(j, path, "category", RuleCategoryCode, 5);
    if (j.contains("severity")) f.severity = Enum<Severity>(j, path, "severity", SeverityCode, 5);
    if (j.contains("zero_tolerance")) f.zero_tolerance = Bool(j, path, "zero_tolerance");
    if (j.contains("action")) f.action = Enum<Action>(j, path, "action", ActionCode, 5);
    if (j.contains("title")) {
      RuleTexts texts;
      texts.title = String(j, path, "title");
      texts.action_text = String(j, path, "action_text", false);
      texts.condition = String(j, path, "condition", false);
      ReadLegalBasis(j, path, true, &texts.legal_basis);
      f.texts = std::make_shared<const RuleTexts>(std::move(texts));
    }
    if (j.contains("mitigated")) f.mitigated = Bool(j, path, "mitigated");
    if (j.contains("contribution")) f.contribution = Number(j, path, "contribution");
    ReadEvidence(j, path, false, &f.evidence);
    if (const Json* missing = Array(j, path, "missing", false)) {
      for (size_t i = 0; i < missing->size() && ok(); ++i) {
        const Json& m = (*missing)[i];
        std::string p = fmt::format("{}.missing[{}]", path, i);
        if (m.is_object()) {
          f.missing.push_back({String(m, p, "fact"), String(m, p, "supplied_by")});
          continue;
        }
        if (!m.is_string()) {
          Fail(p, "expected a fact name or an object");
          break;
        }
        std::string fact = m.get<std::string>();
        std::optional<FactId> id = FindFact(fact);
        if (!id) {
          Fail(p, fmt::format("unknown fact \"{}\"", fact));
          break;
        }
        f.missing.push_back({std::move(fact), std::string(GetFactInfo(*id).source)});
      }
    }
    return f;
  }

  Finding ReadFinding(const Json& j, const std::string& path) {
    if (catalogue_) return ReadCompactFinding(j, path, *catalogue_);
    Finding f;
    if (!j.is_object()) {
      Fail(path, "expected an object");
      return f;
    }
    // A finding read back holds its own texts (no rule pack to share them with).
    RuleTexts texts;
    f.rule_id = String(j, path, "rule");
    texts.title = String(j, path, "title");
    f.category = Enum<RuleCategory>(j, path, "category", RuleCategoryCode, 5);
    f.severity = Enum<Severity>(j, path, "severity", SeverityCode, 5);
    f.status = Enum<RuleStatus>(j, path, "status", RuleStatusCode, 4);
    f.zero_tolerance = Bool(j, path, "zero_tolerance");
    f.mitigated = Bool(j, path, "mitigated");
    f.contribution = Number(j, path, "contribution");
    f.action = Enum<Action>(j, path, "action", ActionCode, 5);
    texts.action_text = String(j, path, "action_text", false);
    texts.condition = String(j, path, "condition", false);
    ReadLegalBasis(j, path, true, &texts.legal_basis);
    f.texts = std::make_shared<const RuleTexts>(std::move(texts));
    ReadEvidence(j, path, true, &f.evidence);
    if (const Json* missing = Array(j, path, "missing")) {
      for (size_t i = 0; i < missing->size() && ok(); ++i) {
        const Json& m = (*missing)[i];
        std::string p = fmt::format("{}.missing[{}]", path, i);
        if (!m.is_object()) {
          Fail(p, "expected an object");
          break;
        }
        f.missing.push_back({String(m, p, "fact"), String(m, p, "supplied_by")});
      }
    }
    return f;
  }

  Band ReadBand(const Json& obj, const std::string& path) {
    std::string code = String(obj, path, "band");
    std::optional<Band> band = ParseBand(code);
    if (!band) {
      if (ok()) Fail(path + ".band", fmt::format("unknown band \"{}\"", code));
      return Band::kLow;
    }
    return *band;
  }

  void ReadAssessment(const Json& j, ProcessAssessment* a) {
    if (!j.is_object()) {
      Fail("$", "expected an object");
      return;
    }
    std::string schema = String(j, "$", "schema");
    if (!ok()) return;
    // Same major version: "clearbid.assessment/1." or "clearbid.assessment-compact/1." prefix.
    const std::string major(SchemaMajorPrefix(kAssessmentSchema)),
        compact_major(SchemaMajorPrefix(kCompactAssessmentSchema));
    if (schema.rfind(compact_major, 0) == 0) {
      if (!catalogue_for_compact_) {
        Fail("$.schema", fmt::format("a compact assessment (\"{}\") is read with its rule catalogue (the scan "
                                     "folder's rules.json, or the store's)",
                                     schema));
        return;
      }
      catalogue_ = catalogue_for_compact_;
    } else if (schema.rfind(major, 0) != 0) {
      Fail("$.schema", fmt::format("unsupported schema \"{}\" (this build reads {}x and {}x)", schema, major,
                                   compact_major));
      return;
    }
    a->ocid = String(j, "$", "ocid");
    a->band = ReadBand(j, "$");
    a->score = Number(j, "$", "score");
    a->band_reason = String(j, "$", "band_reason");
    if (const Json* cs = Array(j, "$", "contributions")) {
      for (size_t i = 0; i < cs->size() && ok(); ++i) {
        const Json& c = (*cs)[i];
        std::string p = fmt::format("$.contributions[{}]", i);
        if (!c.is_object()) {
          Fail(p, "expected an object");
          break;
        }
        a->contributions.push_back({String(c, p, "subject"), Number(c, p, "score"), Number(c, p, "factor"),
                                    Number(c, p, "points"), String(c, p, "reason")});
      }
    }
    if (const Json* ps = Array(j, "$", "parties")) {
      for (size_t i = 0; i < ps->size() && ok(); ++i) {
        const Json& pj = (*ps)[i];
        std::string p = fmt::format("$.parties[{}]", i);
        if (!pj.is_object()) {
          Fail(p, "expected an object");
          break;
        }
        PartyAssessment pa;
        pa.party_id = String(pj, p, "id");
        pa.name = String(pj, p, "name");
        pa.identifier = String(pj, p, "identifier");
        pa.roles = Strings(pj, p, "roles");
        pa.tier = static_cast<int>(Integer(pj, p, "tier"));
        pa.country = String(pj, p, "country");
        pa.score = Number(pj, p, "score");
        pa.band = ReadBand(pj, p);
        pa.band_reason = String(pj, p, "band_reason");
        if (const Json* counts = Object(pj, p, "counts")) {
          std::string cp = p + ".counts";
          pa.flagged = Integer(*counts, cp, "flagged");
          pa.clear = Integer(*counts, cp, "clear");
          pa.insufficient = Integer(*counts, cp, "insufficient_data");
          pa.not_applicable = Integer(*counts, cp, "not_applicable");
        }
        if (const Json* fs = Array(pj, p, "findings")) {
          for (size_t k = 0; k < fs->size() && ok(); ++k) {
            pa.findings.push_back(ReadFinding((*fs)[k], fmt::format("{}.findings[{}]", p, k)));
          }
        }
        a->parties.push_back(std::move(pa));
      }
    }
    if (const Json* fs = Array(j, "$", "process_findings")) {
      for (size_t k = 0; k < fs->size() && ok(); ++k) {
        a->process_findings.push_back(ReadFinding((*fs)[k], fmt::format("$.process_findings[{}]", k)));
      }
    }
    if (const Json* prov = Object(j, "$", "provenance")) {
      a->as_of = String(*prov, "$.provenance", "as_of");
      a->pack_id = String(*prov, "$.provenance", "rule_pack");
      a->pack_version = String(*prov, "$.provenance", "rule_pack_version");
      a->engine_version = String(*prov, "$.provenance", "engine");
      a->list_versions = Strings(*prov, "$.provenance", "list_versions");
      a->input_digests = Strings(*prov, "$.provenance", "input_digests");
    }
    // The catalogue must be the pack's that made the assessment.
    if (catalogue_ && ok() && (a->pack_id != catalogue_->pack_id() || a->pack_version != catalogue_->pack_version())) {
      Fail("$.provenance", fmt::format("made by rule pack {}@{}, but the rule catalogue given is {}'s", a->pack_id,
                                       a->pack_version, catalogue_->PackKey()));
    }
  }

 private:
  std::string source_;
  std::string error_;
  const RuleCatalogue* catalogue_for_compact_;  // given by the caller, may be null
  const RuleCatalogue* catalogue_ = nullptr;    // set when the document is compact
};

}  // namespace

Status ReadAssessmentJson(std::string_view json, std::string_view source, ProcessAssessment* out) {
  return ReadAssessmentJson(json, source, nullptr, out);
}

Status ReadAssessmentJson(std::string_view json, std::string_view source, const RuleCatalogue* catalogue,
                          ProcessAssessment* out) {
  if (json.size() > kMaxAssessmentJsonBytes) {
    return Status::InvalidArgument(fmt::format("{}: assessment JSON of {} bytes exceeds the limit of {}",
                                               source, json.size(), kMaxAssessmentJsonBytes));
  }
  Json doc;
  try {
    doc = Json::parse(json.begin(), json.end());
  } catch (const nlohmann::json::exception& e) {
    return Status::ParseError(fmt::format("{}: not valid JSON: {}", source, e.what()));
  }
  *out = ProcessAssessment();
  Reader reader(source, catalogue);
  try {
    reader.ReadAssessment(doc, out);
  } catch (const nlohmann::json::exception& e) {
    return Status::ParseError(fmt::format("{}: {}", source, e.what()));
  }
  if (!reader.ok()) return Status::ParseError(reader.error());
  return Status::Ok();
}

Result<std::shared_ptr<const RuleCatalogue>> ReadScanRuleCatalogue(const std::string& scan_dir) {
  const std::filesystem::path path = std::filesystem::path(scan_dir) / kRuleCatalogueFile;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::shared_ptr<const RuleCatalogue>();
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) return Status::IoError(fmt::format("{}: cannot read", path.string()));
  return RuleCatalogue::FromJson(text.str(), path.string());
}

}  // namespace clearbid::reports
