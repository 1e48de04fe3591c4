#pragma once
// The contract summary: one contracting process's assessment as officers and
// auditors read it (band and score, the findings that drive it with their
// evidence and legal basis, parties, data gaps with the document that would
// close each, recommended actions, provenance), in HTML, JSON
// ("clearbid.contract-summary/1.0", docs/schemas/contract-summary.schema.json)
// and tables for CSV/XLSX.
//
// Pure: the same assessment, process and options (clock) give the same bytes.
// Thread-safe (no shared state).

#include <optional>
#include <string>
#include <vector>

#include "engine/model/contracting_process.h"
#include "engine/rules/assessment.h"
#include "reports/process_info.h"
#include "reports/report_options.h"
#include "reports/table.h"

namespace clearbid::reports {

inline constexpr std::string_view kContractSummarySchema = "clearbid.contract-summary/1.0";

/// A finding with the subject it is about ("process" for process rules).
struct SubjectFinding {
  std::string subject_id;
  std::string subject_name;
  const Finding* finding = nullptr;
};

/// One document that would close one or more data gaps of one subject.
struct DocumentRequest {
  std::string subject_id;
  std::string subject_name;
  std::string document;  // MissingEvidence::supplied_by
  std::vector<std::string> facts;
  std::vector<std::string> rules;
};

struct ActionItem {
  Action action = Action::kNone;
  std::string text;
  std::vector<std::pair<std::string, std::string>> findings;  // (subject id, rule id)
};

/// The summary's view of an assessment. Holds pointers into `assessment`,
/// which must outlive it.
struct ContractSummary {
  const ProcessAssessment* assessment = nullptr;
  std::optional<ProcessInfo> process;
  std::string generated_at;
  std::string generator;
  std::string attribution;
  /// Flagged findings, most serious first: zero-tolerance, contribution, severity.
  std::vector<SubjectFinding> drivers;
  /// Every insufficient_data result, most severe first.
  std::vector<SubjectFinding> data_gaps;
  std::vector<DocumentRequest> documents;
  /// From flagged findings, strongest action first.
  std::vector<ActionItem> actions;
};

/// `process` may be null (then the report has no title, buyer, value or items).
ContractSummary BuildContractSummary(const ProcessAssessment& assessment, const ContractingProcess* process,
                                     const ReportOptions& options);

std::string ContractSummaryHtml(const ContractSummary& summary);
/// `indent` < 0 for one line. Embeds the assessment JSON under "assessment".
std::string ContractSummaryJson(const ContractSummary& summary, int indent = 2);
/// "findings" (every finding except not_applicable), "parties", "data_gaps".
std::vector<Table> ContractSummaryTables(const ContractSummary& summary);

/// Display label of an evidence kind ("list_match" -> "List match").
std::string_view EvidenceKindLabel(std::string_view kind);

}  // namespace clearbid::reports
