// request_id values (AIP-155) for the writes busanctl sends.
//
// The services accept a write's request_id as a UUID in canonical text form
// (lowercase 8-4-4-4-12 hex) and answer a retry that carries the same id and
// payload with the original result, so a command is never applied twice.
#ifndef BUSAN_BUSANCTL_REQUEST_ID_H_
#define BUSAN_BUSANCTL_REQUEST_ID_H_

#include <string>

#include "absl/strings/string_view.h"

namespace busan::ctl {

// A fresh random (version 4) UUID, e.g.
// "3f1c2b9e-7d4a-4c1e-9b2f-0a6d5e8c7b41". Drawn from std::random_device, so
// two invocations of busanctl never share one.
std::string NewRandomRequestId();

// True when `text` is a UUID in canonical form: 36 characters, lowercase hex
// digits in groups of 8-4-4-4-12 separated by '-'.
bool IsCanonicalUuid(absl::string_view text);

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_REQUEST_ID_H_
