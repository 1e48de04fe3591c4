#pragma once
// The OCDS connector: turns one top-level JSON document (release package,
// record package, bare release, record, or a JSON array of any of these) into
// releases ready for the store, each parsed into the engine's model.
// Supports OCDS 1.0 (inline organisations) and 1.1 (parties + references).
// Framing uses simdjson on-demand, so a package is never built as one DOM;
// each release is then validated and read on its own.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/json/document_stream.h"
#include "engine/model/contracting_process.h"

namespace clearbid {

/// One release (or a record's compiled release) read from an input.
struct ReleaseInput {
  std::string ocid;
  std::string release_id;
  std::string date;
  /// Minified JSON text of the release, as stored.
  std::string json;
  /// True when this is a record's compiledRelease (the publisher's own compilation).
  bool compiled = false;
  std::string file;
  int64_t line = 0;
  ContractingProcess process;
};

/// What a document turned out to be.
enum class DocumentKind { kReleasePackage, kRecordPackage, kRelease, kRecord, kArray, kOther };

struct OcdsReadResult {
  DocumentKind kind = DocumentKind::kOther;
  std::vector<ReleaseInput> releases;
  /// Rejected releases and dropped fields, with file, line and reason.
  std::vector<InputIssue> errors;
  /// Not errors: things the reader did that the user should know (transcoding).
  std::vector<InputIssue> warnings;
  int64_t rejected = 0;
};

struct OcdsReaderOptions {
  /// Longest accepted string field (names, descriptions); longer ones are dropped with an error.
  size_t max_field_bytes = 64 * 1024;
  /// Most parties, items, awards… read per release; the rest are dropped with an error.
  size_t max_array_elements = 100000;
  /// Documents up to this size are parsed whole with simdjson's DOM (runtime
  /// CPU dispatch: fastest); larger ones (a multi-GB package) are walked with
  /// the on-demand API and each release parsed on its own, so no large
  /// document is ever held as one DOM.
  size_t dom_document_limit = 64u << 20;
  /// Keep in the model only the fields the process rows are made of
  /// (ProcessRowsOf: the parties' ids, names, identifiers, roles and
  /// countries, the items' classifications and descriptions, the number of
  /// bids and awards, the buyer's name, the tender's method, category and
  /// value, the release's ocid, id and date), for a caller that needs
  /// nothing else (the ingest). Every other field is checked all the same
  /// (the same errors, with the same paths) but not copied into the model:
  /// its strings were a third of the reading's allocations. The tender's,
  /// bids' and awards' lists of tenderers and suppliers stay empty too (the
  /// parties they name are read, with their roles, as always).
  bool row_fields_only = false;
};

/// Not thread-safe: one reader per thread (it owns simdjson parsers).
class OcdsReader {
 public:
  explicit OcdsReader(OcdsReaderOptions options = {});
  ~OcdsReader();
  OcdsReader(const OcdsReader&) = delete;
  OcdsReader& operator=(const OcdsReader&) = delete;

  /// Reads one document. `text` must be followed by kJsonPadding readable bytes.
  /// `minified`: the caller knows `text` has no whitespace outside strings
  /// (DocumentSpan::minified), so a release that is the whole document is
  /// stored as `text` without minifying it again (the same bytes).
  void Read(std::string_view text, std::string_view file, int64_t line, OcdsReadResult* out, bool minified = false);

  /// Parses one release's JSON (any padding) into the model. Errors name `file:line`.
  /// `release_id`, when given, receives the release's own id (not part of the model).
  Status ParseRelease(std::string_view json, std::string_view file, int64_t line, ContractingProcess* process,
                      std::vector<InputIssue>* field_errors, std::string* release_id = nullptr);

 private:
  // `element` is a simdjson::dom::element (kept out of this header).
  Status ParseReleaseElement(const void* element, std::string_view file, int64_t line, std::string_view prefix,
                             ContractingProcess* process, std::vector<InputIssue>* field_errors,
                             std::string* release_id);
  bool ReadWithDom(std::string_view text, std::string_view file, int64_t line, OcdsReadResult* out, bool minified);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace clearbid
