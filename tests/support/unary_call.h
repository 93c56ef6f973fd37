// One unary call with a deadline, so that a server that stops answering
// fails the test instead of hanging it.
#ifndef BUSAN_TESTS_SUPPORT_UNARY_CALL_H_
#define BUSAN_TESTS_SUPPORT_UNARY_CALL_H_

#include <grpcpp/grpcpp.h>

#include <chrono>

namespace busan::testing {

template <typename Stub, typename Req, typename Resp>
grpc::Status Call(Stub& stub,
                  grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&,
                                               Resp*),
                  const Req& request, Resp* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
  return (stub.*method)(&context, request, response);
}

}  // namespace busan::testing

#endif  // BUSAN_TESTS_SUPPORT_UNARY_CALL_H_
