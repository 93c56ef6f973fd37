#include "client/channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>
#include <grpcpp/support/client_interceptor.h>

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/status_messages.h"
#include "common/files/read_file.h"

namespace busan::client {
namespace {

// Responses of List with page_size=1000 and BatchGetProjects of 1,000 names
// can exceed gRPC's default 4 MiB receive limit.
constexpr int kMaxReceiveBytes = 64 << 20;

std::string Seconds(std::chrono::milliseconds duration) {
  return absl::StrFormat("%.3fs", duration.count() / 1000.0);
}

// A PEM file named by `flag`; an empty one is as unusable as a missing one.
absl::StatusOr<std::string> ReadFile(const char* flag,
                                     const std::string& path) {
  absl::StatusOr<std::string> contents = files::ReadFile(path);
  if (!contents.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": ", contents.status().message()));
  }
  if (contents->empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": \"", path, "\" is empty"));
  }
  return contents;
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> Credentials(
    const TlsOptions& tls) {
  if (tls.ca_file.empty()) {
    if (!tls.cert_file.empty() || !tls.key_file.empty()) {
      return absl::InvalidArgumentError(
          "tls_ca_file: is required when a client certificate is given");
    }
    return grpc::InsecureChannelCredentials();
  }
  if (tls.cert_file.empty() != tls.key_file.empty()) {
    return absl::InvalidArgumentError(
        "tls_cert_file, tls_key_file: give both or neither");
  }
  grpc::SslCredentialsOptions ssl;
  absl::StatusOr<std::string> roots = ReadFile("tls_ca_file", tls.ca_file);
  if (!roots.ok()) return roots.status();
  ssl.pem_root_certs = *std::move(roots);
  if (!tls.cert_file.empty()) {
    absl::StatusOr<std::string> cert = ReadFile("tls_cert_file", tls.cert_file);
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadFile("tls_key_file", tls.key_file);
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *std::move(cert);
    ssl.pem_private_key = *std::move(key);
  }
  return grpc::SslCredentials(ssl);
}

// Rewrites the final status of every call on the channel (after gRPC's own
// retries) with ExplainStatus.
class ExplainStatusInterceptor final : public grpc::experimental::Interceptor {
 public:
  ExplainStatusInterceptor(const std::string* service,
                           const std::string* target)
      : service_(service), target_(target) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::POST_RECV_STATUS)) {
      grpc::Status* status = methods->GetRecvStatus();
      if (!status->ok()) *status = ExplainStatus(*status, *service_, *target_);
    }
    methods->Proceed();
  }

 private:
  const std::string* service_;
  const std::string* target_;
};

class ExplainStatusFactory final
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  ExplainStatusFactory(std::string service, std::string target)
      : service_(std::move(service)), target_(std::move(target)) {}

  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override {
    return new ExplainStatusInterceptor(&service_, &target_);
  }

 private:
  // Outlives every interceptor: the channel owns the factory.
  const std::string service_;
  const std::string target_;
};

std::unique_ptr<grpc::ClientContext> NewContext(const CallOptions& call) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!call.token.empty()) {
    context->AddMetadata("authorization", absl::StrCat("Bearer ", call.token));
  }
  return context;
}

}  // namespace

std::string RetryServiceConfig(const RetryOptions& retry) {
  if (retry.max_attempts <= 1) return "{}";
  return absl::StrCat(R"({"methodConfig":[{"name":[)",
                      R"({"service":"busan.catalog.v1.CatalogService"},)",
                      R"({"service":"busan.metrics.v1.MetricsService"}],)",
                      R"("retryPolicy":{"maxAttempts":)", retry.max_attempts,
                      R"(,"initialBackoff":")", Seconds(retry.initial_backoff),
                      R"(","maxBackoff":")", Seconds(retry.max_backoff),
                      R"(","backoffMultiplier":)", retry.backoff_multiplier,
                      R"(,"retryableStatusCodes":["UNAVAILABLE"]}}]})");
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> NewChannel(
    const ChannelOptions& options) {
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      Credentials(options.tls);
  if (!credentials.ok()) return credentials.status();

  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(kMaxReceiveBytes);
  arguments.SetServiceConfigJSON(RetryServiceConfig(options.retry));
  arguments.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS,
                   static_cast<int>(options.keepalive_time.count()));
  arguments.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                   static_cast<int>(options.keepalive_timeout.count()));
  if (!options.tls.server_name.empty()) {
    arguments.SetSslTargetNameOverride(options.tls.server_name);
  }
  std::vector<
      std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<ExplainStatusFactory>(
      options.service_label.empty() ? "the service" : options.service_label,
      options.target));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      options.target, *credentials, arguments, std::move(interceptors));
}

std::unique_ptr<grpc::ClientContext> NewUnaryContext(const CallOptions& call) {
  auto context = NewContext(call);
  context->set_deadline(std::chrono::system_clock::now() + call.timeout);
  return context;
}

std::unique_ptr<grpc::ClientContext> NewStreamContext(const CallOptions& call) {
  return NewContext(call);
}

}  // namespace busan::client
