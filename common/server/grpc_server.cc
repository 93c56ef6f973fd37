#include "common/server/grpc_server.h"

#include <google/protobuf/descriptor.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_credentials_options.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/server/access_log.h"

namespace busan::server {
namespace {

// How often gRPC re-reads the TLS files in force; a reload is in force for
// new connections within this many seconds.
constexpr unsigned int kTlsWatchSeconds = 1;

// TLS through gRPC's file watcher on the checked in-memory copies of
// TlsFiles, so that certificates, keys and the client CA rotate without a
// restart.
std::shared_ptr<grpc::ServerCredentials> TlsCredentials(const TlsFiles& files) {
  auto provider =
      std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
          files.key_path(), files.cert_path(), files.client_ca_path(),
          kTlsWatchSeconds);
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (files.client_ca_path().empty()) {
    options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  } else {
    options.watch_root_certs();
    options.set_cert_request_type(
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  }
  return grpc::experimental::TlsServerCredentials(options);
}

// The registered services' methods, as "/package.Service/Method", from
// their generated descriptors.
std::vector<std::string> ServiceMethods(
    const std::vector<NamedService>& services) {
  std::vector<std::string> methods;
  for (const NamedService& entry : services) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            entry.name);
    if (service == nullptr) continue;  // its calls count as "unknown"
    for (int i = 0; i < service->method_count(); ++i) {
      methods.push_back(absl::StrCat("/", service->full_name(), "/",
                                     service->method(i)->name()));
    }
  }
  return methods;
}

// Every method the server will answer: the services' and those of the
// health and reflection services every server carries.
std::vector<std::string> MethodsOf(const std::vector<NamedService>& services) {
  std::vector<std::string> methods = {
      "/grpc.health.v1.Health/Check",
      "/grpc.health.v1.Health/Watch",
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
  };
  std::vector<std::string> own = ServiceMethods(services);
  methods.insert(methods.end(), own.begin(), own.end());
  return methods;
}

// "host:port" of `requested` with the port actually bound.
std::string BoundAddress(const std::string& requested, int port) {
  return absl::StrCat(requested.substr(0, requested.rfind(':')), ":", port);
}

absl::Status CannotListen(const std::string& address) {
  return absl::FailedPreconditionError(absl::StrCat(
      "cannot listen on ", address, " (address in use or not local?)"));
}

// gRPC sets SO_REUSEPORT on Linux by default, so a second instance on the
// same port would start and take a share of the connections, each with
// its own data. A port is one server's alone.
void ListenExclusively(grpc::ServerBuilder* builder) {
  builder->AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
}

// A server with nothing but the default health service (enabled globally
// before it is built) on a plaintext port. Null when it cannot bind.
std::unique_ptr<grpc::Server> StartHealthServer(const std::string& address,
                                                int* port) {
  grpc::ServerBuilder builder;
  ListenExclusively(&builder);
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), port);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || *port == 0) return nullptr;
  return server;
}

// What one caller may cost: message and metadata sizes, streams per
// connection, pings, and the memory all calls together may take (beyond it
// gRPC refuses new calls rather than growing the process).
void ApplyLimits(const ServerConfig& config, grpc::ServerBuilder* builder) {
  builder->SetMaxReceiveMessageSize(config.max_receive_message_bytes);
  builder->AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                              config.max_concurrent_streams);
  builder->AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, 16 << 10);
  grpc::ResourceQuota quota("busan-server");
  quota.Resize(static_cast<size_t>(config.memory_quota_bytes));
  builder->SetResourceQuota(quota);
  // Keep idle connections of long-lived clients (apps, other services)
  // healthy through proxies; a client pinging more often than every 10 s
  // without calls gets strikes, and after two its connection is closed.
  builder->AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60 * 1000);
  builder->AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10 * 1000);
  builder->AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder->AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2);
}

}  // namespace

absl::StatusOr<std::unique_ptr<GrpcServer>> GrpcServer::Start(
    const ServerConfig& config, const std::vector<NamedService>& services,
    InterceptorFactories interceptors,
    std::function<std::string()> extra_metrics, const Logger* logger) {
  std::unique_ptr<GrpcServer> server(new GrpcServer());
  std::shared_ptr<grpc::ServerCredentials> credentials =
      grpc::InsecureServerCredentials();
  if (!config.tls_cert_file.empty()) {
    absl::StatusOr<std::unique_ptr<TlsFiles>> tls = TlsFiles::Load(
        {config.tls_cert_file, config.tls_key_file, config.tls_client_ca_file});
    if (!tls.ok()) return tls.status();
    server->tls_ = std::move(*tls);
    credentials = TlsCredentials(*server->tls_);
  }

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  if (!config.metrics_address.empty()) {
    server->call_metrics_ = std::make_unique<CallMetrics>(MethodsOf(services));
    absl::StatusOr<std::unique_ptr<MetricsEndpoint>> endpoint =
        MetricsEndpoint::Start(config.metrics_address,
                               [metrics = server->call_metrics_.get(),
                                extra = std::move(extra_metrics)] {
                                 std::string text = metrics->Exposition();
                                 if (extra) text += extra();
                                 return text;
                               });
    if (!endpoint.ok()) return endpoint.status();
    server->metrics_endpoint_ = std::move(*endpoint);
    interceptors.push_back(server->call_metrics_->NewInterceptorFactory());
  }
  if (logger != nullptr) {
    // Last, so that its line has the status the others leave.
    interceptors.push_back(
        NewAccessLogFactory(logger, ServiceMethods(services)));
  }
  ListenExclusively(&builder);
  builder.AddListeningPort(config.address, credentials, &server->port_);
  for (const NamedService& entry : services) {
    builder.RegisterService(entry.service);
  }
  ApplyLimits(config, &builder);
  if (!interceptors.empty()) {
    builder.experimental().SetInterceptorCreators(std::move(interceptors));
  }
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return CannotListen(config.address);
  }
  server->address_ = BoundAddress(config.address, server->port_);
  if (!config.health_address.empty()) {
    int health_port = 0;
    server->health_server_ =
        StartHealthServer(config.health_address, &health_port);
    if (server->health_server_ == nullptr) {
      return CannotListen(config.health_address);
    }
    server->health_address_ = BoundAddress(config.health_address, health_port);
  }
  for (const NamedService& entry : services) {
    server->service_names_.push_back(entry.name);
  }
  server->SetServing(true);
  return server;
}

void GrpcServer::SetServing(bool serving) {
  std::lock_guard<std::mutex> lock(serving_mutex_);
  if (draining_ && serving) return;
  for (grpc::Server* listener : {server_.get(), health_server_.get()}) {
    if (listener == nullptr) continue;
    grpc::HealthCheckServiceInterface* health =
        listener->GetHealthCheckService();
    for (const std::string& name : service_names_) {
      health->SetServingStatus(name, serving);
    }
    health->SetServingStatus(serving);
  }
}

absl::Status GrpcServer::ReloadTls() {
  return tls_ == nullptr ? absl::OkStatus() : tls_->Reload();
}

std::string GrpcServer::metrics_address() const {
  return metrics_endpoint_ == nullptr ? "" : metrics_endpoint_->address();
}

void GrpcServer::MonitorWrites(std::function<absl::Status()> probe,
                               absl::Duration interval, const Logger* logger) {
  monitor_ = std::thread([this, probe = std::move(probe), interval, logger] {
    MonitorLoop(probe, interval, logger);
  });
}

void GrpcServer::MonitorLoop(std::function<absl::Status()> probe,
                             absl::Duration interval, const Logger* logger) {
  bool writable = true;
  while (!stop_monitor_.WaitForNotificationWithTimeout(interval)) {
    const absl::Status status = probe();
    if (status.ok() == writable) continue;
    writable = status.ok();
    if (logger == nullptr) continue;
    if (writable) {
      logger->Log(LogLevel::kInfo, "store_writable",
                  {{"message", "the store accepts writes again"}});
    } else {
      logger->Log(LogLevel::kError, "store_refusing_writes",
                  {{"message", status.message()},
                   {"reads", "still served; health stays SERVING"}});
    }
  }
}

void GrpcServer::Shutdown(absl::Duration drain) {
  if (shut_down_) return;
  shut_down_ = true;
  {
    std::lock_guard<std::mutex> lock(serving_mutex_);
    draining_ = true;
  }
  if (monitor_.joinable()) {
    stop_monitor_.Notify();
    monitor_.join();
  }
  // Null when Start failed to bind; the destructor still comes here.
  SetServing(false);
  if (server_ != nullptr) {
    server_->Shutdown(absl::ToChronoTime(absl::Now() + drain));
    server_->Wait();
  }
  if (health_server_ != nullptr) {
    health_server_->Shutdown(absl::ToChronoTime(absl::Now()));
    health_server_->Wait();
  }
  if (metrics_endpoint_ != nullptr) metrics_endpoint_->Shutdown();
}

GrpcServer::~GrpcServer() { Shutdown(absl::ZeroDuration()); }

}  // namespace busan::server
