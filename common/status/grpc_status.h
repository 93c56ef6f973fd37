// The one place where an absl::Status becomes a grpc::Status.
#ifndef BUSAN_COMMON_STATUS_GRPC_STATUS_H_
#define BUSAN_COMMON_STATUS_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace busan {

// Error messages quote what the caller sent, and a caller can send 10 KB of
// anything. gRPC carries the message in a header that clients refuse past
// 8 KB (percent-encoding can triple it), and a NUL or an escape sequence
// would reach every log and screen that shows it. So messages are cut to
// this size and their control characters escaped.
inline constexpr size_t kMaxStatusMessageBytes = 1024;

// `message` with control characters and bytes that are not UTF-8 written as
// \xNN, cut to at most kMaxStatusMessageBytes (plus a note of how much was
// cut) on a character boundary.
std::string BoundedStatusMessage(absl::string_view message);

// Maps `status` to the gRPC status with the same canonical code and its
// message bounded (BoundedStatusMessage).
// The domain already chose the most specific code; an UNKNOWN here would be a
// bug, so unclassified failures arrive as INTERNAL from the storage layer.
grpc::Status ToGrpcStatus(const absl::Status& status);

// The reverse, for clients and tests that call the services.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace busan

#endif  // BUSAN_COMMON_STATUS_GRPC_STATUS_H_
