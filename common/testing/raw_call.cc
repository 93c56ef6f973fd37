#include "common/testing/raw_call.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <vector>

#include "absl/synchronization/notification.h"

namespace busan::testing {

RawReply RawCall(const std::string& address, const std::string& method,
                 const std::string& request) {
  return RawCall(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()), method,
      request);
}

RawReply RawCall(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
    const std::string& request,
    const std::vector<std::pair<std::string, std::string>>& metadata) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  for (const auto& [key, value] : metadata) context.AddMetadata(key, value);
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  grpc::Slice slice(request);
  grpc::ByteBuffer request_buffer(&slice, 1);
  grpc::ByteBuffer response;
  absl::Notification done;
  RawReply reply;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request_buffer,
                 &response, [&](grpc::Status status) {
                   reply.status = std::move(status);
                   done.Notify();
                 });
  done.WaitForNotification();
  std::vector<grpc::Slice> slices;
  if (reply.status.ok() && response.Dump(&slices).ok()) {
    for (const grpc::Slice& s : slices) {
      reply.body.append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
  }
  return reply;
}

}  // namespace busan::testing
