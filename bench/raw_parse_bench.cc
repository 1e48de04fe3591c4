// raw_parse_bench: the ceiling for OCDS ingest speed. Parses a JSON Lines
// file of releases with simdjson on-demand (iterate_many) twice:
//   touch: each release's ocid and every party's name (the rest is skipped);
//   full:  every key and value of every release (strings unescaped, numbers
//          parsed), which is closer to what an ingest must read.
// and reports MB/s (1 MB = 10^6 bytes).
//
//   raw_parse_bench FILE [--batch-bytes N]
//
// Prints one JSON object: bytes, documents, parties, values, errors,
// load_seconds (reading the file into memory), parse_seconds and
// parse_mb_per_s (touch pass), full_seconds and full_mb_per_s (full pass).
// iterate_many may index the next batch on a second thread
// (SIMDJSON_THREADS_ENABLED), as a streaming ingest could.

#include <simdjson.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

namespace {

struct Counts {
  uint64_t documents = 0;
  uint64_t parties = 0;
  uint64_t values = 0;
  uint64_t errors = 0;
  uint64_t checksum = 0;  // keeps the compiler from dropping the reads
};

void ParseAll(const simdjson::padded_string& json, size_t batch_bytes, Counts* counts) {
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document_stream stream;
  if (auto err = parser.iterate_many(json, batch_bytes).get(stream)) {
    std::fprintf(stderr, "raw_parse_bench: %s\n", simdjson::error_message(err));
    ++counts->errors;
    return;
  }
  for (auto doc_result : stream) {
    simdjson::ondemand::document_reference doc;
    if (std::move(doc_result).get(doc)) {
      ++counts->errors;
      continue;
    }
    ++counts->documents;
    std::string_view ocid;
    if (doc["ocid"].get_string().get(ocid)) {
      ++counts->errors;
      continue;
    }
    counts->checksum += ocid.size();
    simdjson::ondemand::array parties;
    if (doc["parties"].get_array().get(parties)) {
      ++counts->errors;
      continue;
    }
    for (auto party : parties) {
      std::string_view name;
      if (party["name"].get_string().get(name)) {
        ++counts->errors;
        continue;
      }
      ++counts->parties;
      counts->checksum += name.size();
    }
  }
  if (stream.truncated_bytes() != 0) ++counts->errors;
}

/// Visits every value below `value`, unescaping strings and parsing numbers.
simdjson::error_code Walk(simdjson::ondemand::value value, Counts* counts) {
  ++counts->values;
  simdjson::ondemand::json_type type;
  if (auto err = value.type().get(type)) return err;
  switch (type) {
    case simdjson::ondemand::json_type::object: {
      simdjson::ondemand::object object;
      if (auto err = value.get_object().get(object)) return err;
      for (auto field : object) {
        std::string_view key;
        if (auto err = field.unescaped_key().get(key)) return err;
        counts->checksum += key.size();
        simdjson::ondemand::value child;
        if (auto err = field.value().get(child)) return err;
        if (auto err = Walk(child, counts)) return err;
      }
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::array: {
      simdjson::ondemand::array array;
      if (auto err = value.get_array().get(array)) return err;
      for (auto element : array) {
        simdjson::ondemand::value child;
        if (auto err = element.get(child)) return err;
        if (auto err = Walk(child, counts)) return err;
      }
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::string: {
      std::string_view text;
      if (auto err = value.get_string().get(text)) return err;
      counts->checksum += text.size();
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::number: {
      double number = 0;
      if (auto err = value.get_double().get(number)) return err;
      counts->checksum += static_cast<uint64_t>(number > 0 ? 1 : 0);
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::boolean: {
      bool flag = false;
      return value.get_bool().get(flag);
    }
    case simdjson::ondemand::json_type::null: return simdjson::SUCCESS;
  }
  return simdjson::SUCCESS;
}

void WalkAll(const simdjson::padded_string& json, size_t batch_bytes, Counts* counts) {
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document_stream stream;
  if (auto err = parser.iterate_many(json, batch_bytes).get(stream)) {
    std::fprintf(stderr, "raw_parse_bench: %s\n", simdjson::error_message(err));
    ++counts->errors;
    return;
  }
  for (auto doc_result : stream) {
    simdjson::ondemand::document_reference doc;
    simdjson::ondemand::value root;
    if (std::move(doc_result).get(doc) || doc.get_value().get(root) || Walk(root, counts)) {
      ++counts->errors;
      continue;
    }
    ++counts->documents;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: raw_parse_bench FILE [--batch-bytes N]\n");
    return 2;
  }
  const std::string path = argv[1];
  size_t batch_bytes = 4u << 20;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--batch-bytes") == 0) batch_bytes = std::strtoull(argv[i + 1], nullptr, 10);
  }

  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  simdjson::padded_string json;
  if (auto err = simdjson::padded_string::load(path).get(json)) {
    std::fprintf(stderr, "raw_parse_bench: cannot read %s: %s\n", path.c_str(), simdjson::error_message(err));
    return 1;
  }
  const auto t1 = Clock::now();
  Counts counts;
  ParseAll(json, batch_bytes, &counts);
  const auto t2 = Clock::now();
  Counts full;
  WalkAll(json, batch_bytes, &full);
  const auto t3 = Clock::now();
  if (full.documents != counts.documents) ++counts.errors;

  const double load_s = std::chrono::duration<double>(t1 - t0).count();
  const double parse_s = std::chrono::duration<double>(t2 - t1).count();
  const double full_s = std::chrono::duration<double>(t3 - t2).count();
  const double mb = static_cast<double>(json.size()) / 1e6;
  std::printf(
      "{\"file\":\"%s\",\"bytes\":%zu,\"documents\":%llu,\"parties\":%llu,\"values\":%llu,\"errors\":%llu,"
      "\"checksum\":%llu,\"implementation\":\"%s\",\"load_seconds\":%.3f,\"parse_seconds\":%.3f,"
      "\"parse_mb_per_s\":%.1f,\"full_seconds\":%.3f,\"full_mb_per_s\":%.1f}\n",
      path.c_str(), json.size(), static_cast<unsigned long long>(counts.documents),
      static_cast<unsigned long long>(counts.parties), static_cast<unsigned long long>(full.values),
      static_cast<unsigned long long>(counts.errors + full.errors),
      static_cast<unsigned long long>(counts.checksum + full.checksum),
      simdjson::get_active_implementation()->name().c_str(), load_s, parse_s, mb / parse_s, full_s, mb / full_s);
  return counts.errors + full.errors == 0 ? 0 : 1;
}
