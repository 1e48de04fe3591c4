#pragma once
// Rule conditions: a small expression language over the fact catalogue with
// three-valued (Kleene) logic, so that missing evidence yields "unknown" and
// never "false". Grammar (docs/rules.md):
//
//   expr    := or
//   or      := and ("or" and)*
//   and     := unary ("and" unary)*
//   unary   := "not" unary | compare
//   compare := operand (("==" | "!=" | "<" | "<=" | ">" | ">=") operand
//                       | "in" list)?
//   operand := fact | number | string | "true" | "false" | list | "(" expr ")"
//            | "known(" fact ")" | "contains(" fact "," string ")" | "size(" fact ")"
//            | "matches(" fact "," regex-string ")"   (RE2 syntax, partial match)
//   list    := "[" (string | number) ("," (string | number))* "]"
//
// A fact is a catalogue name (engine/rules/facts.h). `known(f)` is never
// unknown. `contains(list_fact, "x")` and `list_fact in [...]` (any overlap)
// work on list facts; `text_fact in [...]` is membership.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "engine/rules/facts.h"

namespace clearbid {

enum class Tri : uint8_t { kFalse, kTrue, kUnknown };

class Condition {
 public:
  /// Parses and type-checks. Errors read "column N: reason".
  static Result<Condition> Parse(std::string_view text);

  Condition();
  ~Condition();
  Condition(Condition&&) noexcept;
  Condition& operator=(Condition&&) noexcept;
  Condition(const Condition&) = delete;
  Condition& operator=(const Condition&) = delete;

  /// Thread-safe (const, no state).
  Tri Evaluate(const FactSet& facts) const;
  /// Facts the condition reads, in first-use order, unique.
  const std::vector<FactId>& facts() const;
  const std::string& text() const;

  struct Node;

 private:
  std::vector<Node> nodes_;
  int root_ = -1;
  std::vector<FactId> facts_;
  std::string text_;
};

}  // namespace clearbid
