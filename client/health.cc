#include "client/health.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>
#include <grpcpp/generic/generic_stub.h>

#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "common/status/grpc_status.h"

namespace busan::client {
namespace {

// Field 1 of both messages: HealthCheckRequest.service (a string) and
// HealthCheckResponse.status (an enum, a varint).
constexpr uint32_t kServiceTag = (1 << 3) | 2;
constexpr uint32_t kStatusTag = (1 << 3) | 0;

std::string EncodeRequest(const std::string& service) {
  std::string bytes;
  if (service.empty()) return bytes;  // proto3 leaves a default out
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream out(&stream);
  out.WriteTag(kServiceTag);
  out.WriteVarint32(static_cast<uint32_t>(service.size()));
  out.WriteString(service);
  return bytes;
}

// The status in a serialized HealthCheckResponse; fields it does not know
// are skipped, as any protobuf parser would.
absl::StatusOr<ServingStatus> DecodeResponse(const std::string& bytes) {
  google::protobuf::io::CodedInputStream in(
      reinterpret_cast<const uint8_t*>(bytes.data()),
      static_cast<int>(bytes.size()));
  uint32_t status = 0;
  while (const uint32_t tag = in.ReadTag()) {
    if (tag == kStatusTag) {
      if (!in.ReadVarint32(&status)) break;
    } else if (!google::protobuf::internal::WireFormatLite::SkipField(&in,
                                                                      tag)) {
      break;
    }
  }
  if (!in.ConsumedEntireMessage() || status > 3) {
    return absl::InternalError("malformed grpc.health.v1 answer");
  }
  return static_cast<ServingStatus>(status);
}

std::string ToString(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (!buffer.Dump(&slices).ok()) return bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return bytes;
}

}  // namespace

absl::string_view ServingStatusName(ServingStatus status) {
  switch (status) {
    case ServingStatus::kUnknown:
      return "UNKNOWN";
    case ServingStatus::kServing:
      return "SERVING";
    case ServingStatus::kNotServing:
      return "NOT_SERVING";
    case ServingStatus::kServiceUnknown:
      return "SERVICE_UNKNOWN";
  }
  return "UNKNOWN";
}

absl::StatusOr<ServingStatus> CheckHealth(
    std::shared_ptr<grpc::ChannelInterface> channel, const std::string& service,
    grpc::ClientContext* context) {
  grpc::GenericStub stub(std::move(channel));
  grpc::Slice slice(EncodeRequest(service));
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::Status status;
  absl::Notification done;
  stub.UnaryCall(context, "/grpc.health.v1.Health/Check", grpc::StubOptions(),
                 &request, &response, [&](grpc::Status result) {
                   status = std::move(result);
                   done.Notify();
                 });
  done.WaitForNotification();
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    return ServingStatus::kServiceUnknown;
  }
  if (!status.ok()) return FromGrpcStatus(status);
  return DecodeResponse(ToString(response));
}

}  // namespace busan::client
