// How busanctl reaches the services: channels and per-call settings.
#ifndef BUSAN_BUSANCTL_CONNECTION_H_
#define BUSAN_BUSANCTL_CONNECTION_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <chrono>
#include <memory>
#include <string>

namespace busan::ctl {

// Settings applied to every call.
struct CallOptions {
  // Deadline of each unary call, counted from the moment its context is
  // made. Streams have no deadline.
  std::chrono::seconds timeout{10};
  // Sent as "authorization: Bearer <token>" metadata when not empty.
  std::string token;
};

// Settings of a channel. Only plaintext exists today; TLS settings (CA file,
// client certificate) will be added here and honoured by NewChannel.
struct ChannelOptions {
  // "HOST:PORT" or any gRPC target URI.
  std::string target;
};

// A channel to `options.target`. Connects lazily: an unreachable server
// shows up as UNAVAILABLE on the first call, not here.
std::shared_ptr<grpc::Channel> NewChannel(const ChannelOptions& options);

// A context for one unary call: deadline now + timeout, plus credentials.
std::unique_ptr<grpc::ClientContext> NewUnaryContext(const CallOptions& call);

// A context for a long-lived server stream: credentials, no deadline.
std::unique_ptr<grpc::ClientContext> NewStreamContext(const CallOptions& call);

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_CONNECTION_H_
