// The standard gRPC health check (grpc.health.v1.Health/Check) from C++,
// without generated code for health.proto (Debian's gRPC does not ship
// it): both messages have one field, so they are encoded here by hand.
#ifndef BUSAN_CLIENT_HEALTH_H_
#define BUSAN_CLIENT_HEALTH_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace busan::client {

// grpc.health.v1.HealthCheckResponse.ServingStatus.
enum class ServingStatus {
  kUnknown = 0,
  kServing = 1,
  kNotServing = 2,
  kServiceUnknown = 3,
};

// "SERVING", "NOT_SERVING", ...
absl::string_view ServingStatusName(ServingStatus status);

// Asks `channel` about `service` ("" for the server as a whole) within
// `context`'s deadline. The status the server reports, including
// kServiceUnknown for a service it does not know (its NOT_FOUND); the
// call's error otherwise (UNAVAILABLE when nothing answers); INTERNAL when
// the answer is not a HealthCheckResponse.
absl::StatusOr<ServingStatus> CheckHealth(
    std::shared_ptr<grpc::ChannelInterface> channel, const std::string& service,
    grpc::ClientContext* context);

}  // namespace busan::client

#endif  // BUSAN_CLIENT_HEALTH_H_
