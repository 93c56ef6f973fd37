// Records the calls a real in-process server receives, for tests that check
// what a client sent (busanctl's commands, the seed loader) without a fake
// service: a server interceptor keeps each call's method, authorization
// metadata and a copy of its request.
//
//   CallRecorder recorder;
//   CatalogServer server({}, nullptr, &recorder);
//   ... run the client ...
//   for (const CallRecorder::Call& call : recorder.Writes()) ...
#ifndef BUSAN_TESTS_SUPPORT_CALL_RECORDER_H_
#define BUSAN_TESTS_SUPPORT_CALL_RECORDER_H_

#include <google/protobuf/message.h>
#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace busan::testing {

class CallRecorder {
 public:
  struct Call {
    std::string method;         // the short name: "CreateProject"
    std::string authorization;  // the metadata's value; "" when absent
    std::shared_ptr<const google::protobuf::Message> request;

    // The request as `Request`, or null when it is of another type.
    template <typename Request>
    const Request* As() const {
      return dynamic_cast<const Request*>(request.get());
    }
    // A top-level string field of the request by name ("request_id");
    // "" when it has none.
    std::string StringField(const std::string& field) const;
    // Create*, Update*, Delete* and Record*: the contract's writes.
    bool is_write() const;
  };

  // For GrpcServer::Start. The recorder must outlive the server.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
  NewFactory();

  // Every call received so far, in arrival order.
  std::vector<Call> Calls() const;
  // Only the writes.
  std::vector<Call> Writes() const;

  void Add(Call call);

 private:
  mutable absl::Mutex mutex_;
  std::vector<Call> calls_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace busan::testing

#endif  // BUSAN_TESTS_SUPPORT_CALL_RECORDER_H_
