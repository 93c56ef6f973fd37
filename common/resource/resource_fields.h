// Standard-method mechanics shared by every resource of both services
// (AIP-133/134/154): server-stamped times and etags, etag checks, clearing
// output-only fields, and applying an update_mask. They work through
// protobuf reflection on the conventional field names.
#ifndef BUSAN_COMMON_RESOURCE_RESOURCE_FIELDS_H_
#define BUSAN_COMMON_RESOURCE_RESOURCE_FIELDS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"

namespace busan::resource {

// Sets update_time (and create_time when `created`) to `now` and etag (when
// the type has one) to `etag`. Fields the type lacks are skipped.
void StampWrite(google::protobuf::Message* record, absl::Time now,
                const std::string& etag, bool created);

// ABORTED when the client sent an etag and it is not the stored one.
absl::Status CheckEtag(absl::string_view field, absl::string_view given,
                       absl::string_view stored, absl::string_view name);

// Whether the server alone sets `field`: its .proto declares it
// [(busan.type.v1.output_only) = true] (create_time, update_time, etag,
// derived figures, server-assigned event names).
bool IsOutputOnly(const google::protobuf::FieldDescriptor& field);

// Clears every output-only top-level field of `record`: what a create or
// record request may not set.
void ClearOutputOnlyFields(google::protobuf::Message* record);

// Clears the named top-level fields that exist on the record's type.
void ClearFields(google::protobuf::Message* record,
                 const std::vector<std::string>& names);

// Copies the fields named by `mask` from `from` into `to`, clearing those
// unset in `from` (so a mask can remove an optional figure). An empty mask
// or "*" means every field in `mutable_fields`. INVALID_ARGUMENT
// ("update_mask: ...") for unknown paths or paths not in `mutable_fields`.
absl::Status ApplyUpdateMask(const google::protobuf::Message& from,
                             const google::protobuf::FieldMask& mask,
                             const std::vector<std::string>& mutable_fields,
                             google::protobuf::Message* to);

}  // namespace busan::resource

#endif  // BUSAN_COMMON_RESOURCE_RESOURCE_FIELDS_H_
