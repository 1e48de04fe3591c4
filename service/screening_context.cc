#include "service/screening_context.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <filesystem>

#include <fmt/format.h>

#include "connectors/evidence/audit_reader.h"
#include "connectors/evidence/disclosure_reader.h"
#include "connectors/json/document_stream.h"
#include "connectors/risk/dol_goods_list.h"
#include "engine/base/digest.h"
#include "engine/matching/embedded_data.h"
#include "engine/rules/goods_risk.h"
#include "engine/screening/caching_list_screener.h"
#include "engine/screening/list_screener.h"
#include "engine/store/list_store.h"
#include "service/list_index.h"
#include "service/store_set.h"

namespace clearbid {

namespace {

class GoodsTableContext final : public GoodsContext {
 public:
  explicit GoodsTableContext(GoodsRiskTable table) : table_(std::move(table)) {}
  void Fill(ProcessEvidence* evidence) const override { table_.Fill(evidence); }

 private:
  GoodsRiskTable table_;
};

}  // namespace

ScreeningContext::ScreeningContext() = default;
ScreeningContext::~ScreeningContext() = default;

Status ScreeningContext::Open(const std::string& db, const std::string& rules_dir, const std::string& goods_list,
                              const std::string& as_of, std::shared_ptr<const ListScreener> lists) {
  lists_ = std::move(lists);
  std::string goods = goods_list;
  if (goods.empty()) {
    if (const char* env = std::getenv("CLEARBID_GOODS_LIST")) goods = env;
  }
  if (!goods.empty()) {
    std::vector<std::string> problems;
    ASSIGN_OR_RETURN(std::vector<GoodsListRow> rows, ReadDolGoodsList(goods, &problems));
    ASSIGN_OR_RETURN(std::vector<GoodsCodeMapping> mapping,
                     ParseGoodsCodeMap(EmbeddedDataFile("goods_cpv_map.tsv"), "data/goods_cpv_map.tsv", &problems));
    goods_ = std::make_unique<GoodsTableContext>(GoodsRiskTable::Build(rows, mapping));
    std::ifstream in(goods, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    goods_digest_ = "goods sha256:" + Sha256Hex(bytes.str());
  }
  std::vector<PackIssue> issues;
  Result<RulePack> pack = LoadRulePack(rules_dir, &issues);
  if (!pack.ok()) return pack.status();
  pack_ = std::move(pack).value();
  ASSIGN_OR_RETURN(assessor_, Assessor::Create(&pack_));
  std::error_code ec;
  if (IsPostgresUrl(db)) {
    static const SystemClock clock;  // stamps nothing: evidence and lists are only read here
    StoreSetOptions open;
    open.kinds = kEvidenceStore | kListStore;
    ASSIGN_OR_RETURN(stores_, OpenStoreSet(db, &clock, open));
    evidence_ = std::move(stores_->evidence);
    if (!lists_) {
      ASSIGN_OR_RETURN(std::unique_ptr<MatcherListScreener> screener,
                       MatcherListScreener::Open(stores_->lists.get(), as_of));
      if (screener->entry_count() > 0) lists_ = std::move(screener);
    }
  } else if (!db.empty() && std::filesystem::is_regular_file(db, ec)) {
    Database::Options options;
    options.read_only = true;
    ASSIGN_OR_RETURN(db_, Database::Open(db, options));
    Result<int> version = db_->SchemaVersion("evidence");
    if (version.ok() && *version > 0) {
      ASSIGN_OR_RETURN(evidence_, EvidenceStore::Open(db_.get()));
    }
    Result<int> lists_version = db_->SchemaVersion("lists");
    if (!lists_ && lists_version.ok() && *lists_version > 0) {
      // The index a scan (or an earlier run) kept beside the store is read
      // instead of built when the lists are the same (MatchIndexSnapshot).
      ASSIGN_OR_RETURN(std::unique_ptr<ListStore> list_store, ListStore::Open(db_.get()));
      ASSIGN_OR_RETURN(std::unique_ptr<MatcherListScreener> screener, OpenListScreener(db, list_store.get(), as_of));
      if (screener->entry_count() > 0) lists_ = std::move(screener);
    }
  }
  return Status::Ok();
}

std::string ScreeningContext::ListsFingerprint() const {
  const std::string lists = lists_ ? lists_->Fingerprint() : "";
  return lists.empty() && goods_digest_.empty() ? "" : ContentHash(lists + "|" + goods_digest_);
}

Result<EvidenceSources> ScreeningContext::SourcesFor(const ContractingProcess& process,
                                                     const LoadedInputs& inputs) const {
  return SourcesFor(process, inputs, evidence_.get());
}

Result<EvidenceSources> ScreeningContext::SourcesFor(const ContractingProcess& process, const LoadedInputs& inputs,
                                                     EvidenceStore* evidence_store,
                                                     const std::unordered_set<std::string>* parties_with_evidence) const {
  EvidenceSources sources;
  sources.disclosures = inputs.disclosures;
  sources.audits = inputs.audits;
  sources.input_digests = inputs.input_digests;
  sources.goods = goods_.get();
  sources.lists = lists_.get();
  if (evidence_store) {
    for (const Party& party : process.parties) {
      if (party.identifier.id.empty()) continue;
      if (parties_with_evidence && !parties_with_evidence->count(party.GlobalKey())) continue;
      {
        ASSIGN_OR_RETURN(std::vector<StoredDisclosure> ds,
                         evidence_store->DisclosuresFor(party.identifier.scheme, party.identifier.id));
        for (const StoredDisclosure& sd : ds) {
          const std::string key = fmt::format("d|{}|{}|{}:{}", sd.disclosure_id, sd.digest, sd.source_file, sd.source_line);
          std::shared_ptr<const SupplierDisclosure> d = parsed_.Find<SupplierDisclosure>(key);
          if (!d) {
            std::string text = sd.json + std::string(kJsonPadding, ' ');
            auto read = std::make_shared<SupplierDisclosure>();
            std::vector<InputIssue> errors;
            Status st = ReadDisclosureJson(std::string_view(text.data(), sd.json.size()), sd.source_file,
                                           sd.source_line, read.get(), &errors);
            if (!st.ok()) {
              return Status::Corruption(fmt::format("stored disclosure {} ({}:{}) cannot be read back: {}",
                                                    sd.disclosure_id, sd.source_file, sd.source_line, st.message()));
            }
            d = parsed_.Put(key, std::shared_ptr<const SupplierDisclosure>(std::move(read)));
          }
          sources.disclosures.push_back(*d);
          sources.input_digests.push_back(fmt::format("disclosure {} {}", sd.disclosure_id, sd.digest));
        }
      }
      {
        ASSIGN_OR_RETURN(std::vector<StoredAudit> as,
                         evidence_store->AuditsFor(party.identifier.scheme, party.identifier.id));
        for (const StoredAudit& sa : as) {
          const std::string key = fmt::format("a|{}|{}|{}:{}", sa.audit_id, sa.digest, sa.source_file, sa.source_line);
          std::shared_ptr<const AuditReport> a = parsed_.Find<AuditReport>(key);
          if (!a) {
            std::string text = sa.json + std::string(kJsonPadding, ' ');
            auto read = std::make_shared<AuditReport>();
            std::vector<InputIssue> errors;
            Status st = ReadAuditJson(std::string_view(text.data(), sa.json.size()), sa.source_file, sa.source_line,
                                      read.get(), &errors);
            if (!st.ok()) {
              return Status::Corruption(fmt::format("stored audit {} ({}:{}) cannot be read back: {}", sa.audit_id,
                                                    sa.source_file, sa.source_line, st.message()));
            }
            a = parsed_.Put(key, std::shared_ptr<const AuditReport>(std::move(read)));
          }
          sources.audits.push_back(*a);
          sources.input_digests.push_back(fmt::format("audit {} {}", sa.audit_id, sa.digest));
        }
      }
    }
  }
  return sources;
}

}  // namespace clearbid
