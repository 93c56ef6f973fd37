// Converts filter literals to typed values, and typed values back to their
// canonical text.
#ifndef BUSAN_COMMON_QUERY_INTERNAL_LITERAL_H_
#define BUSAN_COMMON_QUERY_INTERNAL_LITERAL_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/query/internal/lexer.h"
#include "common/query/internal/node.h"
#include "google/protobuf/descriptor.h"

namespace busan::query::internal {

// Converts `token` (a word or a quoted string; both are read the same way)
// to a Value for `field`, a scalar field or a google.protobuf.Timestamp
// field (repeated fields pass their element type). Accepted text per type:
//   string, bytes   any text; with `allow_wildcard`, an unescaped "*" at
//                   either end is a wildcard, else it is a plain character
//   integers        an optional "-" and decimal digits, within the type's range
//   float, double   a decimal number
//   bool            true or false
//   enum            a value name of the enum, or the number of a known value
//   Timestamp       RFC 3339, e.g. "2025-11-01T09:00:00+09:00"
// Errors: INVALID_ARGUMENT "filter: <subject> takes ..., got "<text>" at
// position N" (or "filter: "<text>" is not a value of <enum>" ...), where
// `subject` names the field, e.g. field "budget_krw".
absl::StatusOr<Value> ConvertLiteral(
    const Token& token, const google::protobuf::FieldDescriptor* field,
    std::string_view subject, bool allow_wildcard);

// The canonical text of `value` for `field`: strings as they are, enums as
// the value name, integers in decimal, bools as true/false, floating point
// in shortest round-trip form, Timestamps in RFC 3339 UTC.
std::string CanonicalText(const Value& value,
                          const google::protobuf::FieldDescriptor* field);

}  // namespace busan::query::internal

#endif  // BUSAN_COMMON_QUERY_INTERNAL_LITERAL_H_
