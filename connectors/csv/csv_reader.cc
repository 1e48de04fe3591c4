#include "connectors/csv/csv_reader.h"

#include <fmt/format.h>

#include <fstream>

// Hand-written: Debian 12 packages no streaming C++ CSV reader that reports the
// physical line of each record and recovers after a malformed one.

namespace clearbid {

namespace {
constexpr size_t kChunkBytes = 64 * 1024;
constexpr int kEof = -1;
}  // namespace

struct CsvReader::Impl {
  std::string name;
  CsvOptions options;
  std::unique_ptr<std::ifstream> file;
  /// Bytes read from the file (or the whole string input) and the next one to hand out.
  std::string buffer;
  size_t pos = 0;
  /// Bytes re-queued after a malformed record; read before `buffer`.
  std::string pending;
  size_t pending_pos = 0;
  /// Raw bytes of the record being parsed, for re-queuing; bounded by max_record_bytes.
  std::string raw;
  /// Physical line (1-based) of the next byte.
  int64_t line = 1;
  bool started = false;
  bool io_failed = false;

  int Peek() {
    if (pending_pos < pending.size()) return static_cast<unsigned char>(pending[pending_pos]);
    if (pos >= buffer.size() && !Refill()) return kEof;
    return static_cast<unsigned char>(buffer[pos]);
  }

  /// Consumes one byte and keeps the physical line count: LF, CRLF and a lone CR each end a line.
  int Get() {
    int c = Peek();
    if (c == kEof) return kEof;
    if (pending_pos < pending.size()) {
      ++pending_pos;
      if (pending_pos == pending.size()) {
        pending.clear();
        pending_pos = 0;
      }
    } else {
      ++pos;
    }
    if (raw.size() <= options.max_record_bytes) raw.push_back(static_cast<char>(c));
    if (c == '\n') {
      ++line;
    } else if (c == '\r' && Peek() != '\n') {
      ++line;
    }
    return c;
  }

  bool Refill() {
    if (!file) return false;
    buffer.resize(kChunkBytes);
    file->read(buffer.data(), static_cast<std::streamsize>(kChunkBytes));
    std::streamsize n = file->gcount();
    if (file->bad()) io_failed = true;
    buffer.resize(n > 0 ? static_cast<size_t>(n) : 0);
    pos = 0;
    return !buffer.empty();
  }

  void SkipBom() {
    started = true;
    if (Peek() != 0xEF) return;
    // The BOM is at most three bytes at the start of the input, so the
    // buffer (or the string) holds all of it.
    if (buffer.size() - pos >= 3 && static_cast<unsigned char>(buffer[pos + 1]) == 0xBB &&
        static_cast<unsigned char>(buffer[pos + 2]) == 0xBF) {
      pos += 3;
    }
  }

  /// Discards bytes up to and including the end of the current physical line.
  void SkipLine() {
    for (;;) {
      int c = Get();
      if (c == kEof || c == '\n') return;
      if (c == '\r') {
        if (Peek() == '\n') Get();
        return;
      }
    }
  }

  /// After a record that may have swallowed later lines (an unterminated
  /// quote), re-reads everything after the record's first physical line.
  void RequeueAfterFirstLine(int64_t start_line) {
    size_t cut = raw.find_first_of("\r\n");
    if (cut == std::string::npos) {  // the first line alone was too long: drop the rest of it
      SkipLine();
      return;
    }
    if (raw[cut] == '\r' && cut + 1 < raw.size() && raw[cut + 1] == '\n') ++cut;
    std::string rest = raw.substr(cut + 1);
    rest.append(pending, pending_pos, std::string::npos);
    pending = std::move(rest);
    pending_pos = 0;
    line = start_line + 1;
  }
};

CsvReader::CsvReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CsvReader::~CsvReader() = default;

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path, CsvOptions options) {
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file) return Status::IoError(fmt::format("{}: cannot open for reading", path));
  auto impl = std::make_unique<Impl>();
  impl->name = path;
  impl->options = options;
  impl->file = std::move(file);
  return std::unique_ptr<CsvReader>(new CsvReader(std::move(impl)));
}

std::unique_ptr<CsvReader> CsvReader::FromString(std::string name, std::string data, CsvOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->name = std::move(name);
  impl->options = options;
  impl->buffer = std::move(data);
  return std::unique_ptr<CsvReader>(new CsvReader(std::move(impl)));
}

const std::string& CsvReader::name() const { return impl_->name; }

bool CsvReader::Next(CsvRecord* record, std::string* error) {
  Impl& in = *impl_;
  if (!in.started) in.SkipBom();
  record->fields.clear();
  error->clear();
  const char delim = in.options.delimiter;
  const char quote = in.options.quote;

  enum class State { kFieldStart, kUnquoted, kQuoted, kAfterQuote };
  for (;;) {  // one iteration per record attempt; blank lines are skipped
    in.raw.clear();
    record->fields.clear();
    record->repaired = false;
    record->line = in.line;
    const int64_t start_line = in.line;
    std::string field;
    State state = State::kFieldStart;
    bool any = false;    // saw at least one byte of the record
    bool blank = false;  // an empty line: skipped, not a record
    int literal_quotes = 0;  // quotes of the current quoted field read literally (lenient mode)
    // Lenient reading applies only to a quoted field on one physical line: a
    // field that ran past a line end more likely lacks its closing quote.
    bool field_spans_lines = false;

    auto fail = [&](std::string reason, bool requeue) {
      *error = fmt::format("{}:{}: {}", in.name, start_line, reason);
      record->fields.clear();
      record->line = start_line;
      if (requeue) {
        in.RequeueAfterFirstLine(start_line);
      } else {
        in.SkipLine();
      }
      return true;
    };

    for (;;) {
      if (in.raw.size() > in.options.max_record_bytes) {
        return fail(fmt::format("record longer than {} bytes", in.options.max_record_bytes),
                    state == State::kQuoted);
      }
      int c = in.Get();
      if (c == kEof && in.io_failed) {
        *error = fmt::format("{}:{}: read error", in.name, start_line);
        record->fields.clear();
        return false;
      }
      bool eol = c == '\n' || c == '\r';
      switch (state) {
        case State::kFieldStart:
        case State::kUnquoted:
          if (c == kEof || eol) {
            if (c == '\r' && in.Peek() == '\n') in.Get();
            if (!any && c == kEof) return false;
            if (!any) {
              blank = true;
              break;
            }
            record->fields.push_back(std::move(field));
            return true;
          }
          any = true;
          if (c == delim) {
            record->fields.push_back(std::move(field));
            field.clear();
            state = State::kFieldStart;
          } else if (c == quote && state == State::kFieldStart) {
            literal_quotes = 0;
            field_spans_lines = false;
            state = State::kQuoted;
          } else if (c == quote && !in.options.lenient_quotes) {
            return fail(fmt::format("stray quote in unquoted field {}", record->fields.size() + 1), false);
          } else if (c == quote) {
            field.push_back(quote);
            record->repaired = true;
          } else {
            field.push_back(static_cast<char>(c));
            state = State::kUnquoted;
          }
          break;
        case State::kQuoted:
          if (c == kEof) {
            return fail(fmt::format("unterminated quoted field {}", record->fields.size() + 1), true);
          }
          if (c == quote) {
            int next = in.Peek();
            if (next == quote) {
              in.Get();
              field.push_back(quote);
              // Lenient: after an unmatched literal quote, `""` just before a
              // delimiter or line end closes it and then the field
              // ("Co "Sharora""); otherwise it is an escaped quote as usual.
              int after = in.Peek();
              if (in.options.lenient_quotes && !field_spans_lines && literal_quotes % 2 == 1 &&
                  (after == delim || after == '\n' || after == '\r' || after == kEof)) {
                record->repaired = true;
                state = State::kAfterQuote;
              }
            } else if (in.options.lenient_quotes && !field_spans_lines && next != delim && next != '\n' && next != '\r' &&
                       next != kEof) {
              field.push_back(quote);
              record->repaired = true;
              ++literal_quotes;
            } else {
              state = State::kAfterQuote;
            }
          } else {
            if (eol) field_spans_lines = true;
            field.push_back(static_cast<char>(c));
          }
          break;
        case State::kAfterQuote:
          if (c == kEof || eol) {
            if (c == '\r' && in.Peek() == '\n') in.Get();
            record->fields.push_back(std::move(field));
            return true;
          }
          if (c == delim) {
            record->fields.push_back(std::move(field));
            field.clear();
            state = State::kFieldStart;
          } else if (in.line > start_line) {
            // The record ran over a line end: most likely a quote was never
            // closed. Re-read the lines it swallowed.
            return fail(fmt::format("quoted field {} is not closed properly (unterminated quote?)",
                                    record->fields.size() + 1),
                        true);
          } else {
            return fail(fmt::format("unexpected character after closing quote in field {}",
                                    record->fields.size() + 1),
                        false);
          }
          break;
      }
      if (blank) break;
    }
  }
}

}  // namespace clearbid
