// One unary call with a hand-serialized request, for tests of what a
// server answers on the wire (health checks, unknown methods) without
// generated stubs.
#ifndef BUSAN_COMMON_TESTING_RAW_CALL_H_
#define BUSAN_COMMON_TESTING_RAW_CALL_H_

#include <grpcpp/channel.h>
#include <grpcpp/support/status.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace busan::testing {

struct RawReply {
  grpc::Status status;
  std::string body;  // the serialized response when status is OK
};

// Calls `method` ("/package.Service/Method") on the plaintext server at
// `address` with the serialized `request`, within 10 seconds.
RawReply RawCall(const std::string& address, const std::string& method,
                 const std::string& request);

// The same on `channel`, with `metadata` (key, value) added to the call.
RawReply RawCall(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
    const std::string& request,
    const std::vector<std::pair<std::string, std::string>>& metadata = {});

}  // namespace busan::testing

#endif  // BUSAN_COMMON_TESTING_RAW_CALL_H_
