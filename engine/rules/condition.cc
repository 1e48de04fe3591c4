#include "engine/rules/condition.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <fmt/format.h>
#include <re2/re2.h>

namespace clearbid {

enum class NodeKind : uint8_t { kBool, kNumber, kString, kList, kFact, kNot, kAnd, kOr, kCmp, kIn, kKnown, kContains, kSize, kMatches };
enum class CmpOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };
// Static type of a node's value.
enum class ValType : uint8_t { kBool, kNumber, kText, kList };

struct Condition::Node {
  NodeKind kind;
  ValType type;
  bool b = false;
  double n = 0;
  std::string s;
  std::vector<std::string> list;
  FactId fact = FactId::kCount;
  CmpOp op = CmpOp::kEq;
  int lhs = -1, rhs = -1;
  std::shared_ptr<const RE2> regex;
};

namespace {

ValType FromFactType(FactType t) {
  switch (t) {
    case FactType::kBool: return ValType::kBool;
    case FactType::kNumber: return ValType::kNumber;
    case FactType::kText: return ValType::kText;
    case FactType::kList: return ValType::kList;
  }
  return ValType::kBool;
}

std::string_view TypeName(ValType t) {
  switch (t) {
    case ValType::kBool: return "a boolean";
    case ValType::kNumber: return "a number";
    case ValType::kText: return "a text";
    case ValType::kList: return "a list";
  }
  return "?";
}

struct Token {
  enum Kind { kEnd, kIdent, kNumber, kString, kOp, kLParen, kRParen, kLBracket, kRBracket, kComma } kind = kEnd;
  std::string text;
  double number = 0;
  size_t column = 1;
};

class Parser {
 public:
  Parser(std::string_view text, std::vector<Condition::Node>* nodes, std::vector<FactId>* facts)
      : text_(text), nodes_(nodes), facts_(facts) {}

  Result<int> ParseAll() {
    RETURN_IF_ERROR(Next());
    ASSIGN_OR_RETURN(int root, ParseOr());
    if (tok_.kind != Token::kEnd) return Error(fmt::format("unexpected '{}'", tok_.text));
    if ((*nodes_)[root].type != ValType::kBool) return Error("the condition must be true or false, not a value");
    return root;
  }

 private:
  Status Error(std::string msg) const { return Status::ParseError(fmt::format("column {}: {}", tok_.column, msg)); }

  Status Next() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    tok_ = Token{};
    tok_.column = pos_ + 1;
    if (pos_ >= text_.size()) return Status::Ok();
    char c = text_[pos_];
    auto single = [&](Token::Kind k) {
      tok_.kind = k;
      tok_.text = std::string(1, c);
      ++pos_;
      return Status::Ok();
    };
    if (c == '(') return single(Token::kLParen);
    if (c == ')') return single(Token::kRParen);
    if (c == '[') return single(Token::kLBracket);
    if (c == ']') return single(Token::kRBracket);
    if (c == ',') return single(Token::kComma);
    if (c == '"' || c == '\'') {
      size_t end = text_.find(c, pos_ + 1);
      if (end == std::string_view::npos) return Error("unterminated string");
      tok_.kind = Token::kString;
      tok_.text = std::string(text_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = end + 1;
      return Status::Ok();
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || (c == '-' && pos_ + 1 < text_.size() &&
                                                        std::isdigit(static_cast<unsigned char>(text_[pos_ + 1])))) {
      size_t start = pos_++;
      while (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.')) ++pos_;
      tok_.kind = Token::kNumber;
      tok_.text = std::string(text_.substr(start, pos_ - start));
      char* end = nullptr;
      tok_.number = std::strtod(tok_.text.c_str(), &end);
      if (end != tok_.text.c_str() + tok_.text.size()) return Error(fmt::format("bad number '{}'", tok_.text));
      return Status::Ok();
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t start = pos_;
      while (pos_ < text_.size() &&
             (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_' || text_[pos_] == '.'))
        ++pos_;
      tok_.kind = Token::kIdent;
      tok_.text = std::string(text_.substr(start, pos_ - start));
      return Status::Ok();
    }
    for (std::string_view op : {"==", "!=", "<=", ">=", "<", ">"}) {
      if (text_.substr(pos_, op.size()) == op) {
        tok_.kind = Token::kOp;
        tok_.text = std::string(op);
        pos_ += op.size();
        return Status::Ok();
      }
    }
    return Error(fmt::format("unexpected character '{}'", c));
  }

  int Add(Condition::Node n) {
    nodes_->push_back(std::move(n));
    return static_cast<int>(nodes_->size() - 1);
  }
  const Condition::Node& At(int i) const { return (*nodes_)[i]; }

  Result<int> ParseOr() {
    ASSIGN_OR_RETURN(int lhs, ParseAnd());
    while (tok_.kind == Token::kIdent && tok_.text == "or") {
      RETURN_IF_ERROR(Next());
      ASSIGN_OR_RETURN(int rhs, ParseAnd());
      RETURN_IF_ERROR(RequireBool(lhs, "or"));
      RETURN_IF_ERROR(RequireBool(rhs, "or"));
      lhs = Add({.kind = NodeKind::kOr, .type = ValType::kBool, .lhs = lhs, .rhs = rhs});
    }
    return lhs;
  }

  Result<int> ParseAnd() {
    ASSIGN_OR_RETURN(int lhs, ParseUnary());
    while (tok_.kind == Token::kIdent && tok_.text == "and") {
      RETURN_IF_ERROR(Next());
      ASSIGN_OR_RETURN(int rhs, ParseUnary());
      RETURN_IF_ERROR(RequireBool(lhs, "and"));
      RETURN_IF_ERROR(RequireBool(rhs, "and"));
      lhs = Add({.kind = NodeKind::kAnd, .type = ValType::kBool, .lhs = lhs, .rhs = rhs});
    }
    return lhs;
  }

  Status RequireBool(int node, std::string_view op) const {
    if (At(node).type != ValType::kBool)
      return Error(fmt::format("'{}' needs true/false operands, got {}", op, TypeName(At(node).type)));
    return Status::Ok();
  }

  Result<int> ParseUnary() {
    if (tok_.kind == Token::kIdent && tok_.text == "not") {
      RETURN_IF_ERROR(Next());
      ASSIGN_OR_RETURN(int operand, ParseUnary());
      RETURN_IF_ERROR(RequireBool(operand, "not"));
      return Add({.kind = NodeKind::kNot, .type = ValType::kBool, .lhs = operand});
    }
    return ParseCompare();
  }

  Result<int> ParseCompare() {
    ASSIGN_OR_RETURN(int lhs, ParseOperand());
    if (tok_.kind == Token::kOp) {
      std::string op = tok_.text;
      RETURN_IF_ERROR(Next());
      ASSIGN_OR_RETURN(int rhs, ParseOperand());
      ValType lt = At(lhs).type, rt = At(rhs).type;
      CmpOp cmp = op == "==" ? CmpOp::kEq : op == "!=" ? CmpOp::kNe : op == "<" ? CmpOp::kLt
                : op == "<=" ? CmpOp::kLe : op == ">" ? CmpOp::kGt : CmpOp::kGe;
      if (lt != rt) return Error(fmt::format("cannot compare {} with {}", TypeName(lt), TypeName(rt)));
      if (lt == ValType::kList) return Error("lists are compared with 'in' or contains()");
      if (lt != ValType::kNumber && cmp != CmpOp::kEq && cmp != CmpOp::kNe)
        return Error(fmt::format("'{}' needs numbers", op));
      return Add({.kind = NodeKind::kCmp, .type = ValType::kBool, .op = cmp, .lhs = lhs, .rhs = rhs});
    }
    if (tok_.kind == Token::kIdent && tok_.text == "in") {
      RETURN_IF_ERROR(Next());
      if (tok_.kind != Token::kLBracket) return Error("'in' takes a list: [\"a\", \"b\"]");
      ASSIGN_OR_RETURN(int rhs, ParseOperand());
      ValType lt = At(lhs).type;
      if (lt != ValType::kText && lt != ValType::kList && lt != ValType::kNumber)
        return Error(fmt::format("'in' needs a text, number or list on the left, got {}", TypeName(lt)));
      return Add({.kind = NodeKind::kIn, .type = ValType::kBool, .lhs = lhs, .rhs = rhs});
    }
    return lhs;
  }

  Result<FactId> ExpectFact() {
    if (tok_.kind != Token::kIdent) return Error("expected a fact name");
    std::optional<FactId> id = FindFact(tok_.text);
    if (!id) return Error(fmt::format("unknown fact '{}' (see docs/rules.md for the catalogue)", tok_.text));
    if (std::find(facts_->begin(), facts_->end(), *id) == facts_->end()) facts_->push_back(*id);
    RETURN_IF_ERROR(Next());
    return *id;
  }

  Status Expect(Token::Kind kind, std::string_view what) {
    if (tok_.kind != kind) return Error(fmt::format("expected {}", what));
    return Next();
  }

  Result<int> ParseOperand() {
    switch (tok_.kind) {
      case Token::kNumber: {
        double n = tok_.number;
        RETURN_IF_ERROR(Next());
        return Add({.kind = NodeKind::kNumber, .type = ValType::kNumber, .n = n});
      }
      case Token::kString: {
        std::string s = tok_.text;
        RETURN_IF_ERROR(Next());
        return Add({.kind = NodeKind::kString, .type = ValType::kText, .s = std::move(s)});
      }
      case Token::kLParen: {
        RETURN_IF_ERROR(Next());
        ASSIGN_OR_RETURN(int inner, ParseOr());
        RETURN_IF_ERROR(Expect(Token::kRParen, "')'"));
        return inner;
      }
      case Token::kLBracket: {
        RETURN_IF_ERROR(Next());
        Condition::Node n{.kind = NodeKind::kList, .type = ValType::kList};
        while (tok_.kind != Token::kRBracket) {
          if (tok_.kind != Token::kString && tok_.kind != Token::kNumber)
            return Error("list elements must be strings or numbers");
          n.list.push_back(tok_.text);
          RETURN_IF_ERROR(Next());
          if (tok_.kind == Token::kComma) RETURN_IF_ERROR(Next());
          else if (tok_.kind != Token::kRBracket) return Error("expected ',' or ']'");
        }
        RETURN_IF_ERROR(Next());
        if (n.list.empty()) return Error("empty list");
        return Add(std::move(n));
      }
      case Token::kIdent: {
        std::string word = tok_.text;
        if (word == "true" || word == "false") {
          RETURN_IF_ERROR(Next());
          return Add({.kind = NodeKind::kBool, .type = ValType::kBool, .b = word == "true"});
        }
        if (word == "known" || word == "contains" || word == "size" || word == "matches") {
          RETURN_IF_ERROR(Next());
          RETURN_IF_ERROR(Expect(Token::kLParen, "'(' after " + word));
          ASSIGN_OR_RETURN(FactId fact, ExpectFact());
          ValType ft = FromFactType(GetFactInfo(fact).type);
          Condition::Node n{.kind = NodeKind::kKnown, .type = ValType::kBool, .fact = fact};
          if (word == "contains") {
            if (ft != ValType::kList) return Error("contains() needs a list fact");
            RETURN_IF_ERROR(Expect(Token::kComma, "','"));
            if (tok_.kind != Token::kString) return Error("contains() needs a string");
            n.kind = NodeKind::kContains;
            n.s = tok_.text;
            RETURN_IF_ERROR(Next());
          } else if (word == "matches") {
            if (ft != ValType::kText) return Error("matches() needs a text fact");
            RETURN_IF_ERROR(Expect(Token::kComma, "','"));
            if (tok_.kind != Token::kString) return Error("matches() needs a regular expression string");
            RE2::Options opts;
            opts.set_log_errors(false);
            auto re = std::make_shared<const RE2>(tok_.text, opts);
            if (!re->ok()) return Error(fmt::format("bad regular expression: {}", re->error()));
            n.kind = NodeKind::kMatches;
            n.regex = std::move(re);
            RETURN_IF_ERROR(Next());
          } else if (word == "size") {
            if (ft != ValType::kList) return Error("size() needs a list fact");
            n.kind = NodeKind::kSize;
            n.type = ValType::kNumber;
          }
          RETURN_IF_ERROR(Expect(Token::kRParen, "')'"));
          return Add(std::move(n));
        }
        ASSIGN_OR_RETURN(FactId fact, ExpectFact());
        return Add({.kind = NodeKind::kFact, .type = FromFactType(GetFactInfo(fact).type), .fact = fact});
      }
      default:
        return Error(tok_.kind == Token::kEnd ? "unexpected end of condition" : fmt::format("unexpected '{}'", tok_.text));
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
  Token tok_;
  std::vector<Condition::Node>* nodes_;
  std::vector<FactId>* facts_;
};

// A value during evaluation; refers into the facts or the nodes (no copies).
struct Val {
  bool known = false;
  bool b = false;
  double n = 0;
  const std::string* s = nullptr;
  const std::vector<std::string>* list = nullptr;
};

Tri ToTri(const Val& v) { return !v.known ? Tri::kUnknown : v.b ? Tri::kTrue : Tri::kFalse; }
Val FromTri(Tri t) { return t == Tri::kUnknown ? Val{} : Val{.known = true, .b = t == Tri::kTrue}; }

bool InList(const std::string& needle, const std::vector<std::string>& hay) {
  return std::find(hay.begin(), hay.end(), needle) != hay.end();
}

Val Eval(const std::vector<Condition::Node>& nodes, int i, const FactSet& facts) {
  const Condition::Node& n = nodes[i];
  switch (n.kind) {
    case NodeKind::kBool: return {.known = true, .b = n.b};
    case NodeKind::kNumber: return {.known = true, .n = n.n};
    case NodeKind::kString: return {.known = true, .s = &n.s};
    case NodeKind::kList: return {.known = true, .list = &n.list};
    case NodeKind::kFact: {
      const FactValue& f = facts[n.fact];
      if (!f.known) return {};
      return {.known = true, .b = f.boolean, .n = f.number, .s = &f.text, .list = &f.list};
    }
    case NodeKind::kKnown: return {.known = true, .b = facts[n.fact].known};
    case NodeKind::kContains: {
      const FactValue& f = facts[n.fact];
      if (!f.known) return {};
      return {.known = true, .b = InList(n.s, f.list)};
    }
    case NodeKind::kMatches: {
      const FactValue& f = facts[n.fact];
      if (!f.known) return {};
      return {.known = true, .b = RE2::PartialMatch(f.text, *n.regex)};
    }
    case NodeKind::kSize: {
      const FactValue& f = facts[n.fact];
      if (!f.known) return {};
      return {.known = true, .n = static_cast<double>(f.list.size())};
    }
    case NodeKind::kNot: {
      Tri t = ToTri(Eval(nodes, n.lhs, facts));
      return FromTri(t == Tri::kUnknown ? t : t == Tri::kTrue ? Tri::kFalse : Tri::kTrue);
    }
    case NodeKind::kAnd: {
      Tri a = ToTri(Eval(nodes, n.lhs, facts));
      if (a == Tri::kFalse) return FromTri(Tri::kFalse);
      Tri b = ToTri(Eval(nodes, n.rhs, facts));
      if (b == Tri::kFalse) return FromTri(Tri::kFalse);
      return FromTri(a == Tri::kTrue && b == Tri::kTrue ? Tri::kTrue : Tri::kUnknown);
    }
    case NodeKind::kOr: {
      Tri a = ToTri(Eval(nodes, n.lhs, facts));
      if (a == Tri::kTrue) return FromTri(Tri::kTrue);
      Tri b = ToTri(Eval(nodes, n.rhs, facts));
      if (b == Tri::kTrue) return FromTri(Tri::kTrue);
      return FromTri(a == Tri::kFalse && b == Tri::kFalse ? Tri::kFalse : Tri::kUnknown);
    }
    case NodeKind::kCmp: {
      Val a = Eval(nodes, n.lhs, facts), b = Eval(nodes, n.rhs, facts);
      if (!a.known || !b.known) return {};
      ValType t = nodes[n.lhs].type;
      int c = 0;
      if (t == ValType::kNumber) c = a.n < b.n ? -1 : a.n > b.n ? 1 : 0;
      else if (t == ValType::kBool) c = a.b == b.b ? 0 : 1;
      else c = a.s->compare(*b.s);
      bool r = false;
      switch (n.op) {
        case CmpOp::kEq: r = c == 0; break;
        case CmpOp::kNe: r = c != 0; break;
        case CmpOp::kLt: r = c < 0; break;
        case CmpOp::kLe: r = c <= 0; break;
        case CmpOp::kGt: r = c > 0; break;
        case CmpOp::kGe: r = c >= 0; break;
      }
      return {.known = true, .b = r};
    }
    case NodeKind::kIn: {
      Val a = Eval(nodes, n.lhs, facts);
      if (!a.known) return {};
      const std::vector<std::string>& hay = nodes[n.rhs].list;
      ValType t = nodes[n.lhs].type;
      if (t == ValType::kList) {
        for (const std::string& x : *a.list) {
          if (InList(x, hay)) return {.known = true, .b = true};
        }
        return {.known = true, .b = false};
      }
      if (t == ValType::kNumber) return {.known = true, .b = InList(fmt::format("{}", a.n), hay)};
      return {.known = true, .b = InList(*a.s, hay)};
    }
  }
  return {};
}

}  // namespace

Condition::Condition() = default;
Condition::~Condition() = default;
Condition::Condition(Condition&&) noexcept = default;
Condition& Condition::operator=(Condition&&) noexcept = default;

Result<Condition> Condition::Parse(std::string_view text) {
  Condition c;
  c.text_ = std::string(text);
  Parser parser(c.text_, &c.nodes_, &c.facts_);
  ASSIGN_OR_RETURN(c.root_, parser.ParseAll());
  return c;
}

Tri Condition::Evaluate(const FactSet& facts) const {
  if (root_ < 0) return Tri::kUnknown;
  return ToTri(Eval(nodes_, root_, facts));
}

const std::vector<FactId>& Condition::facts() const { return facts_; }
const std::string& Condition::text() const { return text_; }

}  // namespace clearbid
