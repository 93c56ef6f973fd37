// Parses AIP-160 filter text into an untyped syntax tree. Field paths and
// literals are checked against a message type later, by the compiler.
//
// Grammar (AIP-160 without functions and global restrictions):
//   filter      = [expression]
//   expression  = sequence {"AND" sequence}
//   sequence    = factor {factor}            (juxtaposition means AND)
//   factor      = term {"OR" term}           (OR binds tighter than AND)
//   term        = ("NOT" | "-") term | "(" expression ")" | restriction
//   restriction = path comparator value
//   comparator  = "=" | "!=" | "<" | "<=" | ">" | ">=" | ":"
//   value       = word | string
#ifndef BUSAN_COMMON_QUERY_INTERNAL_PARSER_H_
#define BUSAN_COMMON_QUERY_INTERNAL_PARSER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/query/internal/lexer.h"

namespace busan::query::internal {

// Longest filter text accepted, in bytes.
inline constexpr size_t kMaxFilterBytes = 4096;
// Deepest nesting accepted; each "(" and each NOT or "-" is one level.
inline constexpr int kMaxFilterDepth = 32;

struct SyntaxNode {
  enum class Kind { kAnd, kOr, kNot, kRestriction };
  Kind kind = Kind::kRestriction;
  // kAnd and kOr: two or more operands; kNot: exactly one.
  std::vector<SyntaxNode> children;
  // kRestriction only.
  Token path;        // a kWord
  Token comparator;  // kEq, kNe, kLt, kLe, kGt, kGe or kHas
  Token value;       // a kWord or kString
};

// Parses `text`. Returns nullopt for empty or all-white-space text. Errors:
// INVALID_ARGUMENT starting with "filter: " and naming the position, for text
// over kMaxFilterBytes, nesting over kMaxFilterDepth, syntax errors, and a
// value without a field and comparator (global text search is not supported).
absl::StatusOr<std::optional<SyntaxNode>> ParseFilter(std::string_view text);

}  // namespace busan::query::internal

#endif  // BUSAN_COMMON_QUERY_INTERNAL_PARSER_H_
