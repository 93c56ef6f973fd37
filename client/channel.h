// Channels and call contexts with the library's settings applied: the retry
// policy as a gRPC service config, keepalive, TLS credentials, a deadline
// and the bearer token, and clear messages for transport failures.
#ifndef BUSAN_CLIENT_CHANNEL_H_
#define BUSAN_CLIENT_CHANNEL_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "client/options.h"

namespace busan::client {

// The service config JSON that makes gRPC retry UNAVAILABLE on every
// method of both services with exponential backoff.
std::string RetryServiceConfig(const RetryOptions& retry);

// A channel to `options.target`. Connects lazily: an unreachable server
// shows up on the first call, not here. INVALID_ARGUMENT naming the file
// when a TLS file cannot be read, or only one of cert_file/key_file is set.
//
// Every call's failure status passes through one interceptor that rewrites
// transport failures (UNAVAILABLE, DEADLINE_EXCEEDED, UNAUTHENTICATED,
// PERMISSION_DENIED) into messages naming the service and address; the
// services' own errors (INVALID_ARGUMENT naming a field, ...) pass as they
// are. The code never changes.
absl::StatusOr<std::shared_ptr<grpc::Channel>> NewChannel(
    const ChannelOptions& options);

// A context for one unary call: deadline now + timeout, plus the token.
std::unique_ptr<grpc::ClientContext> NewUnaryContext(const CallOptions& call);

// A context for a long-lived server stream: the token, no deadline.
std::unique_ptr<grpc::ClientContext> NewStreamContext(const CallOptions& call);

}  // namespace busan::client

#endif  // BUSAN_CLIENT_CHANNEL_H_
