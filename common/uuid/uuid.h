// UUIDs in their text form (RFC 9562: 8-4-4-4-12 hex digits), the one place
// that makes and recognises them: request ids are UUIDs (AIP-155).
#ifndef BUSAN_COMMON_UUID_UUID_H_
#define BUSAN_COMMON_UUID_UUID_H_

#include <string>

#include "absl/strings/string_view.h"

namespace busan::uuid {

// A random (version 4) UUID in canonical form: lowercase, with hyphens.
// Drawn from std::random_device, so two processes never share a sequence.
std::string NewRandom();

// 8-4-4-4-12 hex digits, either case: what a server accepts.
bool IsUuid(absl::string_view text);

// IsUuid and lowercase: what NewRandom makes and clients should send.
bool IsCanonical(absl::string_view text);

}  // namespace busan::uuid

#endif  // BUSAN_COMMON_UUID_UUID_H_
