#include "tests/support/catalog_server.h"

#include <cstdio>
#include <cstdlib>

#include "common/uuid/uuid.h"

namespace busan::testing {

CatalogServer::CatalogServer(catalog::CatalogOptions options,
                             const server::Authorizer* authorizer,
                             CallRecorder* recorder)
    : data_dir_(dir_.Sub("catalog")), backup_dir_(dir_.Sub("backups")) {
  options.data_dir = data_dir_;
  auto catalog = catalog::Catalog::Open(options);
  if (!catalog.ok()) {
    fprintf(stderr, "cannot open catalog: %s\n",
            catalog.status().ToString().c_str());
    abort();
  }
  catalog_ = std::move(*catalog);
  api_ = std::make_unique<catalog::CatalogApi>(catalog_.get(), authorizer);
  server::ServerConfig config;
  config.address = "127.0.0.1:0";
  config.data_dir = data_dir_;
  admin_ = std::make_unique<server::AdminApi>(
      &catalog_->database(), backup_dir_, 0, authorizer, nullptr);
  server::InterceptorFactories interceptors;
  if (recorder != nullptr) interceptors.push_back(recorder->NewFactory());
  auto server = server::GrpcServer::Start(
      config,
      {{"busan.catalog.v1.CatalogService", api_.get()},
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
      [store = &catalog_->database()] { return store->WriteHealth(); },
      absl::Milliseconds(100), nullptr);
}

CatalogServer::~CatalogServer() { Stop(); }

void CatalogServer::Stop() {
  if (server_ == nullptr) return;
  catalog_->watch_hub().Shutdown();
  server_->Shutdown(absl::Seconds(5));
}

std::unique_ptr<catalog::v1::CatalogService::Stub> CatalogServer::NewStub()
    const {
  return catalog::v1::CatalogService::NewStub(
      grpc::CreateChannel(address(), grpc::InsecureChannelCredentials()));
}

std::string NewRequestId() { return uuid::NewRandom(); }

std::unique_ptr<admin::v1::AdminService::Stub> CatalogServer::NewAdminStub()
    const {
  return admin::v1::AdminService::NewStub(
      grpc::CreateChannel(address(), grpc::InsecureChannelCredentials()));
}

}  // namespace busan::testing
