// Helpers every gRPC handler of both services uses: refuse a call the
// bearer token does not allow, finish a call with a domain status, and turn a
// request into the domain's write context or list query.
#ifndef BUSAN_COMMON_SERVER_HANDLER_UTIL_H_
#define BUSAN_COMMON_SERVER_HANDLER_UTIL_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <utility>

#include "absl/status/statusor.h"
#include "common/listing/list_engine.h"
#include "common/resource/write_call.h"
#include "common/server/auth.h"
#include "common/status/grpc_status.h"
#include "common/store/request_log.h"

namespace busan::server {

// OK while the call is worth starting: DEADLINE_EXCEEDED once its deadline
// has passed (the caller has given up; doing the work would only add load),
// CANCELLED once the caller cancelled it.
inline absl::Status CheckStartable(const grpc::CallbackServerContext& context) {
  if (context.deadline() <= std::chrono::system_clock::now()) {
    return absl::DeadlineExceededError(
        "the call's deadline passed before it started; nothing was done");
  }
  if (context.IsCancelled()) {
    return absl::CancelledError("the call was cancelled; nothing was done");
  }
  return absl::OkStatus();
}

// Finishes a unary call with `status`.
inline grpc::ServerUnaryReactor* Reply(grpc::CallbackServerContext* context,
                                       const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

// The guard before any domain work in a unary handler (ServeRead and
// ServeWrite begin with it; other handlers call it first themselves):
//   if (auto* denied = Deny(context, auth_, Access::kWrite)) return denied;
// Returns the finished reactor when `authorizer` refuses the call, nullptr
// when the call may proceed (always, when `authorizer` is null). gRPC's
// server interceptors cannot end a call with a status of their choosing,
// which is why this is a per-handler guard.
// A call past its deadline is refused here too (CheckStartable).
inline grpc::ServerUnaryReactor* Deny(grpc::CallbackServerContext* context,
                                      const Authorizer* authorizer,
                                      Access access) {
  absl::Status status = CheckStartable(*context);
  if (status.ok()) status = CheckAccess(authorizer, *context, access);
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
  absl::Status status = CheckStartable(*context);
  if (status.ok()) status = CheckAccess(authorizer, *context, access);
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

// The body of a read handler: refuses a caller without read access, else
// answers with the status `read()` returns (having filled the response).
template <typename Read>
grpc::ServerUnaryReactor* ServeRead(grpc::CallbackServerContext* context,
                                    const Authorizer* authorizer, Read read) {
  if (auto* denied = Deny(context, authorizer, Access::kRead)) return denied;
  return Reply(context, read());
}

// The body of a write handler: refuses a caller without write access, else
// starts the write: `start(WriteCall<Response>)` calls the domain's write
// method, with the request's WriteContext and the call's response. The
// call finishes when the domain completes it: at once for bad input, else
// once the write is durable, so no gRPC thread waits on an fsync. A call
// whose deadline passed or that was cancelled while its write was queued
// is not started.
template <typename Request, typename Response, typename Start>
grpc::ServerUnaryReactor* ServeWrite(grpc::CallbackServerContext* context,
                                     const Authorizer* authorizer,
                                     const Request& request, Response* response,
                                     Start start) {
  if (auto* denied = Deny(context, authorizer, Access::kWrite)) return denied;
  resource::WriteContext write_context = store::WriteContextOf(request);
  write_context.principal = CallerPrincipal(*context);
  write_context.still_wanted = [context] { return CheckStartable(*context); };
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  start(resource::WriteCall<Response>(std::move(write_context), response,
                                      [reactor](absl::Status status) {
                                        reactor->Finish(ToGrpcStatus(status));
                                      }));
  return reactor;
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
