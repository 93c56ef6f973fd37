// AIP-160 filters for List methods, evaluated on any protobuf message type
// through reflection.
//
// Supported subset:
//   - Comparisons `=`, `!=`, `<`, `<=`, `>`, `>=` between a singular scalar
//     field (string, bytes, integers, float, double, bool, enum, proto3
//     `optional`) or a google.protobuf.Timestamp field and a literal. Paths
//     may go through singular message fields: `origin_counts.new_count > 3`.
//     Strings compare bytewise, enums by number, bools false < true,
//     Timestamps by time (the literal is RFC 3339 text).
//   - `:` (has): `tags : "port"` is true when some element of a repeated
//     scalar field equals the literal (for a map: some key does);
//     `field:*` is true when the field is present: a non-empty repeated or
//     map field, a set optional or message field, a non-default scalar.
//   - `AND`, `OR`, `NOT`, `-` (negation), parentheses, and juxtaposition,
//     which means AND. As in AIP-160, OR binds tighter than AND:
//     `a AND b OR c` is `a AND (b OR c)`. Keywords are upper case only.
//   - Literals: double- or single-quoted strings with backslash escapes
//     (`\"`, `\\`, `\*`, `\n`, ...), integers with an optional `-`,
//     `true`/`false`, and bare words, which name enum values for enum fields
//     and are text for string fields. An enum also accepts the number of a
//     known value.
//   - Wildcards: for `=` and `!=` on strings (and for `:` on repeated
//     strings) an unescaped `*` at the start and/or end of the literal
//     matches any text there: `display_name = "Port*"` is a prefix match,
//     `"*Port"` a suffix match, `"*Port*"` a substring match.
//
// Absent values: a field that has no value (an unset proto3 `optional` or
// Timestamp, or any field below an unset message) fails every comparison,
// including `!=`. So for a project without a budget both `budget_krw > 5`
// and `budget_krw != 5` are false, and `NOT budget_krw > 5` is true.
// Use `budget_krw:*` to test presence.
//
// Positions in error messages are 1-based byte offsets into the filter text.
#ifndef BUSAN_COMMON_QUERY_FILTER_H_
#define BUSAN_COMMON_QUERY_FILTER_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace busan::query {

namespace internal {
struct Node;
}  // namespace internal

// A compiled filter. Immutable, cheap to copy, and safe to use from many
// threads at once.
class Filter {
 public:
  // Longest filter text accepted, in bytes.
  static constexpr size_t kMaxBytes = 4096;
  // Deepest nesting accepted; each parenthesised group and each NOT or `-`
  // is one level.
  static constexpr int kMaxDepth = 32;

  // The empty filter: matches every message of any type.
  Filter() = default;

  // Parses `text` and checks every field path and literal against
  // `descriptor`, which must not be null. Empty or all-white-space text
  // gives the empty filter.
  //
  // Returns INVALID_ARGUMENT with a message that starts with "filter: " and
  // ends with (or, for syntax errors, continues after) "at position N":
  //   filter: unknown field "budget" at position 1
  //   filter: syntax error at position 17: expected a value after "=", ...
  //   filter: field "budget_krw" takes an integer, got "abc" at position 14
  //   filter: "SPACE" is not a value of busan.catalog.v1.Project.Origin at
  //     position 10
  // and likewise for a value without field and comparator (global text
  // search is not supported), `=` or `<` on a repeated, map or non-Timestamp
  // message field, `:` with a value other than `*` on a field that is
  // neither repeated nor a map, text over kMaxBytes, and nesting over
  // kMaxDepth.
  static absl::StatusOr<Filter> Compile(
      std::string_view text, const google::protobuf::Descriptor* descriptor);

  // True when `message` satisfies the filter. A message of another type
  // than the one compiled for never matches (unless the filter is empty).
  // Does not allocate for generated message types.
  bool Matches(const google::protobuf::Message& message) const;

  // For index planning: when the filter is `path = literal`, or an AND one of
  // whose operands is `path = literal` (exact: no wildcard, not under NOT or
  // OR), returns the literal in canonical text: strings as they are, enums
  // as the value name, integers in decimal, bools as "true"/"false"
  // (Timestamps in RFC 3339 UTC). `path` is the dotted field path, e.g.
  // "strategy". Otherwise nullopt. Every match of the filter then has that
  // value at `path`.
  std::optional<std::string> RequiredEquality(std::string_view path) const;
  // As RequiredEquality, when the whole filter is that one comparison:
  // then the filter matches exactly the messages with that value.
  std::optional<std::string> SoleEquality(std::string_view path) const;

  // True for the empty filter, which matches everything.
  bool empty() const { return root_ == nullptr; }

 private:
  Filter(const google::protobuf::Descriptor* descriptor,
         std::shared_ptr<const internal::Node> root)
      : descriptor_(descriptor), root_(std::move(root)) {}

  const google::protobuf::Descriptor* descriptor_ = nullptr;
  std::shared_ptr<const internal::Node> root_;  // null when empty
};

}  // namespace busan::query

#endif  // BUSAN_COMMON_QUERY_FILTER_H_
