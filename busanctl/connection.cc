#include "busanctl/connection.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

namespace busan::ctl {
namespace {

// Responses of List with --page_size=1000 and BatchGetProjects of 1,000
// names can exceed gRPC's default 4 MiB receive limit.
constexpr int kMaxReceiveBytes = 64 << 20;

std::unique_ptr<grpc::ClientContext> NewContext(const CallOptions& call) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!call.token.empty()) {
    context->AddMetadata("authorization", "Bearer " + call.token);
  }
  return context;
}

}  // namespace

std::shared_ptr<grpc::Channel> NewChannel(const ChannelOptions& options) {
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(kMaxReceiveBytes);
  return grpc::CreateCustomChannel(
      options.target, grpc::InsecureChannelCredentials(), arguments);
}

std::unique_ptr<grpc::ClientContext> NewUnaryContext(const CallOptions& call) {
  auto context = NewContext(call);
  context->set_deadline(std::chrono::system_clock::now() + call.timeout);
  return context;
}

std::unique_ptr<grpc::ClientContext> NewStreamContext(const CallOptions& call) {
  return NewContext(call);
}

}  // namespace busan::ctl
