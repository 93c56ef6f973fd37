#include "tests/support/call_recorder.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace busan::testing {
namespace {

using grpc::experimental::InterceptionHookPoints;

class RecordingInterceptor final : public grpc::experimental::Interceptor {
 public:
  RecordingInterceptor(CallRecorder* recorder, absl::string_view method)
      : recorder_(recorder) {
    // "/busan.catalog.v1.CatalogService/CreateProject" -> "CreateProject".
    const size_t slash = method.rfind('/');
    call_.method = std::string(
        slash == absl::string_view::npos ? method : method.substr(slash + 1));
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      const auto* metadata = methods->GetRecvInitialMetadata();
      auto found = metadata->find("authorization");
      if (found != metadata->end()) {
        call_.authorization.assign(found->second.data(), found->second.size());
      }
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE)) {
      // The generated services receive into their request message.
      const auto* request = static_cast<const google::protobuf::Message*>(
          methods->GetRecvMessage());
      if (request != nullptr) {
        std::shared_ptr<google::protobuf::Message> copy(request->New());
        copy->CopyFrom(*request);
        call_.request = std::move(copy);
        recorder_->Add(call_);
      }
    }
    methods->Proceed();
  }

 private:
  CallRecorder* const recorder_;
  CallRecorder::Call call_;
};

class RecordingFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit RecordingFactory(CallRecorder* recorder) : recorder_(recorder) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RecordingInterceptor(recorder_, info->method());
  }

 private:
  CallRecorder* const recorder_;
};

}  // namespace

std::string CallRecorder::Call::StringField(const std::string& field) const {
  if (request == nullptr) return "";
  const google::protobuf::FieldDescriptor* descriptor =
      request->GetDescriptor()->FindFieldByName(field);
  if (descriptor == nullptr ||
      descriptor->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
      descriptor->is_repeated()) {
    return "";
  }
  return request->GetReflection()->GetString(*request, descriptor);
}

bool CallRecorder::Call::is_write() const {
  for (absl::string_view prefix : {"Create", "Update", "Delete", "Record"}) {
    if (absl::StartsWith(method, prefix)) return true;
  }
  return false;
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
CallRecorder::NewFactory() {
  return std::make_unique<RecordingFactory>(this);
}

void CallRecorder::Add(Call call) {
  absl::MutexLock lock(&mutex_);
  calls_.push_back(std::move(call));
}

std::vector<CallRecorder::Call> CallRecorder::Calls() const {
  absl::MutexLock lock(&mutex_);
  return calls_;
}

std::vector<CallRecorder::Call> CallRecorder::Writes() const {
  std::vector<Call> writes;
  for (Call& call : Calls()) {
    if (call.is_write()) writes.push_back(std::move(call));
  }
  return writes;
}

}  // namespace busan::testing
