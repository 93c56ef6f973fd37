// What identifies one write and how its result comes back, shared by the
// API (which builds them from a call), the domain (whose write methods take
// them) and the store (which runs the write): no gRPC or RocksDB types.
//
// Every write method of both domains is asynchronous: it checks its input
// on the caller's thread, hands the rest to the store, and completes the
// WriteCall exactly once, with OK only once the write is durable. Await
// runs one to completion, for tests and tools that write from their own
// thread.
#ifndef BUSAN_COMMON_RESOURCE_WRITE_CALL_H_
#define BUSAN_COMMON_RESOURCE_WRITE_CALL_H_

#include <functional>
#include <string>
#include <utility>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"

namespace busan::resource {

// Identifies a write for idempotency (AIP-155; empty request_id: none) and
// for the record of who made it.
struct WriteContext {
  std::string request_id;
  std::string method;  // one name per RPC method, e.g. the request type
  std::string digest;  // RequestDigest of the request
  // The caller as server::CallerPrincipal names it; empty for writes made
  // inside the process.
  std::string principal;
  // Asked just before the write starts (it may have waited in a queue):
  // an error (the caller's deadline passed, it cancelled) ends the write
  // with that status and nothing done. Unset: always wanted.
  std::function<absl::Status()> still_wanted;
};

// One write: who asks, where the response goes (owned by the caller, valid
// until `done` runs) and the completion, called exactly once.
template <typename Response>
struct WriteCall {
  // Not default-constructible, so that `{}` in a call always means a
  // WriteContext.
  WriteCall(WriteContext context, Response* response,
            absl::AnyInvocable<void(absl::Status)> done)
      : context(std::move(context)),
        response(response),
        done(std::move(done)) {}

  WriteContext context;
  Response* response;
  absl::AnyInvocable<void(absl::Status)> done;

  // Completes the call with `status`.
  void Finish(absl::Status status) { std::move(done)(std::move(status)); }
};

// Runs `start(WriteCall<Response>)` and waits for its completion. Never on
// the thread that completes writes (it would wait for itself).
template <typename Response, typename Start>
absl::StatusOr<Response> Await(WriteContext context, Start&& start) {
  Response response;
  absl::Status status;
  absl::Notification finished;
  start(WriteCall<Response>{std::move(context), &response,
                            [&](absl::Status result) {
                              status = std::move(result);
                              finished.Notify();
                            }});
  finished.WaitForNotification();
  if (!status.ok()) return status;
  return response;
}

}  // namespace busan::resource

#endif  // BUSAN_COMMON_RESOURCE_WRITE_CALL_H_
