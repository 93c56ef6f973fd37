// Type-checks a filter's syntax tree against a message type and builds the
// tree that Filter evaluates.
#ifndef BUSAN_COMMON_QUERY_INTERNAL_COMPILER_H_
#define BUSAN_COMMON_QUERY_INTERNAL_COMPILER_H_

#include "absl/status/statusor.h"
#include "common/query/internal/node.h"
#include "common/query/internal/parser.h"
#include "google/protobuf/descriptor.h"

namespace busan::query::internal {

// Resolves every field path of `syntax` in `descriptor` and converts every
// literal to its field's type. Nested ANDs (and ORs) are flattened into one
// node. Errors: INVALID_ARGUMENT "filter: ... at position N" for unknown
// fields, literals that do not fit their field, "=" and the like on
// repeated, map or message fields (other than Timestamp), and ":" with a
// value other than "*" on a field that is neither repeated nor a map.
absl::StatusOr<Node> CompileSyntax(
    const SyntaxNode& syntax, const google::protobuf::Descriptor* descriptor);

}  // namespace busan::query::internal

#endif  // BUSAN_COMMON_QUERY_INTERNAL_COMPILER_H_
