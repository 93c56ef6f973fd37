// The one place where an absl::Status becomes a grpc::Status.
#ifndef BUSAN_COMMON_STATUS_GRPC_STATUS_H_
#define BUSAN_COMMON_STATUS_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace busan {

// Maps `status` to the gRPC status with the same canonical code and message.
// The domain already chose the most specific code; an UNKNOWN here would be a
// bug, so unclassified failures arrive as INTERNAL from the storage layer.
grpc::Status ToGrpcStatus(const absl::Status& status);

// The reverse, for clients and tests that call the services.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace busan

#endif  // BUSAN_COMMON_STATUS_GRPC_STATUS_H_
