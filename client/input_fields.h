// Which fields of a resource a client writes (input fields) and which the
// server computes (output-only fields), for building update masks and for
// comparing a stored resource with the copy a client wants.
#ifndef BUSAN_CLIENT_INPUT_FIELDS_H_
#define BUSAN_CLIENT_INPUT_FIELDS_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/message.h>

#include <string>
#include <vector>

#include "common/resource/resource_fields.h"

namespace busan::client {

// Which fields are output-only is declared in the .proto files
// ([(busan.type.v1.output_only) = true]) and read with
// resource::IsOutputOnly / resource::ClearOutputOnlyFields, as the services
// do.

// An update mask naming every input field of `descriptor`'s message: all
// top-level fields except `name` (the identity, never updated) and the
// output-only ones, in field-number order. An update with this mask makes the
// stored resource equal to the request's copy, clearing what it leaves unset.
google::protobuf::FieldMask InputFieldMask(
    const google::protobuf::Descriptor& descriptor);

// True when `stored` and `wanted` (the same message type) differ in any
// input field. Output-only fields are ignored, so a resource read back from
// the server compares equal to the record it was created from.
bool InputFieldsDiffer(const google::protobuf::Message& stored,
                       const google::protobuf::Message& wanted);

// The names of the top-level input fields in which `stored` and `wanted`
// (the same message type) differ, in field-number order. Unknown fields (a
// newer server's) are ignored; otherwise empty exactly when
// InputFieldsDiffer is false.
std::vector<std::string> DifferingInputFields(
    const google::protobuf::Message& stored,
    const google::protobuf::Message& wanted);

}  // namespace busan::client

#endif  // BUSAN_CLIENT_INPUT_FIELDS_H_
