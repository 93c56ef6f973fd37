// Reading resources given on the command line as proto3 JSON (--json=...).
#ifndef BUSAN_BUSANCTL_JSON_INPUT_H_
#define BUSAN_BUSANCTL_JSON_INPUT_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/message.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace busan::ctl {

// The JSON text a --json flag names: the value itself, or, when it starts
// with '@', the contents of the file at the path after it ("@-" is not
// special). INVALID_ARGUMENT ("--json: cannot read FILE: ...") when the file
// cannot be read.
absl::StatusOr<std::string> ReadJsonArgument(const std::string& value);

// Parses the proto3 JSON mapping of `message`'s type into `message` (field
// names in lowerCamelCase or as in the .proto). INVALID_ARGUMENT ("--json:
// ...") on malformed JSON or unknown fields.
absl::Status ParseJsonMessage(absl::string_view json,
                              google::protobuf::Message* message);

// The update mask implied by a JSON object: its top-level keys mapped to
// .proto field names of `descriptor` (lowerCamelCase JSON names accepted), in
// field-number order, leaving out `name`, `etag` and output-only fields (so
// the output of `get --output=json` can be edited and sent back as is).
// INVALID_ARGUMENT when `json` is not an object or names an unknown field.
absl::StatusOr<google::protobuf::FieldMask> MaskFromJsonKeys(
    absl::string_view json, const google::protobuf::Descriptor& descriptor);

// Splits an --update_mask value ("display_name,budget_krw") into paths,
// trimming spaces and dropping empty items.
google::protobuf::FieldMask ParseMaskFlag(absl::string_view value);

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_JSON_INPUT_H_
