#include "connectors/lists/list_reader.h"

#include <fmt/format.h>

namespace clearbid {

namespace {
struct FormatInfo {
  ListFormat format;
  std::string_view name;
  std::string_view list_name;
};
constexpr FormatInfo kFormats[] = {
    {ListFormat::kWorldBank, "worldbank", "worldbank"}, {ListFormat::kEbrd, "ebrd", "ebrd"},
    {ListFormat::kOfacCsv, "ofac-csv", "ofac-sdn"},      {ListFormat::kUnXml, "un-xml", "un-sc"},
    {ListFormat::kFtm, "ftm", "opensanctions"},          {ListFormat::kCsv, "csv", "csv"},
    {ListFormat::kUsCsl, "us-csl", "us-csl"},            {ListFormat::kUsBisDpl, "bis-dpl", "us-bis-dpl"},
};
}  // namespace

Result<ListFormat> ParseListFormat(std::string_view name) {
  for (const FormatInfo& f : kFormats)
    if (f.name == name) return f.format;
  return Status::InvalidArgument(
      fmt::format("unknown list format \"{}\" (want worldbank, ebrd, ofac-csv, un-xml, ftm, csv, us-csl or bis-dpl)", name));
}

std::string_view ListFormatName(ListFormat format) {
  for (const FormatInfo& f : kFormats)
    if (f.format == format) return f.name;
  return "unknown";
}

std::string_view DefaultListName(ListFormat format) {
  for (const FormatInfo& f : kFormats)
    if (f.format == format) return f.list_name;
  return "unknown";
}

void ListReadResult::AddError(std::string message, size_t max_errors) {
  if (errors.size() < max_errors) errors.push_back(std::move(message));
}

Result<ListReadResult> ReadList(ListFormat format, const std::string& path, const ListReadOptions& options) {
  ListReadOptions opts = options;
  if (opts.source.empty()) opts.source = std::string(DefaultListName(format));
  switch (format) {
    case ListFormat::kWorldBank:
      return ReadWorldBankList(path, opts);
    case ListFormat::kEbrd:
      return ReadEbrdList(path, opts);
    case ListFormat::kOfacCsv:
      return ReadOfacCsvList(path, opts);
    case ListFormat::kUnXml:
      return ReadUnXmlList(path, opts);
    case ListFormat::kFtm:
      return ReadFtmList(path, opts);
    case ListFormat::kCsv:
      return ReadGenericCsvList(path, opts);
    case ListFormat::kUsCsl:
      return ReadUsCslList(path, opts);
    case ListFormat::kUsBisDpl:
      return ReadUsBisDplList(path, opts);
  }
  return Status::Internal("unhandled list format");
}

}  // namespace clearbid
