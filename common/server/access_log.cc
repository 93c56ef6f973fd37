#include "common/server/access_log.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <chrono>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "common/server/auth.h"
#include "common/server/call_metrics.h"

namespace busan::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

LogLevel LevelOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::DATA_LOSS:
      return LogLevel::kError;
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return LogLevel::kWarning;
    default:
      return LogLevel::kInfo;
  }
}

bool IsInfrastructure(absl::string_view method) {
  return absl::StartsWith(method, "/grpc.health.v1.") ||
         absl::StartsWith(method, "/grpc.reflection.");
}

// The request's `request_id` string field, when it has one.
std::string RequestIdOf(const google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
      field->is_repeated()) {
    return std::string();
  }
  return request.GetReflection()->GetString(request, field);
}

class AccessLogInterceptor final : public grpc::experimental::Interceptor {
 public:
  AccessLogInterceptor(const Logger* logger,
                       grpc::experimental::ServerRpcInfo* info,
                       bool protobuf_messages)
      : logger_(logger),
        info_(info),
        protobuf_messages_(protobuf_messages),
        start_(std::chrono::steady_clock::now()) {}

  ~AccessLogInterceptor() override {
    // Torn down before a status was sent: the server cancelled the call.
    if (!logged_) Write(grpc::StatusCode::CANCELLED);
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (protobuf_messages_ && request_id_.empty() &&
        methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE)) {
      const void* message = methods->GetRecvMessage();
      if (message != nullptr) {
        request_id_ = RequestIdOf(
            *static_cast<const google::protobuf::Message*>(message));
      }
    }
    if (!logged_ && methods->QueryInterceptionHookPoint(
                        InterceptionHookPoints::PRE_SEND_STATUS)) {
      Write(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  void Write(grpc::StatusCode code) {
    logged_ = true;
    const char* name = info_->method();
    const absl::string_view method = name == nullptr ? "unknown" : name;
    const LogLevel level =
        IsInfrastructure(method) ? LogLevel::kDebug : LevelOf(code);
    if (!logger_->Enabled(level)) return;
    const int64_t latency_us =
        std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - start_)
            .count();
    const grpc::ServerContextBase& context = *info_->server_context();
    logger_->Log(level, "rpc",
                 {{"method", method},
                  {"code", StatusCodeName(code)},
                  {"latency_us", latency_us},
                  {"principal", CallerPrincipal(context)},
                  {"request_id", request_id_},
                  {"peer", context.peer()}});
  }

  const Logger* const logger_;
  grpc::experimental::ServerRpcInfo* const info_;
  const bool protobuf_messages_;
  const std::chrono::steady_clock::time_point start_;
  std::string request_id_;
  bool logged_ = false;
};

class AccessLogFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  AccessLogFactory(const Logger* logger, std::vector<std::string> methods)
      : logger_(logger), protobuf_methods_(methods.begin(), methods.end()) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    const bool protobuf =
        info->method() != nullptr && protobuf_methods_.contains(info->method());
    return new AccessLogInterceptor(logger_, info, protobuf);
  }

 private:
  const Logger* const logger_;
  const absl::flat_hash_set<std::string> protobuf_methods_;
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewAccessLogFactory(const Logger* logger,
                    std::vector<std::string> protobuf_methods) {
  return std::make_unique<AccessLogFactory>(logger,
                                            std::move(protobuf_methods));
}

}  // namespace busan::server
