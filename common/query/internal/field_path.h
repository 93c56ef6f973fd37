// Dotted field paths ("origin_counts.new_count") resolved against a message
// type through protobuf reflection, shared by filters and orderings.
#ifndef BUSAN_COMMON_QUERY_INTERNAL_FIELD_PATH_H_
#define BUSAN_COMMON_QUERY_INTERNAL_FIELD_PATH_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace busan::query::internal {

// A resolved path: every field but the last is a singular (non-repeated,
// non-map) message field of the message before it. Never empty once resolved.
struct FieldPath {
  std::vector<const google::protobuf::FieldDescriptor*> fields;

  const google::protobuf::FieldDescriptor* leaf() const {
    return fields.back();
  }
  // The path as dotted proto field names, e.g. "origin_counts.new_count".
  std::string ToString() const;
};

// Resolves `text` (proto field names joined by ".") against `descriptor`.
// Errors are INVALID_ARGUMENT "<context>: ... at position N", where N is
// `position` (the 1-based byte position of `text` in the client's input)
// advanced to the offending segment: a segment that is not an identifier, an
// unknown field, or a step through a scalar, repeated or map field.
absl::StatusOr<FieldPath> ResolveFieldPath(
    std::string_view text, const google::protobuf::Descriptor* descriptor,
    std::string_view context, int position);

// The message that holds `path.leaf()` inside `message`, or nullptr when a
// message field along the way is unset (the leaf is then absent). Does not
// allocate.
const google::protobuf::Message* FindLeafParent(
    const google::protobuf::Message& message, const FieldPath& path);

// True when `field` in `parent` has a value a comparison can see: always for
// singular fields without presence (proto3 scalars read as their default),
// otherwise only when set. Not meaningful for repeated fields.
bool HasComparableValue(const google::protobuf::Message& parent,
                        const google::protobuf::FieldDescriptor* field);

// True for google.protobuf.Timestamp.
bool IsTimestamp(const google::protobuf::Descriptor* descriptor);

// Reads a google.protobuf.Timestamp message through reflection.
void ReadTimestamp(const google::protobuf::Message& timestamp, int64_t* seconds,
                   int32_t* nanos);

}  // namespace busan::query::internal

#endif  // BUSAN_COMMON_QUERY_INTERNAL_FIELD_PATH_H_
