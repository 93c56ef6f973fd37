#include "common/query/internal/compiler.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/query/internal/literal.h"
#include "common/query/internal/text.h"
#include "common/status/status_macros.h"

namespace busan::query::internal {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;

constexpr std::string_view kContext = "filter";

Comparator ToComparator(TokenKind kind) {
  switch (kind) {
    case TokenKind::kNe:
      return Comparator::kNe;
    case TokenKind::kLt:
      return Comparator::kLt;
    case TokenKind::kLe:
      return Comparator::kLe;
    case TokenKind::kGt:
      return Comparator::kGt;
    case TokenKind::kGe:
      return Comparator::kGe;
    default:
      return Comparator::kEq;
  }
}

// `path:value`: presence for "*", else an element test on a repeated field
// or a key test on a map.
absl::StatusOr<Node> CompileHas(const SyntaxNode& syntax, FieldPath path) {
  Node node;
  const FieldDescriptor* leaf = path.leaf();
  const std::string subject = absl::StrCat("field ", Quote(path.ToString()));
  if (syntax.value.text == "*" && syntax.value.leading_star) {
    node.kind = Node::Kind::kPresent;
  } else if (leaf->is_map()) {
    node.kind = Node::Kind::kElement;
    ASSIGN_OR_RETURN(
        node.value,
        ConvertLiteral(syntax.value, leaf->message_type()->map_key(),
                       absl::StrCat("the key of ", subject),
                       /*allow_wildcard=*/true));
  } else if (leaf->is_repeated() &&
             leaf->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
    node.kind = Node::Kind::kElement;
    ASSIGN_OR_RETURN(node.value, ConvertLiteral(syntax.value, leaf, subject,
                                                /*allow_wildcard=*/true));
  } else {
    return ErrorAt(kContext, syntax.comparator.position,
                   absl::StrCat("\":\" tests the elements of a repeated "
                                "scalar field or the keys of a map, or with "
                                "* the presence of any field; ",
                                subject, " is neither"));
  }
  node.path = std::move(path);
  return node;
}

absl::StatusOr<Node> CompileComparison(const SyntaxNode& syntax,
                                       FieldPath path) {
  const FieldDescriptor* leaf = path.leaf();
  const std::string subject = absl::StrCat("field ", Quote(path.ToString()));
  const int position = syntax.path.position;
  if (leaf->is_map()) {
    return ErrorAt(kContext, position,
                   absl::StrCat(subject,
                                " is a map; use \":\" to test its "
                                "keys"));
  }
  if (leaf->is_repeated()) {
    return ErrorAt(kContext, position,
                   absl::StrCat(subject,
                                " is repeated; use \":\" to test its "
                                "elements"));
  }
  if (leaf->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
      !IsTimestamp(leaf->message_type())) {
    return ErrorAt(kContext, position,
                   absl::StrCat(subject,
                                " is a message; compare one of its "
                                "fields, such as ",
                                path.ToString(), ".<field>"));
  }
  Node node;
  node.kind = Node::Kind::kCompare;
  node.comparator = ToComparator(syntax.comparator.kind);
  const bool equality =
      node.comparator == Comparator::kEq || node.comparator == Comparator::kNe;
  ASSIGN_OR_RETURN(node.value, ConvertLiteral(syntax.value, leaf, subject,
                                              /*allow_wildcard=*/equality));
  node.path = std::move(path);
  return node;
}

absl::StatusOr<Node> CompileRestriction(const SyntaxNode& syntax,
                                        const Descriptor* descriptor) {
  ASSIGN_OR_RETURN(FieldPath path,
                   ResolveFieldPath(syntax.path.text, descriptor, kContext,
                                    syntax.path.position));
  if (syntax.comparator.kind == TokenKind::kHas) {
    return CompileHas(syntax, std::move(path));
  }
  return CompileComparison(syntax, std::move(path));
}

}  // namespace

absl::StatusOr<Node> CompileSyntax(const SyntaxNode& syntax,
                                   const Descriptor* descriptor) {
  if (syntax.kind == SyntaxNode::Kind::kRestriction) {
    return CompileRestriction(syntax, descriptor);
  }
  Node node;
  node.kind = syntax.kind == SyntaxNode::Kind::kAnd  ? Node::Kind::kAnd
              : syntax.kind == SyntaxNode::Kind::kOr ? Node::Kind::kOr
                                                     : Node::Kind::kNot;
  for (const SyntaxNode& child_syntax : syntax.children) {
    ASSIGN_OR_RETURN(Node child, CompileSyntax(child_syntax, descriptor));
    // (a AND b) AND c is a AND b AND c; the same holds for OR.
    if (child.kind == node.kind && node.kind != Node::Kind::kNot) {
      for (Node& grandchild : child.children) {
        node.children.push_back(std::move(grandchild));
      }
    } else {
      node.children.push_back(std::move(child));
    }
  }
  return node;
}

}  // namespace busan::query::internal
