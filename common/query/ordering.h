// order_by for List methods: parsing, canonical text, and sort keys that
// double as pagination cursors.
//
// Syntax: comma-separated fields, each a dotted field path optionally
// followed by "asc" or "desc" (any case), with white space anywhere between
// words: "budget_krw desc, name". Sortable fields are singular scalars
// (strings bytewise, integers, floating point, bools false first, enums by
// number) and google.protobuf.Timestamp, also through singular message
// fields ("origin_counts.new_count"). Absent values (an unset optional or
// Timestamp, or a field below an unset message) sort first ascending and
// last descending.
//
// Positions in error messages are 1-based byte offsets into the text.
#ifndef BUSAN_COMMON_QUERY_ORDERING_H_
#define BUSAN_COMMON_QUERY_ORDERING_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/query/internal/field_path.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace busan::query {

// A parsed order_by. Immutable, cheap enough to copy, thread-safe.
class Ordering {
 public:
  // Longest order_by text accepted, in bytes.
  static constexpr size_t kMaxBytes = 4096;

  // Parses `text` for messages of `descriptor`, which must have a singular
  // string field `name` (the resource name) that breaks ties. Empty or
  // all-white-space text orders by `name` ascending.
  //
  // Returns INVALID_ARGUMENT "order_by: ... at position N" for an unknown
  // field, a repeated, map or message (other than Timestamp) field, a field
  // listed twice, a direction other than asc/desc, an empty item ("a,,b"),
  // more than two words in an item, or text over kMaxBytes. Returns INTERNAL
  // when `descriptor` is null or has no string field `name`.
  static absl::StatusOr<Ordering> Parse(
      std::string_view text, const google::protobuf::Descriptor* descriptor);

  // A byte string whose memcmp order between two messages is the requested
  // order, with ties broken by `name` ascending, so keys are unique per
  // resource. Each field is encoded order-preservingly (see
  // internal/key_encoding.h) and a descending field has every byte of its
  // encoding inverted. `message` must be of the parsed descriptor's type.
  std::string SortKey(const google::protobuf::Message& message) const;

  // The ordering as "path[ desc],..." including the `name` tie-break, e.g.
  // "budget_krw desc,name" for "budget_krw DESC" or "budget_krw desc, name
  // asc"; equal orderings give equal text. For query fingerprints.
  std::string Canonical() const;

  // True when the order is by `name` ascending alone: "", "name",
  // "name asc".
  bool IsByNameOnly() const;

 private:
  struct SortField {
    internal::FieldPath path;
    bool descending = false;
  };

  explicit Ordering(std::vector<SortField> fields)
      : fields_(std::move(fields)) {}

  // The requested fields, then `name` ascending unless requested already.
  std::vector<SortField> fields_;
};

}  // namespace busan::query

#endif  // BUSAN_COMMON_QUERY_ORDERING_H_
