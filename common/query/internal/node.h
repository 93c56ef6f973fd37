// The compiled form of a filter: a tree whose leaves hold a resolved field
// path and a literal already converted to the field's type.
#ifndef BUSAN_COMMON_QUERY_INTERNAL_NODE_H_
#define BUSAN_COMMON_QUERY_INTERNAL_NODE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/query/internal/field_path.h"

namespace busan::query::internal {

enum class Comparator { kEq, kNe, kLt, kLe, kGt, kGe };

// How a string literal matches, given "*" at its ends (for = and != and the
// elements tested by ":").
enum class StringMatch {
  kExact,     // "port"
  kPrefix,    // "port*"
  kSuffix,    // "*port"
  kContains,  // "*port*"
  kAny,       // "*"
};

// A literal converted to the type of the field it is compared with. Only the
// members for that type are meaningful.
struct Value {
  int64_t int_value = 0;  // int32, int64, enum number, Timestamp seconds
  int32_t nanos = 0;      // Timestamp nanos
  uint64_t uint_value = 0;
  double double_value = 0;  // float literals are rounded to float
  bool bool_value = false;
  std::string string_value;  // string and bytes, without wildcard stars
  StringMatch match = StringMatch::kExact;
};

struct Node {
  enum class Kind {
    kAnd,      // every child matches
    kOr,       // some child matches
    kNot,      // the one child does not match
    kCompare,  // the singular field at `path` compares with `value`
    kElement,  // some element of the repeated field (key of the map) equals
    kPresent,  // path:* - the field is set / non-empty / non-default
  };
  Kind kind = Kind::kCompare;
  std::vector<Node> children;
  FieldPath path;
  Comparator comparator = Comparator::kEq;
  Value value;
};

}  // namespace busan::query::internal

#endif  // BUSAN_COMMON_QUERY_INTERNAL_NODE_H_
