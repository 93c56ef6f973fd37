#include "common/query/internal/parser.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/query/internal/text.h"
#include "common/status/status_macros.h"

namespace busan::query::internal {
namespace {

constexpr std::string_view kContext = "filter";

bool IsComparator(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEq:
    case TokenKind::kNe:
    case TokenKind::kLt:
    case TokenKind::kLe:
    case TokenKind::kGt:
    case TokenKind::kGe:
    case TokenKind::kHas:
      return true;
    default:
      return false;
  }
}

bool StartsTerm(TokenKind kind) {
  return kind == TokenKind::kWord || kind == TokenKind::kString ||
         kind == TokenKind::kNot || kind == TokenKind::kMinus ||
         kind == TokenKind::kLParen;
}

// Wraps `operands` in a node of `kind` unless there is only one.
SyntaxNode Combine(SyntaxNode::Kind kind, std::vector<SyntaxNode> operands) {
  if (operands.size() == 1) return std::move(operands.front());
  SyntaxNode node;
  node.kind = kind;
  node.children = std::move(operands);
  return node;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  absl::StatusOr<SyntaxNode> Run() {
    ASSIGN_OR_RETURN(SyntaxNode root, Expression(/*depth=*/0));
    const Token& rest = Peek();
    if (rest.kind == TokenKind::kRParen) {
      return SyntaxErrorAt(kContext, rest.position,
                           "\")\" has no matching \"(\"");
    }
    if (rest.kind != TokenKind::kEnd) {
      return SyntaxErrorAt(kContext, rest.position,
                           absl::StrCat("unexpected ", Describe(rest)));
    }
    return root;
  }

 private:
  const Token& Peek() const { return tokens_[next_]; }
  const Token& Take() { return tokens_[next_++]; }

  absl::StatusOr<SyntaxNode> Expression(int depth) {
    std::vector<SyntaxNode> operands;
    ASSIGN_OR_RETURN(SyntaxNode first, Sequence(depth));
    operands.push_back(std::move(first));
    while (Peek().kind == TokenKind::kAnd) {
      Take();
      ASSIGN_OR_RETURN(SyntaxNode next, Sequence(depth));
      operands.push_back(std::move(next));
    }
    return Combine(SyntaxNode::Kind::kAnd, std::move(operands));
  }

  absl::StatusOr<SyntaxNode> Sequence(int depth) {
    std::vector<SyntaxNode> operands;
    do {
      ASSIGN_OR_RETURN(SyntaxNode factor, Factor(depth));
      operands.push_back(std::move(factor));
    } while (StartsTerm(Peek().kind));
    return Combine(SyntaxNode::Kind::kAnd, std::move(operands));
  }

  absl::StatusOr<SyntaxNode> Factor(int depth) {
    std::vector<SyntaxNode> operands;
    ASSIGN_OR_RETURN(SyntaxNode first, Term(depth));
    operands.push_back(std::move(first));
    while (Peek().kind == TokenKind::kOr) {
      Take();
      ASSIGN_OR_RETURN(SyntaxNode next, Term(depth));
      operands.push_back(std::move(next));
    }
    return Combine(SyntaxNode::Kind::kOr, std::move(operands));
  }

  absl::StatusOr<SyntaxNode> Term(int depth) {
    const Token& token = Peek();
    const bool negation =
        token.kind == TokenKind::kNot || token.kind == TokenKind::kMinus;
    if (negation || token.kind == TokenKind::kLParen) {
      if (depth == kMaxFilterDepth) {
        return ErrorAt(
            kContext, token.position,
            absl::StrCat("nesting deeper than ", kMaxFilterDepth, " levels"));
      }
      Take();
    }
    if (negation) {
      SyntaxNode node;
      node.kind = SyntaxNode::Kind::kNot;
      ASSIGN_OR_RETURN(SyntaxNode operand, Term(depth + 1));
      node.children.push_back(std::move(operand));
      return node;
    }
    if (token.kind == TokenKind::kLParen) {
      ASSIGN_OR_RETURN(SyntaxNode inner, Expression(depth + 1));
      if (Peek().kind != TokenKind::kRParen) {
        return SyntaxErrorAt(
            kContext, Peek().position,
            absl::StrCat("expected \")\" to close the \"(\" at position ",
                         token.position, ", got ", Describe(Peek())));
      }
      Take();
      return inner;
    }
    return Restriction();
  }

  absl::StatusOr<SyntaxNode> Restriction() {
    const Token& path = Peek();
    if (path.kind != TokenKind::kWord && path.kind != TokenKind::kString) {
      return SyntaxErrorAt(
          kContext, path.position,
          absl::StrCat("expected a restriction, got ", Describe(path)));
    }
    Take();
    if (path.kind == TokenKind::kString || !IsComparator(Peek().kind)) {
      return ErrorAt(kContext, path.position,
                     absl::StrCat("a restriction needs a field, a comparator "
                                  "and a value (such as display_name = "
                                  "\"Port\"), but ",
                                  Describe(path), " stands alone"));
    }
    const Token& comparator = Take();
    const Token& value = Peek();
    if (value.kind != TokenKind::kWord && value.kind != TokenKind::kString) {
      return SyntaxErrorAt(
          kContext, value.position,
          absl::StrCat("expected a value after \"", comparator.text, "\", got ",
                       Describe(value)));
    }
    Take();
    SyntaxNode node;
    node.path = path;
    node.comparator = comparator;
    node.value = value;
    return node;
  }

  std::vector<Token> tokens_;
  size_t next_ = 0;
};

}  // namespace

absl::StatusOr<std::optional<SyntaxNode>> ParseFilter(std::string_view text) {
  if (text.size() > kMaxFilterBytes) {
    return absl::InvalidArgumentError(absl::StrCat("filter: ", text.size(),
                                                   " bytes is longer than the "
                                                   "limit of ",
                                                   kMaxFilterBytes, " bytes"));
  }
  if (IsBlank(text)) return std::nullopt;
  ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(text));
  ASSIGN_OR_RETURN(SyntaxNode root, Parser(std::move(tokens)).Run());
  return root;
}

}  // namespace busan::query::internal
