// Helpers every gRPC handler of both services uses: refuse a call the
// bearer token does not allow, finish a call with a domain status, and turn a
// request into the domain's write context or list query.
#ifndef BUSAN_COMMON_SERVER_HANDLER_UTIL_H_
#define BUSAN_COMMON_SERVER_HANDLER_UTIL_H_

#include <grpcpp/grpcpp.h>

#include <utility>

#include "absl/status/statusor.h"
#include "common/listing/list_engine.h"
#include "common/server/auth.h"
#include "common/status/grpc_status.h"
#include "common/store/request_log.h"
#include "common/store/serialized_writer.h"

namespace busan::server {

// Finishes a unary call with `status`.
inline grpc::ServerUnaryReactor* Reply(grpc::CallbackServerContext* context,
                                       const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

// The first statement of every unary handler, before any domain work:
//   if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
// Returns the finished reactor when `authorizer` refuses the call, nullptr
// when the call may proceed (always, when `authorizer` is null). gRPC's
// server interceptors cannot end a call with a status of their choosing,
// which is why this is a per-handler guard.
inline grpc::ServerUnaryReactor* Deny(grpc::CallbackServerContext* context,
                                      const Authorizer* authorizer,
                                      Access access) {
  absl::Status status = CheckAccess(authorizer, *context, access);
  if (status.ok()) return nullptr;
  return Reply(context, status);
}

// A server stream that ends at once with a refusal, without writing.
template <typename Response>
class RefusedStream final : public grpc::ServerWriteReactor<Response> {
 public:
  explicit RefusedStream(const absl::Status& status) {
    this->Finish(ToGrpcStatus(status));
  }
  void OnDone() override { delete this; }
};

// Deny() for server-streaming handlers.
template <typename Response>
grpc::ServerWriteReactor<Response>* DenyStream(
    grpc::CallbackServerContext* context, const Authorizer* authorizer,
    Access access) {
  absl::Status status = CheckAccess(authorizer, *context, access);
  if (status.ok()) return nullptr;
  return new RefusedStream<Response>(status);
}

// Finishes a unary call with a domain result moved into `response`.
template <typename T>
grpc::ServerUnaryReactor* Reply(grpc::CallbackServerContext* context,
                                absl::StatusOr<T> result, T* response) {
  if (result.ok()) *response = std::move(*result);
  return Reply(context, result.status());
}

// The idempotency identity of a write request: its request_id, its type
// (one request type per method) and, only when an id is present, the
// digest of its payload.
template <typename Request>
store::WriteContext WriteContextOf(const Request& request) {
  store::WriteContext context;
  context.request_id = request.request_id();
  context.method = Request::descriptor()->full_name();
  if (!context.request_id.empty()) {
    context.digest = store::RequestDigest(request);
  }
  return context;
}

template <typename Request>
listing::ListQuery ListQueryOf(const Request& request,
                               std::string parent = "") {
  listing::ListQuery query;
  query.parent = std::move(parent);
  query.filter = request.filter();
  query.order_by = request.order_by();
  query.page_size = request.page_size();
  query.page_token = request.page_token();
  return query;
}

}  // namespace busan::server

#endif  // BUSAN_COMMON_SERVER_HANDLER_UTIL_H_
