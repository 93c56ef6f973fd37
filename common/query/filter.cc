#include "common/query/filter.h"

#include <utility>

#include "common/query/internal/compiler.h"
#include "common/query/internal/literal.h"
#include "common/query/internal/matcher.h"
#include "common/query/internal/node.h"
#include "common/query/internal/parser.h"
#include "common/status/status_macros.h"

namespace busan::query {
namespace {

using internal::Node;

static_assert(Filter::kMaxBytes == internal::kMaxFilterBytes);
static_assert(Filter::kMaxDepth == internal::kMaxFilterDepth);

// The canonical literal of `node` when it is `path = literal` exactly.
std::optional<std::string> ExactEquality(const Node& node,
                                         std::string_view path) {
  if (node.kind != Node::Kind::kCompare ||
      node.comparator != internal::Comparator::kEq ||
      node.value.match != internal::StringMatch::kExact ||
      node.path.ToString() != path) {
    return std::nullopt;
  }
  return internal::CanonicalText(node.value, node.path.leaf());
}

}  // namespace

absl::StatusOr<Filter> Filter::Compile(
    std::string_view text, const google::protobuf::Descriptor* descriptor) {
  if (descriptor == nullptr) {
    return absl::InternalError("filter: compiled without a message type");
  }
  ASSIGN_OR_RETURN(std::optional<internal::SyntaxNode> syntax,
                   internal::ParseFilter(text));
  if (!syntax.has_value()) return Filter();
  ASSIGN_OR_RETURN(Node root, internal::CompileSyntax(*syntax, descriptor));
  return Filter(descriptor, std::make_shared<const Node>(std::move(root)));
}

bool Filter::Matches(const google::protobuf::Message& message) const {
  if (root_ == nullptr) return true;
  if (message.GetDescriptor() != descriptor_) return false;
  return internal::Evaluate(*root_, message);
}

std::optional<std::string> Filter::RequiredEquality(
    std::string_view path) const {
  if (root_ == nullptr) return std::nullopt;
  if (root_->kind != Node::Kind::kAnd) return ExactEquality(*root_, path);
  for (const Node& operand : root_->children) {
    std::optional<std::string> literal = ExactEquality(operand, path);
    if (literal.has_value()) return literal;
  }
  return std::nullopt;
}

std::optional<std::string> Filter::SoleEquality(std::string_view path) const {
  if (root_ == nullptr || root_->kind == Node::Kind::kAnd) return std::nullopt;
  return ExactEquality(*root_, path);
}

}  // namespace busan::query
