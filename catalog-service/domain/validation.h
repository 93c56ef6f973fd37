// Stateless checks of catalog resources as clients send them, and the
// update_mask rules. Every error is INVALID_ARGUMENT naming the field path
// (e.g. "project.budget_krw: must not be negative, got -1"). Rules that need
// stored state (parents exist, etags match) live with the operations.
#ifndef BUSAN_CATALOG_SERVICE_DOMAIN_VALIDATION_H_
#define BUSAN_CATALOG_SERVICE_DOMAIN_VALIDATION_H_

#include <string_view>

#include "absl/status/status.h"
#include "busan/catalog/v1/catalog.pb.h"
#include "google/protobuf/field_mask.pb.h"

namespace busan::catalog {

inline constexpr size_t kMaxNameChars = 300;
inline constexpr int kMinYear = 1900;
inline constexpr int kMaxYear = 2200;
inline constexpr int kMaxTags = 32;
inline constexpr size_t kMaxTagChars = 64;
inline constexpr size_t kMaxNoteChars = 2000;
inline constexpr int kMaxStatusUpdates = 1000;

absl::Status ValidatePlan(const v1::Plan& plan);
absl::Status ValidateStrategy(const v1::Strategy& strategy);
absl::Status ValidateInitiative(const v1::Initiative& initiative);
absl::Status ValidateProject(const v1::Project& project);
// A status report as RecordProjectStatus receives it ("status." fields).
absl::Status ValidateStatusUpdate(const v1::StatusUpdate& status);

// Copies the fields named by `mask` from `from` into `to`, clearing those
// that are unset in `from` (so a mask can remove an optional figure). An
// empty mask or "*" means every mutable field. INVALID_ARGUMENT
// ("update_mask: ...") for unknown or immutable paths.
absl::Status ApplyUpdateMask(const google::protobuf::Message& from,
                             const google::protobuf::FieldMask& mask,
                             google::protobuf::Message* to);

}  // namespace busan::catalog

#endif  // BUSAN_CATALOG_SERVICE_DOMAIN_VALIDATION_H_
