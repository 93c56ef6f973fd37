#include "tests/support/metrics_server.h"

#include <cstdio>
#include <cstdlib>

namespace busan::testing {

MetricsServer::MetricsServer(metrics::MetricsOptions options,
                             const server::Authorizer* authorizer,
                             CallRecorder* recorder)
    : data_dir_(dir_.Sub("metrics")), backup_dir_(dir_.Sub("backups")) {
  options.data_dir = data_dir_;
  auto opened = metrics::Metrics::Open(options);
  if (!opened.ok()) {
    fprintf(stderr, "cannot open metrics: %s\n",
            opened.status().ToString().c_str());
    abort();
  }
  metrics_ = std::move(*opened);
  api_ = std::make_unique<metrics::MetricsApi>(metrics_.get(), authorizer);
  server::ServerConfig config;
  config.address = "127.0.0.1:0";
  config.data_dir = data_dir_;
  admin_ = std::make_unique<server::AdminApi>(
      &metrics_->database(), backup_dir_, 0, authorizer, nullptr);
  server::InterceptorFactories interceptors;
  if (recorder != nullptr) interceptors.push_back(recorder->NewFactory());
  auto server = server::GrpcServer::Start(
      config,
      {{"busan.metrics.v1.MetricsService", api_.get()},
       {"busan.admin.v1.AdminService", admin_.get()}},
      std::move(interceptors));
  if (!server.ok()) {
    fprintf(stderr, "cannot start server: %s\n",
            server.status().ToString().c_str());
    abort();
  }
  server_ = std::move(*server);
  // As the binary does, with a short period so that tests see changes
  // soon.
  server_->MonitorHealth(
      [store = &metrics_->database()] { return store->WriteHealth(); },
      absl::Milliseconds(100), nullptr);
}

MetricsServer::~MetricsServer() { Stop(); }

void MetricsServer::Stop() {
  if (server_ == nullptr) return;
  server_->Shutdown(absl::Seconds(5));
}

std::unique_ptr<metrics::v1::MetricsService::Stub> MetricsServer::NewStub()
    const {
  return metrics::v1::MetricsService::NewStub(
      grpc::CreateChannel(address(), grpc::InsecureChannelCredentials()));
}

std::unique_ptr<admin::v1::AdminService::Stub> MetricsServer::NewAdminStub()
    const {
  return admin::v1::AdminService::NewStub(
      grpc::CreateChannel(address(), grpc::InsecureChannelCredentials()));
}

}  // namespace busan::testing
