#pragma once
// Internal to connectors/evidence: typed, limit-checked reads of the members of
// a simdjson DOM object, each error named by its field path
// ("supply_chain.entries[2].address.country") and located at file:line.
// Absent and null members leave the output untouched (unknown).

#include <simdjson.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/evidence/evidence_format.h"
#include "connectors/json/document_stream.h"
#include "engine/model/disclosure.h"

namespace clearbid::evidence_internal {

namespace dom = simdjson::dom;

enum class Need : uint8_t { kOptional, kRequired };

/// "a.b" from "a" and "b"; "b" from "" and "b".
std::string JoinPath(std::string_view path, std::string_view key);
/// "a[3]".
std::string IndexPath(std::string_view path, size_t index);
std::string_view TypeName(dom::element_type t);

class FieldReader {
 public:
  /// Maps a field path to the line it came from (the CSV flavour); 0 = unknown.
  using LineResolver = std::function<int64_t(std::string_view path)>;

  FieldReader(std::string_view file, int64_t line, const EvidenceLimits& limits, std::vector<InputIssue>* errors,
              LineResolver resolver = {});

  void Error(std::string_view path, std::string_view reason);
  size_t error_count() const { return error_count_; }
  const std::string& first_error() const { return first_error_; }
  const EvidenceLimits& limits() const { return limits_; }

  /// The member `key` of `o`, or nullopt when absent or null.
  static std::optional<dom::element> Member(dom::object o, std::string_view key);
  /// Reports every key of `o` that is not in `allowed` (nor, with
  /// `with_practices`, one of the LabourPractices members).
  void CheckKeys(dom::object o, std::string_view path, std::initializer_list<std::string_view> allowed,
                 bool with_practices = false);

  void Text(dom::object o, std::string_view path, std::string_view key, std::string* out,
            Need need = Need::kOptional);
  void LongText(dom::object o, std::string_view path, std::string_view key, std::string* out);
  void Date(dom::object o, std::string_view path, std::string_view key, std::string* out,
            Need need = Need::kOptional);
  /// ISO 3166-1 alpha-2, upper case.
  void Country(dom::object o, std::string_view path, std::string_view key, std::string* out,
               Need need = Need::kOptional);
  void Bool(dom::object o, std::string_view path, std::string_view key, std::optional<bool>* out);
  void Int(dom::object o, std::string_view path, std::string_view key, std::optional<int64_t>* out, int64_t min,
           int64_t max);
  /// A number in [0, 1].
  void Share(dom::object o, std::string_view path, std::string_view key, std::optional<double>* out);
  void TextList(dom::object o, std::string_view path, std::string_view key, std::vector<std::string>* out);

  template <typename E>
  void Enum(dom::object o, std::string_view path, std::string_view key, std::optional<E>* out,
            std::optional<E> (*parse)(std::string_view), std::string_view allowed, Need need = Need::kOptional) {
    std::string text;
    Text(o, path, key, &text, need);
    if (text.empty()) return;
    if (auto v = parse(text)) {
      *out = *v;
    } else {
      Error(JoinPath(path, key), "\"" + text + "\" is not one of " + std::string(allowed));
    }
  }

  /// Calls `each(object, item_path)` for the object `key`; reports a non-object.
  void Object(dom::object o, std::string_view path, std::string_view key,
              const std::function<void(dom::object, const std::string&)>& each, Need need = Need::kOptional);
  /// Calls `each(object, item_path)` for every element of the array `key`;
  /// reports a non-array, non-object elements and an array over the limit.
  void Objects(dom::object o, std::string_view path, std::string_view key,
               const std::function<void(dom::object, const std::string&)>& each);

  /// Reads the flattened LabourPractices members of `o`.
  void Practices(dom::object o, std::string_view path, LabourPractices* out);
  /// Which members a party object has besides scheme and id.
  enum class PartyFields : uint8_t { kKeyOnly, kNameOptional, kNameRequired };
  /// Reads {scheme, id[, name, country]} from the object `key`; scheme and id
  /// are required when the object is present.
  void Party(dom::object o, std::string_view path, std::string_view key, EvidenceParty* out, PartyFields fields,
             Need need = Need::kOptional);
  void AddressOf(dom::object o, std::string_view path, std::string_view key, Address* out);

 private:
  bool StringValue(dom::element e, const std::string& path, size_t max, std::string* out);

  std::string_view file_;
  int64_t line_;
  const EvidenceLimits& limits_;
  std::vector<InputIssue>* errors_;
  LineResolver resolver_;
  size_t error_count_ = 0;
  std::string first_error_;
};

}  // namespace clearbid::evidence_internal
