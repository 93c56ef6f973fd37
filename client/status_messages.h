// The one place where a failed call's status becomes a message a person can
// act on: which service, at which address, what went wrong, what to check.
#ifndef BUSAN_CLIENT_STATUS_MESSAGES_H_
#define BUSAN_CLIENT_STATUS_MESSAGES_H_

#include <grpcpp/support/status.h>

#include "absl/strings/string_view.h"

namespace busan::client {

// `status` with a clearer message when the failure is about reaching or
// being let into the service; the code and the services' own messages
// (INVALID_ARGUMENT naming a field, NOT_FOUND naming a resource, ...) are
// kept. `service` is e.g. "catalog-service", `target` its address.
grpc::Status ExplainStatus(const grpc::Status& status,
                           absl::string_view service, absl::string_view target);

}  // namespace busan::client

#endif  // BUSAN_CLIENT_STATUS_MESSAGES_H_
